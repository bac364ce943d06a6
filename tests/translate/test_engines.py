"""The engine interface and the registry."""

from __future__ import annotations

import pytest

from dragoman.translate import engines
from dragoman.translate.engines import engine_names, get_engine, register
from dragoman.translate.engines.apertium import ApertiumEngine
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable
from tests.support.engines import ArabicTestEngine, UpperCaseEngine


@pytest.fixture
def registry(monkeypatch):
    """A registry the test may change; the real one is restored afterwards."""
    monkeypatch.setattr(engines, "_REGISTRY", dict(engines._REGISTRY))
    return engines._REGISTRY


def test_apertium_is_registered_by_default():
    assert "apertium" in engine_names()
    assert isinstance(get_engine("apertium"), ApertiumEngine)


def test_options_go_to_the_engine():
    engine = get_engine("apertium", timeout=5, max_chunk_chars=10)
    assert (engine.timeout, engine.max_chunk_chars) == (5, 10)


def test_unknown_name_lists_the_known_engines():
    with pytest.raises(EngineUnavailable, match=r"unknown translation engine 'babelfish'; known engines: .*apertium"):
        get_engine("babelfish")


def test_wrong_options_are_reported_as_misconfiguration():
    with pytest.raises(EngineUnavailable, match="engine 'apertium' misconfigured"):
        get_engine("apertium", colour="blue")


def test_adding_an_engine_is_one_register_call(registry):
    register(ArabicTestEngine)
    assert "test-ar" in engine_names() and engine_names() == sorted(engine_names())
    assert get_engine("test-ar").translate_batch(["hi"], "en", "ar", markup=False) == ["هي"]


def test_a_name_cannot_be_taken_twice(registry):
    register(UpperCaseEngine)
    register(UpperCaseEngine)  # the same class again is harmless

    class Impostor(UpperCaseEngine):
        pass

    with pytest.raises(ValueError, match="already taken"):
        register(Impostor)


def test_an_engine_must_implement_the_whole_interface():
    class Half(Engine):
        name, label, handles_markup = "half", "Half", False

        def version(self) -> str:
            return "0"

    with pytest.raises(TypeError):
        Half()


def test_engine_errors_carry_retryability():
    assert EngineError("slow", retryable=True).retryable
    assert not EngineError("bad").retryable
    unavailable = EngineUnavailable("apt-get install apertium-eng-spa")
    assert isinstance(unavailable, EngineError) and not unavailable.retryable
    assert str(unavailable) == "apt-get install apertium-eng-spa"


def test_supports_checks_the_pairs():
    assert ArabicTestEngine().supports("en", "ar") and not ArabicTestEngine().supports("ar", "en")
