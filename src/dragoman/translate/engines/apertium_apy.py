"""Apertium through an APY server (``apertium-apy``), registered as ``apertium-apy``.

APY is Apertium's HTTP server: ``/translate`` and ``/listPairs``. The engine here sends it plain units and
puts the inline elements back itself, because APY does not move tags with their words, and it keeps every
request small, because APY silently drops the end of long ones: :class:`ApertiumApyEngine`'s docstring says
how. The language codes and the name stand-ins are those of the command-line engine
(:mod:`dragoman.translate.engines.apertium`).
"""

from __future__ import annotations

import html
import logging
import os
import re
from functools import cached_property

from dragoman.translate.align import Link, SourceUnit, restore_placeholders, split_sentences
from dragoman.translate.engines.apertium import ISO_639_1_TO_APERTIUM, NAME_STAND_INS, _INSTALL_HINT, _iso_code
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable

log = logging.getLogger(__name__)

APY_URL_ENV = "DRAGOMAN_APERTIUM_APY_URL"
DEFAULT_APY_URL = "http://127.0.0.1:2737"

# One unit (or a piece of one) of an APY reply, and the atoms inside it.
_APY_PIECE = re.compile(r'<p data-u="(\d+)">(.*?)</p>', re.DOTALL)
_APY_ATOM = re.compile(r'<br id="(\d+)"\s*/?>')
_APY_WORD = re.compile(r"\w+")
_APY_GENERATION_MARK = re.compile(r"#(\w+)")


