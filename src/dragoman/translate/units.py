"""Translation units: what one unit holds, how it travels to an engine and how its translation comes back.

A :class:`Unit` is the content of one block (or one attribute text, or one plain-text paragraph) as
a flat list of tokens: :class:`Text`, :class:`Open`/:class:`Close` around an inline element, and
:class:`Atom` for something the engine must leave alone (an image, a line break, code, a URL, a glossary
term). Placeholders are numbered from 1 in document order within the unit; the numbers index the unit's
side table of :class:`Placeholder` objects, which hold the real elements and their attributes. Only the
numbers ever reach an engine.

The wire forms (documented for readers in :mod:`dragoman.translate.markup`):

=================  ===============================  ====================
token              ``markup=True`` (HTML engines)   ``markup=False``
=================  ===============================  ====================
Text               HTML-escaped text                the text as it is
Open(3)            ``<span id="3">``                ``<x3>``
Close(3)           ``</span>``                      ``</x3>``
Atom(4)            ``<br id="4">``                  ``<x4/>``
=================  ===============================  ====================

Coming back, :func:`decode` reads the engine's text into tokens (keeping anything unexpected as
:class:`Stray`, for the checks to report), :func:`normalize` rejoins an element the engine split into
pieces, and :meth:`Unit.render` rebuilds real elements with their original attributes.
"""

from __future__ import annotations

import abc
import copy
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lxml import html as lxml_html

from dragoman.translate.glossary import Glossary

# --- tokens --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Open:
    id: int


@dataclass(frozen=True, slots=True)
class Close:
    id: int | None  # None: a closing tag in an engine's output that closes no placeholder


@dataclass(frozen=True, slots=True)
class Atom:
    id: int


@dataclass(frozen=True, slots=True)
class Stray:
    """Markup in an engine's output that is no placeholder: always a failed check."""

    raw: str


Token = Text | Open | Close | Atom | Stray

# --- placeholders: the side table ------------------------------------------------------------------------------


class Placeholder(abc.ABC):
    """What a numbered placeholder stands for. ``paired`` placeholders wrap translated content."""

    paired = False

    @abc.abstractmethod
    def build(self) -> lxml_html.HtmlElement | str:
        """A fresh element (or plain text) to put where the placeholder landed."""


@dataclass(eq=False)
class Wrap(Placeholder):
    """An inline element around translatable words, such as ``<a href=…>``. Rebuilt with the element's
    attributes as they are at render time (so a translated ``title`` is picked up)."""

    element: lxml_html.HtmlElement
    paired = True

    def build(self) -> lxml_html.HtmlElement:
        return self.element.makeelement(self.element.tag, dict(self.element.attrib))


@dataclass(eq=False)
class Keep(Placeholder):
    """An element restored verbatim: an image, a line break, ``code``, ``translate="no"`` content."""

    element: lxml_html.HtmlElement

    def build(self) -> lxml_html.HtmlElement:
        clone = copy.deepcopy(self.element)
        clone.tail = None
        return clone


@dataclass(eq=False)
class Literal(Placeholder):
    """Text that goes back as it is written here: a URL, a glossary term's translation, a line break."""

    text: str

    def build(self) -> str:
        return self.text


@dataclass(eq=False)
class Name(Placeholder):
    """A protected name (:mod:`dragoman.translate.names`): paired on the wire, so the engine sees a word in
    the sentence (the name itself, or a stand-in the engine reads as a proper noun), but whatever the engine
    writes inside comes back as the name's one form (``entry.form``, decided for the whole document)."""

    entry: object  # dragoman.translate.names.NameEntry (has .form and .key)
    paired = True

    def build(self) -> str:
        form = getattr(self.entry, "form", None)
        return form if form is not None else self.entry.key


