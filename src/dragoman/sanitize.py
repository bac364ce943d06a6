"""Sanitizing HTML that came from outside (pages, feeds, translation engines).

Three functions, built on nh3 (the Python binding of the Rust `ammonia` sanitizer):

``sanitize_html(html)``
    Keeps the structure of an article body and nothing else. A strict allowlist of tags and
    attributes (see ``ALLOWED_TAGS`` / ``ALLOWED_ATTRIBUTES``); URLs only with the ``http``,
    ``https`` and ``mailto`` schemes (so no ``javascript:``, ``vbscript:`` or ``data:``); every
    link gets ``rel="noopener noreferrer"``. Scripts, styles, SVG and MathML, event handlers,
    ``style`` attributes (so no CSS expressions), ``srcset`` (the extractor already put the best
    candidate in ``src``), ``srcdoc``, forms and their ``formaction``, and embedded objects are
    removed, the elements together with their content. Relative URLs are dropped unless
    ``base_url`` is given (then they are resolved against it): a relative link copied from a
    foreign page would otherwise point into the site that republishes it.

    Control characters other than whitespace are removed (XML, and so the site's feeds, cannot carry
    them), and so is the byte-order mark, and elements nested deeper than ``MAX_DEPTH`` are unwrapped first, so that the cost of
    sanitizing stays proportional to the input however deep a hostile page nests its tags.

    Embedded players are kept only from ``ALLOWED_IFRAME_SOURCES`` (https, a known host and path)
    and always get ``sandbox``, a referrer policy and lazy loading, with nothing inside them;
    every other iframe goes. Tracking pixels go too: images declared one pixel (or less) wide or
    high, and images served by known beacon hosts or paths (``BEACON_HOSTS``, ``_BEACON_PATH``).

``sanitize_text(s)``
    Strips every tag (dropping script/style content), decodes entities and normalises
    whitespace. For one-line values: titles, author names, captions. The result is plain
    text: escape it when rendering (Django templates do).

``safe_url(url)``
    The URL if it is an absolute ``http``/``https`` URL, else ``""``: for addresses stored from
    outside and rendered in ``href``/``src`` (canonical links, lead images, a source's site).

Run ``sanitize_html`` last, just before storing, and again before rendering anything that was
changed after storage (a translation, for instance).
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urlsplit

import nh3

__all__ = [
    "MAX_DEPTH",
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_IFRAME_SOURCES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "BEACON_HOSTS",
    "IFRAME_SANDBOX",
    "safe_url",
    "sanitize_html",
    "sanitize_text",
]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption",
        "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "em", "strong", "b",
        "i", "q", "cite", "sup", "sub", "br", "span", "abbr", "code", "pre", "small", "mark",
        "dl", "dt", "dd", "hr",
    }
)  # fmt: skip

#: Attributes allowed per tag ("*" = on every allowed tag). ``dir`` and ``translate`` are also
#: allowed everywhere, but only with their valid values (see ``_ATTRIBUTE_VALUES``).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
}

ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: Embedded players kept in article bodies: host -> the path their embeds live under (https only).
#: The site's Content-Security-Policy allows exactly these hosts in frames.
ALLOWED_IFRAME_SOURCES: dict[str, str] = {
    "www.youtube-nocookie.com": "/embed/",
    "www.youtube.com": "/embed/",
    "player.vimeo.com": "/video/",
}
#: What an embedded player may do: run its own scripts in its own origin and go full screen. Not
#: navigate the page, open pop-ups, or submit forms.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation"
_IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allowfullscreen"}
_IFRAME_FORCED = {"sandbox": IFRAME_SANDBOX, "referrerpolicy": "strict-origin-when-cross-origin", "loading": "lazy"}

#: Hosts that serve tracking beacons (an image from them is never content); subdomains included.
BEACON_HOSTS: frozenset[str] = frozenset(
    {
        "pixel.wp.com", "stats.wp.com", "google-analytics.com", "stats.g.doubleclick.net",
        "ad.doubleclick.net", "pixel.quantserve.com", "scorecardresearch.com", "pi.feedsportal.com",
        "bat.bing.com", "ct.pinterest.com", "px.ads.linkedin.com", "analytics.twitter.com",
        "pixel.mathtag.com", "pixel.adsafeprotected.com", "list-manage.com",
    }
)  # fmt: skip
#: Paths that name themselves beacons: feedburner's per-item pixel, and pixel/beacon/track/open
#: images and scripts.
_BEACON_PATH = re.compile(
    r"/~r/|/(?:pixel|beacon|track(?:ing)?|open|1x1|spacer|blank|transparent)(?:[-_.][\w-]*)?\.(?:gif|png|php|jpe?g)$"
    r"|/(?:pixel|beacon|track|tracking)/?$",
    re.IGNORECASE,
)

#: Elements removed together with everything inside them (not merely unwrapped): their content
#: is code, an embedded document, or form controls, never article text.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "noscript", "template", "frame", "frameset", "noframes",
        "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "form",
        "button", "select", "option", "textarea", "input", "head", "title", "meta", "link",
    }
)  # fmt: skip

#: Deepest element nesting kept; deeper tags are unwrapped (their text stays). Real articles nest a few
#: dozen levels; the HTML parser under nh3 spends time proportional to the depth on every tag.
MAX_DEPTH = 256
# Elements that never hold others (void) or whose end tag may be left out: they don't add depth here.
_FLAT = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
        "caption", "rb", "rt", "rp",
    }
)  # fmt: skip
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
# Control characters XML cannot carry, and the byte-order mark (parsers drop it at the start of a text).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")

_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    tag: {"dir": {"ltr", "rtl", "auto"}, "translate": {"yes", "no"}} for tag in ALLOWED_TAGS
}

_LINK_REL = "noopener noreferrer"


def _iframe_source_allowed(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return False
    prefix = ALLOWED_IFRAME_SOURCES.get(parts.hostname or "")
    return (
        parts.scheme == "https" and prefix is not None and parts.path.startswith(prefix)
        and port in (None, 443) and not parts.username and not parts.password
    )  # fmt: skip


def _is_beacon(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return True
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if any(".".join(labels[i:]) in BEACON_HOSTS for i in range(len(labels))):
        return True
    return bool(_BEACON_PATH.search(parts.path))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: embeds only from the allowlist, no beacon as an image source."""
    if attribute == "src":
        if tag == "iframe" and not _iframe_source_allowed(value):
            return None
        if tag == "img" and _is_beacon(value):
            return None
    return value


