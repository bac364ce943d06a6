"""Property-based fuzzing (hypothesis) of everything that reads what strangers wrote: feed parsing, extraction,
sanitization, markup translation, and the guard's reading of URLs and allowlist entries.

Each target may fail only in its documented way (``FeedError``, ``ExtractionError``, ``TranslationFailed``
or ``EngineError``, ``RequestRefused``, ``ValueError``), and what it returns keeps its promises (feed items
link only to web addresses; sanitized HTML holds nothing active and does not change when sanitized again).
Attribute names and values of every shape (quotes, braces, ``=`` alone, control characters, any script,
duplicates, namespaced, event handlers, very long) go through extraction, translation and the sanitizer, and
every link comes back once.

The CI profile (the default) runs a fixed set of examples in about half a minute. For a longer run:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/security/test_fuzz.py
"""

from __future__ import annotations

import email.utils
import os
from datetime import timezone
from html import escape
from urllib.parse import urlsplit

import lxml.html
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dragoman.extract import ExtractionError, extract_article
from dragoman.fetch import RequestRefused
from dragoman.fetch.guard import Policy, forbidden_reason, parse_allow_entry, parse_ip
from dragoman.sanitize import ALLOWED_IFRAME_SOURCES, ALLOWED_TAGS, sanitize_html, sanitize_text
from dragoman.sources.polling import MAX_URL_LENGTH, FeedError, parse_feed
from dragoman.translate.document import TranslationFailed, translate_html
from dragoman.translate.engines.base import EngineError
from tests.support.engines import ArabicTestEngine, UpperCaseEngine

settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.register_profile(
    "long", max_examples=5000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.slow  # hundreds of examples per property: about 20 s on a quiet machine, minutes on a busy one

# --- strategies: the raw material of hostile pages and feeds --------------------------------------------------

TAGS = [
    "p", "div", "span", "a", "b", "i", "em", "strong", "h1", "h2", "h3", "ul", "ol", "li", "table", "tr",
    "td", "th", "img", "br", "figure", "figcaption", "blockquote", "pre", "code", "q", "sup", "script", "style",
    "svg", "math", "iframe", "form", "button", "input", "noscript", "template", "article", "section",
    "header", "footer", "nav", "main", "time", "meta", "title", "select", "textarea", "xmp", "object",
    "video", "source", "picture", "base", "link", "frameset", "annotation-xml", "mglyph", "foreignObject",
]  # fmt: skip
ATTRIBUTES = [
    "href", "src", "srcset", "srcdoc", "style", "onerror", "onclick", "onload", "class", "id", "lang", "dir",
    "translate", "width", "height", "alt", "title", "formaction", "action", "datetime", "content", "name",
    "property", "rel", "xlink:href", "data-x", "sandbox", "itemprop", "charset", "http-equiv",
]  # fmt: skip
NASTY_VALUES = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", " java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "https://a.example/x?y=1&z=2", "http://a.example/",
    "/relative/x", "#frag", "mailto:x@a.example", "1", "0", "ltr", "rtl", "no", "", "x onerror=alert(1)",
    "https://www.youtube.com/embed/x", "expression(alert(1))", "url(javascript:alert(1))", "1x1.gif",
    "https://feeds.feedburner.com/~r/x/~4/y", "\u202e", "\x00", "'\"><script>alert(1)</script>",
]  # fmt: skip
JUNK = ["<", "</", ">", "<!--", "-->", "<![CDATA[", "]]>", "&", "&#", "&#x", "&amp", "&lt;script&gt;", "<?xml", "\x00", "\ufeff", "\u202e", "\r\n"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
value = st.one_of(st.sampled_from(NASTY_VALUES), text)
junk = st.sampled_from(JUNK)


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str], closed: bool) -> str:
    attrs = "".join(f' {name}="{escape(v)}"' for name, v in attributes)
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


fragment = st.recursive(
    st.one_of(text.map(escape), text, junk),
    lambda children: st.builds(
        _element,
        st.sampled_from(TAGS),
        st.lists(st.tuples(st.sampled_from(ATTRIBUTES), value), max_size=4),
        st.lists(children, max_size=5),
        st.booleans(),
    ),
    max_leaves=40,
)
deep = st.builds(lambda tag, depth, inner: f"<{tag}>" * depth + inner + f"</{tag}>" * depth, st.sampled_from(["div", "b", "p", "span", "blockquote", "li", "table"]), st.integers(1, 3000), text)
html_fragment = st.one_of(fragment, deep, st.lists(st.one_of(fragment, junk), max_size=8).map("".join))

