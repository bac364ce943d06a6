"""Translating a document: split into units, reuse the memory, send the rest in one batch, check, retry,
put back.

    from dragoman.translate.document import translate_html
    from dragoman.translate.engines import get_engine

    result = translate_html(body_html, "en", "es", get_engine("apertium"), memory=memory)
    result.html, result.units, result.cache_hits, result.engine_chars

The steps, for every unit of the document (see :mod:`dragoman.translate.markup` for what a unit is):

1. identical units are translated once;
2. the memory is asked first; a stored translation is checked like a fresh one, and one that no longer
   passes is translated again;
3. everything else goes to the engine in a single ``translate_batch`` call (the engine splits it into
   requests of the size it can take); a retryable :class:`EngineError` gets one more try;
4. every translation is checked (:mod:`dragoman.translate.checks`, knowing the target language); a unit
   that fails is sent again on its own, once; if it fails again, it is *degraded*, not the document: safer
   forms of that one unit are tried in order (:mod:`dragoman.translate.degrade`: without its inline
   elements that are not links, then its sentences apart), and as the last resort the unit stays in the
   source language, marked with its ``lang`` and a note in the reader's language.
   ``TranslationResult.degraded`` says which units, which checks they failed and which form was used. A
   broken paragraph is never returned, every link of the original is there exactly once in every form,
   and there is no falling back to translating text nodes alone. With ``degrade=False``,
   :class:`TranslationFailed` names the unit and the failed checks instead;
5. new translations that passed are stored in the memory, in their tidied form (pieces of split elements
   rejoined, whitespace collapsed), even when another unit failed, so a retry of the document costs only
   the failed units. Translations of the safer forms are stored under their own texts.

Engine errors are never degraded: a :class:`EngineError` (after its one retry when it is retryable) fails
the whole document, as it must, to be tried again later.

Glossary terms are protected as placeholders and come back as their forced translation, unless the
engine applies them itself: when :meth:`Engine.native_glossary` accepts the terms (DeepL creates a glossary
at the service), they stay in the text, go to ``translate_batch(..., glossary=terms)``, and the memory key
carries a digest of the terms, so a translation made under one set of terms is never reused under another.

Step 4 has one more repair after the retry, before degrading: when the only trouble is an element the
engine cut into pieces with other markup between them (Apertium does that to coordinated compounds:
"<a>public transport</a> and <b>bicycle lanes</b>" -> "<b>bicicleta</b> y <a>transporte públicos</a>
<b>caminos</b>"), the element is kept on its longest piece (see :func:`dragoman.translate.units.narrow`)
and the checks run again. Every word and every link is still there exactly once;
``TranslationResult.narrowed`` counts such units.
"""

from __future__ import annotations

import hashlib
import html as html_module
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dragoman.translate import degrade as degrading
from dragoman.translate.checks import check_links, check_text, check_unit
from dragoman.translate.degrade import Degradation, Derived, Kept
from dragoman.translate.engines.base import Engine, EngineError
from dragoman.translate.glossary import Glossary
from dragoman.translate.markup import HtmlDocument
from dragoman.translate.memory import Memory, MemoryKey
from dragoman.translate.names import Names, Protection, protect
from dragoman.translate.plaintext import TextDocument
from dragoman.translate.units import Token, Unit, decode, encode, narrow, normalize, release_from_names

log = logging.getLogger(__name__)


@dataclass
class TranslationResult:
    html: str  # the translated document (plain text for translate_text)
    units: int  # translation units in the document
    cache_hits: int  # units whose translation came from the memory
    engine_chars: int  # characters sent to the engine, retries included
    engine: str
    engine_version: str
    narrowed: int = 0  # units where an element the engine split around other markup kept one piece
    degraded: list[Degradation] = field(default_factory=list)  # units that failed twice, in a safer form

    @property
    def degraded_units(self) -> int:
        """How many units were degraded (see :mod:`dragoman.translate.degrade`)."""
        return len(self.degraded)
    names: dict[str, str] = field(default_factory=dict)  # each protected name -> what it became
    cache_chars: int = 0  # characters of the units served by the memory: what it saved sending

    @property
    def text(self) -> str:
        """The translation, under the name that reads better for :func:`translate_text`."""
        return self.html


@dataclass
class UnitFailure:
    unit: Unit
    problems: list[str]
    output: str  # the engine's last answer


class TranslationFailed(Exception):
    """A unit failed its checks twice, and degrading was not allowed (``degrade=False``). The message names
    the unit and the failed checks; ``failures`` holds every failed unit."""

    def __init__(self, failures: Sequence[UnitFailure]):
        self.failures = list(failures)
        first = self.failures[0]
        message = f"{first.unit.label} failed its checks twice: {'; '.join(first.problems)}"
        if len(self.failures) > 1:
            message += f" (and {len(self.failures) - 1} more units failed)"
        super().__init__(message)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(text: str) -> str:
    """Control characters (other than tab and line breaks) carry no text and break XML tooling: dropped."""
    return _CONTROLS.sub("", text)


