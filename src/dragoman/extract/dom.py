"""Small lxml helpers shared by the extraction modules: parsing, text, URLs, images, regions.

The page is parsed once (``parse_html``); every later step reads or edits that one tree.

The XPath expressions of the extraction modules say ``descendant::x`` rather than ``.//x`` (the same
nodes, in the same order): libxml2 evaluates ``.//`` as a child step from every node below, text nodes
included, which costs a fifth to a half more on a whole page.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, document_fromstring

from dragoman.htmlrepair import repair_source, repair_tree

__all__ = [
    "BLOCK_TAGS",
    "PARAGRAPH_WEIGHT",
    "absolutize_urls",
    "base_url",
    "class_tokens",
    "find_article_region",
    "image_url",
    "is_paragraph_sized",
    "is_same_image",
    "norm_key",
    "parse_html",
    "remove_keeping_tail",
    "split_url",
    "text_length",
    "text_of",
    "text_weight",
    "topmost",
]

# The same settings as trafilatura's own parser, so handing it our tree changes nothing for it.
_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
# Every element an ``HtmlElement``, chosen in C: lxml.html's own lookup is a Python call for each element
# Python touches (hundreds of thousands a page walk), only to give form fields their own classes, which
# nothing here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# HTML collapses ASCII whitespace only: a no-break space (French "2,10\u00a0€") is kept. Only runs
# and non-space characters match, so ordinary text (single spaces) costs almost nothing. Each branch
# starts with one character, not a repeat, so the regex engine skips ahead to where a match can start:
# twice as fast as ``[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]``, with the same matches.
_SPACES = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")


def collapse_spaces(text: str) -> str:
    """Collapse runs of ASCII whitespace to one space and strip (the regex only runs when needed:
    it is slow next to the substring tests)."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
# what norm_key drops: whitespace, ASCII punctuation and the usual typographic marks
_KEY_DROP = str.maketrans(
    dict.fromkeys(
        " \t\n\r\f\v\u00a0\u2009\u202f\u200b!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00ab\u00bb\u2018\u2019"
        "\u201a\u201b\u201c\u201d\u201e\u2013\u2014\u2026\u00b7\u2022\u00bf\u00a1\u3001\u3002\uff0c\uff1a\u060c"
    )
)
_KEY_DROP_ASCII = bytes(k for k in _KEY_DROP if k < 128)
_KEY_DROP_OTHER = tuple(chr(k) for k in _KEY_DROP if k >= 128)
_TOKEN_SPLIT = re.compile(r"[\s_-]+")

BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "figure", "figcaption",
        "header", "footer", "section", "article", "aside", "nav", "main", "table", "tr", "td",
        "th", "h1", "h2", "h3", "h4", "h5", "h6", "address", "pre", "form",
    }
)  # fmt: skip

_PLACEHOLDER_SRC = re.compile(r"^data:|blank\.|spacer\.|placeholder|pixel\.|1x1\.|lazy\.(gif|png|svg)", re.I)
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "data-full-src")
_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
_SIZE_SUFFIX = re.compile(
    r"([-_.](\d{2,5}x\d{2,5}|\d{2,5}w|w\d{2,5}|scaled|large|medium|small|thumb(nail)?|crop(ped)?|"
    r"hero|lead|social|og|share|@\dx))+$",
    re.I,
)


def parse_html(text: str) -> HtmlElement:
    """Parse a decoded page into an lxml document (root ``<html>``), comments removed.

    The text is put in Unicode's composed form (NFC: the same word is the same characters, as
    translation memories and comparisons need), and soft hyphens go: they only tell a browser where
    it may break a long word ("Mit\u00adtel\u00adal\u00adter"), and would split it for an engine.

    Malformed markup is repaired as a browser reads it (``dragoman.htmlrepair``): lone surrogates and
    stray ``</body>``/``</html>`` before parsing; control characters and attributes whose names XML can't
    carry after."""
    text = _XML_DECLARATION.sub("", text, count=1)
    text = repair_source(text)
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ValueError("empty document")
    try:
        root = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    repair_tree(root, text)
    return root