STORY = "<p>" + "The harbour authority said the northern quay would close for repairs next week. " * 5 + "</p>"
ENCODINGS = ["utf-8", "latin-1", "utf-16", "cp1252", "shift_jis", "koi8-r", "x-no-such-charset", "utf-7", ""]


@st.composite
def page(draw) -> bytes | str:
    """A whole page: a hostile head and body around a story, as text or as bytes in some encoding."""
    head = draw(st.lists(fragment, max_size=4))
    body = draw(st.lists(st.one_of(html_fragment, st.just(STORY)), max_size=6))
    declared = draw(st.sampled_from(ENCODINGS))
    meta = f'<meta charset="{declared}">' if declared else ""
    document = f"<!DOCTYPE html><html><head>{meta}{''.join(head)}</head><body>{''.join(body)}</body></html>"
    if draw(st.booleans()):
        return document
    codec = draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "shift_jis"]))
    encoded = document.encode(codec, errors="replace")
    cut = draw(st.integers(0, 3))  # sometimes a truncated multi-byte character at the end
    return encoded[: len(encoded) - cut] if cut else encoded


date = st.one_of(
    st.sampled_from(["Tue, 99 Foo 2024 25:61:00 +9999", "Sat, 01 Jan 99999 00:00:00 GMT", "0000-00-00T00:00:00Z",
                     "2024-02-30T12:00:00Z", "-1", "99999999999999", "Thu, 01 Jan 1970 00:00:00 GMT", ""]),
    st.datetimes(timezones=st.just(timezone.utc)).map(email.utils.format_datetime),
    st.datetimes().map(lambda d: d.isoformat()),
    text,
)  # fmt: skip
link = st.one_of(st.sampled_from(NASTY_VALUES), text, st.just("https://a.example/" + "x" * 3000))


@st.composite
def feed(draw) -> bytes:
    """An RSS or Atom feed with hostile titles, links, dates and markup, in some declared encoding."""
    items = draw(st.lists(st.tuples(st.one_of(text, html_fragment), link, date, html_fragment), max_size=6))
    declared = draw(st.sampled_from(ENCODINGS))
    prolog = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    if draw(st.booleans()):
        entries = "".join(
            f"<item><title>{escape(t) if draw(st.booleans()) else t}</title><link>{escape(u)}</link>"
            f"<guid>{escape(u)}</guid><pubDate>{escape(d)}</pubDate><description>{escape(h)}</description></item>"
            for t, u, d, h in items
        )
        document = f'{prolog}<rss version="2.0"><channel><title>{draw(text)}</title><link>{escape(draw(link))}</link>{entries}</channel></rss>'
    else:
        entries = "".join(
            f'<entry><title type="html">{escape(t)}</title><link href="{escape(u)}"/><id>{escape(u)}</id>'
            f'<updated>{escape(d)}</updated><content type="html">{escape(h)}</content></entry>'
            for t, u, d, h in items
        )
        document = f'{prolog}<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(draw(text))}</title>{entries}</feed>'
    if draw(st.integers(0, 4)) == 0:
        document = document.replace("</", "<", draw(st.integers(1, 3)))  # broken nesting
    return document.encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16"])), errors="replace")


# --- properties -----------------------------------------------------------------------------------------------


@given(st.one_of(feed(), st.binary(max_size=3000)))
def test_feed_parsing_fails_only_with_feed_error(content):
    try:
        parsed = parse_feed(content, "https://news.example/feed.xml")
    except FeedError as exc:
        assert str(exc)
        return
    for item in parsed.items:
        assert urlsplit(item.url).scheme in ("http", "https") and len(item.url) <= MAX_URL_LENGTH
        assert item.published is None or item.published.tzinfo is not None
        assert len(item.guid) <= MAX_URL_LENGTH
    assert parsed.site_url == "" or urlsplit(parsed.site_url).scheme in ("http", "https")


@given(page())
def test_extraction_fails_only_with_extraction_error(document):
    try:
        article = extract_article(document, "https://news.example/story.html", headers={"content-type": "text/html"})
    except ExtractionError as exc:
        assert str(exc)
        return
    assert sanitize_html(article.body_html) == article.body_html  # the body comes out sanitized
    assert "<script" not in article.body_html.lower()


def _assert_inert(cleaned: str) -> None:
    if not cleaned.strip():
        return
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        assert element.tag in ALLOWED_TAGS or element.tag == "iframe", element.tag
        for name, attribute in element.attrib.items():
            assert not name.startswith("on") and name not in ("style", "srcset", "srcdoc", "formaction"), name
            if name in ("href", "src"):
                assert urlsplit(attribute).scheme in ("http", "https", "mailto"), attribute
        if element.tag == "iframe":
            assert urlsplit(element.get("src")).hostname in ALLOWED_IFRAME_SOURCES and element.get("sandbox")


