"""The engine registry: engines by name.

    from dragoman.translate.engines import get_engine
    engine = get_engine("apertium")            # options go to the engine's constructor
    engine.translate_batch(["Hello"], "en", "es", markup=True)

Adding an engine is one module in this package with an :class:`~dragoman.translate.engines.base.Engine`
subclass, plus one ``register(...)`` line at the bottom of this file.
"""

from __future__ import annotations

from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable

_REGISTRY: dict[str, type[Engine]] = {}


def register(engine_cls: type[Engine]) -> type[Engine]:
    """Make ``engine_cls`` available under its ``name``; returns it, so it also works as a decorator."""
    name = getattr(engine_cls, "name", "")
    if not name:
        raise ValueError(f"{engine_cls.__qualname__} has no name")
    registered = _REGISTRY.get(name)
    if registered is not None and registered is not engine_cls:
        raise ValueError(f"engine name {name!r} is already taken by {registered.__qualname__}")
    _REGISTRY[name] = engine_cls
    return engine_cls


def unregister(name: str) -> None:
    """Forget the engine registered as ``name`` (tests register engines of their own for a while)."""
    _REGISTRY.pop(name, None)


def get_engine(name: str, **options) -> Engine:
    """A new engine of the class registered as ``name``, built with ``options``."""
    try:
        engine_cls = _REGISTRY[name]
    except KeyError:
        known = ", ".join(engine_names()) or "none"
        raise EngineUnavailable(f"unknown translation engine {name!r}; known engines: {known}") from None
    try:
        return engine_cls(**options)
    except TypeError as exc:
        raise EngineUnavailable(f"engine {name!r} misconfigured: {exc}") from exc


def engine_names() -> list[str]:
    """Names of the registered engines, sorted."""
    return sorted(_REGISTRY)


__all__ = ["Engine", "EngineError", "EngineUnavailable", "engine_names", "get_engine", "register", "unregister"]


from dragoman.translate.engines.apertium import ApertiumEngine  # noqa: E402  (engines import base, not us)

register(ApertiumEngine)

from dragoman.translate.engines.deepl import DeepLEngine  # noqa: E402
from dragoman.translate.engines.google import GoogleEngine  # noqa: E402
from dragoman.translate.engines.libretranslate import LibreTranslateEngine  # noqa: E402
from dragoman.translate.engines.openai import OpenAIEngine  # noqa: E402

register(DeepLEngine)
register(GoogleEngine)
register(LibreTranslateEngine)
register(OpenAIEngine)

from dragoman.translate.engines.ctranslate2 import CTranslate2Engine  # noqa: E402  (imports ctranslate2 lazily)

register(CTranslate2Engine)

from dragoman.translate.engines.apertium_apy import ApertiumApyEngine  # noqa: E402

register(ApertiumApyEngine)