def _cleaner(url_relative: str | tuple[str, str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS) | {"iframe"},
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={**{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}, "iframe": set(_IFRAME_ATTRIBUTES)},
        attribute_filter=_filter_attribute,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        set_tag_attribute_values={"iframe": dict(_IFRAME_FORCED)},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=_LINK_REL,
        strip_comments=True,
        url_relative=url_relative,
    )


_BODY_CLEANER = _cleaner("deny")
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(_DROPPED_WITH_CONTENT) | {"iframe"}, attributes={})

# The pruning below reads nh3's own output, which html5ever serialises canonically: every attribute
# as ` name="value"` with `"` (and `&`, `<`, `>`) escaped inside values, and `<` escaped in text. So an
# `<img ...>` or `<iframe ...>` start tag in that output is exactly what these expressions match and
# can't appear inside a value or a text; an iframe's raw content ends at the first `</iframe>`.
_ATTRIBUTES = r'((?: [a-z][a-z0-9-]*="[^"]*")*)'
_IMG_TAG = re.compile(rf"<img{_ATTRIBUTES}>")
_IFRAME_ELEMENT = re.compile(rf"<iframe{_ATTRIBUTES}>.*?</iframe>", re.DOTALL)
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"]*)"')
_LEADING_NUMBER = re.compile(r"\s*(\d+)")

# Characters that carry nothing in a one-line value: zero-width space, BOM, soft hyphen, and C0/C1
# controls except whitespace. ZWJ/ZWNJ (U+200C/D) are kept: Persian, Arabic and Indic scripts need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# ASCII whitespace only, as HTML collapses it: no-break spaces (French typography) are kept
_SPACES = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")


def _is_pixel(attributes: dict[str, str]) -> bool:
    for name in ("width", "height"):
        number = _LEADING_NUMBER.match(attributes.get(name, ""))
        if number and int(number.group(1)) <= 1:
            return True
    return False


def _prune_image(match: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    return "" if "src" not in attributes or _is_pixel(attributes) else match.group(0)


def _prune_iframe(match: re.Match[str]) -> str:
    attributes = match.group(1)
    return f"<iframe{attributes}></iframe>" if ' src="' in attributes else ""


def _limit_depth(html: str) -> str:
    """``html`` with the tags that would nest deeper than MAX_DEPTH taken out (their content kept).

    A rough reading of the tags, enough to bound the depth: the sanitizer that runs next parses for real
    and decides what is safe, so nothing here needs to be exact."""
    if html.count("<") <= MAX_DEPTH:
        return html
    out, position, depth, dropped = [], 0, 0, {}
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _FLAT:
            continue
        keep = True
        if not closing:
            keep = depth < MAX_DEPTH
            if keep:
                depth += 1
            else:
                dropped[name] = dropped.get(name, 0) + 1
        elif dropped.get(name):
            dropped[name] -= 1
            keep = False
        else:
            depth = max(0, depth - 1)
        if not keep:
            out.append(html[position : match.start()])
            position = match.end()
    if position == 0:
        return html
    out.append(html[position:])
    return "".join(out)


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Return ``html`` reduced to the article-body allowlist.

    ``base_url``: resolve relative ``href``/``src`` against it; by default they are removed.

    The result is stable: sanitizing it again changes nothing. (Unwrapping a disallowed element can leave
    allowed ones nested in a way a parser reads differently, ``<li><li></li></li>`` for one; such a result
    is cleaned again, so that what is stored is what a browser will read.)
    """
    if not html:
        return ""
    cleaner = _BODY_CLEANER if base_url is None else _cleaner(("rewrite_with_base", base_url))
    cleaned = _clean(cleaner, html)
    for _ in range(3):
        again = _clean(cleaner, cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean(cleaner: nh3.Cleaner, html: str) -> str:
    cleaned = _CONTROLS.sub("", cleaner.clean(_CONTROLS.sub("", _limit_depth(html))))
    if "<img" in cleaned:
        cleaned = _IMG_TAG.sub(_prune_image, cleaned)
    if "<iframe" in cleaned:
        cleaned = _IFRAME_ELEMENT.sub(_prune_iframe, cleaned)
    return cleaned


def sanitize_text(s: str | None) -> str:
    """Return ``s`` as plain one-line text: no tags, entities decoded, whitespace collapsed."""
    if not s:
        return ""
    if "<" in s or "&" in s:
        s = _html.unescape(_TEXT_CLEANER.clean(_limit_depth(s)))
    s = _INVISIBLE.sub("", s)
    return _SPACES.sub(" ", s).strip()


def safe_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else ``""`` (never ``javascript:``,
    ``data:``, a relative path, or a value with spaces or control characters that a browser might
    read differently)."""
    if not url:
        return ""
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else ""
