"""sanitize.py: the article-body allowlist and plain-text cleaning."""

from __future__ import annotations

import lxml.html
import pytest

from dragoman.sanitize import ALLOWED_TAGS, IFRAME_SANDBOX, safe_url, sanitize_html, sanitize_text


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
    # an image left without a source (here a data: URL, refused) is removed altogether
    assert sanitize_html('<p>x<img src="data:image/png;base64,AAAA"></p>') == "<p>x</p>"


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


# --- embeds, tracking pixels, URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    ["https://www.youtube-nocookie.com/embed/abc123", "https://www.youtube.com/embed/abc123?start=5",
     "https://player.vimeo.com/video/42"],
)  # fmt: skip
def test_embeds_from_the_allowlist_are_kept_sandboxed_and_empty(src: str) -> None:
    cleaned = sanitize_html(
        f'<p>a</p><iframe src="{src}" sandbox="allow-top-navigation allow-forms" srcdoc="<script>x()</script>" '
        'onload="x()" allow="camera" width="560" height="315" allowfullscreen>fallback <b>text</b></iframe>'
    )
    frame = tree(cleaned).find(".//iframe")
    assert frame.get("src") == src
    assert frame.get("sandbox") == IFRAME_SANDBOX and "allow-top-navigation" not in cleaned
    assert frame.get("referrerpolicy") and frame.get("loading") == "lazy"
    assert frame.get("srcdoc") is None and frame.get("onload") is None and frame.get("allow") is None
    assert frame.text is None and len(frame) == 0


@pytest.mark.parametrize(
    "src",
    ["https://evil.example/embed/x", "http://www.youtube.com/embed/abc", "https://www.youtube.com/watch?v=abc",
     "https://www.youtube.com.evil.example/embed/x", "https://user@www.youtube.com/embed/x",
     "https://www.youtube.com:8443/embed/x", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
     "/embed/relative", ""],
)  # fmt: skip
def test_other_iframes_are_removed_entirely(src: str) -> None:
    assert sanitize_html(f'<p>a</p><iframe src="{src}">fallback</iframe><p>b</p>') == "<p>a</p><p>b</p>"
    assert sanitize_html('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>') == ""


@pytest.mark.parametrize(
    "img",
    ['<img src="https://a.example/t.gif" width="1" height="1" alt="">',
     '<img src="https://a.example/t.gif" width="0" height="0">',
     '<img src="https://a.example/t.gif" height="1px">',
     '<img src="https://feeds.feedburner.com/~r/Example/~4/AbCdEf">',
     '<img src="https://pixel.wp.com/g.gif?blog=1&amp;post=2">',
     '<img src="https://stats.wp.com/b.gif">',
     '<img src="https://www.google-analytics.com/collect?v=1&amp;tid=UA-1">',
     '<img src="https://news.example/tracking/open.gif?id=9">',
     '<img src="https://news.example/beacon.png">',
     '<img src="https://mail.list-manage.com/track/open.php?u=1">'],
)  # fmt: skip
def test_tracking_pixels_are_removed(img: str) -> None:
    assert sanitize_html(f"<p>Story{img} text.</p>") == "<p>Story text.</p>"


def test_real_images_are_kept() -> None:
    body = '<figure><img src="https://news.example/photos/harbour.jpg" alt="The harbour" width="640" height="360"></figure>'
    assert sanitize_html(body) == body


@pytest.mark.parametrize(
    "attack",
    ['<img src="https://a.example/x.jpg" srcset="javascript:alert(1) 1x, https://a.example/y.jpg 2x">',
     '<button formaction="javascript:alert(1)">Go</button>',
     '<input type="image" formaction="javascript:alert(1)" src="https://a.example/x.png">',
     '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>',
     '<p style="width: expression(alert(1))">x</p>',
     '<p style="background:url(javascript:alert(1))">x</p>',
     '<a href="vbscript:msgbox(1)">x</a>',
     '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
     '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
     '<a href="java&#x0A;script:alert(1)">x</a>',
     '<object data="javascript:alert(1)"></object>',
     '<math><maction actiontype="statusline#http://evil.example" xlink:href="javascript:alert(1)">x</maction></math>'],
)  # fmt: skip
def test_script_vectors_leave_nothing_executable(attack: str) -> None:
    cleaned = sanitize_html(f"<p>a</p>{attack}")
    lowered = cleaned.lower()
    for marker in ("javascript:", "vbscript:", "data:", "expression(", "srcset", "formaction", "<svg", "<math",
                   "<button", "<input", "<object", "style=", " on"):  # fmt: skip
        assert marker not in lowered, (attack, cleaned)


def test_sanitizing_twice_changes_nothing() -> None:
    body = ('<p>a <a href="https://a.example/">b</a></p><iframe src="https://player.vimeo.com/video/1"></iframe>'
            '<img src="https://a.example/i.jpg" alt="x" width="2" height="2"><p>&lt;script&gt; &amp; more</p>')  # fmt: skip
    once = sanitize_html(body)
    assert sanitize_html(once) == once


@pytest.mark.parametrize(
    ("url", "kept"),
    [("https://news.example/a?b=1#c", True), ("http://news.example/", True), ("HTTPS://NEWS.EXAMPLE/", True),
     ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("java\tscript:alert(1)", False),
     ("data:text/html,x", False), ("vbscript:x", False), ("/relative", False), ("//news.example/x", False),
     ("https://", False), ("mailto:a@b.example", False), ("https://news.example/a b", False), ("", False), (None, False)],
)  # fmt: skip
def test_safe_url_keeps_only_absolute_web_addresses(url, kept) -> None:
    assert safe_url(url) == (url.strip() if kept else "")
