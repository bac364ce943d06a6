"""The LibreTranslate engine: plain text with placeholder tokens, repaired when mangled; server limits.

Run against a local server implementing LibreTranslate's documented API (:class:`FakeLibreTranslate`),
since no real server can be run here. Whether real Argos models keep ``<xN>`` tokens is the stated
assumption of :mod:`dragoman.translate.engines.libretranslate`; these tests cover what the engine does
about the ways they may not.
"""

from __future__ import annotations

import pytest

from dragoman.translate.document import TranslationFailed, translate_html
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.libretranslate import LibreTranslateEngine, repair_tokens
from tests.translate.engines.fakes import FakeLibreTranslate

SOURCE = '<p>The <a href="/cars">red car</a> and <img src="/c.png" alt=""> the <strong>bus</strong>.</p>'
EXPECTED = '<p>THE <a href="/cars">RED CAR</a> AND <img src="/c.png" alt=""> THE <strong>BUS</strong>.</p>'


@pytest.fixture
def engine(libretranslate_server, clock):
    return LibreTranslateEngine(url=libretranslate_server.url, sleep=clock.sleep, clock=clock)


def test_whole_units_go_as_plain_text_with_tokens(engine, libretranslate_server):
    assert translate_html(SOURCE, "en", "es", engine).html == EXPECTED
    (request,) = libretranslate_server.requests_to("/translate")
    assert request.json == {
        "q": ["The <x1>red car</x1> and <x2/> the <x3>bus</x3>."], "source": "en", "target": "es", "format": "text",
    }


def test_mangled_tokens_are_repaired():
    with FakeLibreTranslate(mangle=True) as server:
        assert server._translate_text("a <x1>b</x1> <x2/>") == "A < X1 >B< /X1 > < X2 />"  # what comes back
        engine = LibreTranslateEngine(url=server.url)
        assert translate_html(SOURCE, "en", "es", engine).html == EXPECTED
        assert len(server.requests_to("/translate")) == 1  # repaired, not retried
    assert repair_tokens("A < x1 >b</ X1> c <x2 / > ＜x3＞d＜／x3＞") == "A <x1>b</x1> c <x2/> <x3>d</x3>"
    assert repair_tokens("x1 < 2 and 3 > 1") == "x1 < 2 and 3 > 1"  # no token there


def test_a_dropped_token_fails_the_checks_not_the_page(libretranslate_server):
    class Dropping(LibreTranslateEngine):
        def _translate_chunk(self, texts, source, target, *, markup, glossary):
            return [text.replace("<x1>", "").replace("</x1>", "") for text in super()._translate_chunk(
                texts, source, target, markup=markup, glossary=glossary)]

    with pytest.raises(TranslationFailed, match="placeholder"):
        translate_html(SOURCE, "en", "es", Dropping(url=libretranslate_server.url), degrade=False)
    assert len(libretranslate_server.requests_to("/translate")) == 2  # the batch, then the unit alone once more
    # Degrading (the default): without its <strong> the link's token is dropped again, so the paragraph
    # stays in English, marked, and the page is still translated.
    result = translate_html(SOURCE, "en", "es", Dropping(url=libretranslate_server.url))
    assert [(d.form, d.problems) for d in result.degraded] == [("original", ("placeholder 1 is missing",))]
    assert result.html == SOURCE.replace("<p>", '<p lang="en">').replace("</p>", ' <small lang="es">[sin traducir]</small></p>')
    assert len(libretranslate_server.requests_to("/translate")) == 2 + 3  # the batch, the retry, the plain form


def test_the_servers_character_limit_halves_batches():
    with FakeLibreTranslate(char_limit=60) as server:
        engine = LibreTranslateEngine(url=server.url)
        texts = [f"sentence number {n} is here" for n in range(6)]  # 25 or 26 characters each
        assert engine.translate_batch(texts, "en", "es", markup=False) == [t.upper() for t in texts]
        batches = [len(r.json["q"]) for r in server.requests_to("/translate")]
        assert batches == [6, 3, 1, 2, 3, 1, 2]  # refused, refused, ok, ok, refused, ok, ok