class ApertiumApyEngine(Engine):
    """Apertium through an APY server (``apertium-apy``): ``/translate`` and ``/listPairs`` over HTTP.

    **APY does not move tags.** Its ``format=html`` runs Apertium's old deformatter (``apertium-deshtml``),
    not transfuse: a tag stays where it was while the words around it are reordered, so "the
    <a>red</a> car" comes back as "el <a>coche</a> rojo" (measured on Debian's apertium-apy 0.11.7 with
    eng-spa). So this engine takes plain units (``handles_markup = False``) and:

    * sends each unit's text **without** its inline elements, so Apertium translates the sentence whole;
      atoms (images, URLs, line breaks…) travel as ``<br id="N">``, which APY keeps in place between the
      same words, as it should for them;
    * sends the text of each inline element **alone** as well (in the same requests), and finds that
      translation in the unit's translation (exactly, else the window of words that shares most words
      with it); the elements are then fitted into a well-nested whole by the same code that places them
      for the neural engine (:func:`dragoman.translate.align.restore_placeholders`); an element whose
      translation cannot be found is placed by proportion.

    The element's words are translated once out of context only to find them; what readers get is the
    sentence translated whole. Apertium translates word by word within a sentence, so the words of an
    element usually come out the same in context; where agreement changes them ("nuevo" alone, "nueva"
    in the sentence) the word-overlap match still finds them. Measured on the eight news paragraphs of
    the command-line engine's tests: the same translated words as ``apertium`` with transfuse in all
    eight, the links on exactly the same words in six; in the other two a link took one word more or
    less (an article Apertium adds to the element's words alone: "<a>El comité…</a>" where transfuse
    gives "El <a>comité…</a>").

    **APY's silent truncation.** APY (0.11.7, ``split_for_translation``) cuts a request's text into pieces
    of 4 KB (PIPE_BUF; 1,000 characters when more than two requests share a pipeline), at a full stop or
    a space, and translates at most ten pieces: beyond about 40 KB the rest of the text is dropped and the
    reply is still HTTP 200 (measured: a 74 KB request of 900 paragraphs came back with 492). Its cuts
    also break sentences, and can fall inside a tag. So every request is kept under
    ``max_request_chars`` (default 1,000 characters: APY never cuts such a request), units are packed
    into as few requests as that allows, a longer unit is sent as groups of whole sentences, and a reply
    that lost a piece is an error, never a shorter translation.

    APY generates with marks (``#`` before a word it could not inflect; ``markUnknown=no`` only drops the
    ``*`` of unknown words): those are removed here, as the command line's ``-u`` does.
    """

    name = "apertium-apy"
    label = "Apertium"
    handles_markup = False

    def __init__(
        self,
        *,
        url: str | None = None,
        timeout: float = 60.0,
        max_request_chars: int = 1000,
        data_version: str = "",
        transport=None,
    ):
        """Options, as given to ``get_engine("apertium-apy", **options)``:

        :param url: the APY server; default ``$DRAGOMAN_APERTIUM_APY_URL``, else ``http://127.0.0.1:2737``.
        :param timeout: seconds one request may take.
        :param max_request_chars: the most characters of text in one request (see the class docstring
            before raising it: above 1,000 APY may cut sentences; above ~40,000 it drops text).
        :param data_version: APY does not report the versions of its language data; set this to a new
            value when the server's pairs are updated, so the translation memory is renewed.
        :param transport: an httpx transport (tests).
        """
        if max_request_chars < 100:
            raise TypeError("max_request_chars must be at least 100")
        self.url = (url or os.environ.get(APY_URL_ENV) or DEFAULT_APY_URL).rstrip("/")
        self.timeout = timeout
        self.max_request_chars = max_request_chars
        self.data_version = data_version
        self._transport = transport
        self._pairs: set[tuple[str, str]] | None = None

    @cached_property
    def _client(self):
        """The engine's httpx client, allowed to reach the APY server the operator configured (usually on
        loopback, which the guard refuses otherwise)."""
        from dragoman.fetch import http_client

        return http_client(timeout=self.timeout, allow=[self.url], transport=self._transport)

    def close(self) -> None:
        """Close the connection pool (a new one is made if the engine is used again)."""
        client = self.__dict__.pop("_client", None)
        if client is not None:
            client.close()

    # --- the server ------------------------------------------------------------------------------------------

    def _request(self, path: str, data: dict[str, str] | None = None) -> dict:
        import httpx

        what = f"APY at {self.url}{path}"
        try:
            if data is None:
                reply = self._client.get(self.url + path)
            else:
                reply = self._client.post(self.url + path, data=data)
        except httpx.HTTPError as exc:
            raise EngineError(f"{what} could not be reached: {exc}", retryable=True) from None
        try:
            body = reply.json()
        except ValueError:
            body = {}
        if reply.status_code != 200:
            detail = body.get("explanation") or body.get("message") or reply.text[:200]
            if reply.status_code == 400 and "not installed" in str(detail):
                raise EngineUnavailable(f"{what}: {detail}")
            raise EngineError(f"{what} answered HTTP {reply.status_code}: {detail}", retryable=reply.status_code >= 500)
        if not isinstance(body, dict) or "responseData" not in body:
            raise EngineError(f"{what} gave an answer that is not APY's: {reply.text[:200]!r}")
        return body

    def pairs(self) -> set[tuple[str, str]]:
        if self._pairs is None:
            body = self._request("/listPairs")
            found = set()
            for pair in body.get("responseData") or []:
                source = _iso_code(str(pair.get("sourceLanguage", "")))
                target = _iso_code(str(pair.get("targetLanguage", "")))
                if source and target:
                    found.add((source, target))
            self._pairs = found
        return set(self._pairs)

    def availability(self) -> tuple[bool, str]:
        try:
            pairs = self.pairs()
        except EngineError as exc:
            return False, f"{exc} (start apertium-apy, bound to 127.0.0.1, or set {APY_URL_ENV})"
        if not pairs:
            return False, f"APY at {self.url} has no language pair installed ({_INSTALL_HINT})"
        return True, f"APY at {self.url}; pairs: {', '.join(f'{s}->{t}' for s, t in sorted(pairs))}"

    def version(self) -> str:
        return "; ".join(part for part in (f"apertium-apy {self.url}", self.data_version) if part)

    def name_stand_in(self, source: str, target: str) -> str | None:
        return NAME_STAND_INS.get(source)

    # --- translating -------------------------------------------------------------------------------------------

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        """Translate plain-text units with ``<xN>`` placeholders (see the class docstring)."""
        if markup:
            raise EngineError("the apertium-apy engine takes plain text with <xN> placeholders, not markup")
        if (source, target) not in self.pairs():
            a, b = ISO_639_1_TO_APERTIUM.get(source, source), ISO_639_1_TO_APERTIUM.get(target, target)
            raise EngineUnavailable(f"APY at {self.url} has no {a}-{b} pair for {source}->{target}")
        langpair = f"{ISO_639_1_TO_APERTIUM.get(source, source)}|{ISO_639_1_TO_APERTIUM.get(target, target)}"
        units = [SourceUnit.parse(text) for text in texts]
        pieces: list[str] = []  # HTML bodies, each a whole piece of a unit, or an element's text
        wholes: list[list[int]] = []  # per unit: its pieces, in order
        elements: list[dict[int, int]] = []  # per unit: element id -> its piece
        for unit in units:
            wholes.append([])
            elements.append({})
            for body in self._unit_bodies(unit):
                wholes[-1].append(len(pieces))
                pieces.append(body)
            for span in unit.all_spans:
                text = unit.plain[span.start : span.end].strip()
                if _APY_WORD.search(text):
                    elements[-1][span.id] = len(pieces)
                    pieces.append(html.escape(text, quote=False))
        translated = self._translate_pieces(pieces, langpair)

        results = []
        for text, unit, whole, found in zip(texts, units, wholes, elements):
            if not unit.plain.strip():
                results.append(text)
                continue
            target_text, atoms = _join_translation([translated[i] for i in whole], unit.plain)
            links = _locate_elements(unit, target_text, {n: html.unescape(translated[i]) for n, i in found.items()})
            results.append(restore_placeholders(unit, target_text, links, atoms=atoms))
        return results

    def _unit_bodies(self, unit) -> list[str]:
        """The unit's plain text as HTML, atoms as ``<br id="N">``; in groups of whole sentences when it is
        longer than a request may be."""
        if not unit.plain.strip():
            return []
        atoms = sorted(_all_atoms(unit), key=lambda point: point.position)
        cuts = [0]
        size = 0
        sentences = split_sentences(unit.plain)
        for start, end in sentences:
            if size and size + end - start > self.max_request_chars - 40:  # room for the <p data-u> wrapper
                cuts.append(start)
                size = 0
            size += end - start
        cuts.append(len(unit.plain) + 1)
        bodies = []
        for low, high in zip(cuts, cuts[1:]):
            parts, position = [], low
            for point in atoms:
                if low <= point.position < high:
                    parts += [html.escape(unit.plain[position : point.position], quote=False), f'<br id="{point.id}">']
                    position = point.position
            parts.append(html.escape(unit.plain[position:high], quote=False))
            bodies.append("".join(parts))
        return bodies

    def _translate_pieces(self, pieces: list[str], langpair: str) -> list[str]:
        """Each piece translated, in requests of at most ``max_request_chars`` characters."""
        out: list[str] = [""] * len(pieces)
        batch: list[int] = []
        size = 0
        for index, body in enumerate(pieces):
            wrapped = len(f'<p data-u="{index}"></p>\n') + len(body)
            if batch and size + wrapped > self.max_request_chars + 1:  # the last piece has no newline
                self._send(batch, pieces, langpair, out)
                batch, size = [], 0
            batch.append(index)
            size += wrapped
        if batch:
            self._send(batch, pieces, langpair, out)
        return out

    def _send(self, batch: list[int], pieces: list[str], langpair: str, out: list[str]) -> None:
        document = "\n".join(f'<p data-u="{i}">{pieces[i]}</p>' for i in batch)
        if len(document) > self.max_request_chars:  # only a single piece can be longer than the limit
            log.warning("an APY request of %d characters (one long sentence): APY may cut it", len(document))
        body = self._request("/translate", {"q": document, "langpair": langpair, "format": "html", "markUnknown": "no"})
        reply = str((body.get("responseData") or {}).get("translatedText") or "")
        found = {int(m.group(1)): m.group(2).strip() for m in _APY_PIECE.finditer(reply)}
        missing = [i for i in batch if i not in found]
        if missing:
            raise EngineError(
                f"APY at {self.url} lost {len(missing)} of {len(batch)} pieces of a {len(document)}-character "
                f"request (a truncated reply?); it starts {reply[:120]!r}",
                retryable=True,
            )
        for i in batch:
            out[i] = found[i]


