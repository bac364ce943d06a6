"""The orchestrator, with deterministic test engines: memory, batching, checks, retries, glossary."""

from __future__ import annotations

import re

import pytest

from dragoman.translate.document import TranslationFailed, translate_html, translate_text
from dragoman.translate.engines.base import EngineError
from dragoman.translate.memory import InMemoryMemory, MemoryKey
from tests.support.engines import (
    ArabicTestEngine,
    FlakyEngine,
    ManglingEngine,
    RecordingEngine,
    UpperCaseEngine,
    transliterate,
)

ARTICLE = (
    '<h2 class="headline" id="top">Council backs <a href="https://news.example/bus" title="Bus plan" '
    'data-track="42">new bus lines</a></h2>\n'
    '<p class="lead" style="color:red">The vote on <time datetime="2024-03-12">Tuesday</time> was 31 to 9, '
    'see https://council.example/minutes?id=7 for details.</p>\n'
    '<figure><img src="https://cdn.example/bus.jpg" alt="A blue bus at the depot" width="600">'
    "<figcaption>Photo by the <em>city press office</em></figcaption></figure>\n"
    "<p>Run <code>make report</code> to check the figures.</p>"
)


def test_attributes_urls_and_code_never_reach_the_engine():
    engine = RecordingEngine(ArabicTestEngine())
    translate_html(ARTICLE, "en", "ar", engine)
    sent = "\n".join(engine.sent)
    for leaked in ("href", "news.example", "Bus plan" + "<", "data-track", "42", "headline", "color", "datetime",
                   "2024-03-12", "council.example", "cdn.example", "600", "make report", "class", "style"):
        assert leaked not in sent, leaked
    assert "Council backs <x1>new bus lines</x1>" in engine.sent


def test_translation_keeps_attributes_structure_links_and_numbers():
    result = translate_html(ARTICLE, "en", "ar", ArabicTestEngine())
    html = result.html
    assert html.count("<a ") == 1 and 'href="https://news.example/bus"' in html and 'data-track="42"' in html
    assert f'title="{transliterate("Bus")} {transliterate("plan")}"' in html  # title translated on its own
    assert f'alt="ا {transliterate("blue")} {transliterate("bus")} {transliterate("at")} {transliterate("the")} ' in html
    assert '<time datetime="2024-03-12">' in html and "31" in html and "9" in html
    assert "https://council.example/minutes?id=7" in html and "<code>make report</code>" in html
    assert re.findall(r"<(\w+)", html) == re.findall(r"<(\w+)", ARTICLE)  # same elements, same order
    assert result.units == 6 and result.cache_hits == 0  # h2, its link's title, p, alt, figcaption, p
    assert (result.engine, result.engine_version) == ("test-ar", "1")


def test_all_units_go_in_one_batch_and_duplicates_once():
    engine = RecordingEngine(ArabicTestEngine())
    html = "<p>Same words here.</p><p>Other words.</p><p>Same words here.</p>"
    result = translate_html(html, "en", "ar", engine)
    assert len(engine.calls) == 1
    assert engine.calls[0].texts == ["Same words here.", "Other words."]
    assert result.units == 3 and result.engine_chars == len("Same words here.") + len("Other words.")
    assert result.html.count(transliterate("same")) == 2


def test_second_translation_of_the_same_document_sends_nothing():
    memory = InMemoryMemory()
    engine = RecordingEngine(ArabicTestEngine())
    first = translate_html(ARTICLE, "en", "ar", engine, memory=memory)
    assert first.engine_chars > 0 and len(memory) == first.units
    second = translate_html(ARTICLE, "en", "ar", engine, memory=memory)
    assert (second.engine_chars, second.cache_hits, len(engine.calls)) == (0, second.units, 1)
    assert second.html == first.html


def test_memory_entries_do_not_depend_on_link_targets():
    memory = InMemoryMemory()
    translate_html('<p>Read the <a href="/one">full story</a>.</p>', "en", "ar", ArabicTestEngine(), memory=memory)
    engine = RecordingEngine(ArabicTestEngine())
    result = translate_html('<p>Read the <a href="/two" class="x">full story</a>.</p>', "en", "ar", engine, memory=memory)
    assert engine.calls == [] and result.cache_hits == 1
    assert 'href="/two" class="x"' in result.html


def test_memory_is_keyed_by_engine_version_and_pair():
    memory = InMemoryMemory()
    translate_html("<p>Good morning</p>", "en", "ar", ArabicTestEngine(), memory=memory)
    key = MemoryKey("test-ar", "1", "en", "ar")
    assert memory.lookup(key, ["Good morning"]) == {"Good morning": f"{transliterate('good')} {transliterate('morning')}"}
    assert memory.lookup(MemoryKey("test-ar", "2", "en", "ar"), ["Good morning"]) == {}


def test_a_stored_translation_that_fails_the_checks_is_translated_again():
    memory = InMemoryMemory()
    key = MemoryKey("test-ar", "1", "en", "ar")
    memory.store(key, {"Read the <x1>full story</x1>.": "broken, no placeholder"})
    engine = RecordingEngine(ArabicTestEngine())
    result = translate_html('<p>Read the <a href="/s">full story</a>.</p>', "en", "ar", engine, memory=memory)
    assert result.cache_hits == 0 and len(engine.calls) == 1
    assert memory.lookup(key, ["Read the <x1>full story</x1>."])["Read the <x1>full story</x1>."].count("<x1>") == 1