@given(html_fragment)
@example("<LI><ARTICLE><LI>")  # found by a long run: unwrapping left <li> in <li>, which parses as siblings
def test_sanitized_html_is_inert_and_stable(html):
    cleaned = sanitize_html(html)
    _assert_inert(cleaned)
    assert sanitize_html(cleaned) == cleaned
    based = sanitize_html(html, base_url="https://news.example/a/b.html")
    _assert_inert(based)


@given(st.one_of(html_fragment, text))
def test_sanitized_text_is_one_plain_line(value):
    cleaned = sanitize_text(value)
    assert "\n" not in cleaned and cleaned == cleaned.strip()
    assert not any(ord(ch) < 0x20 for ch in cleaned)


ENGINES = st.sampled_from([(UpperCaseEngine, "es"), (ArabicTestEngine, "ar")])


def _translates_or_fails_as_documented(html: str, engine) -> None:
    engine_class, target = engine
    try:
        result = translate_html(html, "en", target, engine_class())
    except (TranslationFailed, EngineError) as exc:
        assert str(exc)
        return
    assert isinstance(result.html, str)


@given(html_fragment, ENGINES)
@example("<p title='a&#1;b'>The <i {a}=1>quay</i> closes\x0b.</p></html><p>Ferries wait.</p>", (UpperCaseEngine, "es"))
def test_markup_translation_fails_only_in_its_documented_ways(html, engine):
    _translates_or_fails_as_documented(html, engine)


@given(html_fragment, ENGINES)
def test_markup_translation_of_what_the_pipeline_sends(html, engine):
    _translates_or_fails_as_documented(sanitize_html(html), engine)


@given(st.one_of(text, st.sampled_from(["[::1]", "0x7f.1", "127.0.0.1:99999", "[fe80::1%eth0]", "1.2.3.4.5"])))
def test_addresses_and_allowlist_entries_are_read_without_surprises(value):
    ip = parse_ip(value)
    if ip is not None:
        forbidden_reason(ip)
    try:
        parse_allow_entry(value)
    except ValueError as exc:
        assert "not an allowlist entry" in str(exc)


@given(st.one_of(link, st.builds(lambda host, path: f"http://{host}/{path}", text, text)))
def test_urls_are_checked_without_surprises(url):
    try:
        Policy().check_url(url)
    except RequestRefused as exc:
        assert exc.reason.startswith("refused: ") and "\n" not in exc.reason


# --- attributes of every shape ----------------------------------------------------------------------------------
# HTML lets an attribute name hold nearly anything but whitespace, "/", ">" and "=" (quotes, braces, "<", control
# characters, any script), and a value anything at all; lxml and XML accept far less. Whatever the shape, a page is
# extracted or refused, a fragment translated or failed as documented, and every link comes back once.

ODD_NAMES = [
    "{a}", "{Opera}", "{", "}", "{http://www.w3.org/1999/xlink}href", '"q"', "'q'", "a\"b", "a'b", "a<b", "1abc", "-x",
    ".y", ":z", "a:", ":", "x:y:z", "xlink:href", "xml:lang", "xmlns", "xmlns:og", "été", "名前", "\U0001f600",
    "\u2028", "data-\x01x", "a\x00b", "\x7f", "@click", ":class", "[prop]", "(event)", "*ngIf", "#ref", "on{x}",
    "onclick", "onerror", "ONLOAD", "href", "HREF", "src", "x" * 2000, "&#1;", "a&b", "a;b", "\\", "`", "%", "?",
]  # fmt: skip
ODD_VALUES = [
    "", "{}", "{a}", "&#1;", "&#x1b;[0m", "&#0;", "&#xD800;", "a\x01b", "\x00", "\ud7ff", "\ufffe", '"', "'", "=",
    "==", "a=b=c", "</p>", "</html>", "</body>", "<b>", "x" * 20_000, "javascript:alert(1)", "http://[192.0.2.1]/",
    "http://[not an address/", "https://harbour.example:99999/", "\u202e", " ", "\t\n",
]  # fmt: skip
attribute_name = st.one_of(
    st.sampled_from(ODD_NAMES + ATTRIBUTES),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=" \t\n\f\r/>="), min_size=1, max_size=12),
)
attribute_value = st.one_of(st.sampled_from(ODD_VALUES + NASTY_VALUES), text)


