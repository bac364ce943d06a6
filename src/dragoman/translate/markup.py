"""HTML body -> translation units and back, without ever breaking a sentence.

    document = HtmlDocument(body_html, source="en", glossary=None)
    texts = [unit.engine_text(markup=engine.handles_markup) for unit in document.units]
    ...                                     # translate, decode, normalize, check (see document.py)
    html = document.render(translated_tokens)   # one token list per unit

**The unit is a block's own text, never a text node.** A block element (``p``, ``li``, ``h1``-``h6``,
``td``, ``th``, ``dt``, ``dd``, ``caption``, ``figcaption``, ``blockquote``, ``div``…) contributes one unit
per run of inline content between its child blocks: ``<li>Intro <ul><li>Sub</li></ul></li>`` gives
"Intro" and "Sub", and ``<blockquote><p>Quote</p></blockquote>`` gives "Quote" once. An inline element
that holds a block (``<a><div>…</div></a>``) is treated as a block itself. Unknown elements count as
blocks, so a sentence is never glued to text it doesn't belong to. A run with no letters (only numbers,
punctuation or images) is left as it is.

**Inline elements become numbered placeholders**, numbered from 1 within the unit in document order;
their tag and attributes stay in the unit's side table and never reach the engine:

* *paired* (``a``, ``b``, ``strong``, ``em``, ``i``, ``q``, ``span``, ``sup``, ``sub``, ``abbr``,
  ``small``, ``mark``, ``u``, ``s``, ``time``…) wrap words the engine translates and moves;
* *atoms* stand for what must come back untouched: ``br``, ``img`` and other media; protected content
  (``code``, ``kbd``, ``samp``, ``var``, ``cite``, which holds titles of works, and any element with
  ``translate="no"``, class ``notranslate`` or a ``lang`` other than the source language); URLs and
  e-mail addresses in the text; glossary terms, which come back as their forced translation. An inline
  element with no words in it (an icon link, a footnote marker ``<sup>1</sup>``) is one atom too, and
  comes back as it was.

**What the engine receives** depends on the engine's ``handles_markup``:

* HTML engines (Apertium with transfuse) get an HTML fragment with attribute-less numbered tags only:
  ``Read the <span id="1">full report</span> at <br id="2">.`` A ``span`` is what transfuse moves with its
  words; a ``br`` is the only tag it keeps in place without cutting the sentence in two (measured: ``img``,
  ``code``, an empty ``span`` and unknown tags such as ``<x1>`` all split it). Text is HTML-escaped.
* Plain-text engines get the text with XLIFF-like tokens they are told to keep:
  ``Read the <x1>full report</x1> at <x2/>.`` Text is not escaped; a literal ``<x1>`` in an article is
  itself protected as an atom, so the tokens are unambiguous.

Either way the translation memory is keyed by exactly that text, so an entry is independent of link
targets and reusable across documents. A ``\n`` inside a plain-text paragraph (:mod:`plaintext`) travels
as an atom as well.

**Coming back**, the engine's text is decoded into tokens, pieces of an element the engine split are
rejoined (transfuse turns ``the <span id="1">bus network</span>`` into ``la <span id="1">red</span> de
<span id="1">autobús</span>``, which becomes ``la <a href=…>red de autobús</a>``), the checks of
:mod:`dragoman.translate.checks` run, and the real elements are rebuilt from the side table, with the
``alt``, ``title`` and ``aria-label`` texts (units of their own) already translated. The output keeps the
input's block structure; only whitespace between inline elements may be collapsed.

There is no code path that translates text nodes one by one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from lxml import etree
from lxml import html as lxml_html

from dragoman.htmlrepair import repair_source, repair_tree
from dragoman.translate.degrade import Kept
from dragoman.translate.glossary import Glossary
from dragoman.translate.units import Frozen, Keep, Token, TokenBuilder, Unit, Wrap, has_words

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center col colgroup dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav "
    "ol p search section summary table tbody td tfoot th thead tr ul".split()
)
"""Elements whose content is split into units. Unknown elements are treated as blocks too."""

INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big data del dfn em font i ins label mark nobr q s small span strike strong "
    "sub sup time tt u".split()
)
"""Elements that become paired placeholders: they wrap words the engine translates and moves."""

ATOMIC_TAGS = frozenset(
    "area audio br button canvas embed iframe img input map meter object picture progress ruby select "
    "source track video wbr".split()
)
"""Elements sent as atoms and restored verbatim (their ``alt`` and ``title`` are translated)."""

PROTECTED_INLINE_TAGS = frozenset("cite code kbd math samp svg var".split())
"""Inline elements never translated: code, keyboard input, sample output, variables, formulas, and
``cite`` (titles of works keep their own names)."""

PROTECTED_BLOCK_TAGS = frozenset("listing noscript plaintext pre script style template textarea xmp".split())
"""Block-level elements never translated."""

TEXT_BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd td th caption figcaption summary legend".split())
"""Blocks whose whole content may carry the ``lang`` of a unit kept in the source language (other blocks,
such as a ``div`` holding loose text, get a ``span`` around the unit)."""

TRANSLATED_ATTRIBUTES = ("alt", "title", "aria-label")
"""Attributes whose text readers meet (on screen or read aloud): each is a unit of its own."""

_NOT_BLOCK_TAGS = INLINE_TAGS | ATOMIC_TAGS | PROTECTED_INLINE_TAGS


class _Kind(Enum):
    BLOCK = "block"  # split into units, recurse
    SKIP = "skip"  # protected block: nothing inside is touched
    PAIRED = "paired"  # inline element around words
    ATOM = "atom"  # inline element restored verbatim, attributes translated
    PROTECTED = "protected"  # inline element restored verbatim, nothing translated


@dataclass(eq=False)
class _RunSlot:
    """Where a block unit's content lives: after ``anchor`` (a block child, or ``None`` for the start of
    ``parent``), the inline ``children`` and the text around them."""

    parent: etree._Element
    anchor: etree._Element | None
    children: list[etree._Element]
    lead: str
    trail: str

    def keep(self, kept: Kept) -> None:
        """Leave the run in the source language, marked: ``lang`` on its block when it is the block's whole
        content (else on a ``span`` around it), and the note after it."""
        note = self.parent.makeelement("small", kept.note_attributes())
        note.text = kept.note
        whole = self.anchor is None and len(self.children) == len(self.parent) and self.parent.tag in TEXT_BLOCK_TAGS
        if whole:
            self.parent.attrib.update(kept.source_attributes())
        else:
            span = self.parent.makeelement("span", kept.source_attributes())
            at = 0 if self.anchor is None else self.parent.index(self.anchor) + 1
            head = (self.parent.text if self.anchor is None else self.anchor.tail) or ""
            span.text = head[len(self.lead) :] if head.startswith(self.lead) else head.lstrip(" \t\n\r\f")
            for child in self.children:
                span.append(child)  # moved, with its tail
            if self.anchor is None:
                self.parent.text = self.lead
            else:
                self.anchor.tail = self.lead
            self.parent.insert(at, span)
            self.parent, self.anchor, self.children = span, None, list(span)
        # the note goes after the run's last word, before its trailing whitespace
        if len(self.parent):
            last = self.parent[-1]
            last.tail = (last.tail or "").rstrip(" \t\n\r\f")
        else:
            self.parent.text = (self.parent.text or "").rstrip(" \t\n\r\f")
        if whole:
            note.tail = self.trail
            self.parent.append(note)
            if len(self.parent) > 1:
                previous = self.parent[-2]
                previous.tail = (previous.tail or "") + " "
            else:
                self.parent.text += " "
        else:
            span = self.parent
            outer = span.getparent()
            outer.insert(outer.index(span) + 1, note)
            span.tail, note.tail = " ", self.trail

    def write(self, content: etree._Element) -> None:
        for child in self.children:
            self.parent.remove(child)  # lxml removes the child's tail with it: it was part of the run
        new = list(content)
        head = self.lead + (content.text or "")
        at = 0 if self.anchor is None else self.parent.index(self.anchor) + 1
        for offset, element in enumerate(new):
            self.parent.insert(at + offset, element)
        if new:
            new[-1].tail = (new[-1].tail or "") + self.trail
        else:
            head += self.trail
        if self.anchor is None:
            self.parent.text = head
        else:
            self.anchor.tail = head


@dataclass(eq=False)
class _AttributeSlot:
    element: etree._Element
    name: str
    lead: str
    trail: str

    def write(self, content: etree._Element) -> None:
        self.element.set(self.name, self.lead + content.text_content() + self.trail)

    def keep(self, kept: Kept) -> None:
        """An attribute kept in the source language stays as it was: an attribute can carry no mark."""


class HtmlDocument:
    """An HTML fragment split into translation units; :meth:`render` puts translations back.

    :param html: an HTML fragment (a body's content).
    :param source: the source language (ISO 639-1); elements marked with another ``lang`` are protected.
    :param glossary: forced terms, as a :class:`~dragoman.translate.glossary.Glossary` or a mapping.
    """

    def __init__(self, html: str, *, source: str | None = None, glossary: Glossary | Mapping[str, str] | None = None):
        self.glossary = Glossary.coerce(glossary)
        self.source = (source or "").split("-")[0].lower()
        self.root = _parse(html)
        self.units: list[Unit] = []
        self._slots: list[_RunSlot | _AttributeSlot] = []
        self._rendered = False
        self._block(self.root)

    # --- splitting ---------------------------------------------------------------------------------------------

    def _block(self, block: etree._Element) -> None:
        """Units for ``block``'s own runs of inline content, and for its child blocks in between."""
        self._attributes(block)
        anchor: etree._Element | None = None
        run: list[etree._Element] = []
        builder = self._builder()
        builder.text(block.text)
        for child in block:
            kind = self._kind(child)
            if kind in (_Kind.BLOCK, _Kind.SKIP):
                self._add_run(block, anchor, run, builder)
                if kind is _Kind.BLOCK:
                    self._block(child)
                anchor, run, builder = child, [], self._builder()
            else:
                self._inline(child, kind, builder)
                run.append(child)
            builder.text(child.tail)
        self._add_run(block, anchor, run, builder)

    def _inline(self, element: etree._Element, kind: _Kind, builder: TokenBuilder) -> None:
        """Add an inline element to the unit being built."""
        if kind is _Kind.PROTECTED:
            builder.atom(Keep(element))
            return
        if kind is _Kind.ATOM:
            for inner in element.iter():
                if isinstance(inner.tag, str) and not self._protected(inner):
                    self._attributes(inner)
            builder.atom(Keep(element))
            return
        self._attributes(element)
        content = self._builder()
        content.text(element.text)
        for child in element:
            self._inline(child, self._kind(child), content)
            content.text(child.tail)
        if content.has_words():
            placeholder = Wrap(element)
            builder.open(placeholder)
            builder.extend(content)
            builder.close(placeholder)
        else:
            tokens, placeholders, _, _ = content.finish(trim=False)
            builder.atom(Frozen(element, tokens, placeholders))

    def _add_run(self, parent: etree._Element, anchor, children: list[etree._Element], builder: TokenBuilder) -> None:
        tokens, placeholders, lead, trail = builder.finish()
        if not has_words(tokens):
            return
        hrefs = [a.get("href") for child in children for a in child.iter("a") if a.get("href") is not None]
        where = "top-level text" if parent is self.root else f"<{parent.tag}>"
        unit = Unit(len(self.units) + 1, tokens, placeholders, where, hrefs)
        self._add(unit, _RunSlot(parent, anchor, children, lead, trail))

    def _attributes(self, element: etree._Element) -> None:
        for name in TRANSLATED_ATTRIBUTES:
            value = element.get(name)
            if not value:
                continue
            builder = self._builder()
            builder.text(value)
            tokens, placeholders, lead, trail = builder.finish()
            if has_words(tokens):
                unit = Unit(len(self.units) + 1, tokens, placeholders, f"{name} of <{element.tag}>")
                self._add(unit, _AttributeSlot(element, name, lead, trail))

    def _add(self, unit: Unit, slot: _RunSlot | _AttributeSlot) -> None:
        self.units.append(unit)
        self._slots.append(slot)

    def _builder(self) -> TokenBuilder:
        return TokenBuilder(self.glossary)

    # --- classifying elements -----------------------------------------------------------------------------------

    def _kind(self, element: etree._Element) -> _Kind:
        if not isinstance(element.tag, str):  # comment, processing instruction
            return _Kind.PROTECTED
        tag = element.tag
        if tag in PROTECTED_BLOCK_TAGS:
            return _Kind.SKIP
        if self._protected(element):
            return _Kind.PROTECTED if tag in _NOT_BLOCK_TAGS else _Kind.SKIP
        if tag in PROTECTED_INLINE_TAGS:
            return _Kind.PROTECTED
        if tag in ATOMIC_TAGS:
            return _Kind.ATOM
        if tag in INLINE_TAGS:
            return _Kind.BLOCK if _holds_block(element) else _Kind.PAIRED
        return _Kind.BLOCK

    def _protected(self, element: etree._Element) -> bool:
        if (element.get("translate") or "").strip().lower() == "no":
            return True
        if "notranslate" in (element.get("class") or "").split():
            return True
        lang = (element.get("lang") or "").strip().split("-")[0].lower()
        return bool(lang and self.source and lang != self.source)

    # --- putting translations back ----------------------------------------------------------------------------------

    def render(self, translations: Sequence[list[Token]], kept: Collection[int] = (), mark: Kept | None = None) -> str:
        """The translated fragment, given one checked, normalized token list per unit (in order).

        The units at the positions ``kept`` (counted from 0) stay in the source language, as the original
        has them, marked as ``mark`` says (:meth:`_RunSlot.keep`); their translations are not used.
        Consumes the document: call it once.
        """
        if self._rendered:
            raise RuntimeError("an HtmlDocument renders only once")
        if len(translations) != len(self.units):
            raise ValueError(f"{len(translations)} translations for {len(self.units)} units")
        self._rendered = True
        kept = set(kept)
        mark = mark or Kept(self.source or "und", "en")
        pairs = list(zip(self.units, translations, self._slots))
        # Attributes first: rebuilt elements copy their attributes, translated ones included.
        for position, (unit, tokens, slot) in enumerate(pairs):
            if isinstance(slot, _AttributeSlot) and position not in kept:
                slot.write(unit.render(tokens))
        for position, (unit, tokens, slot) in enumerate(pairs):
            if isinstance(slot, _RunSlot):
                if position in kept:
                    slot.keep(mark)
                else:
                    slot.write(unit.render(tokens))
        return serialize(self.root)


def _holds_block(element: etree._Element) -> bool:
    """Whether an inline element has a block inside (looking through nested inline elements)."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in ATOMIC_TAGS or child.tag in PROTECTED_INLINE_TAGS:
            continue
        if child.tag not in INLINE_TAGS or _holds_block(child):
            return True
    return False


def _parse(html: str) -> etree._Element:
    """The fragment inside a ``div`` of our own, malformed markup repaired as a browser reads it
    (:mod:`dragoman.htmlrepair`: lone surrogates and stray ``</body>``/``</html>``, where libxml2 would
    stop reading, before parsing; control characters and attributes whose names XML can't carry after)."""
    html = repair_source(html)
    if not html.strip():
        return lxml_html.Element("div")
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    repair_tree(root, html)
    return root


def serialize(container: etree._Element) -> str:
    """The HTML of ``container``'s content."""
    markup = lxml_html.tostring(container, encoding="unicode")
    return markup[markup.index(">") + 1 : markup.rindex("<")]