def translate_html(
    html: str,
    source: str,
    target: str,
    engine: Engine,
    memory: Memory | None = None,
    glossary: Glossary | Mapping[str, str] | None = None,
    names: Names | bool | None = None,
    *,
    degrade: bool = True,
) -> TranslationResult:
    """Translate an HTML fragment from ``source`` to ``target`` (ISO 639-1 codes).

    ``names``: what is known about the article's names (:class:`~dragoman.translate.names.Names`); the
    default finds and protects names from the text alone; ``False`` protects none. A unit that fails its
    checks twice is degraded (see the module's docstring), or, with ``degrade=False``, raises
    :class:`TranslationFailed`."""
    glossary = Glossary.coerce(glossary)
    native = _native_terms(engine, source, target, glossary)
    names = Names.coerce(names)
    core_glossary = None if native or names is not None else glossary
    document = HtmlDocument(_without_controls(html), source=source, glossary=core_glossary)
    protection = _protect(document, source, target, engine, names, glossary, native)
    return _translate(document, source, target, engine, memory, native, protection, degrade=degrade)


def translate_text(
    text: str,
    source: str,
    target: str,
    engine: Engine,
    memory: Memory | None = None,
    glossary: Glossary | Mapping[str, str] | None = None,
    names: Names | bool | None = None,
    *,
    degrade: bool = True,
) -> TranslationResult:
    """Translate plain text; paragraphs separated by blank lines are the units. ``names`` as for
    :func:`translate_html`."""
    glossary = Glossary.coerce(glossary)
    native = _native_terms(engine, source, target, glossary)
    names = Names.coerce(names)
    core_glossary = None if native or names is not None else glossary
    document = TextDocument(_without_controls(text), glossary=core_glossary)
    protection = _protect(document, source, target, engine, names, glossary, native)
    return _translate(document, source, target, engine, memory, native, protection, degrade=degrade)


def _protect(document, source, target, engine: Engine, names: Names | None, glossary, native) -> Protection | None:
    """Names (and, unless the engine applies them itself, the glossary's terms) protected in the document's
    units (:mod:`dragoman.translate.names`)."""
    if names is None:
        return None
    return protect(
        document.units,
        source,
        target,
        names,
        glossary=None if native or not glossary else glossary.terms,
        leave=native or (),
        stand_in=engine.name_stand_in(source, target),
    )


def _native_terms(engine: Engine, source: str, target: str, glossary: Glossary | None) -> dict[str, str] | None:
    """The glossary's terms when the engine applies them itself (:meth:`Engine.native_glossary`), else None."""
    if not glossary:
        return None
    terms = dict(glossary.terms)
    return terms if engine.native_glossary(source, target, terms) else None


def _translate(
    document: HtmlDocument | TextDocument,
    source: str,
    target: str,
    engine: Engine,
    memory: Memory | None,
    glossary: Mapping[str, str] | None = None,
    protection: Protection | None = None,
    *,
    degrade: bool = True,
) -> TranslationResult:
    run = _Run(engine, source, target, memory, glossary, degrade=degrade)
    translations = run.translate(document.units)
    if protection is not None:
        protection.resolve(document.units, translations, run.send_alone)
        protection.remember()
    return TranslationResult(
        html=document.render(translations, kept=run.kept, mark=Kept(source, target)),
        units=len(document.units),
        cache_hits=run.cache_hits,
        cache_chars=run.cache_chars,
        engine_chars=run.engine_chars,
        engine=engine.name,
        engine_version=run.engine_version,
        narrowed=run.narrowed,
        degraded=sorted(run.degraded, key=lambda d: d.unit),
        names=protection.forms if protection is not None else {},
    )