@dataclass(eq=False)
class Frozen(Placeholder):
    """An inline element with nothing to translate inside (an icon link, a footnote number), sent as one
    atom; its own content is rebuilt from its own tokens, so glossary terms and images inside still work."""

    element: lxml_html.HtmlElement
    tokens: list[Token]
    placeholders: dict[int, Placeholder]

    def build(self) -> lxml_html.HtmlElement:
        shell = self.element.makeelement(self.element.tag, dict(self.element.attrib))
        render_into(shell, self.tokens, self.placeholders)
        return shell


# --- units -----------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Unit:
    """One translation unit: tokens plus the side table their placeholders point into."""

    index: int
    tokens: list[Token]
    placeholders: dict[int, Placeholder]
    where: str  # for messages: "<p>", "alt of <img>", "paragraph"
    hrefs: list[str] = field(default_factory=list)  # every link target in the source content

    @property
    def label(self) -> str:
        """Names the unit in messages: ``unit 4 (<p> "The council voted on…")``, its names as written (not
        the stand-in an engine receives for them)."""
        excerpt = " ".join(visible_text(self.names_as_written()).split())
        if len(excerpt) > 60:
            excerpt = excerpt[:57].rstrip() + "…"
        return f'unit {self.index} ({self.where} "{excerpt}")'

    def engine_text(self, *, markup: bool) -> str:
        return encode(self.tokens, markup=markup)

    def names_as_written(self) -> list[Token]:
        """The tokens with each protected name (:class:`Name`) holding the name as the source writes it
        instead of the stand-in an engine may receive for it (the same tokens when there is none)."""
        tokens = list(self.tokens)
        for position, (token, inside) in enumerate(within_names(tokens, self.placeholders)):
            if isinstance(token, Text) and inside is not None:
                key = getattr(self.placeholders[inside].entry, "key", None)
                if key is not None and token.text != key:
                    tokens[position] = Text(key)
        return tokens

    def render(self, tokens: list[Token]) -> lxml_html.HtmlElement:
        """A ``div`` holding the rebuilt content of a translation of this unit."""
        container = lxml_html.Element("div")
        render_into(container, tokens, self.placeholders)
        return container


def within_names(
    tokens: Iterable[Token], placeholders: Mapping[int, "Placeholder"]
) -> Iterator[tuple[Token, int | None]]:
    """Each token with the number of the protected name (:class:`Name`) it belongs to: the name's own opening
    and closing tokens and everything between them; ``None`` for a token outside every name."""
    inside = None
    for token in tokens:
        if inside is None and isinstance(token, Open) and isinstance(placeholders.get(token.id), Name):
            inside = token.id
        yield token, inside
        if inside is not None and token == Close(inside):
            inside = None


def release_from_names(sent: list[Token], output: list[Token], placeholders: dict[int, "Placeholder"]) -> list[Token]:
    """An engine's ``output`` with the words it drew inside a protected name moved out of it.

    A name (:class:`Name`) goes to the engine as a paired placeholder around one word; an engine that
    reorders a phrase around it may write other words inside it ("8-year-old <x1>John</x1> girl" ->
    "<x1>Johnde8años</x1> chica"), and the name's one form would replace them. Where the placeholder holds the
    word that was ``sent`` inside it and more, the more goes before or after the placeholder."""
    inside_sent: dict[int, str] = {}
    for token, inside in within_names(sent, placeholders):
        if isinstance(token, Text) and inside is not None:
            inside_sent[inside] = inside_sent.get(inside, "") + token.text
    if not inside_sent:
        return output
    source_text = visible_text(sent)
    result: list[Token] = []
    index = 0
    while index < len(output):
        token = output[index]
        if (
            isinstance(token, Open) and token.id in inside_sent and index + 2 < len(output)
            and isinstance(output[index + 1], Text) and output[index + 2] == Close(token.id)
        ):  # fmt: skip
            word, written = inside_sent[token.id].strip(), output[index + 1].text
            at = written.casefold().find(word.casefold()) if word else -1
            if at >= 0 and written.strip() != word:
                before, after = (_unglue(piece.strip(), source_text) for piece in (written[:at], written[at + len(word) :]))
                if before:
                    result.append(Text(before + " "))
                result += [token, Text(word), output[index + 2]]
                if after:
                    result.append(Text(" " + after))
                index += 3
                continue
        result.append(token)
        index += 1
    return result


