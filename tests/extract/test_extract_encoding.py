"""encoding.py: the browser order BOM > HTTP charset > <meta> > detection > windows-1252."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.extract.encoding import decode_html, detect_encoding, python_codec

TEXT = "Zürich: Bürger zahlen 5 € mehr – „endlich“"


def page(meta: str = "", text: str = TEXT) -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("iso-8859-1", "cp1252"), ("latin1", "cp1252"),
        ("us-ascii", "cp1252"), ("windows-1252", "cp1252"), ("iso-8859-9", "cp1254"),
        ("gb2312", "gb18030"), ("GBK", "gb18030"), ("shift_jis", "cp932"), ("euc-kr", "cp949"),
        ("big5", "big5hkscs"), ("koi8-r", "koi8-r"), ("iso-8859-2", "iso8859-2"), ('"utf-8"', "utf-8"),
        ("no-such-charset", None), ("", None),
    ],
)  # fmt: skip
def test_labels_map_as_in_browsers(label: str, codec: str | None) -> None:
    assert python_codec(label) == codec


def test_bom_wins_over_header_and_meta() -> None:
    data = b"\xef\xbb\xbf" + page('<meta charset="iso-8859-1">').encode("utf-8")
    assert detect_encoding(data, {"Content-Type": "text/html; charset=koi8-r"}) == ("utf-8", "bom", 3)
    assert TEXT in decode_html(data).text


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_boms(bom: bytes, codec: str) -> None:
    data = bom + page().encode(codec)
    decoded = decode_html(data)
    assert (decoded.encoding, decoded.source) == (codec, "bom")
    assert TEXT in decoded.text


def test_http_header_wins_over_meta() -> None:
    data = page('<meta charset="utf-8">').encode("cp1252")
    decoded = decode_html(data, {"content-type": "text/html; charset=Windows-1252"})
    assert (decoded.encoding, decoded.source) == ("cp1252", "http")
    assert TEXT in decoded.text


def test_unknown_header_charset_falls_back_to_meta() -> None:
    data = page('<meta charset="windows-1252">').encode("cp1252")
    assert detect_encoding(data, {"Content-Type": "text/html; charset=bogus"})[:2] == ("cp1252", "meta")


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="iso-8859-1">',
        "<meta charset=windows-1252>",
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "<meta content='text/html;charset=windows-1252' http-equiv='content-type'>",
    ],
)
def test_meta_declarations(meta: str) -> None:
    decoded = decode_html(page(meta).encode("cp1252"))
    assert (decoded.encoding, decoded.source) == ("cp1252", "meta")
    assert TEXT in decoded.text


def test_meta_in_a_comment_is_ignored_and_a_late_meta_is_found() -> None:
    filler = "<!-- " + "x" * 3000 + ' <meta charset="koi8-r"> -->'
    data = page(filler + "<script>var a = 1;</script>" * 50 + '<meta charset="windows-1252">').encode("cp1252")
    assert detect_encoding(data)[:2] == ("cp1252", "meta")


def test_meta_in_the_body_is_not_a_declaration() -> None:
    html = f'<html><head><title>t</title></head><body><p>{TEXT}</p><meta charset="koi8-r"></body></html>'
    assert detect_encoding(html.encode("utf-8"))[:2] == ("utf-8", "utf-8")


def test_meta_declaring_utf16_means_utf8() -> None:
    assert detect_encoding(page('<meta charset="utf-16">').encode("utf-8"))[:2] == ("utf-8", "meta")


def test_undeclared_utf8_is_recognised() -> None:
    assert decode_html(page().encode("utf-8")).source == "utf-8"


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = " ".join(["Příliš žluťoučký kůň úpěl ďábelské ódy."] * 20)
    decoded = decode_html(page(text=text).encode("cp1250"))
    assert decoded.source in ("detected", "default")
    assert "Příliš žluťoučký kůň" in decoded.text


def test_undecodable_bytes_become_replacement_characters() -> None:
    decoded = decode_html(page('<meta charset="utf-8">').encode("utf-8") + b"\xff\xfe\xfd")
    assert decoded.text.endswith("\ufffd" * 3)


def test_text_is_returned_as_is_without_bom() -> None:
    assert decode_html("\ufeff<p>x</p>").text == "<p>x</p>"


# --------------------------------------------------------------------------------------------
# Arabic (windows-1256) and Japanese (Shift_JIS) pages, declared every way and not at all

PAGES = Path(__file__).parent / "pages"
ARABIC = "افتتحت بلدية مرسى النخيل"
ARABIC_UNDECLARED = "حوّل تلاميذ مدرسة الحي الشرقي"
JAPANESE = "みなと川市の駅前商店街に今月"
JAPANESE_UNDECLARED = "みなと川港の朝市に、二十代の漁師三人"


@pytest.mark.parametrize(
    ("file", "headers", "codec", "source", "phrase"),
    [
        ("ar_windows1256_meta.html", None, "cp1256", "meta", ARABIC),
        ("ar_windows1256_http_equiv.html", None, "cp1256", "meta", "عاد سوق السمك القديم"),
        ("ar_windows1256_undeclared.html", {"Content-Type": "text/html; charset=windows-1256"}, "cp1256", "http",
         ARABIC_UNDECLARED),
        ("ar_windows1256_undeclared.html", None, "cp1256", "detected", ARABIC_UNDECLARED),
        ("ja_shift_jis_meta.html", None, "cp932", "meta", JAPANESE),
        ("ja_shift_jis_http_equiv.html", None, "cp932", "meta", "三年ぶりとなる花火大会"),
        ("ja_shift_jis_undeclared.html", {"Content-Type": "text/html; charset=Shift_JIS"}, "cp932", "http",
         JAPANESE_UNDECLARED),
        ("ja_shift_jis_undeclared.html", None, "cp932", "detected", JAPANESE_UNDECLARED),
    ],
    ids=["ar-meta", "ar-http-equiv", "ar-http-header", "ar-detected", "ja-meta", "ja-http-equiv", "ja-http-header",
         "ja-detected"],
)  # fmt: skip
def test_arabic_and_japanese_pages(file: str, headers: dict | None, codec: str, source: str, phrase: str) -> None:
    decoded = decode_html((PAGES / file).read_bytes(), headers)
    assert (decoded.encoding, decoded.source) == (codec, source)
    assert phrase in decoded.text
    assert "\ufffd" not in decoded.text


def test_shift_jis_page_read_as_utf8_would_be_garbage() -> None:
    """The undeclared Shift_JIS page is not valid UTF-8, so detection, not the UTF-8 check, decides."""
    data = (PAGES / "ja_shift_jis_undeclared.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("label", ["windows-1256", "cp1256", "x-cp1256"])
def test_windows_1256_labels(label: str) -> None:
    assert python_codec(label) == "cp1256"


def test_a_wrong_http_charset_still_wins_as_in_browsers() -> None:
    """The HTTP header outranks the page's own <meta> (Arabic bytes labelled Shift_JIS come out wrong,
    exactly as a browser would show them): the order is the browsers', not a guess."""
    data = (PAGES / "ar_windows1256_meta.html").read_bytes()
    decoded = decode_html(data, {"Content-Type": "text/html; charset=shift_jis"})
    assert decoded.source == "http" and ARABIC not in decoded.text