def test_a_unit_over_the_servers_limit_fails_clearly():
    with FakeLibreTranslate(char_limit=10) as server:
        engine = LibreTranslateEngine(url=server.url)
        with pytest.raises(EngineError, match=r"exceeds text limit .*single unit of 27 characters") as caught:
            engine.translate_batch(["a sentence that is too long"], "en", "es", markup=False)
        assert not caught.value.retryable


def test_configured_limits_split_batches(libretranslate_server):
    engine = LibreTranslateEngine(url=libretranslate_server.url, max_texts=4, max_chars=100)
    engine.translate_batch([f"text {n}" for n in range(10)], "en", "es", markup=False)
    assert [len(r.json["q"]) for r in libretranslate_server.requests_to("/translate")] == [4, 4, 2]


def test_api_keys():
    with FakeLibreTranslate(api_keys={"secret"}) as server:
        with pytest.raises(EngineUnavailable, match="requires an API key .*set DRAGOMAN_LIBRETRANSLATE_API_KEY"):
            LibreTranslateEngine(url=server.url).translate_batch(["hi"], "en", "es", markup=False)
        engine = LibreTranslateEngine(url=server.url, api_key="secret")
        assert engine.translate_batch(["hi"], "en", "es", markup=False) == ["HI"]
        assert server.requests_to("/translate")[-1].json["api_key"] == "secret"


def test_a_missing_language_pair(engine, libretranslate_server):
    with pytest.raises(EngineUnavailable, match="lacks this language pair .*fr is not supported"):
        engine.translate_batch(["hi"], "fr", "es", markup=False)


def test_pairs_come_from_the_server(engine, libretranslate_server):
    assert engine.pairs() == {("en", "ar"), ("en", "de"), ("en", "es"), ("es", "en"), ("de", "en"), ("ar", "en")}
    engine.pairs()
    assert len(libretranslate_server.requests_to("/languages")) == 1


def test_configuration_from_the_environment(monkeypatch, libretranslate_server):
    assert not LibreTranslateEngine().availability()[0]
    monkeypatch.setenv("DRAGOMAN_LIBRETRANSLATE_URL", libretranslate_server.url + "/")
    monkeypatch.setenv("DRAGOMAN_LIBRETRANSLATE_API_KEY", "k")
    engine = LibreTranslateEngine()
    assert engine.url == libretranslate_server.url and engine.api_key == "k"
    assert engine.availability() == (True, f"LibreTranslate at {libretranslate_server.url} (with an API key)")


def test_version_names_the_server_and_models():
    one = LibreTranslateEngine(url="http://mt-1:5000").version()
    other = LibreTranslateEngine(url="http://mt-2:5000").version()
    updated = LibreTranslateEngine(url="http://mt-1:5000", models="argos en_es 1.9").version()
    assert len({one, other, updated}) == 3 and "mt-1:5000" in one


def test_markup_and_glossaries_are_refused(engine):
    with pytest.raises(ValueError, match="plain text"):
        engine.translate_batch(['<span id="1">x</span>'], "en", "es", markup=True)
    assert not engine.native_glossary("en", "es", {"Red Cross": "Cruz Roja"})
    with pytest.raises(ValueError, match="no native glossaries"):
        engine.translate_batch(["x"], "en", "es", markup=False, glossary={"Red Cross": "Cruz Roja"})


def test_glossary_terms_are_protected_by_the_core(engine, libretranslate_server):
    result = translate_html("<p>The Red Cross came.</p>", "en", "es", engine, glossary={"Red Cross": "Cruz Roja"})
    assert result.html == "<p>THE Cruz Roja CAME.</p>"
    assert libretranslate_server.requests_to("/translate")[0].json["q"] == ["The <x1/> came."]
