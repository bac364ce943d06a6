"""The engine registry: engines by name.

    from dragoman.translate.engines import get_engine
    engine = get_engine("apertium")            # options go to the engine's constructor
    engine.translate_batch(["Hello"], "en", "es", markup=True)

Adding an engine is one module in this package with an :class:`~dragoman.translate.engines.base.Engine`
subclass, plus one ``register(...)`` line at the bottom of this file.

Engines from outside are plugins: an installed package that declares its engine class in the
``dragoman.engines`` entry-point group (``[project.entry-points."dragoman.engines"]`` in its pyproject.toml,
``name = "package.module:Class"``) is registered the first time the registry is asked for an engine, with no
setting (:func:`load_plugins`). A plugin that cannot be loaded is still listed, as unavailable, with why.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points

from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable

#: The entry-point group of engine plugins.
PLUGIN_GROUP = "dragoman.engines"

_REGISTRY: dict[str, type[Engine]] = {}
#: Plugins that could not be loaded: entry-point name -> why.
_BROKEN_PLUGINS: dict[str, str] = {}
_plugins_loaded = False


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


def register_named(entries: list[str]) -> None:
    """Register the engine classes named ``"package.module:Class"`` (DRAGOMAN_EXTRA_ENGINES); ValueError naming
    the entry that cannot be loaded."""
    for entry in entries:
        module_name, _, class_name = entry.partition(":")
        try:
            engine_cls = getattr(import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ValueError(f"cannot load {entry!r} ({exc})") from None
        register(engine_cls)


def load_plugins(*, again: bool = False) -> None:
    """Register the engines installed packages declare in the ``dragoman.engines`` entry-point group (once per
    process; ``again`` reads the installed packages anew). The entry point's name must be its engine's name."""
    global _plugins_loaded
    if _plugins_loaded and not again:
        return
    _plugins_loaded = True
    for point in entry_points(group=PLUGIN_GROUP):
        if point.name in _REGISTRY and getattr(_REGISTRY[point.name], "__module__", "") == point.module:
            continue  # registered already (again, or also named in DRAGOMAN_EXTRA_ENGINES)
        try:
            engine_cls = point.load()
            if getattr(engine_cls, "name", None) != point.name:
                raise ValueError(f"its class is named {getattr(engine_cls, 'name', None)!r}, not {point.name!r}")
            register(engine_cls)
        except Exception as exc:  # a broken plugin must not take the others, or the command, down with it
            _BROKEN_PLUGINS[point.name] = f"the plugin {point.value} cannot be loaded ({type(exc).__name__}: {exc})"
        else:
            _BROKEN_PLUGINS.pop(point.name, None)


def get_engine(name: str, **options) -> Engine:
    """A new engine of the class registered as ``name``, built with ``options``."""
    load_plugins()
    if name in _BROKEN_PLUGINS and name not in _REGISTRY:
        raise EngineUnavailable(_BROKEN_PLUGINS[name])
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
    """Names of the registered engines (plugins that failed to load included), sorted."""
    load_plugins()
    return sorted({*_REGISTRY, *_BROKEN_PLUGINS})


def availability_report() -> list[tuple[str, bool, str, list[str]]]:
    """Each engine: its name, whether it is usable here, why not, and its pairs ("en->es") when it is."""
    rows = []
    for name in engine_names():
        try:
            engine = get_engine(name)
            usable, why = engine.availability()
            pairs = [f"{a}->{b}" for a, b in sorted(engine.pairs())] if usable else []
        except EngineError as exc:
            usable, why, pairs = False, str(exc), []
        rows.append((name, usable, "" if usable else why, pairs))
    return rows


def builtin_engine_names() -> list[str]:
    """Names of the engines that ship with Dragoman (no plugin, no test's engine), sorted."""
    return sorted(name for name, cls in _REGISTRY.items() if cls.__module__.startswith(f"{__name__}."))


def known_engine(name: str) -> None:
    """Raise :class:`EngineUnavailable` unless ``name`` is an engine Dragoman knows (usable here or not)."""
    if name not in engine_names():
        raise EngineUnavailable(f"unknown translation engine {name!r}; known engines: {', '.join(engine_names())}")


def usable_engine(name: str, source: str | None = None, target: str | None = None) -> Engine:
    """The engine ``name``, usable here (and for ``source``->``target`` when given); else
    :class:`EngineUnavailable` saying why in one line."""
    engine = get_engine(name)
    usable, why = engine.availability()
    if not usable:
        raise EngineUnavailable(f"engine {name!r} is not usable here: {why}")
    if source and target and (source, target) not in engine.pairs():
        pairs = ", ".join(f"{a}->{b}" for a, b in sorted(engine.pairs())) or "none"
        raise EngineUnavailable(f"engine {name!r} cannot translate {source}->{target} here (installed pairs: {pairs})")
    return engine


__all__ = ["PLUGIN_GROUP", "Engine", "EngineError", "EngineUnavailable", "availability_report", "builtin_engine_names", "engine_names",
           "get_engine", "known_engine", "load_plugins", "register", "register_named", "unregister", "usable_engine"]  # fmt: skip


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
