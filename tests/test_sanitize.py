"""sanitize.py: the article-body allowlist and plain-text cleaning."""

from __future__ import annotations

import lxml.html
import pytest

from dragoman.sanitize import ALLOWED_TAGS, sanitize_html, sanitize_text


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>p{color:red}</style>",
        '<iframe src="https://evil.example/"></iframe>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<object data="https://evil.example/x.swf"></object>',
        '<embed src="https://evil.example/x.swf">',
        '<form action="https://evil.example/"><input name="q"><button>Go</button></form>',
        '<svg onload="alert(1)"><circle r="1"/></svg>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<base href="https://evil.example/">',
        "<noscript><p>fallback</p></noscript>",
        "<template><p>hidden</p></template>",
    ],
)
def test_dangerous_elements_are_removed_with_their_content(dangerous: str) -> None:
    cleaned = sanitize_html(f"<p>before</p>{dangerous}<p>after</p>")
    assert cleaned == "<p>before</p><p>after</p>"


@pytest.mark.parametrize(
    "attribute",
    ['onclick="steal()"', 'onmouseover="steal()"', "onerror=steal()", 'ONLOAD="x()"', 'style="color:red"',
     'class="x"', 'id="y"', 'data-track="z"', 'contenteditable="true"', 'tabindex="1"'],
)  # fmt: skip
def test_event_handlers_style_and_other_attributes_are_removed(attribute: str) -> None:
    assert sanitize_html(f"<p {attribute}>text</p>") == "<p>text</p>"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "jav&#x09;ascript:alert(1)",
     "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "/relative/path", "#frag"],
)  # fmt: skip
def test_unsafe_or_relative_hrefs_are_dropped(href: str) -> None:
    link = tree(sanitize_html(f'<p><a href="{href}">x</a></p>')).find(".//a")
    assert link.get("href") is None
    assert link.text == "x"


@pytest.mark.parametrize("href", ["https://a.example/x?y=1#z", "http://a.example/", "mailto:desk@a.example"])
def test_allowed_schemes_are_kept(href: str) -> None:
    assert tree(sanitize_html(f'<a href="{href}">x</a>')).find(".//a").get("href") == href


def test_relative_urls_resolve_when_a_base_is_given() -> None:
    cleaned = sanitize_html('<a href="../x.html">x</a><img src="i.png" alt="">', base_url="https://a.example/s/p.html")
    root = tree(cleaned)
    assert root.find(".//a").get("href") == "https://a.example/x.html"
    assert root.find(".//img").get("src") == "https://a.example/s/i.png"


def test_links_get_rel_noopener_noreferrer_replacing_the_page_rel() -> None:
    link = tree(sanitize_html('<a href="https://a.example/" rel="author" target="_blank">x</a>')).find(".//a")
    assert link.get("rel") == "noopener noreferrer"
    assert link.get("target") is None


def test_images_keep_only_safe_attributes() -> None:
    img = tree(
        sanitize_html('<img src="https://a.example/i.jpg" alt="A" title="T" width="10" height="5" '
                      'srcset="https://evil.example/x.jpg 2x" onerror="x()" loading="lazy">')  # fmt: skip
    ).find(".//img")
    expected = {"src": "https://a.example/i.jpg", "alt": "A", "title": "T", "width": "10", "height": "5"}
    assert dict(img.attrib) == expected
    assert tree(sanitize_html('<img src="data:image/png;base64,AAAA">')).find(".//img").get("src") is None


def test_article_structure_is_kept() -> None:
    body = (
        "<h2>Sub</h2><p>Text with <a href=\"https://a.example/\" title=\"T\">a link</a>, <em>em</em>, "
        "<strong>strong</strong>, <b>b</b>, <i>i</i>, <q>q</q>, <cite>cite</cite>, x<sup>2</sup>, "
        "H<sub>2</sub>O, <abbr title=\"United Nations\">UN</abbr>, <code>code</code>, <small>small</small>, "
        "<mark>mark</mark>, <span lang=\"fr\">mot</span><br>next line</p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        "<figure><img src=\"https://a.example/i.jpg\" alt=\"\"><figcaption>Caption</figcaption></figure>"
        "<table><caption>C</caption><thead><tr><th colspan=\"2\">H</th></tr></thead>"
        "<tbody><tr><td rowspan=\"2\">1</td><td>2</td></tr></tbody></table>"
        "<dl><dt>T</dt><dd>D</dd></dl><pre>pre</pre><hr><h3>h3</h3><h4>h4</h4><h5>h5</h5><h6>h6</h6>"
    )
    cleaned = sanitize_html(body)
    assert cleaned == body.replace('title="T">', 'title="T" rel="noopener noreferrer">')
    assert {el.tag for el in tree(cleaned).iter()} - {"div"} == ALLOWED_TAGS


def test_disallowed_structure_is_unwrapped_keeping_text() -> None:
    nested = "<div><section><p>kept <u>text</u> <font>here</font></p></section></div>"
    assert sanitize_html(nested) == "<p>kept text here</p>"
    assert sanitize_html("<h1>Title</h1>") == "Title"


def test_lang_dir_translate_attributes() -> None:
    cleaned = sanitize_html('<p lang="ar" dir="rtl" translate="no">x</p><p dir="sideways" translate="maybe">y</p>')
    assert cleaned == '<p lang="ar" dir="rtl" translate="no">x</p><p>y</p>'


def test_comments_are_removed() -> None:
    assert sanitize_html("<p>a<!-- secret --></p>") == "<p>a</p>"


def test_sanitize_html_empty() -> None:
    assert sanitize_html("") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Harbour <b>kites</b>\n light   streets ", "Harbour kites light streets"),
        ("Q&amp;A with AT&T", "Q&A with AT&T"),
        ("x < y and y > z", "x < y and y > z"),
        ("<script>alert(1)</script>Title<style>p{}</style>", "Title"),
        ("Zero\u200bwidth\ufeff and soft\u00adhyphen", "Zerowidth and softhyphen"),
        ("Prix\u00a0: 5\u00a0€", "Prix\u00a0: 5\u00a0€"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("", ""),
        (None, ""),
    ],
)
def test_sanitize_text(value: str | None, expected: str) -> None:
    assert sanitize_text(value) == expected