def test_glossary_term_is_forced_and_never_sent():
    engine = RecordingEngine(ArabicTestEngine())
    result = translate_html(
        "<p>The White House and the <b>White House</b> staff agreed.</p>",
        "en", "ar", engine, glossary={"White House": "البيت الأبيض"},
    )
    assert "White" not in "".join(engine.sent)
    assert result.html.count("البيت الأبيض") == 2 and "White" not in result.html
    assert "<b>البيت الأبيض</b>" in result.html


def test_a_unit_failing_a_check_is_retried_alone_and_then_passes():
    engine = RecordingEngine(ManglingEngine(ArabicTestEngine(), times=1))
    html = '<p>First <a href="/1">linked</a> words.</p><p>Second <a href="/2">linked</a> line here.</p>'
    result = translate_html(html, "en", "ar", engine)
    assert [len(call.texts) for call in engine.calls] == [2, 1, 1]  # one batch, then each failed unit alone
    assert result.html.count("<a ") == 2
    assert result.engine_chars == engine.chars


def test_without_degrading_a_unit_failing_twice_raises_translation_failed_naming_unit_and_check():
    memory = InMemoryMemory()
    engine = ManglingEngine(ArabicTestEngine())  # drops the first placeholder, every time
    html = "<p>Nothing to drop here.</p><p>The <a href='/x'>second</a> paragraph.</p>"
    with pytest.raises(TranslationFailed) as caught:
        translate_html(html, "en", "ar", engine, memory=memory, degrade=False)
    message = str(caught.value)
    assert 'unit 2 (<p> "The second paragraph.")' in message and "placeholder 1 is missing" in message
    assert [f.unit.index for f in caught.value.failures] == [2]
    assert engine.calls == 2
    # The good unit was kept: retrying the document costs only the failed one.
    assert len(memory) == 1


def test_an_element_split_around_another_is_kept_on_its_longest_piece_after_the_retry():
    class Interleaving(UpperCaseEngine):
        """Answers like Apertium does for "on <a>public transport</a> and <a>bicycle lanes</a>"."""

        def translate_batch(self, texts, source, target, *, markup):
            return ['en <span id="2">bici</span> y <span id="1">transporte</span> <span id="2">caminos</span>'] * len(texts)

    engine = RecordingEngine(Interleaving())
    memory = InMemoryMemory()
    html = '<p>on <a href="/t">public transport</a> and <a href="/b">bicycle lanes</a></p>'
    result = translate_html(html, "en", "es", engine, memory=memory)
    assert result.html == '<p>en bici y <a href="/t">transporte</a> <a href="/b">caminos</a></p>'
    assert result.narrowed == 1 and len(engine.calls) == 2
    again = translate_html(html, "en", "es", engine, memory=memory)  # the memory holds the repaired form
    assert (again.html, again.cache_hits, len(engine.calls)) == (result.html, 1, 2)


def test_a_retryable_engine_error_gets_one_more_try():
    engine = FlakyEngine(ArabicTestEngine(), failures=1)
    result = translate_html("<p>Hello there</p>", "en", "ar", engine)
    assert engine.calls == 2 and result.engine_chars == 2 * len("Hello there")


def test_an_engine_failing_twice_raises_the_engine_error():
    engine = FlakyEngine(ArabicTestEngine(), failures=2)
    with pytest.raises(EngineError, match="simulated failure 2") as caught:
        translate_html("<p>Hello there</p>", "en", "ar", engine)
    assert caught.value.retryable and engine.calls == 2


def test_a_permanent_engine_error_is_not_retried():
    engine = FlakyEngine(ArabicTestEngine(), failures=1, retryable=False)
    with pytest.raises(EngineError):
        translate_html("<p>Hello there</p>", "en", "ar", engine)
    assert engine.calls == 1


def test_an_engine_answering_the_wrong_number_of_texts_is_an_engine_error():
    class Short(ArabicTestEngine):
        def translate_batch(self, texts, source, target, *, markup):
            return super().translate_batch(texts, source, target, markup=markup)[:-1]

    with pytest.raises(EngineError, match="1 translations for 2 texts"):
        translate_html("<p>One</p><p>Two</p>", "en", "ar", Short())


def test_a_document_without_words_never_calls_the_engine():
    engine = RecordingEngine(ArabicTestEngine())
    result = translate_html("<p>2024</p><p><img src='x.png'></p>", "en", "ar", engine)
    assert engine.calls == [] and result.units == 0 and result.html == '<p>2024</p><p><img src="x.png"></p>'


def test_html_engines_get_the_markup_form_and_tags_come_back():
    engine = RecordingEngine(UpperCaseEngine())
    result = translate_html('<p>A <a href="/x">link &amp; more</a><br>next</p>', "en", "es", engine)
    assert engine.calls[0].markup is True
    assert engine.sent == ['A <span id="1">link &amp; more</span><br id="2">next']
    assert result.html == '<p>A <a href="/x">LINK &amp; MORE</a><br>NEXT</p>'


def test_translate_text_paragraphs_are_units_and_line_breaks_stay():
    engine = RecordingEngine(ArabicTestEngine())
    text = "First line\nsecond line.\n\n  See https://example.org/a now.\n\n2024\n"
    result = translate_text(text, "en", "ar", engine)
    assert engine.sent == ["First line<x1/>second line.", "See <x1/> now."]
    tr = transliterate
    assert result.text == f"{tr('first')} {tr('line')}\n{tr('second')} {tr('line')}.\n\n  {tr('see')} https://example.org/a {tr('now')}.\n\n2024\n"
    assert result.units == 2


def test_control_characters_are_dropped_not_fatal():
    from tests.support.engines import UpperCaseEngine

    result = translate_html("<p>Hello\x1b world\x00</p>", "en", "es", UpperCaseEngine())
    assert result.html == "<p>HELLO WORLD</p>"
