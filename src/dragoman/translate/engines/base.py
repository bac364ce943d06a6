"""The engine interface: what every machine-translation engine implements.

An engine turns a batch of translation units into their translations. It knows nothing about documents,
placeholders' attributes, memories or checks: :mod:`dragoman.translate.document` does all that and hands
the engine only the text of each unit, in the form described in :mod:`dragoman.translate.markup`:

* ``markup=True`` (only when the engine's ``handles_markup`` is true): each text is an HTML fragment whose
  only tags are attribute-less numbered placeholders, ``<span id="N">…</span>`` around inline runs and
  ``<br id="N">`` for things that must come back untouched. The engine returns the same kind of fragment,
  the tags moved along with the words they belong to.
* ``markup=False``: plain text with placeholder tokens ``<xN>…</xN>`` and ``<xN/>``; the engine is told
  (or built) to keep them.

Glossary terms normally never reach an engine: the core turns them into placeholders. An engine with a
glossary feature of its own may ask for them instead through :meth:`Engine.native_glossary`.

Adding an engine is one module under ``dragoman/translate/engines/`` with a subclass of :class:`Engine`,
and one ``register(...)`` line in ``dragoman/translate/engines/__init__.py``.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import ClassVar


class EngineError(Exception):
    """The engine could not translate a batch. ``retryable`` says whether trying again later may help."""

    def __init__(self, message: str, *, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


class EngineUnavailable(EngineError):
    """The engine cannot work here: not installed, language pair missing, misconfigured.

    The message says what to do about it (for example which package to install). Never retryable: the
    same call fails the same way until an operator acts.
    """

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


class Engine(abc.ABC):
    """A machine-translation engine."""

    name: ClassVar[str]
    """Registry name and part of translation-memory keys, e.g. ``"apertium"``."""

    label: ClassVar[str]
    """Shown to readers in the attribution, e.g. ``"Apertium"``."""

    handles_markup: ClassVar[bool]
    """True when the engine accepts inline tags and moves them with their words."""

    @abc.abstractmethod
    def version(self) -> str:
        """Everything that changes this engine's output (program and data versions).

        It goes into translation-memory keys: a new version never reuses older translations.
        """

    @abc.abstractmethod
    def availability(self) -> tuple[bool, str]:
        """Whether the engine is usable on this machine, and if not, why and what to do about it."""

    @abc.abstractmethod
    def pairs(self) -> set[tuple[str, str]]:
        """The language pairs it translates, as ISO 639-1 codes: ``{("en", "es"), ("es", "en")}``."""

    @abc.abstractmethod
    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        """Translate every text of the batch; the result has one translation per text, in order.

        Each text is translated on its own: no text's words may leak into another's translation.
        Raises :class:`EngineUnavailable` when the pair or the engine is missing and :class:`EngineError`
        for any other failure.
        """

    def native_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> bool:
        """Whether the engine will apply these forced terms itself for ``source -> target``.

        Optional; the default is ``False``, and then the core protects each term as a placeholder and puts
        the target term back (see :mod:`dragoman.translate.glossary`). An engine with a glossary feature
        (DeepL) may prepare it here (create it at the service, once) and return ``True``: the core then
        leaves the terms in the text and calls ``translate_batch(..., glossary=terms)``, a keyword only
        such engines accept. An engine that can't honour these terms (unsupported pair, a term the service
        can't store, the service unreachable) returns ``False``, and the core protects them as usual.
        """
        return False

    def name_stand_in(self, source: str, target: str) -> str | None:
        """The word to send in place of every protected name (:mod:`dragoman.translate.names`), or None to
        send the name itself.

        A name always travels inside a placeholder, and whatever the engine writes there is replaced by the
        name's form. Engines that read a name as the word it also is ("Trump" -> "Triunfo") build a better
        sentence around a word their dictionary knows as a proper noun; engines that know names (neural,
        cloud) are better off seeing the name itself. Default: None."""
        return None

    def supports(self, source: str, target: str) -> bool:
        """Whether ``source -> target`` is one of :meth:`pairs`."""
        return (source, target) in self.pairs()

    def close(self) -> None:
        """Let go of what the engine keeps between batches (connections, processes). Optional; the engine
        makes them again if it is used after this."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class EngineWrapper(Engine):
    """An engine that presents itself as the engine it wraps and forwards everything to it.

    Subclasses change :meth:`translate_batch` (to meter, record or disturb calls) and call ``super()``.
    Forwarding :meth:`native_glossary` and the ``glossary`` keyword keeps native glossaries working
    through any wrapper.
    """

    def __init__(self, inner: Engine):
        self.inner = inner

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.inner.name

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.inner.label

    @property
    def handles_markup(self) -> bool:  # type: ignore[override]
        return self.inner.handles_markup

    def version(self) -> str:
        return self.inner.version()

    def availability(self) -> tuple[bool, str]:
        return self.inner.availability()

    def pairs(self) -> set[tuple[str, str]]:
        return self.inner.pairs()

    def native_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> bool:
        return self.inner.native_glossary(source, target, terms)

    def name_stand_in(self, source: str, target: str) -> str | None:
        return self.inner.name_stand_in(source, target)

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool, **options) -> list[str]:
        return self.inner.translate_batch(texts, source, target, markup=markup, **options)

    def close(self) -> None:
        self.inner.close()