def _all_atoms(unit) -> list:
    atoms = list(unit.atoms)
    for span in unit.all_spans:
        atoms.extend(span.atoms)
    return atoms


def _join_translation(parts: list[str], source: str) -> tuple[str, dict[int, int]]:
    """The unit's translation as text (pieces joined by a space) and where each atom landed in it.

    APY generates with marks: ``#`` before a word it could not inflect (``markUnknown=no`` only removes
    the ``*`` of unknown words); such a ``#`` is dropped unless the source has it too (a hashtag). Runs of
    spaces (the old deformatter doubles some) become one.
    """
    text = ""
    atoms: dict[int, int] = {}

    def add(segment: str) -> None:
        nonlocal text
        segment = _APY_GENERATION_MARK.sub(lambda m: m.group() if m.group() in source else m.group(1), segment)
        text = re.sub(r"[ \t]{2,}", " ", text + html.unescape(segment))

    for part in parts:
        if text and part:
            text += " "
        position = 0
        for match in _APY_ATOM.finditer(part):
            add(part[position : match.start()])
            atoms[int(match.group(1))] = len(text)
            position = match.end()
        add(part[position:])
    return text, atoms


def _locate_elements(unit, target: str, translations: dict[int, str]):
    """Alignment links for :func:`~dragoman.translate.align.restore_placeholders`: each
    element's own translation found in the unit's translation, linked to a character of the element's own
    text (not of a child's)."""
    words = [(m.start(), m.end(), m.group().casefold()) for m in _APY_WORD.finditer(target)]
    links = []
    for span in unit.all_spans:
        wanted = [w.casefold() for w in _APY_WORD.findall(translations.get(span.id, ""))]
        anchor = _own_character(span)
        if not wanted or anchor is None:
            continue
        expected = round(span.start / max(1, len(unit.plain)) * len(target))
        window = _best_window(words, wanted, expected)
        if window is not None:
            links.append(Link(words[window[0]][0], words[window[1] - 1][1], anchor, anchor + 1))
    return links


