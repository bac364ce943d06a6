"""Sanitizing HTML that came from outside (pages, feeds, translation engines).

Two functions, both built on nh3 (the Python binding of the Rust `ammonia` sanitizer):

``sanitize_html(html)``
    Keeps the structure of an article body and nothing else. A strict allowlist of tags and
    attributes (see ``ALLOWED_TAGS`` / ``ALLOWED_ATTRIBUTES``); URLs only with the ``http``,
    ``https`` and ``mailto`` schemes; every link gets ``rel="noopener noreferrer"``. Scripts,
    styles, event handlers, ``style`` attributes, iframes, forms and embedded objects are removed
    together with their content. Relative URLs are dropped unless ``base_url`` is given (then
    they are resolved against it): a relative link copied from a foreign page would otherwise
    point into the site that republishes it.

``sanitize_text(s)``
    Strips every tag (dropping script/style content), decodes entities and normalises
    whitespace. For one-line values: titles, author names, captions. The result is plain
    text: escape it when rendering (Django templates do).

Run ``sanitize_html`` last, just before storing, and again before rendering anything that was
changed after storage (a translation, for instance).
"""

from __future__ import annotations

import html as _html
import re

import nh3

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
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

#: Elements removed together with everything inside them (not merely unwrapped): their content
#: is code, an embedded document, or form controls, never article text.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes",
        "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "form",
        "button", "select", "option", "textarea", "input", "head", "title", "meta", "link",
    }
)  # fmt: skip

_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    tag: {"dir": {"ltr", "rtl", "auto"}, "translate": {"yes", "no"}} for tag in ALLOWED_TAGS
}

_LINK_REL = "noopener noreferrer"


def _cleaner(url_relative: str | tuple[str, str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values=_ATTRIBUTE_VALUES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=_LINK_REL,
        strip_comments=True,
        url_relative=url_relative,
    )


_BODY_CLEANER = _cleaner("deny")
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(_DROPPED_WITH_CONTENT), attributes={})

# Characters that carry nothing in a one-line value: zero-width space, BOM, soft hyphen, and C0/C1
# controls except whitespace. ZWJ/ZWNJ (U+200C/D) are kept: Persian, Arabic and Indic scripts need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# ASCII whitespace only, as HTML collapses it: no-break spaces (French typography) are kept
_SPACES = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Return ``html`` reduced to the article-body allowlist.

    ``base_url``: resolve relative ``href``/``src`` against it; by default they are removed.
    """
    if not html:
        return ""
    cleaner = _BODY_CLEANER if base_url is None else _cleaner(("rewrite_with_base", base_url))
    return cleaner.clean(html)


def sanitize_text(s: str | None) -> str:
    """Return ``s`` as plain one-line text: no tags, entities decoded, whitespace collapsed."""
    if not s:
        return ""
    if "<" in s or "&" in s:
        s = _html.unescape(_TEXT_CLEANER.clean(s))
    s = _INVISIBLE.sub("", s)
    return _SPACES.sub(" ", s).strip()
