"""The CTranslate2 engine with real loading and decoding, on the tiny upper-casing model of tinymodel.py."""

from __future__ import annotations

import json
import shutil
import threading
import time

import ctranslate2
import pytest

from dragoman.translate.document import translate_html, translate_text
from dragoman.translate.engines import get_engine
from dragoman.translate.engines import ctranslate2 as engine_module
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.ctranslate2 import CTranslate2Engine
from dragoman.translate.memory import InMemoryMemory
from tests.support.engines import RecordingEngine
from tests.translate.neural.tinymodel import build_upper_model, write_argos_package


@pytest.fixture
def engine(models_dir) -> CTranslate2Engine:
    return CTranslate2Engine(models_dir=models_dir)


@pytest.fixture
def translator_calls(monkeypatch) -> list[int]:
    """Batch sizes of every ``Translator.translate_batch`` call the engine makes during the test."""
    calls: list[int] = []

    class CountingTranslator(ctranslate2.Translator):
        def translate_batch(self, source, *args, **kwargs):
            calls.append(len(source))
            return super().translate_batch(source, *args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", CountingTranslator)
    return calls


# --- models, pairs, versions ---------------------------------------------------------------------------------


def test_registered_and_configured_through_the_registry(models_dir):
    engine = get_engine("ctranslate2", models_dir=models_dir, beam_size=2, inter_threads=2)
    assert isinstance(engine, CTranslate2Engine)
    assert (engine.name, engine.handles_markup, engine.beam_size, engine.inter_threads) == ("ctranslate2", False, 2, 2)
    with pytest.raises(EngineUnavailable, match="misconfigured"):
        get_engine("ctranslate2", models_dir=models_dir, beam_size=0)


def test_pairs_and_version_come_from_the_installed_packages(engine, models_dir, argos_package):
    assert engine.pairs() == {("en", "xx")}
    assert engine.version() == f"ctranslate2 {ctranslate2.__version__}; beam 4; translate-en_xx 1.0"
    available, why = engine.availability()
    assert available and "en->xx (translate-en_xx 1.0)" in why

    # A second package appears: the engine sees it without being rebuilt, and the version changes with it.
    metadata = json.loads((argos_package / "metadata.json").read_text())
    second = models_dir / "translate-xx_en"
    shutil.copytree(argos_package, second)
    metadata.update(from_code="xx", to_code="en", code="translate-xx_en", package_version="2.1")
    (second / "metadata.json").write_text(json.dumps(metadata))
    assert engine.pairs() == {("en", "xx"), ("xx", "en")}
    assert engine.version().endswith("translate-en_xx 1.0; translate-xx_en 2.1")


def test_an_empty_models_folder_says_how_to_install(tmp_path):
    engine = CTranslate2Engine(models_dir=tmp_path / "nothing-here")
    available, why = engine.availability()
    assert not available and "dragoman engines install argos" in why
    with pytest.raises(EngineUnavailable, match=r"no CTranslate2 model for en->ar .*--from en --to ar"):
        engine.translate_batch(["Hello"], "en", "ar", markup=False)


def test_the_models_folder_comes_from_the_environment(monkeypatch, models_dir, tmp_path):
    monkeypatch.setenv("DRAGOMAN_MODELS_DIR", str(models_dir))
    assert CTranslate2Engine().pairs() == {("en", "xx")}
    monkeypatch.delenv("DRAGOMAN_MODELS_DIR")
    monkeypatch.setenv("DRAGOMAN_HOME", str(tmp_path / "home"))
    assert CTranslate2Engine().models_dir == tmp_path / "home" / "models"


def test_a_broken_model_is_unavailable_not_a_crash(engine, models_dir):
    (models_dir / "translate-en_xx" / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match="could not load the model translate-en_xx 1.0"):
        engine.translate_batch(["Hello there."], "en", "xx", markup=False)


def test_markup_is_refused(engine):
    with pytest.raises(EngineError, match="not markup"):
        engine.translate_batch(['<span id="1">Hi</span>'], "en", "xx", markup=True)


# --- decoding ------------------------------------------------------------------------------------------------


def test_real_decoding_of_sentences(engine):
    out = engine.translate_batch(["The red car stopped.", "Police closed the street after 3 p.m. today!"], "en", "xx",
                                 markup=False)
    assert out == ["THE RED CAR STOPPED.", "POLICE CLOSED THE STREET AFTER 3 P.M. TODAY!"]


def test_placeholders_come_back_around_the_same_words(engine):
    text = "Read the <x1>full report</x1> at <x2/>. It was <x3>very <x4>good</x4></x3>, said <x5/> Smith."
    (out,) = engine.translate_batch([text], "en", "xx", markup=False)
    assert out == "READ THE <x1>FULL REPORT</x1> AT <x2/>. IT WAS <x3>VERY <x4>GOOD</x4></x3>, SAID <x5/> SMITH."


def test_units_of_only_placeholders_or_spaces_come_back_as_they_went(engine, translator_calls):
    texts = ["<x1/>", "  ", "<x1/> <x2/>"]
    assert engine.translate_batch(texts, "en", "xx", markup=False) == texts
    assert translator_calls == []


@pytest.mark.slow
def test_every_sentence_of_every_unit_goes_in_one_call(engine, translator_calls):
    texts = [f"Unit {n} has a first sentence. And a second one, with a <x1>link</x1>!" for n in range(40)]
    out = engine.translate_batch(texts, "en", "xx", markup=False)
    assert translator_calls == [80]  # 40 units, two sentences each, one call
    assert out[7] == "UNIT 7 HAS A FIRST SENTENCE. AND A SECOND ONE, WITH A <x1>LINK</x1>!"


def test_a_link_across_a_sentence_boundary_survives(engine):
    (out,) = engine.translate_batch(["It ended. <x1>Then it began. Again</x1> it did."], "en", "xx", markup=False)
    assert out == "IT ENDED. <x1>THEN IT BEGAN. AGAIN</x1> IT DID."


def test_an_overlong_sentence_is_cut_at_a_comma_and_comes_back_whole(models_dir, translator_calls):
    engine = CTranslate2Engine(models_dir=models_dir, max_sentence_tokens=40)
    text = "The council, which met on Monday in the <x1>old town hall</x1>, approved the plan without a vote"
    (out,) = engine.translate_batch([text], "en", "xx", markup=False)
    assert out == text.upper().replace("<X1>", "<x1>").replace("</X1>", "</x1>")
    assert translator_calls == [3]  # three pieces of one sentence, still one call


def test_sentences_are_joined_without_spaces_in_scripts_without_them(tmp_path, argos_package):
    folder = tmp_path / "models"
    package = folder / "translate-en_zh"
    shutil.copytree(argos_package, package)
    metadata = json.loads((package / "metadata.json").read_text())
    (package / "metadata.json").write_text(json.dumps({**metadata, "to_code": "zh", "code": "translate-en_zh"}))
    (out,) = CTranslate2Engine(models_dir=folder).translate_batch(["One. <x1>Two</x1>."], "en", "zh", markup=False)
    assert out == "ONE.<x1>TWO</x1>."


# --- through the document translator ------------------------------------------------------------------------------

ARTICLE = (
    '<h2>Council backs <a href="https://news.example/bus" title="Bus plan">new bus lines</a></h2>\n'
    '<p>The vote on <time datetime="2024-03-12">Tuesday</time> was 31 to 9, see https://council.example/m?id=7 '
    "for details. The <em>mayor</em> said: <q>It is a <strong>good</strong> day.</q></p>\n"
    '<figure><img src="https://cdn.example/bus.jpg" alt="A blue bus"><figcaption>Photo by the '
    "<em>city press office</em></figcaption></figure>"
)


def test_translate_html_keeps_links_and_inline_elements_exactly(engine):
    result = translate_html(ARTICLE, "en", "xx", engine)
    assert result.html == (
        '<h2>COUNCIL BACKS <a href="https://news.example/bus" title="BUS PLAN">NEW BUS LINES</a></h2>\n'
        '<p>THE VOTE ON <time datetime="2024-03-12">TUESDAY</time> WAS 31 TO 9, SEE https://council.example/m?id=7 '
        "FOR DETAILS. THE <em>MAYOR</em> SAID: <q>IT IS A <strong>GOOD</strong> DAY.</q></p>\n"
        '<figure><img src="https://cdn.example/bus.jpg" alt="A BLUE BUS"><figcaption>PHOTO BY THE '
        "<em>CITY PRESS OFFICE</em></figcaption></figure>"
    )
    assert (result.engine, result.units, result.engine_version) == ("ctranslate2", 5, engine.version())


def test_translate_html_sends_one_batch_and_the_memory_saves_the_second_run(engine, translator_calls):
    memory = InMemoryMemory()
    recording = RecordingEngine(engine)
    first = translate_html(ARTICLE, "en", "xx", recording, memory=memory)
    assert len(recording.calls) == 1 and translator_calls == [6]  # 5 units, 6 sentences
    second = translate_html(ARTICLE, "en", "xx", recording, memory=memory)
    assert second.html == first.html and second.cache_hits == 5 and len(recording.calls) == 1


def test_translate_text_keeps_paragraphs(engine):
    result = translate_text("First paragraph here.\n\nSecond one, with two lines\nof text.", "en", "xx", engine)
    assert result.text == "FIRST PARAGRAPH HERE.\n\nSECOND ONE, WITH TWO LINES\nOF TEXT."


# --- loading --------------------------------------------------------------------------------------------------------


def test_a_model_is_loaded_once_and_shared_between_threads(engine, monkeypatch):
    loads = []
    build = engine._build

    def counting_build(model):
        loads.append(model.name)
        time.sleep(0.05)  # let the other threads arrive while it loads
        return build(model)

    monkeypatch.setattr(engine, "_build", counting_build)
    results: list[list[str]] = []

    def work(n: int) -> None:
        results.append(engine.translate_batch([f"Thread {n} says <x1>hello</x1>."], "en", "xx", markup=False))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["translate-en_xx"]
    assert sorted(results) == sorted([[f"THREAD {n} SAYS <x1>HELLO</x1>."] for n in range(6)])


def test_least_recently_used_models_are_unloaded(tmp_path, argos_package):
    folder = tmp_path / "models"
    for target in ("xx", "yy"):
        package = folder / f"translate-en_{target}"
        shutil.copytree(argos_package, package)
        metadata = json.loads((package / "metadata.json").read_text())
        (package / "metadata.json").write_text(json.dumps({**metadata, "to_code": target, "code": package.name}))
    engine = CTranslate2Engine(models_dir=folder, max_loaded_models=1)
    assert engine.translate_batch(["Hi there."], "en", "xx", markup=False) == ["HI THERE."]
    assert engine.translate_batch(["Hi there."], "en", "yy", markup=False) == ["HI THERE."]
    assert [path.name for path in engine._loaded] == ["translate-en_yy"]


def test_load_and_translation_times_are_small(tmp_path, sentencepiece_model, argos_package):
    started = time.perf_counter()
    model = build_upper_model(tmp_path / "model", sentencepiece_model)
    built = time.perf_counter() - started
    write_argos_package(tmp_path / "models" / "translate-en_xx", model, sentencepiece_model)
    engine = CTranslate2Engine(models_dir=tmp_path / "models")
    started = time.perf_counter()
    engine.translate_batch(["Warm up."], "en", "xx", markup=False)
    first = time.perf_counter() - started
    print(f"tiny model: built in {built * 1000:.0f} ms, loaded and first sentence in {first * 1000:.0f} ms")
    assert built < 5 and first < 10


# --- other model layouts ---------------------------------------------------------------------------------------------


def test_an_opus_mt_folder_gets_its_end_of_sentence_token(tmp_path, sentencepiece_model):
    model = build_upper_model(tmp_path / "models" / "opus-mt-en-de", sentencepiece_model, add_source_eos=False)
    (model / "source.spm").write_bytes(sentencepiece_model)
    (model / "target.spm").write_bytes(sentencepiece_model)
    engine = CTranslate2Engine(models_dir=tmp_path / "models")
    assert engine.pairs() == {("en", "de")}
    (out,) = engine.translate_batch(["A <x1>short</x1> one. Two."], "en", "de", markup=False)
    assert out == "A <x1>SHORT</x1> ONE. TWO."


def test_an_nllb_style_model_is_steered_by_language_tokens(tmp_path, sentencepiece_model):
    folder = tmp_path / "models" / "nllb-tiny"
    build_upper_model(folder, sentencepiece_model, language_tokens=("eng_Latn", "spa_Latn"), add_source_eos=False)
    (folder / "sentencepiece.bpe.model").write_bytes(sentencepiece_model)
    metadata = {"version": "0.1", "languages": {"en": "eng_Latn", "es": "spa_Latn"}}
    (folder / "metadata.json").write_text(json.dumps(metadata))
    engine = CTranslate2Engine(models_dir=tmp_path / "models")
    assert engine.pairs() == {("en", "es"), ("es", "en")}
    assert engine.translate_batch(["See the <x1>map</x1>."], "en", "es", markup=False) == ["SEE THE <x1>MAP</x1>."]
    assert engine.version().endswith("; nllb-tiny 0.1")


def test_translation_errors_are_engine_errors(engine, monkeypatch):
    monkeypatch.setattr(engine_module.CTranslate2Engine, "_run",
                        lambda self, *a: (_ for _ in ()).throw(EngineError("boom", retryable=True)))
    with pytest.raises(EngineError, match="boom"):
        engine.translate_batch(["Hello there."], "en", "xx", markup=False)


def test_a_glossary_term_is_honoured(engine):
    """The neural engine has no glossary of its own: the core protects the term and puts the target back."""
    result = translate_html(
        '<p>The mayor of Wrenport <a href="https://news.example/v">spoke</a>.</p>', "en", "xx", engine,
        glossary={"Wrenport": "Puerto Wren"},
    )
    assert result.html == '<p>THE MAYOR OF Puerto Wren <a href="https://news.example/v">SPOKE</a>.</p>'