class _Run:
    """One document's units through memory, engine, checks and retries."""

    def __init__(
        self,
        engine: Engine,
        source: str,
        target: str,
        memory: Memory | None,
        glossary: Mapping[str, str] | None = None,
        *,
        degrade: bool = True,
    ):
        self.engine = engine
        self.degrade = degrade
        self.source = source
        self.target = target
        self.memory = memory
        self.glossary = glossary  # terms the engine applies itself; None when the core protects them
        self.markup = engine.handles_markup
        self.engine_version = engine.version()
        key_version = self.engine_version
        if glossary:
            digest = hashlib.sha256(json.dumps(sorted(glossary.items()), ensure_ascii=False).encode()).hexdigest()
            key_version += f"; glossary {digest[:16]}"
        self.key = MemoryKey(engine.name, key_version, source, target)
        self.cache_hits = 0
        self.cache_chars = 0
        self.engine_chars = 0
        self.narrowed = 0
        self.degraded: list[Degradation] = []
        self.kept: set[int] = set()  # positions of the units kept in the source language

    def translate(self, units: list[Unit]) -> list[list[Token]]:
        if not units:
            return []
        texts = [unit.engine_text(markup=self.markup) for unit in units]
        sharing: dict[str, list[Unit]] = {}  # engine text -> the units that send it
        for text, unit in zip(texts, units):
            sharing.setdefault(text, []).append(unit)
        accepted: dict[str, list[Token]] = {}

        stored = self.memory.lookup(self.key, list(sharing)) if self.memory is not None else {}
        for text, output in stored.items():
            if text in sharing:
                tokens = self._decode(output)
                if not self._failures(sharing[text], tokens, output):
                    accepted[text] = tokens
                    self.cache_hits += len(sharing[text])
                    self.cache_chars += len(text) * len(sharing[text])
        remembered = set(accepted)

        failed: dict[str, list[UnitFailure]] = {}
        try:
            misses = [text for text in sharing if text not in accepted]
            for text, output in zip(misses, self._send(misses)):
                unit = sharing[text][0]
                tokens = release_from_names(unit.tokens, self._decode(output), unit.placeholders)
                failures = self._failures(sharing[text], tokens, output)
                if failures:
                    failed[text] = failures
                else:
                    accepted[text] = tokens
            for text in list(failed):  # once more, alone
                log.info("retrying %s: %s", failed[text][0].unit.label, "; ".join(failed[text][0].problems))
                # with the names as written, when the engine got stand-ins for them: a stand-in it reads as a
                # proper noun may draw the words around it inside the name ("16-inch John" -> "John de 16
                # pulgadas"), which the name's form then replaces; the name itself does not
                unit = sharing[text][0]
                written = unit.names_as_written()
                (output,) = self._send([encode(written, markup=self.markup)])
                tokens = release_from_names(written, self._decode(output), unit.placeholders)
                failures = self._failures(sharing[text], tokens, output)
                if failures:  # last resort: an element split around other markup keeps its longest piece
                    narrowed = narrow(tokens)
                    if narrowed != tokens and not self._failures(sharing[text], narrowed, output):
                        log.warning("%s: kept a split element on one piece", failures[0].unit.label)
                        tokens, failures = narrowed, []
                        self.narrowed += len(sharing[text])
                if failures:
                    failed[text] = failures
                else:
                    del failed[text]
                    accepted[text] = tokens
        finally:  # what the engine translated is kept, even when a later batch is refused (a budget spent)
            if self.memory is not None:
                fresh = {text: encode(tokens, markup=self.markup) for text, tokens in accepted.items()}
                fresh = {text: output for text, output in fresh.items() if text not in remembered}
                if fresh:
                    self.memory.store(self.key, fresh)
        if failed and not self.degrade:
            raise TranslationFailed([failure for failures in failed.values() for failure in failures])
        if failed:
            accepted.update(self._degrade(failed, sharing))
        return [accepted[text] for text in texts]

    # --- degrading the units that failed twice (see dragoman.translate.degrade) ---------------------------------

    def _degrade(self, failed: dict[str, list[UnitFailure]], sharing: dict[str, list[Unit]]) -> dict[str, list[Token]]:
        """A translation for each engine text in ``failed``, in the safest form that passes; the forms of all
        the failed units go to the engine together, one batch per form."""
        done: dict[tuple[str, int], tuple[list[Token], str]] = {}  # (text, unit position) -> tokens, form
        units = {(text, failure.unit.index - 1): failure.unit for text in failed for failure in failed[text]}
        # every unit that sends a failed text (they render from one translation), each recorded on its own
        for text in failed:
            for unit in sharing[text]:
                units.setdefault((text, unit.index - 1), unit)

        plain = {key: form for key, unit in units.items() if (form := degrading.without_inline(unit)) is not None}
        for key, tokens in self._attempt(plain).items():
            if not check_links(units[key], tokens):  # every link once: counted again on the whole unit
                done[key] = (tokens, "plain")

        pieces: dict[tuple[tuple[str, int], int], Derived] = {}
        for key, unit in units.items():
            if key not in done:
                for number, piece in enumerate(degrading.sentences(unit) or []):
                    pieces[(key, number)] = piece
        translated = self._attempt({k: p for k, p in pieces.items() if degrading.needs_engine(p)})
        translated.update({k: p.restore(p.unit.tokens) for k, p in pieces.items() if not degrading.needs_engine(p)})
        # a sentence that still fails: without its inline elements
        retry = {}
        for k, piece in pieces.items():
            if k not in translated:
                form = degrading.without_inline(units[k[0]], piece.restore(piece.unit.tokens))
                if form is not None:
                    retry[k] = form
        translated.update(self._attempt(retry))
        for key, unit in units.items():
            if key in done:
                continue
            numbers = sorted(n for k, n in pieces if k == key)
            if numbers and all((key, n) in translated for n in numbers):
                joined = degrading.join_sentences([translated[(key, n)] for n in numbers])
                # counted again on the whole: every link once, and short sentences that each came back
                # unchanged are still running text left untranslated
                if not check_links(unit, joined) and not check_text(unit, joined):
                    done[key] = (joined, "sentences")

        by_text: dict[str, list[Token]] = {}
        problems = {failure.unit.index: failure.problems for failures in failed.values() for failure in failures}
        for (text, position), unit in sorted(units.items(), key=lambda item: item[0][1]):
            tokens, form = done.get((text, position), (unit.tokens, "original"))
            if form == "original":
                self.kept.add(position)
            # Units sharing a text render from the same tokens: only when they took the same form.
            if text in by_text and by_text[text] != tokens and form != "original":
                form, tokens = "original", unit.tokens
                self.kept.add(position)
            by_text.setdefault(text, tokens)
            record = Degradation(unit.index, unit.label, tuple(problems.get(unit.index, ())), form)
            log.warning("%s", record.describe())
            self.degraded.append(record)
        return by_text

    def _attempt(self, forms: Mapping) -> dict:
        """The forms that pass every check (from the memory, else from the engine in one batch), by key,
        their translations numbered back to the original unit's placeholders."""
        if not forms:
            return {}
        texts = {key: form.unit.engine_text(markup=self.markup) for key, form in forms.items()}
        stored = self.memory.lookup(self.key, list(dict.fromkeys(texts.values()))) if self.memory is not None else {}
        passed: dict = {}
        pending = []
        for key, text in texts.items():
            tokens = self._passing(forms[key].unit, stored[text]) if text in stored else None
            if tokens is None:
                pending.append(key)
            else:
                passed[key] = tokens
        sending = list(dict.fromkeys(texts[key] for key in pending))
        answers = dict(zip(sending, self._send(sending)))
        fresh = {}
        for key in pending:
            tokens = self._passing(forms[key].unit, answers[texts[key]])
            if tokens is not None:
                passed[key] = tokens
                fresh[texts[key]] = encode(tokens, markup=self.markup)
        if fresh and self.memory is not None:
            self.memory.store(self.key, fresh)
        return {key: forms[key].restore(tokens) for key, tokens in passed.items()}

    def _passing(self, unit: Unit, output: str) -> list[Token] | None:
        """The engine's ``output`` as tokens when it passes every check as a translation of ``unit`` (an
        element split around other markup kept on one piece if need be), else None."""
        tokens = self._decode(output)
        if not check_unit(unit, tokens, target=self.target):
            return tokens
        narrowed = narrow(tokens)
        if narrowed != tokens and not check_unit(unit, narrowed, target=self.target):
            return narrowed
        return None

    def _decode(self, output: str) -> list[Token]:
        return normalize(decode(output, markup=self.markup))

    def _failures(self, units: list[Unit], tokens: list[Token], output: str) -> list[UnitFailure]:
        """How ``tokens`` (decoded from the engine's ``output``) fails as a translation of each unit."""
        failures = []
        for unit in units:
            problems = check_unit(unit, tokens, target=self.target)
            if problems:
                failures.append(UnitFailure(unit, problems, output))
        return failures

    def send_alone(self, texts: list[str]) -> list[str]:
        """Plain texts (names) through the engine, in its wire form; what comes back without its markup."""
        wire = [html_module.escape(text, quote=False) for text in texts] if self.markup else list(texts)
        outputs = self._send(wire)
        return [html_module.unescape(output) if self.markup else output for output in outputs]

    def _send(self, texts: list[str]) -> list[str]:
        """The engine's translations of ``texts``; a retryable engine error gets a second try."""
        if not texts:
            return []
        try:
            outputs = self._call(texts)
        except EngineError as exc:
            if not exc.retryable:
                raise
            log.warning("%s failed (%s); trying once more", self.engine.name, exc)
            outputs = self._call(texts)
        if len(outputs) != len(texts):
            raise EngineError(f"{self.engine.name} returned {len(outputs)} translations for {len(texts)} texts")
        return outputs

    def _call(self, texts: list[str]) -> list[str]:
        self.engine_chars += sum(len(text) for text in texts)
        if self.glossary:
            return self.engine.translate_batch(
                texts, self.source, self.target, markup=self.markup, glossary=self.glossary  # type: ignore[call-arg]
            )
        return self.engine.translate_batch(texts, self.source, self.target, markup=self.markup)
