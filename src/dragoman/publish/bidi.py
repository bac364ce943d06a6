"""Latin inside right-to-left text, isolated so that it reads in order.

In an Arabic sentence, "Rovers 3, Eastmoor Town 0" is drawn by the Unicode bidirectional algorithm as one
left-to-right run: the Arabic reader, reading from the right, meets "0" first and "Rovers" last. Each run of
Latin words (a name, a title, a URL) is therefore wrapped in ``<bdi>``: the run keeps its own left-to-right
order inside, and counts as neutral outside, so the numbers and words around it follow the sentence's
right-to-left order. Numbers alone are left as they are (right-to-left text places them correctly), and
ISO dates and times (``2026-11-03``, ``18:45``), which the algorithm would draw backwards, are isolated too.

Applied when a right-to-left translation is rendered (:func:`isolate_html`, :func:`isolate_text`); the
stored text is never changed.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from lxml import html as lxml_html

from dragoman.publish.languages import direction

_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_WORD = rf"[{_LATIN}](?:[{_LATIN}0-9'’.&_-]*[{_LATIN}0-9])?"
#: A run of Latin words, or a URL, or an ISO date or time.
_ISOLATE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)]"
    rf"|{_WORD}(?:[ \u00a0]+{_WORD})*"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
#: Elements whose text is left alone: already isolated, code, or not text at all.
_SKIP = frozenset({"bdi", "bdo", "code", "pre", "kbd", "samp", "script", "style", "math", "svg"})


def isolate_text(text: str, language: str) -> SafeString:
    """Plain text, escaped, with its Latin runs in ``<bdi>`` when ``language`` is written right to left."""
    if direction(language) != "rtl":
        return escape(text)
    out, position = [], 0
    for match in _ISOLATE.finditer(text or ""):
        out.append(escape(text[position : match.start()]))
        out.append(f"<bdi>{escape(match.group())}</bdi>")
        position = match.end()
    out.append(escape((text or "")[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def isolate_html(fragment: str, language: str) -> SafeString:
    """Sanitized HTML with the Latin runs of its text in ``<bdi>`` when ``language`` is right to left."""
    if direction(language) != "rtl" or not fragment or not fragment.strip():
        return mark_safe(fragment or "")  # noqa: S308 - the caller passes sanitized HTML
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    _isolate_children(root)
    inner = (escape(root.text) if root.text else "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return mark_safe(inner)  # noqa: S308 - lxml serialized the sanitized tree, with bdi elements added


def _isolate_children(element) -> None:
    if not isinstance(element.tag, str) or element.tag in _SKIP or element.get("dir"):
        return
    if element.text:
        pieces = _split(element.text)
        if pieces is not None:
            element.text = pieces[0]
            for offset, node in enumerate(pieces[1]):
                element.insert(offset, node)
    for child in list(element):
        _isolate_children(child)
        if child.tail:
            pieces = _split(child.tail)
            if pieces is not None:
                child.tail = pieces[0]
                parent = child.getparent()
                index = parent.index(child)
                for offset, node in enumerate(pieces[1], 1):
                    parent.insert(index + offset, node)


def _split(text: str):
    """``(leading text, [bdi elements with their tails])`` for a text with Latin runs, else None."""
    matches = list(_ISOLATE.finditer(text))
    if not matches:
        return None
    lead = text[: matches[0].start()]
    nodes = []
    for number, match in enumerate(matches):
        bdi = lxml_html.Element("bdi")
        bdi.text = match.group()
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        bdi.tail = text[match.end() : end]
        nodes.append(bdi)
    return lead, nodes