def _own_character(span) -> int | None:
    """A position in the element's text that is in none of its children."""
    covered = [(child.start, child.end) for child in span.children]
    for position in range(span.start, span.end):
        if not any(start <= position < end for start, end in covered):
            return position
    return None


def _best_window(words: list[tuple[int, int, str]], wanted: list[str], expected: int) -> tuple[int, int] | None:
    """The run of target words that matches ``wanted`` best: exactly if it is there, else the window (as
    long as ``wanted``, give or take one word) sharing the most words with it (:func:`_overlap`), if that
    is half of them. Ties go to the
    window nearest ``expected`` (the element's proportional place), then to the one as long as ``wanted``."""
    size = len(wanted)
    best, best_key = None, (0.0, 0, 0)
    exact = None
    for length in {size, max(1, size - 1), size + 1}:
        for start in range(0, len(words) - length + 1):
            window = [word for _, _, word in words[start : start + length]]
            distance = abs(words[start][0] - expected)
            if window == wanted:
                if exact is None or distance < exact[0]:
                    exact = (distance, (start, start + length))
                continue
            key = (round(_overlap(window, wanted), 6), -distance, -abs(length - size))
            if key > best_key:
                best, best_key = (start, start + length), key
    if exact is not None:
        return exact[1]
    return best if best_key[0] >= 0.5 else None


def _overlap(window: list[str], wanted: list[str]) -> float:
    """The share of ``wanted`` found in ``window``, each word used once and weighed by its length (an
    article or a preposition alone is no evidence); a word sharing its first four letters counts 3/4."""
    free = list(window)
    total = 0.0
    for word in wanted:
        if word in free:
            free.remove(word)
            total += _weight(word)
            continue
        stem = next((w for w in free if len(word) >= 4 and len(w) >= 4 and w[:4] == word[:4]), None)
        if stem is not None:
            free.remove(stem)
            total += 0.75 * _weight(word)
    return total / max(sum(map(_weight, window)), sum(map(_weight, wanted)))


def _weight(word: str) -> float:
    return 1.0 if len(word) > 3 else 0.25
