"""Site rules: an operator's CSS selectors for one site, overriding the automatic choices.

Like Miniflux's scraper rules and FreshRSS's "article CSS selector", for the sites whose markup
the automatic extraction gets wrong. Every field is optional:

``body_selector``
    The body is what it matches (every match, in page order; a match inside another one is
    counted once), taken as it is: trafilatura is not asked, containers are flattened, loose
    text becomes paragraphs, and only what is never content (scripts, forms, buttons...) and
    the article's own header parts (headline, byline, dateline, lead figure) are left out.
``remove_selectors``
    Elements removed from the page before anything else reads it: metadata, body, everything.
``title_selector``, ``author_selector``, ``date_selector``
    Where the title, the author(s) and the publication date are. The text of the first match
    is the title; the texts of all matches are the authors ("By" and roles cleaned away as in
    any byline); the first match whose ``datetime``/``content`` attribute or text reads as a
    date is the date. A ``<meta>`` element can be pointed at (its ``content`` is read). These
    elements are not repeated in the body. The value's source reads ``rule``.

A selector that matches nothing leaves the automatic choice in place, and a warning is logged:
a site that changed its markup degrades to the automatic extraction, not to an empty article.
The not-an-article checks (``refusal``) still apply to a body chosen by a rule.

Selectors are CSS as lxml's ``cssselect`` reads it (CSS 3 selectors, comma-separated groups,
``:contains()``; no pseudo-elements). ``SiteRules`` refuses a selector that does not compile,
with a ``SelectorError`` naming the field.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from dragoman.extract.bylines import clean_author_names
from dragoman.extract.dates import parse_datetime
from dragoman.extract.dom import text_length, text_of

if TYPE_CHECKING:  # pragma: no cover
    from dragoman.extract.metadata import PageMetadata

__all__ = ["SelectorError", "SiteRules", "compile_selector", "validate_selector"]

log = logging.getLogger(__name__)

#: A matched title, byline or dateline element longer than this holds more than its value (a
#: selector pointing at a wrapper): its value is used, but the element is left in the page.
_MAX_PART_CHARS = 300


class SelectorError(ValueError):
    """A selector that is not valid CSS; the message names the field."""

    def __init__(self, field_name: str, selector: str, problem: str):
        super().__init__(f"{field_name}: {selector!r} is not a valid CSS selector ({problem})")
        self.field_name = field_name
        self.selector = selector


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> CSSSelector:
    """The compiled selector (cached: the same rules run on every page of a site).

    Raises ``cssselect``'s ``SelectorError`` (a ``SyntaxError`` or ``RuntimeError`` subclass)
    or ``ValueError`` when the selector is not valid.
    """
    return CSSSelector(selector, translator="html")


def validate_selector(selector: str, field_name: str) -> None:
    """Raise ``SelectorError`` naming ``field_name`` unless ``selector`` is valid CSS."""
    try:
        compile_selector(selector)
    except Exception as err:  # cssselect's errors derive from SyntaxError or RuntimeError
        raise SelectorError(field_name, selector, str(err) or type(err).__name__) from None


def _split_lines(value: str | Iterable[str]) -> tuple[str, ...]:
    lines = value.splitlines() if isinstance(value, str) else list(value)
    return tuple(line.strip() for line in lines if line and line.strip())


@dataclass(frozen=True)
class SiteRules:
    """The operator's selectors for one site (see the module docstring). Empty fields are unset.

    ``remove_selectors`` may be given as text, one selector per line, or as a sequence.
    """

    body_selector: str = ""
    remove_selectors: tuple[str, ...] = field(default=())
    author_selector: str = ""
    date_selector: str = ""
    title_selector: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "remove_selectors", _split_lines(self.remove_selectors))
        for name in ("body_selector", "author_selector", "date_selector", "title_selector"):
            object.__setattr__(self, name, (getattr(self, name) or "").strip())
        for name in ("body_selector", "author_selector", "date_selector", "title_selector"):
            if value := getattr(self, name):
                validate_selector(value, name)
        for selector in self.remove_selectors:
            validate_selector(selector, "remove_selectors")

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    # ---- applying the rules -------------------------------------------------------------------

    def remove_elements(self, tree: HtmlElement) -> list[str]:
        """Remove what ``remove_selectors`` match from the page; the selectors that removed something."""
        matched = []
        for selector in self.remove_selectors:
            found = [element for element in compile_selector(selector)(tree) if element.getparent() is not None]
            for element in found:
                if element.getparent() is not None:  # not inside one removed before
                    element.drop_tree()
            if found:
                matched.append(selector)
        return matched

    def body_elements(self, tree: HtmlElement) -> list[HtmlElement]:
        """The elements ``body_selector`` matches, outermost only, in page order."""
        if not self.body_selector:
            return []
        matches = compile_selector(self.body_selector)(tree)
        chosen = set(matches)
        outermost = [m for m in matches if not any(a in chosen for a in m.iterancestors())]
        if not outermost:
            log.warning("site rule body_selector %r matched nothing: automatic extraction", self.body_selector)
        return outermost

    def override_metadata(self, tree: HtmlElement, meta: PageMetadata) -> None:
        """Put what the title, author and date selectors find in ``meta`` (source ``rule``), and
        mark their elements as header parts, so that the body does not repeat them."""
        from dragoman.extract.metadata import clean_title

        parts = meta.header_parts
        if self.title_selector:
            element = next(iter(self._matches(tree, self.title_selector, "title_selector")), None)
            if element is not None:
                title = clean_title(_value(element), sitename=meta.sitename, title_tag=element.tag == "title")
                if title:
                    meta.title, meta.sources["title"] = title, "rule"
                    if _is_small(element):
                        parts.headline = element
        if self.author_selector:
            elements = self._matches(tree, self.author_selector, "author_selector")
            names = clean_author_names([_value(e) for e in elements])
            if names:
                meta.authors, meta.sources["authors"] = names, "rule"
                parts.bylines += [e for e in elements if _is_small(e)]
        if self.date_selector:
            for element in self._matches(tree, self.date_selector, "date_selector"):
                raw = element.get("datetime") or element.get("content") or text_of(element)
                if (value := parse_datetime(raw, fuzzy=True)) is not None:
                    meta.published, meta.sources["published"] = value, "rule"
                    if _is_small(element):
                        parts.datelines.append(element)
                    break

    @staticmethod
    def _matches(tree: HtmlElement, selector: str, field_name: str) -> list[HtmlElement]:
        found = compile_selector(selector)(tree)
        if not found:
            log.warning("site rule %s %r matched nothing: automatic choice kept", field_name, selector)
        return found


def _value(element: HtmlElement) -> str:
    if element.tag == "meta":
        return element.get("content", "")
    return text_of(element)


def _is_small(element: HtmlElement) -> bool:
    """Whether the element is only its value (not a wrapper around body text) and in the body."""
    return element.tag not in ("meta", "title", "head") and text_length(element) <= _MAX_PART_CHARS
