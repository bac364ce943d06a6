"""Translation memory: a unit already translated by the same engine, same version, same pair is never sent
again.

Entries map **the unit as sent to the engine** (placeholders numbered, no attributes, no URLs, glossary
terms already taken out; see :mod:`dragoman.translate.markup`) to **the engine's raw output**. So one entry
serves every document with that sentence, whatever its links point to, and a stored output is checked
again like a fresh one before use.

The database-backed memory lives with the Django apps; this module only defines the protocol and a
dictionary-backed implementation for tests, benchmarks and one-off runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class MemoryKey:
    """What a stored translation depends on besides its source text."""

    engine: str  # Engine.name
    version: str  # Engine.version()
    source: str  # ISO 639-1
    target: str


EngineKey = MemoryKey  # the name the design notes use


@runtime_checkable
class Memory(Protocol):
    def lookup(self, key: MemoryKey, source_texts: list[str]) -> dict[str, str]:
        """The stored translations of those of ``source_texts`` that have one."""
        ...

    def store(self, key: MemoryKey, pairs: dict[str, str]) -> None:
        """Remember ``{source text: translation}``; storing a text again keeps either translation."""
        ...


class InMemoryMemory:
    """A translation memory in a dictionary: lives as long as the object."""

    def __init__(self) -> None:
        self._entries: dict[tuple[MemoryKey, str], str] = {}

    def lookup(self, key: MemoryKey, source_texts: list[str]) -> dict[str, str]:
        return {text: self._entries[key, text] for text in source_texts if (key, text) in self._entries}

    def store(self, key: MemoryKey, pairs: dict[str, str]) -> None:
        for text, translation in pairs.items():
            self._entries[key, text] = translation

    def __len__(self) -> int:
        return len(self._entries)