def remove_keeping_tail(element: HtmlElement) -> None:
    """Remove an element and its content; its tail text stays where it was (``drop_tree`` for the
    plain ``etree`` elements of trafilatura's output, which lack it)."""
    parent = element.getparent()
    if parent is None:
        return
    tail, element.tail = element.tail, None
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def topmost(element: HtmlElement) -> HtmlElement:
    """The element's topmost ancestor: ``<html>`` while it is in the page, the box that held it once
    the box was taken out (``getroottree()`` answers the page's root either way)."""
    top = element
    for top in element.iterancestors():
        pass
    return top


def text_of(element: HtmlElement | None) -> str:
    """The visible text of an element, whitespace collapsed (script/style content excluded,
    block elements separated by a space)."""
    if element is None:
        return ""
    if element.tag in _INVISIBLE_TAGS:
        return ""
    for descendant in element.iterdescendants():
        if descendant.tag in _SLOW_PATH_TAGS:
            return collapse_spaces(_ordered_text(element))
    # fast path (libxml2 serialises the text) when nothing needs skipping or separating
    return collapse_spaces(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def text_length(element: HtmlElement | None) -> int:
    """About ``len(text_of(element))``, faster on big containers (blocks are not separated)."""
    if element is None:
        return 0
    if next(element.iterdescendants(*_INVISIBLE_TAGS), None) is not None:
        return len(text_of(element))
    return len(collapse_spaces(etree.tostring(element, method="text", encoding="unicode", with_tail=False)))


#: A paragraph of this much text (``text_weight``) or more is body text, not a label or a caption.
PARAGRAPH_WEIGHT = 80
# CJK ideographs, kana and hangul: one of them says about as much as two Latin letters
_WIDE_CHARS = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def text_weight(element: HtmlElement | None) -> int:
    """``text_length``, with CJK characters counted twice (a line of 40 of them holds as much
    as a line of 80 Latin letters): for thresholds on how much text an element holds."""
    if element is None:
        return 0
    text = text_of(element)
    return len(text) + len(_WIDE_CHARS.findall(text)) if text else 0


def is_paragraph_sized(element: HtmlElement) -> bool:
    """Whether an element holds enough text to be body text (``PARAGRAPH_WEIGHT``)."""
    length = text_length(element)
    return length >= PARAGRAPH_WEIGHT or (length >= PARAGRAPH_WEIGHT // 2 and text_weight(element) >= PARAGRAPH_WEIGHT)


_INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript"})
_SPACED_TAGS = BLOCK_TAGS | {"br"}  # a space before and after them
_SLOW_PATH_TAGS = _INVISIBLE_TAGS | _SPACED_TAGS


def _ordered_text(element: HtmlElement) -> str:
    """Text in document order, skipping the content of non-visible elements, a space around each block
    (one walk in lxml's ``iterwalk``, no generator per element; each text read once from lxml)."""
    parts: list[str] = []
    append = parts.append
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag
        if event == "start":
            if not isinstance(tag, str) or tag in _INVISIBLE_TAGS:
                walker.skip_subtree()
                continue
            if tag in _SPACED_TAGS:
                append(" ")
            if text := node.text:
                append(text)
            continue
        if tag in _SPACED_TAGS:  # (never an invisible element, nor a comment: its tag is a function)
            append(" ")
        if node is not element and (tail := node.tail):
            append(tail)
    return "".join(parts)


def norm_key(text: str) -> str:
    """A comparison key: case-folded, without whitespace and punctuation."""
    text = text.casefold()
    # str.translate looks each character up in a dictionary (for every character as soon as one is not
    # ASCII): dropping the ASCII marks from the UTF-8 bytes, then the few other marks with str.replace,
    # is three times faster on English text and six to eight times on German, Arabic or Japanese
    ascii_only = text.isascii()
    text = text.encode("utf-8").translate(None, _KEY_DROP_ASCII).decode("utf-8")
    if ascii_only:
        return text
    for mark in _KEY_DROP_OTHER:
        if mark in text:
            text = text.replace(mark, "")
    return text


def class_tokens(element: HtmlElement) -> frozenset[str]:
    """Lower-cased tokens of the class and id attributes, split on spaces, '-' and '_'."""
    return _tokens(element.get("class", ""), element.get("id", ""))


@lru_cache(maxsize=4096)
def _tokens(classes: str, identifier: str) -> frozenset[str]:
    """``class_tokens`` of these attribute values, cached: a page gives the same names to many of its
    elements (menu entries, list items, the cards of a list), and the steps ask about them again."""
    return frozenset(filter(None, _TOKEN_SPLIT.split(f"{classes} {identifier}".lower())))


def class_id_text(element: HtmlElement) -> str:
    return f" {element.get('class', '')} {element.get('id', '')} ".lower()


_UNREADABLE = urlsplit("")


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, or an empty result for a URL it refuses to read (a ``ValueError``: a bracketed
    host that is no IPv6 address, such as ``http://[1.2.3.4]/`` or ``http://[not an address/``). A
    browser can't follow such a URL either."""
    try:
        return urlsplit(url)
    except ValueError:
        return _UNREADABLE


# An http(s) URL whose authority is a plain ASCII host, with at most a four-digit port: urlsplit reads it
# (its errors come from brackets, ports, user info and non-ASCII hosts), so it need not be asked.
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9._~-]+(?::[0-9]{1,4})?(?:[/?#]|$)")


def is_readable_url(url: str) -> bool:
    """Whether ``urlsplit`` reads ``url`` (see ``split_url``) and its port, if it names one, is a port
    (not ``:99999`` or ``:abc``)."""
    if _PLAIN_WEB_URL.match(url):
        return True
    try:
        urlsplit(url).port
    except ValueError:
        return False
    return True


def base_url(tree: HtmlElement, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` joined to the page URL. A ``<base>``
    whose URL is no http(s) URL, or can't be read (``http://[not an address/``, a port out of range),
    is ignored, as browsers ignore it."""
    base = tree.find(".//head/base[@href]")
    if base is None:
        base = tree.find(".//base[@href]")
    if base is not None:
        href = (base.get("href") or "").strip()
        if href:
            try:
                joined = urljoin(url, href)
            except ValueError:
                return url
            if split_url(joined).scheme in ("http", "https") and is_readable_url(joined):
                return joined
    return url


def absolute(url: str | None, base: str) -> str:
    """``url`` made absolute against ``base``; '' for empty or non-web values."""
    if not url:
        return ""
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:", "about:", "blob:")):
        return ""
    try:
        joined = urljoin(base, url)
        parts = urlsplit(joined)
        parts.port  # noqa: B018  (raises for a port out of range)
    except ValueError:  # "http://[1.2.3.4]/": a URL no browser follows
        return ""
    return joined if parts.scheme in ("http", "https") else ""


def _largest_srcset(value: str) -> str:
    best, best_size = "", -1.0
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        size = 0.0
        if len(parts) > 1:
            try:
                size = float(parts[1][:-1]) * (1000 if parts[1].endswith("x") else 1)
            except ValueError:
                size = 0.0
        if size > best_size:
            best, best_size = parts[0], size
    return best


def image_url(img: HtmlElement, base: str) -> str:
    """The absolute URL an ``<img>`` shows, looking through lazy-loading attributes."""
    src = (img.get("src") or "").strip()
    if src and not _PLACEHOLDER_SRC.search(src):
        if src.startswith(("https://", "http://")):
            return src if is_readable_url(src) else ""
        return absolute(src, base)
    for attr in _LAZY_ATTRS:
        if value := (img.get(attr) or "").strip():
            return absolute(value, base)
    for attr in _SRCSET_ATTRS:
        if value := img.get(attr):
            return absolute(_largest_srcset(value), base)
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        for source in parent.iter("source"):
            for attr in _SRCSET_ATTRS:
                if value := source.get(attr):
                    return absolute(_largest_srcset(value), base)
    return absolute(src, base) if src and not src.startswith("data:") else ""


class _Resolver:
    """``urljoin`` against one base, with fast paths for the common cases."""

    def __init__(self, base: str):
        self.base = base
        parts = urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.without_fragment = base.split("#", 1)[0]
        self.directory = self.origin + (parts.path or "/").rsplit("/", 1)[0] + "/"
        self._done: dict[str, str] = {}

    def __call__(self, href: str) -> str:
        if href.startswith("/") and not href.startswith("//") and "/." not in href:
            return self.origin + href
        if href.startswith("#"):
            return self.without_fragment + href
        if (joined := self._done.get(href)) is None:
            if _PLAIN_RELATIVE.match(href) and "/." not in href and not href.startswith("."):
                joined = self.directory + href  # "story.html", "img/a.png": no scheme, no dot segments
            else:
                joined = urljoin(self.base, href)
            self._done[href] = joined
        return joined


# a relative reference without scheme, authority, dot segments or a leading query: joins by concatenation
_PLAIN_RELATIVE = re.compile(r"^[^:/?#.][^:?#]*(?:[?#].*)?$")


def absolutize_urls(tree: HtmlElement, base: str) -> None:
    """Make every link and image URL in the tree absolute, in place.

    ``<img>`` also gets its real URL in ``src`` when the page lazy-loads it (``data-src``,
    ``srcset``...), so later steps need to look at one attribute only.
    """
    resolve = _Resolver(base)
    for element in tree.iter("a", "img"):
        if element.tag == "a":
            href = element.get("href")
            if href is None:
                continue
            stripped = href.strip()
            if stripped.startswith(("https://", "http://")) or stripped.lower().startswith(
                ("mailto:", "tel:", "javascript:", "data:")
            ):
                if not is_readable_url(stripped):  # "http://[1.2.3.4]/": a link no browser follows
                    del element.attrib["href"]
                elif stripped != href:
                    element.set("href", stripped)
                continue
            try:
                element.set("href", resolve(stripped))
            except ValueError:
                del element.attrib["href"]
        else:
            url = image_url(element, base)
            if url:
                element.set("src", url)
            elif "src" in element.attrib:
                del element.attrib["src"]


def _image_key(url: str) -> tuple[str, str]:
    parts = split_url(url)
    path = parts.path.rstrip("/")
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _SIZE_SUFFIX.sub("", stem)
    return parts.netloc.lower().removeprefix("www."), stem.lower()


def is_same_image(a: str, b: str) -> bool:
    """Whether two image URLs most likely show the same picture (same file, perhaps another
    size or CDN query string)."""
    if not a or not b:
        return False
    if a == b:
        return True
    pa, pb = split_url(a), split_url(b)
    if pa.path == pb.path and pa.path not in ("", "/"):
        return True
    (host_a, stem_a), (host_b, stem_b) = _image_key(a), _image_key(b)
    # a short name ("1", "photo") says little unless both files are on the same host
    return stem_a == stem_b and len(stem_a) >= (4 if host_a == host_b else 8)


def strip_fragment(url: str) -> str:
    parts = split_url(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name the same page (ignoring scheme, www., trailing slash, fragment)."""
    if not a or not b:
        return False

    def key(u: str) -> tuple[str, str, str]:
        p = split_url(u)
        return p.netloc.lower().removeprefix("www."), p.path.rstrip("/"), p.query

    return key(a) == key(b)


def find_article_region(tree: HtmlElement) -> HtmlElement:
    """The element that holds the article (headline, byline, body): an ``<article>`` (the one
    with the page's ``<h1>`` or, failing that, the most text), ``[itemprop=articleBody]``'s
    parent, ``<main>``, or ``<body>``."""
    body = tree.find("body")
    if body is None:
        body = tree
    articles = [a for a in body.iter("article") if a.find(".//p") is not None or a.find(".//h1") is not None]
    if articles:
        with_h1 = [a for a in articles if a.find(".//h1") is not None]
        pool = with_h1 or articles
        if len(pool) == 1:
            return pool[0]
        return max(pool, key=lambda a: text_length(a))
    if article_bodies := _ARTICLE_BODY(body):
        parent = article_bodies[0].getparent()
        return parent if parent is not None else article_bodies[0]
    main = body.find(".//main")
    if main is not None and text_length(main) > 200:
        return main
    if (role_main := _ROLE_MAIN(body)) and text_length(role_main[0]) > 200:
        return role_main[0]
    return body


# (XPath in C: lxml's ``find(".//*[@name='value']")`` tests every element of the page in Python)
_ARTICLE_BODY = etree.XPath("descendant::*[@itemprop='articleBody']")
_ROLE_MAIN = etree.XPath("descendant::*[@role='main']")
