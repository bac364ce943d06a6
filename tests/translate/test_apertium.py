"""The Apertium engine against the real program (Debian apertium, apertium-eng-spa, transfuse)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap

import pytest
from lxml import html as lxml_html

from dragoman.translate.document import translate_html, translate_text
from dragoman.translate.engines import apertium as apertium_module
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.apertium import ApertiumEngine
from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.memory import InMemoryMemory
from tests.support.engines import RecordingEngine
from tests.support.metrics import chrf

_ENGINE = ApertiumEngine()
pytestmark = pytest.mark.skipif(
    not _ENGINE.availability()[0] or ("en", "es") not in _ENGINE.pairs(),
    reason=f"Apertium en->es not usable here: {_ENGINE.availability()[1]}",
)

# Eight paragraphs of news, links where transfuse reorders and splits them.
NEWS = [
    '<p>The <a href="https://example.org/a1">city\'s mayor</a> said on Monday that the '
    '<a href="https://example.org/a2">new housing law</a> would help young families.</p>',
    '<p>Police closed the <a href="https://example.org/b1">main shopping street</a> after a '
    '<a href="https://example.org/b2">gas leak</a> was reported near the station.</p>',
    '<p>The <a href="https://example.org/c1">school board</a> approved a budget of 3.2 million dollars for '
    '<a href="https://example.org/c2">teacher salaries</a> next year.</p>',
    '<p>The <a href="https://example.org/d1"><b>water company</b> report</a> shows that '
    '<a href="https://example.org/d2">river pollution</a> has fallen since 2019.</p>',
    '<p>The museum will reopen its <a href="https://example.org/e1">ancient history gallery</a> after two years '
    'of <a href="https://example.org/e2">renovation work</a>.</p>',
    '<p>The company announced that it will cut 1,200 jobs and close its '
    '<a href="https://example.org/f1">car factory</a> in the south.</p>',
    '<p>Workers at the <a href="https://example.org/g1">national railway company</a> will strike for '
    "<strong>48 hours</strong> from Wednesday.</p>",
    '<p>The <a href="https://example.org/h1">city council\'s transport committee</a> will meet again next week, '
    '<a href="https://example.org/h2">officials said</a>.</p>',
]


@pytest.fixture
def process_calls(monkeypatch) -> list[list[str]]:
    """The argument lists of the processes that start once per document sent, in either mode: ``apertium``
    for a batch run on its own, ``tf-extract`` for a batch sent to a running pipeline."""
    calls: list[list[str]] = []
    run = subprocess.run

    def counting_run(argv, *args, **kwargs):
        program = os.path.basename(argv[0])
        if (program == "apertium" and "-f" in argv) or program == "tf-extract":
            calls.append(list(argv))
        return run(argv, *args, **kwargs)

    monkeypatch.setattr(apertium_module.subprocess, "run", counting_run)
    return calls


def plain_apertium(text: str) -> str:
    """Apertium's own translation of plain text, straight from the command line."""
    done = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def visible(html: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


# --- the engine ----------------------------------------------------------------------------------------------------


def test_registered_and_describes_itself():
    engine = get_engine("apertium")
    assert isinstance(engine, ApertiumEngine)
    assert (engine.name, engine.label, engine.handles_markup) == ("apertium", "Apertium", True)
    assert {("en", "es"), ("es", "en")} <= engine.pairs()
    assert re.search(r"apertium \S+; transfuse \S+; apertium-eng-spa \S+", engine.version())
    available, why = engine.availability()
    assert available and "en->es" in why


def test_tags_travel_with_their_words():
    text = 'The <span id="1">red</span> car and the <span id="2">big</span> house.'
    (out,) = _ENGINE.translate_batch([text], "en", "es", markup=True)
    assert out == 'El coche <span id="1">rojo</span> y la casa <span id="2">grande</span>.'


def test_a_batch_is_one_process_and_units_never_bleed(process_calls):
    # Unpunctuated units are where a careless separator would merge two into one sentence.
    texts = ["The cat sat", "on the mat", "A big", "dog", "She said that", "the house was red.", "Hello"]
    batched = _ENGINE.translate_batch(texts, "en", "es", markup=True)
    assert len(process_calls) == 1
    alone = [_ENGINE.translate_batch([text], "en", "es", markup=True)[0] for text in texts]
    assert batched == alone
    assert batched[:2] == ["El gato sentó", "En la estera"]


def test_huge_batches_are_split_into_chunks(process_calls):
    texts = [f"The {word} house is near the river." for word in ("red", "big", "old", "new", "small", "white")]
    chunked = ApertiumEngine(max_chunk_chars=70).translate_batch(texts, "en", "es", markup=True)
    assert len(process_calls) == 3
    assert chunked == _ENGINE.translate_batch(texts, "en", "es", markup=True)


def test_plain_texts_are_escaped_on_the_way_and_back():
    out = _ENGINE.translate_batch(["AT&T said a <x1>car</x1> is red"], "en", "es", markup=False)
    assert out == ["AT&T dijo un <x1>coche</x1> es rojo"]


def test_empty_texts_are_not_sent(process_calls):
    assert _ENGINE.translate_batch(["", "  "], "en", "es", markup=True) == ["", "  "]
    assert _ENGINE.translate_batch([], "en", "es", markup=True) == []
    assert process_calls == []


def test_a_missing_pair_says_what_to_install():
    with pytest.raises(EngineUnavailable, match=r"apt-get install apertium-eng-fra"):
        _ENGINE.translate_batch(["Hello"], "en", "fr", markup=True)


def test_a_missing_program_is_unavailable(tmp_path):
    engine = ApertiumEngine(command=str(tmp_path / "no-such-apertium"))
    available, why = engine.availability()
    assert not available and "apt-get install apertium" in why
    with pytest.raises(EngineUnavailable, match="not installed"):
        engine.translate_batch(["Hello"], "en", "es", markup=True)


def test_missing_transfuse_makes_it_unavailable(monkeypatch):
    which = shutil.which
    monkeypatch.setattr(apertium_module.shutil, "which", lambda name: None if name == "tf-extract" else which(name))
    available, why = ApertiumEngine().availability()
    assert not available and "apt-get install transfuse" in why


def test_no_pairs_installed_is_unavailable(tmp_path):
    (tmp_path / "modes").mkdir()
    available, why = ApertiumEngine(datadir=tmp_path).availability()
    assert not available and "no Apertium language pair" in why


def fake_apertium(tmp_path, body: str) -> str:
    script = tmp_path / "apertium"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return str(script)


def test_a_hung_process_is_a_retryable_error(tmp_path):
    engine = ApertiumEngine(command=fake_apertium(tmp_path, "exec sleep 10\n"), timeout=0.3, persistent=False)
    with pytest.raises(EngineError, match="timed out after 0.3 s") as caught:
        engine.translate_batch(["Hello"], "en", "es", markup=True)
    assert caught.value.retryable


def test_an_error_exit_is_a_permanent_error_with_the_message(tmp_path):
    engine = ApertiumEngine(command=fake_apertium(tmp_path, "echo 'Error: broken mode' >&2\nexit 3\n"), persistent=False)
    with pytest.raises(EngineError, match="exit status 3: Error: broken mode") as caught:
        engine.translate_batch(["Hello"], "en", "es", markup=True)
    assert not caught.value.retryable


def test_output_without_the_unit_wrappers_is_an_error(tmp_path):
    engine = ApertiumEngine(command=fake_apertium(tmp_path, "cat > /dev/null\necho '<p>merged</p>'\n"), persistent=False)
    with pytest.raises(EngineError, match=r"lost unit boundaries \(missing units: 0, 1\)"):
        engine.translate_batch(["Hello", "World"], "en", "es", markup=True)


# --- documents through Apertium -------------------------------------------------------------------------------------


@pytest.mark.slow  # over a second and a half on its own
def test_news_paragraphs_keep_every_link_once_and_read_like_plain_apertium(process_calls):
    html = "\n".join(NEWS)
    result = translate_html(html, "en", "es", _ENGINE)
    assert len(process_calls) == 1 and result.units == len(NEWS)
    for href in re.findall(r'href="([^"]+)"', html):
        assert result.html.count(f'href="{href}"') == 1, href
    paragraphs = re.findall(r"<p>.*?</p>", result.html, re.DOTALL)
    assert len(paragraphs) == len(NEWS)
    for source, translated in zip(NEWS, paragraphs):
        reference = plain_apertium(visible(source))
        assert chrf(visible(translated), reference) >= 97, (visible(translated), reference)
    # Split links were rejoined: "bus network"-style compounds come back as one anchor.
    assert '<a href="https://example.org/e1">galería de historia antigua</a>' in result.html
    assert '<a href="https://example.org/h1">comité de transporte del ayuntamiento</a>' in result.html
    assert "1,200" in result.html and "3.2" in result.html and "48" in result.html


def test_a_second_translation_comes_from_the_memory():
    memory = InMemoryMemory()
    engine = RecordingEngine(_ENGINE)
    first = translate_html("\n".join(NEWS[:3]), "en", "es", engine, memory=memory)
    second = translate_html("\n".join(NEWS[:3]), "en", "es", engine, memory=memory)
    assert first.engine_chars > 0 and second.engine_chars == 0 and second.cache_hits == 3
    assert len(engine.calls) == 1 and second.html == first.html


def test_glossary_terms_are_forced():
    html = "<p>Yesterday the leader of the Green Party spoke.</p>"
    assert translate_html(html, "en", "es", _ENGINE).html == "<p>Ayer el dirigente de la Fiesta Verde habló.</p>"
    result = translate_html(html, "en", "es", _ENGINE, glossary={"Green Party": "Partido Verde"})
    assert result.html == "<p>Ayer el dirigente del Partido Verde habló.</p>"


def test_protected_content_and_images_come_back_verbatim():
    html = '<p>Type <code>make test</code> and see https://example.org/docs <img src="a.png" alt="A red car"> now.</p>'
    result = translate_html(html, "en", "es", _ENGINE)
    assert result.html == (
        '<p>Tipo <code>make test</code> y ver https://example.org/docs <img src="a.png" alt="Un coche rojo"> ahora.</p>'
    )


def test_plain_text_through_apertium():
    result = translate_text("The red car.\n\nThe big house.", "en", "es", _ENGINE)
    assert result.text == "El coche rojo.\n\nLa casa grande."
