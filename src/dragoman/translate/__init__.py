"""Markup-safe machine translation. Plain Python: never imports Django.

    from dragoman.translate import translate_html, get_engine, InMemoryMemory
    result = translate_html("<p>The <a href='/x'>red car</a>.</p>", "en", "es", get_engine("apertium"))

Modules: ``engines/`` (the engine interface, the registry, one module per engine), ``markup`` (HTML ->
units and back), ``plaintext`` (text -> units), ``units`` (tokens, placeholders, the wire forms),
``checks``, ``glossary``, ``names`` (names found and kept), ``memory``, ``document`` (the orchestrator).
"""

from dragoman.translate.document import TranslationFailed, TranslationResult, translate_html, translate_text
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable
from dragoman.translate.glossary import Glossary
from dragoman.translate.memory import InMemoryMemory, Memory, MemoryKey

__all__ = [
    "Engine",
    "EngineError",
    "EngineUnavailable",
    "Glossary",
    "InMemoryMemory",
    "Memory",
    "MemoryKey",
    "TranslationFailed",
    "TranslationResult",
    "get_engine",
    "translate_html",
    "translate_text",
]