def _attribute(name: str, value: str, style: str) -> str:
    """One attribute as a page may write it: double-quoted, single-quoted, unquoted, or a name alone."""
    if style == "bare":
        return f" {name}"
    if style == "single":
        return f" {name}='{value.replace(chr(39), '&#39;')}'"
    if style == "unquoted" and value and not any(ch in value for ch in " \t\n\f\r>\"'`=<"):
        return f" {name}={value}"
    return f' {name}="{escape(value)}"'


attributes = st.lists(
    st.builds(_attribute, attribute_name, attribute_value, st.sampled_from(["double", "single", "unquoted", "bare"])),
    max_size=5,
).map("".join)
LINK_HOST = "https://harbour.example/notices/"


@st.composite
def linked_paragraphs(draw, count: int) -> tuple[str, list[str]]:
    """Paragraphs of story, each with a link (and a bold word) that carry attributes of every shape; the hrefs.
    The link's own ``href`` comes first: a later one (an attribute named ``href`` again) is a duplicate."""
    paragraphs, hrefs = [], []
    for n in range(count):
        href = f"{LINK_HOST}{n}"
        hrefs.append(href)
        sentence = STORY_SENTENCES[n % len(STORY_SENTENCES)]
        paragraphs.append(
            f'<p{draw(attributes)}>{sentence} Read <a href="{href}"{draw(attributes)}>notice number {n}</a> from the '
            f"<b{draw(attributes)}>harbour office</b> before Friday.</p>"
        )
    return "".join(paragraphs), hrefs


STORY_SENTENCES = [
    "The harbour authority confirmed on Tuesday that the northern quay will close for three weeks while engineers "
    "replace the timber fenders that protect the wall from ferries and fishing boats.",
    "Skippers were told to use the southern berths from Monday, and the authority said the work had been planned "
    "for two years and would be paid for from its maintenance budget.",
    "Local traders said they expected fewer visitors during the closure but welcomed the repairs, which follow a "
    "survey last spring that found rot in more than forty of the old oak fenders.",
]


def _hrefs(html: str) -> list[str]:
    if not html.strip():
        return []
    return lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")


@given(linked_paragraphs(4), attributes, st.booleans())
@example(
    ('<p><a href="https://harbour.example/notices/0" {Opera}>notice</a> at the <b {a}=1>quay</b>.</p>', [f"{LINK_HOST}0"]),
    ' {a}=1 "q"=2', False,
)
def test_extraction_reads_attributes_of_every_shape(paragraphs, article_attributes, as_bytes):
    body, hrefs = paragraphs
    page = (
        f"<!DOCTYPE html><html><head><title>Northern quay closes</title></head><body><article{article_attributes}>"
        f"<h1>Northern quay closes</h1>{body}</article></body></html>"
    )
    try:
        article = extract_article(page.encode("utf-8", "surrogatepass") if as_bytes else page, "https://ledger.example/q")
    except ExtractionError as exc:
        assert str(exc)
        return
    found = _hrefs(article.body_html)
    for n, href in enumerate(hrefs):
        # a link whose words are in the article is there once, with its own href (the first of duplicates)
        assert found.count(href) == (1 if f"notice number {n}" in article.text else 0), (href, found)
    assert sanitize_html(article.body_html) == article.body_html


@given(linked_paragraphs(2), ENGINES)
def test_translation_reads_attributes_of_every_shape(paragraphs, engine):
    html, hrefs = paragraphs
    engine_class, target = engine
    try:
        result = translate_html(html, "en", target, engine_class())
    except (TranslationFailed, EngineError) as exc:
        assert str(exc)
        return
    assert _hrefs(result.html) == hrefs  # every link once, in order
    root = lxml.html.fragment_fromstring(result.html, create_parent="div")
    for element in root.iter():
        dict(element.attrib)  # every attribute name is one lxml can read back


@given(linked_paragraphs(2))
def test_sanitizer_reads_attributes_of_every_shape(paragraphs):
    html, hrefs = paragraphs
    cleaned = sanitize_html(html)
    _assert_inert(cleaned)
    assert sanitize_html(cleaned) == cleaned
    assert _hrefs(cleaned) == hrefs


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_very_deep_nesting_is_handled(depth):
    html = "<div>" * depth + "deep" + "</div>" * depth
    assert "deep" in sanitize_html(html) or sanitize_html(html) == ""
    try:
        translate_html(f"<p>{'<b>' * depth}The quay closes.{'</b>' * depth}</p>", "en", "es", UpperCaseEngine())
    except (TranslationFailed, EngineError):
        pass
    with pytest.raises(ExtractionError):
        extract_article(html, "https://news.example/")