_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _unglue(text: str, source: str) -> str:
    """Words an engine wrote inside a placeholder lose their spaces ("de8años"): a word of letters and digits
    that the source does not write is cut where letters and digits meet ("de 8 años")."""
    return " ".join(word if word in source else _GLUED.sub(" ", word) for word in text.split())


def has_words(tokens: Iterable[Token]) -> bool:
    """Whether any text token holds a letter (anything else is not worth an engine call)."""
    return any(isinstance(t, Text) and _LETTER.search(t.text) for t in tokens)


def visible_text(tokens: Iterable[Token]) -> str:
    """The text tokens joined (placeholders left out)."""
    return "".join(t.text for t in tokens if isinstance(t, Text))


_LETTER = re.compile(r"[^\W\d_]")

# --- building a unit's tokens ----------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace: a no-break space is content, not layout
# Control characters have no place in text (HTML forbids them) and NUL is a flush signal in Apertium's streams.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# What must travel as an atom inside text: URLs, e-mail addresses, and anything that looks like a plain-mode
# placeholder token (so that a literal "<x1>" in an article can never be mistaken for one).
_PROTECTED_TEXT = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]}]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|</?x\d+/?>",
    re.IGNORECASE,
)


def _protected_text(text: str) -> list[re.Match]:
    """The matches of :data:`_PROTECTED_TEXT` in ``text``. Its e-mail alternative tries every position of every
    word, so text without a character every match needs ("@", "<", "://" or "www." in any case: nothing else
    lower-cases to a "w" or a ".") is not searched at all."""
    if "@" in text or "<" in text or "://" in text or "www." in text.lower():
        return list(_PROTECTED_TEXT.finditer(text))
    return []


class TokenBuilder:
    """Accumulates a unit's content, then numbers its placeholders (:meth:`finish`).

    Text added with :meth:`text` is searched for URLs and glossary terms, which become atoms; control
    characters are dropped.
    """

    def __init__(self, glossary: Glossary | None = None):
        self.glossary = glossary
        self._items: list[str | Placeholder | tuple[str, Placeholder]] = []  # text, atom, ("open"|"close", p)

    def text(self, text: str | None) -> None:
        text = _CONTROL.sub("", text or "")
        if not text:
            return
        spans = [(m.start(), m.end(), Literal(m.group())) for m in _protected_text(text)]
        if self.glossary is not None:
            for match, target in self.glossary.finditer(text):
                if not any(start < match.end() and match.start() < end for start, end, _ in spans):
                    spans.append((match.start(), match.end(), Literal(target)))
        position = 0
        for start, end, literal in sorted(spans, key=lambda span: span[0]):
            if start > position:
                self._items.append(text[position:start])
            self._items.append(literal)
            position = end
        if position < len(text):
            self._items.append(text[position:])

    def atom(self, placeholder: Placeholder) -> None:
        self._items.append(placeholder)

    def open(self, placeholder: Placeholder) -> None:
        self._items.append(("open", placeholder))

    def close(self, placeholder: Placeholder) -> None:
        self._items.append(("close", placeholder))

    def extend(self, other: TokenBuilder) -> None:
        """Append everything ``other`` holds."""
        self._items.extend(other._items)

    def has_words(self) -> bool:
        return any(isinstance(item, str) and _LETTER.search(item) for item in self._items)

    def finish(self, *, trim: bool = True) -> tuple[list[Token], dict[int, Placeholder], str, str]:
        """``(tokens, placeholders, leading whitespace, trailing whitespace)``.

        With ``trim`` (for text that goes to an engine) whitespace inside is collapsed and the leading and
        trailing whitespace is handed back separately; without, the text stays exactly as it was.
        """
        tokens: list[Token] = []
        table: dict[int, Placeholder] = {}
        open_ids: list[int] = []
        for item in self._items:
            if isinstance(item, str):
                tokens.append(Text(item))
            elif isinstance(item, tuple):
                kind, placeholder = item
                if kind == "open":
                    table[len(table) + 1] = placeholder
                    open_ids.append(len(table))
                    tokens.append(Open(len(table)))
                else:
                    tokens.append(Close(open_ids.pop()))
            else:
                table[len(table) + 1] = item
                tokens.append(Atom(len(table)))
        tokens = _join_text(tokens)
        lead = trail = ""
        if not trim:
            return tokens, table, lead, trail
        if tokens and isinstance(tokens[0], Text):
            stripped = tokens[0].text.lstrip(" \t\n\r\f")
            lead = tokens[0].text[: len(tokens[0].text) - len(stripped)]
            tokens[0] = Text(stripped)
        if tokens and isinstance(tokens[-1], Text):
            stripped = tokens[-1].text.rstrip(" \t\n\r\f")
            trail = tokens[-1].text[len(stripped) :]
            tokens[-1] = Text(stripped)
        tokens = [Text(_WHITESPACE.sub(" ", t.text)) if isinstance(t, Text) else t for t in tokens if t != Text("")]
        return tokens, table, lead, trail


