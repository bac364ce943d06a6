"""Bylines, dates and URL/image helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.extract.bylines import clean_author_names, looks_like_byline
from dragoman.extract.dates import parse_datetime
from dragoman.extract.dom import absolutize_urls, is_readable_url, is_same_image, parse_html, text_of


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Roe, Science correspondent", ["Jane Roe"]),
        ("By Jane Roe and John Doe, Science correspondents | 12 March 2024", ["Jane Roe", "John Doe"]),
        ("BY JANE ROE", ["Jane Roe"]),
        ("Jane Roe in Kyiv", ["Jane Roe"]),
        ("By Jane Roe (Reuters) @janeroe jane.roe@example.org", ["Jane Roe"]),
        ("Reporting by Jane Roe; Editing by John Doe", ["Jane Roe"]),
        ("Por María de la Cruz y Pedro Gómez en Madrid", ["María de la Cruz", "Pedro Gómez"]),
        ("Von Anna Schmidt, Berlin", ["Anna Schmidt"]),
        ("Par Jean-Luc Martin, envoyé spécial", ["Jean-Luc Martin"]),
        ("di Marco Rossi", ["Marco Rossi"]),
        ("By Staff Reporter", []),
        ("Redacción", []),
        ("By John Y Smith", ["John Y Smith"]),
        ("Published 12 March 2024, 08:30", []),
    ],
)
def test_clean_author_names_from_bylines(byline: str, names: list[str]) -> None:
    assert clean_author_names(byline, strict=True) == names


def test_clean_author_names_deduplicates() -> None:
    assert clean_author_names(["Jane Roe", "jane roe", "John Doe"]) == ["Jane Roe", "John Doe"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Roe, Science correspondent", True),
        ("Por Pedro Gómez", True),
        ("By midnight the river had reached the town hall.", False),
        ("By Monday, Parliament will have voted.", False),
        ("Jane Roe", False),
    ],
)
def test_looks_like_byline(text: str, expected: bool) -> None:
    assert looks_like_byline(text) is expected


PLUS_1 = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-12T08:30:00+01:00", datetime(2024, 3, 12, 8, 30, tzinfo=PLUS_1)),
        ("2024-03-12T08:30:00+0100", datetime(2024, 3, 12, 8, 30, tzinfo=PLUS_1)),
        ("2024-03-12T07:30:00Z", datetime(2024, 3, 12, 7, 30, tzinfo=timezone.utc)),
        ("2024-03-12", datetime(2024, 3, 12)),
        ("Tue, 12 Mar 2024 08:30:00 +0100", datetime(2024, 3, 12, 8, 30, tzinfo=PLUS_1)),
        ("12 March 2024, 08:30 CET", datetime(2024, 3, 12, 8, 30, tzinfo=PLUS_1)),
        ("Published 12 March 2024", datetime(2024, 3, 12)),
        ("1710228600", datetime(2024, 3, 12, 7, 30, tzinfo=timezone.utc)),
        ("1710228600000", datetime(2024, 3, 12, 7, 30, tzinfo=timezone.utc)),
        ("not a date", None),
        ("1970-01-01T00:00:00Z", None),
        ("2999-01-01", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_datetime(value: str | None, expected: datetime | None) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    if expected is not None:
        assert parsed.utcoffset() == expected.utcoffset()


def test_parse_datetime_keeps_the_offset_not_just_the_instant() -> None:
    parsed = parse_datetime("2026-11-20T09:30:00-05:00")
    assert parsed.isoformat() == "2026-11-20T09:30:00-05:00"


def test_absolutize_urls() -> None:
    tree = parse_html(
        '<html><body><a href="../b/c.html">x</a><a href=" /root ">y</a><a href="#top">z</a>'
        '<a href="//cdn.example.org/f">w</a><a href="mailto:a@example.org">m</a>'
        '<img src="data:image/gif;base64,R0lGOD" data-src="lazy.jpg">'
        '<img srcset="small.jpg 300w, big.jpg 1200w"></body></html>'
    )
    absolutize_urls(tree, "https://site.example/a/page.html?q=1")
    assert [a.get("href") for a in tree.iter("a")] == [
        "https://site.example/b/c.html",
        "https://site.example/root",
        "https://site.example/a/page.html?q=1#top",
        "https://cdn.example.org/f",
        "mailto:a@example.org",
    ]
    assert [img.get("src") for img in tree.iter("img")] == [
        "https://site.example/a/lazy.jpg",
        "https://site.example/a/big.jpg",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://x.example/i/kites.jpg", "https://x.example/i/kites.jpg?w=1200", True),
        ("https://x.example/i/kites-1200x630.jpg", "https://cdn.x.example/i/kites.jpg", False),
        ("https://x.example/i/harbour-kites-1200x630.jpg", "https://cdn.x.example/i/harbour-kites.jpg", True),
        ("https://x.example/u/ferry-1024x576.jpg", "https://x.example/u/ferry.jpg", True),
        ("https://x.example/i/kites.jpg", "https://x.example/i/crowd.jpg", False),
        ("", "https://x.example/i/kites.jpg", False),
    ],
)
def test_is_same_image(a: str, b: str, same: bool) -> None:
    assert is_same_image(a, b) is same


def test_text_of_skips_scripts_and_separates_blocks() -> None:
    tree = parse_html("<html><body><div><p>One<b>two</b></p><p>three</p><script>x()</script> four</div></body></html>")
    assert text_of(tree.find(".//div")) == "Onetwo three four"
    assert text_of(tree.find(".//p")) == "Onetwo"


def test_the_extraction_core_never_imports_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "import sys; from dragoman.extract import extract_article; import dragoman.sanitize; "
        "extract_article(b'<html><body><article><p>' + b'word ' * 80 + b'</p></article></body></html>', "
        "'https://example.org/a'); print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(src)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_region_only_moves_the_article_out_and_back() -> None:
    from lxml import etree

    from dragoman.extract.extractor import _RegionOnly

    sentence = "<p>" + "A sentence of the story that is long enough to count as body text. " * 2 + "</p>"
    html = (
        f"<html lang='en'><body><nav><a href='/'>Home</a></nav><article>{sentence * 3}</article> tail"
        "<footer>f</footer></body></html>"
    )
    tree = parse_html(html)
    before = etree.tostring(tree)
    region = tree.find(".//article")
    narrow = _RegionOnly(tree, region, region.find("p"))
    assert narrow.active and narrow.root is not tree
    assert narrow.root.get("lang") == "en" and narrow.root.find("body/article") is region
    assert tree.find(".//article") is None
    narrow.undo()
    assert etree.tostring(tree) == before and not narrow.active and narrow.root is tree


def test_region_only_is_not_used_when_the_region_misses_most_of_the_text() -> None:
    from dragoman.extract.extractor import _RegionOnly

    sentence = "<p>" + "A sentence of the story that is long enough to count as body text. " * 2 + "</p>"
    tree = parse_html(f"<html><body><article>{sentence}</article><div>{sentence * 3}</div></body></html>")
    region = tree.find(".//article")
    assert not _RegionOnly(tree, region, region.find("p")).active


@settings(max_examples=400, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp"]),
    authority=st.text(alphabet="ab.-_~:@[]%09\u00e9\u2100/", max_size=12),
    port=st.one_of(st.none(), st.integers(min_value=0, max_value=999999), st.text(alphabet="0a", max_size=3)),
    rest=st.sampled_from(["", "/", "/x?y", "?q", "#f"]),
)
def test_is_readable_url_answers_as_urlsplit_does(scheme, authority, port, rest):
    """The fast path for plain web URLs never answers otherwise than asking urlsplit for the port."""
    url = f"{scheme}://{authority}{'' if port is None else f':{port}'}{rest}"
    try:
        urlsplit(url).port
        readable = True
    except ValueError:
        readable = False
    assert is_readable_url(url) == readable
