"""An article's body as blocks: the top-level elements of a body (paragraphs, headings, lists, quotes,
tables). Translation keeps the original's block structure, so block *n* of the translation is the translation
of block *n* of the original: the bilingual page (:func:`paired_blocks`) and the review queue
(:mod:`dragoman.review`) pair them so.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import zip_longest

from lxml import html as lxml_html

from dragoman.sanitize import sanitize_html


def blocks(fragment: str) -> list[lxml_html.HtmlElement]:
    """The top-level blocks of an HTML fragment; stray top-level text becomes a paragraph of its own."""
    if not fragment or not fragment.strip():
        return []
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    found: list[lxml_html.HtmlElement] = []
    if root.text and root.text.strip():
        found.append(_paragraph(root.text))
    for child in root:
        if isinstance(child.tag, str):
            found.append(child)
        if child.tail and child.tail.strip():
            found.append(_paragraph(child.tail))
    return found


def _paragraph(text: str) -> lxml_html.HtmlElement:
    p = lxml_html.Element("p")
    p.text = text.strip()
    return p


def inner_html(element: lxml_html.HtmlElement) -> str:
    """What is inside an element, as HTML."""
    head = html.escape(element.text or "", quote=False)
    return head + "".join(lxml_html.tostring(child, encoding="unicode") for child in element)


def outer_html(element: lxml_html.HtmlElement) -> str:
    clone = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode"))
    clone.tail = None
    return lxml_html.tostring(clone, encoding="unicode")


@dataclass
class BlockPair:
    """Block ``index`` of the original beside its translation (either may be missing if an edit broke
    the structure; the pairs then run on in order)."""

    index: int
    original: str  # outer HTML, sanitized
    translated: str
    translated_inner: str
    tag: str


def paired_blocks(original_html: str, translated_html: str) -> list[BlockPair]:
    pairs = []
    for index, (original, translated) in enumerate(zip_longest(blocks(original_html), blocks(translated_html))):
        pairs.append(
            BlockPair(
                index=index,
                original=sanitize_html(outer_html(original)) if original is not None else "",
                translated=sanitize_html(outer_html(translated)) if translated is not None else "",
                translated_inner=inner_html(translated) if translated is not None else "",
                tag=(translated if translated is not None else original).tag,
            )
        )
    return pairs
