"""The article region of a page, walked once (``_Region``): its elements in document order, the
end of its header zone (everything before the first real body paragraph, or inside a ``<header>``),
and the header elements that are not inside a navigation, sharing or comments box. The visible
header parts (``visible``, ``visible_dates``) are looked for there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml.html import HtmlElement

from dragoman.extract.dom import class_tokens, is_paragraph_sized
from dragoman.extract.metadata.common import _EXCLUDED_ANCESTORS, _NOISE_TOKENS, _contains


_STANDFIRST_TOKENS = frozenset(
    {
        "standfirst", "dek", "deck", "subtitle", "subheadline", "subhead", "sub", "strapline",
        "summary", "excerpt", "teaser", "description", "lead", "intro", "kicker",
    }
)  # fmt: skip


_BYLINE_TOKENS = frozenset(
    {
        "byline", "byl", "author", "authors", "writer", "contributor", "contributors", "firma", "autor",
        "autores", "autore", "autori", "auteur", "auteurs", "verfasser",
    }
)  # fmt: skip
_PARAGRAPH_SKIP_TAGS = frozenset({"figure", "figcaption", "header", "blockquote"}) | _EXCLUDED_ANCESTORS


class _Region:
    """The article region, walked once: document order, the end of its header zone (everything
    before the first real body paragraph), and the header elements that are not inside a
    navigation, sharing or comments box."""

    def __init__(self, region: HtmlElement):
        self.root = region
        self.order: dict[HtmlElement, int] = {}
        noisy: dict[HtmlElement, bool] = {}  # inside a nav/aside/share/comments box
        in_header_tag: dict[HtmlElement, bool] = {}
        self.first_paragraph: HtmlElement | None = None
        stack: list[tuple[HtmlElement, bool, bool, bool]] = [(region, False, False, False)]
        index = 0
        # the walk is in document order, and stops at the first body paragraph: the header zone is before it
        while stack:
            element, inherited_noise, inside_header, skip = stack.pop()
            self.order[element] = index
            index += 1
            noisy[element] = inherited_noise
            in_header_tag[element] = inside_header or element.tag == "header"
            tag = element.tag
            if tag == "p" and not skip and self._starts_body(element):
                self.first_paragraph = element
                break
            if element is region:
                own_noise, own_skip = False, False
            else:
                own_noise = _is_noise(element)
                own_skip = tag in _PARAGRAPH_SKIP_TAGS
            children = [child for child in element if isinstance(child.tag, str)]
            for child in reversed(children):
                stack.append((child, inherited_noise or own_noise, in_header_tag[element], skip or own_skip))
        self.zone_end = self.order[self.first_paragraph] if self.first_paragraph is not None else 0
        # elements themselves, not id()s: a set of ids would not keep the lxml proxies alive
        first_ancestors = set(self.first_paragraph.iterancestors()) if self.first_paragraph is not None else set()
        self._in_header = {
            element
            for element, position in self.order.items()
            if (position < self.zone_end and element not in first_ancestors) or in_header_tag[element]
        }
        self._header_list = [
            element for element in self.order if element in self._in_header and not noisy[element]
        ]
        if self.first_paragraph is not None:
            self._add_later_headers(region)

    def _add_later_headers(self, region: HtmlElement) -> None:
        """The elements of the ``<header>`` boxes after the first body paragraph (the walk stopped before them)."""
        for header in region.iter("header"):
            if header in self.order or any(a in self._in_header for a in header.iterancestors("header")):
                continue
            for element in header.iter():
                if not isinstance(element.tag, str) or element in self._in_header:
                    continue
                self._in_header.add(element)
                # as the walk judges it: noisy when inside a box (an ancestor below the region) that is noise
                if not any(_is_noise(a) for a in _up_to(element.getparent(), region)):
                    self._header_list.append(element)

    @classmethod
    def _starts_body(cls, p: HtmlElement) -> bool:
        return cls._first_paragraph([p]) is p

    @staticmethod
    def _first_paragraph(candidates: list[HtmlElement]) -> HtmlElement | None:
        for p in candidates:
            if p.get("class") or p.get("id"):
                tokens = class_tokens(p)
                if tokens & (_STANDFIRST_TOKENS - {"lead", "intro"}) or tokens & _BYLINE_TOKENS:
                    continue
            if is_paragraph_sized(p):
                return p
        return None

    def in_header(self, element: HtmlElement) -> bool:
        """Before the first body paragraph, or inside a <header> of the region."""
        return element in self._in_header

    def header_elements(self, *tags: str) -> Iterator[HtmlElement]:
        """Header elements (in document order) outside navigation/sharing/comment boxes."""
        if not tags:
            return iter(self._header_list)
        return (element for element in self._header_list if element.tag in tags)


def _is_noise(element: HtmlElement) -> bool:
    """A navigation, sharing or comments box, by its tag or its class and id."""
    return element.tag in _EXCLUDED_ANCESTORS or bool(
        (element.get("class") or element.get("id")) and class_tokens(element) & _NOISE_TOKENS
    )


def _up_to(element: HtmlElement | None, top: HtmlElement) -> Iterator[HtmlElement]:
    """``element`` and its ancestors below ``top`` (``top`` left out: the region itself is never noise)."""
    while element is not None and element is not top:
        yield element
        element = element.getparent()


def _is_wrapper(element: HtmlElement, region: _Region, parts: Iterable[HtmlElement | None]) -> bool:
    """True if removing ``element`` would take body text or other parts with it."""
    if _contains(element, region.first_paragraph) or element is region.root:
        return True
    return any(p is not None and p is not element and _contains(element, p) for p in parts)