def _join_text(tokens: list[Token]) -> list[Token]:
    joined: list[Token] = []
    for token in tokens:
        if isinstance(token, Text) and joined and isinstance(joined[-1], Text):
            joined[-1] = Text(joined[-1].text + token.text)
        else:
            joined.append(token)
    return joined


# --- the wire: to the engine and back ----------------------------------------------------------------------------


def encode(tokens: Iterable[Token], *, markup: bool) -> str:
    """The text an engine receives for these tokens (see the table in the module docstring)."""
    parts = []
    for token in tokens:
        match token:
            case Text(text):
                parts.append(html.escape(text, quote=False) if markup else text)
            case Open(n):
                parts.append(f'<span id="{n}">' if markup else f"<x{n}>")
            case Close(n):
                parts.append("</span>" if markup else f"</x{n}>")
            case Atom(n):
                parts.append(f'<br id="{n}">' if markup else f"<x{n}/>")
            case Stray(raw):
                parts.append(raw)
    return "".join(parts)


def decode(text: str, *, markup: bool) -> list[Token]:
    """Tokens of an engine's output. Never fails: what doesn't parse becomes :class:`Stray`."""
    if markup:
        tokens = _decode_own_tags(text)
        if tokens is None:
            parser = _WireParser()
            parser.feed(text)
            parser.close()
            tokens = parser.tokens
        return _join_text(tokens)
    tokens: list[Token] = []
    position = 0
    for match in _PLAIN_TOKEN.finditer(text):
        if match.start() > position:
            tokens.append(Text(text[position : match.start()]))
        closing, number, empty = match.groups()
        n = int(number)
        tokens.append(Close(n) if closing else Atom(n) if empty else Open(n))
        position = match.end()
    if position < len(text):
        tokens.append(Text(text[position:]))
    return tokens


_PLAIN_TOKEN = re.compile(r"<(/?)\s*x(\d+)\s*(/?)>")
_OWN_TAG = re.compile(r'<span id="([0-9]+)">|</span>|<br id="([0-9]+)">')  # the markup wire form, as encode() writes it


def _decode_own_tags(text: str) -> list[Token] | None:
    """The tokens of markup output whose only markup is the tags :func:`encode` writes (what engines return
    most of the time), read as :class:`_WireParser` reads them (the text between two tags unescaped as a
    whole, a ``</span>`` closing the innermost open span) at a fraction of HTMLParser's cost; None when
    there is any other markup, for the parser."""
    tokens: list[Token] = []
    open_ids: list[int] = []
    position = 0
    for match in _OWN_TAG.finditer(text):
        if match.start() > position:
            chunk = text[position : match.start()]
            if "<" in chunk:
                return None
            tokens.append(Text(html.unescape(chunk)))
        opened, atom = match.groups()
        if opened is not None:
            open_ids.append(int(opened))
            tokens.append(Open(open_ids[-1]))
        elif atom is not None:
            tokens.append(Atom(int(atom)))
        else:
            tokens.append(Close(open_ids.pop() if open_ids else None))
        position = match.end()
    if position < len(text):
        rest = text[position:]
        if "<" in rest:
            return None
        tokens.append(Text(html.unescape(rest)))
    return tokens


class _WireParser(HTMLParser):
    """Reads the markup wire form; a ``</span>`` closes the innermost open ``<span>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self._open: list[int | None] = []  # ids of open spans; None for a span that had no usable id

    @staticmethod
    def _id(attrs: list[tuple[str, str | None]]) -> int | None:
        values = [value for name, value in attrs if name == "id"]
        if len(attrs) == 1 and values and values[0] and values[0].isdigit():
            return int(values[0])
        return None

    def handle_starttag(self, tag, attrs):
        n = self._id(attrs)
        if tag == "br" and n is not None:
            self.tokens.append(Atom(n))
        elif tag == "span":
            self._open.append(n)
            self.tokens.append(Open(n) if n is not None else Stray(self.get_starttag_text() or "<span>"))
        else:
            self.tokens.append(Stray(self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag, attrs):
        n = self._id(attrs)
        if tag == "br" and n is not None:
            self.tokens.append(Atom(n))
        else:
            self.tokens.append(Stray(self.get_starttag_text() or f"<{tag}/>"))

    def handle_endtag(self, tag):
        if tag == "span" and self._open:
            n = self._open.pop()
            self.tokens.append(Close(n) if n is not None else Stray("</span>"))
        elif tag == "span":
            self.tokens.append(Close(None))
        else:
            self.tokens.append(Stray(f"</{tag}>"))

    def handle_data(self, data):
        self.tokens.append(Text(data))

    def handle_comment(self, data):
        self.tokens.append(Stray(f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.tokens.append(Stray(f"<!{decl}>"))

    def handle_pi(self, data):
        self.tokens.append(Stray(f"<?{data}>"))

    def unknown_decl(self, data):
        self.tokens.append(Stray(f"<![{data}]>"))


# --- normalizing an engine's output -------------------------------------------------------------------------------

MAX_GAP_WORDS = 3
"""How many words may separate two pieces of one split element for them to be rejoined: transfuse turns
``the <span id="1">bus network</span>`` into ``la <span id="1">red</span> de <span id="1">autobús</span>``."""


@dataclass(eq=False)
class _Node:
    id: int
    children: list = field(default_factory=list)  # Text | Atom | _Node


def normalize(tokens: list[Token]) -> list[Token]:
    """Tidy an engine's output: rejoin pieces of a split element, collapse whitespace, trim the ends.

    Pieces of one element (the same placeholder number, side by side within the same parent) are joined
    when only whitespace, atoms and at most :data:`MAX_GAP_WORDS` words lie between them; the words in
    between join the element, which is right for what transfuse does (``la <a>red</a> de <a>autobús</a>``
    is the translation of the link "bus network"). Output that is not well nested is left for the checks
    to reject.
    """
    tree = _tree(tokens)
    if tree is not None:
        _merge_pieces(tree)
        tokens = _flatten(tree)
    tokens = [Text(_WHITESPACE.sub(" ", t.text)) if isinstance(t, Text) else t for t in _join_text(tokens)]
    if tokens and isinstance(tokens[0], Text):
        tokens[0] = Text(tokens[0].text.lstrip(" "))
    if tokens and isinstance(tokens[-1], Text):
        tokens[-1] = Text(tokens[-1].text.rstrip(" "))
    return [t for t in tokens if t != Text("")]


def narrow(tokens: list[Token]) -> list[Token]:
    """Keep each element the engine left in several pieces on its longest piece only.

    The last resort for output where :func:`normalize` could not rejoin the pieces because other markup
    lies between them: ``en <2>bicicleta</2> y <1>transporte públicos</1> <2>caminos</2>`` (Apertium's
    reading of "on <1>public transport</1> and <2>bicycle lanes</2>") becomes ``en bicicleta y <1>transporte
    públicos</1> <2>caminos</2>``: every word stays, every link is there once, on words of its own phrase,
    only over fewer of them. Applied by the orchestrator after a failed retry, and then checked again.
    """
    tree = _tree(tokens)
    if tree is None:
        return tokens
    pieces: dict[int, list[_Node]] = {}
    _collect_nodes(tree, pieces)
    drop = set()
    for nodes in pieces.values():
        if len(nodes) > 1:
            keep = max(nodes, key=lambda node: len(visible_text(_flatten(node.children)).strip()))
            drop.update(id(node) for node in nodes if node is not keep)
    return _flatten(_unwrap(tree, drop)) if drop else tokens


def _collect_nodes(children: list, found: dict[int, list[_Node]]) -> None:
    for child in children:
        if isinstance(child, _Node):
            found.setdefault(child.id, []).append(child)
            _collect_nodes(child.children, found)


def _unwrap(children: list, drop: set[int]) -> list:
    out: list = []
    for child in children:
        if isinstance(child, _Node):
            child.children = _unwrap(child.children, drop)
            out.extend(child.children if id(child) in drop else [child])
        else:
            out.append(child)
    return out


def _tree(tokens: list[Token]) -> list | None:
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for token in tokens:
        match token:
            case Text() | Atom():
                stack[-1][1].append(token)
            case Open(n):
                node = _Node(n)
                stack[-1][1].append(node)
                stack.append((n, node.children))
            case Close(n) if len(stack) > 1 and stack[-1][0] == n:
                stack.pop()
            case _:
                return None
    return root if len(stack) == 1 else None


def _merge_pieces(children: list) -> None:
    merged = True
    while merged:
        merged = False
        seen: dict[int, int] = {}
        for index, child in enumerate(children):
            if not isinstance(child, _Node):
                continue
            previous = seen.get(child.id)
            if previous is not None and _joinable(children[previous + 1 : index]):
                first = children[previous]
                first.children.extend(children[previous + 1 : index])
                first.children.extend(child.children)
                del children[previous + 1 : index + 1]
                merged = True
                break
            seen[child.id] = index
    for child in children:
        if isinstance(child, _Node):
            _merge_pieces(child.children)


def _joinable(gap: list) -> bool:
    if any(isinstance(item, _Node) for item in gap):
        return False
    words = sum(len(item.text.split()) for item in gap if isinstance(item, Text))
    return words <= MAX_GAP_WORDS


def _flatten(children: list) -> list[Token]:
    tokens: list[Token] = []
    for child in children:
        if isinstance(child, _Node):
            tokens.append(Open(child.id))
            tokens.extend(_flatten(child.children))
            tokens.append(Close(child.id))
        else:
            tokens.append(child)
    return tokens


# --- rebuilding elements -----------------------------------------------------------------------------------------


def render_into(
    container: lxml_html.HtmlElement, tokens: Iterable[Token], placeholders: dict[int, Placeholder]
) -> None:
    """Append the content described by ``tokens`` to ``container``. Tokens must have passed the checks."""
    stack = [container]
    skipping: int | None = None  # inside a Name placeholder: its content is the name's form, put once

    def add_text(text: str) -> None:
        parent = stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    for token in tokens:
        if skipping is not None:
            if token == Close(skipping):
                skipping = None
            continue
        match token:
            case Text(text):
                add_text(text)
            case Open(n) if isinstance(placeholders[n], Name):
                add_text(placeholders[n].build())
                skipping = n
            case Open(n):
                element = placeholders[n].build()
                stack[-1].append(element)
                stack.append(element)
            case Close():
                stack.pop()
            case Atom(n):
                built = placeholders[n].build()
                if isinstance(built, str):
                    add_text(built)
                else:
                    stack[-1].append(built)
            case Stray(raw):
                raise ValueError(f"cannot render engine markup {raw!r}")

