"""One unit that can't pass no longer sinks the document (issue 13): each failure class through the translate
core, the safer forms of a unit in order, and every link of the original exactly once in every form. The
checks that know the target language have their own tests (``test_target_checks.py``)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import html as lxml_html

from dragoman.translate.degrade import NOTES, split_sentences, without_inline
from dragoman.translate.document import TranslationFailed, translate_html, translate_text
from dragoman.translate.markup import HtmlDocument
from dragoman.translate.memory import InMemoryMemory
from dragoman.translate.units import Text, visible_text
from tests.support.engines import ArabicTestEngine, ManglingEngine, RecordingEngine, UpperCaseEngine
from tests.support.quirky import (
    CENTURY,
    CLASSES,
    EMPHASIS,
    HOPELESS,
    LONG_PARAGRAPH,
    ORDINALS,
    ROMAN,
    SEPARATORS,
    SLUG_ALT,
    QuirkyEngine,
)


def hrefs(fragment: str) -> Counter[str]:
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return Counter(a.get("href") for a in root.iter("a"))


def assert_links_once(original: str, translated: str) -> None:
    """Every link of the original exactly once in the translation, and no other."""
    assert hrefs(translated) == hrefs(original)


def unit_of(html: str, where: str = "<p>"):
    return next(u for u in HtmlDocument(html).units if u.where == where)


# --- each failure class, through the translate core ------------------------------------------------------------


@pytest.mark.parametrize("markup", [False, True], ids=["plain wire", "markup wire"])
def test_a_dropped_word_inside_an_em_degrades_to_the_unit_without_its_em_links_kept(markup):
    result = translate_html(EMPHASIS, "en", "es", QuirkyEngine(markup=markup))
    assert [(d.unit, d.form, d.problems) for d in result.degraded] == [(1, "plain", ("placeholder 2 is missing",))]
    assert result.html == (
        '<p>THE FERRY FROM Wrenport WAS LATE AGAIN ON MONDAY, AND <a href="https://harbour.example/timetable">'
        "THE NEW TIMETABLE</a> DID NOT HELP.</p>"
    )
    assert_links_once(EMPHASIS, result.html)


@pytest.mark.parametrize("markup", [False, True], ids=["plain wire", "markup wire"])
def test_an_alt_text_that_is_a_file_name_slug_may_come_back_identical(markup):
    result = translate_html(SLUG_ALT, "en", "es", QuirkyEngine(markup=markup))
    assert result.degraded == []
    assert 'alt="harbour-kites-at-dawn-2024.jpg"' in result.html and "KITES OVER THE HARBOUR WALL" in result.html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (CENTURY, "siglo XIV"),  # an ordinal century as a Roman numeral
        (SEPARATORS, "1.000 PEOPLE AND 2.500,5 TONNES"),  # another locale's separators
        (ORDINALS, "la segunda STORM THIS MONTH AND la tercera SINCE MARCH; tres barcos"),  # ordinals, words
        (ROMAN, "Enrique VIII, IN el VIII YEAR"),  # an ordinal as a Roman numeral beside a name's numeral
    ],
    ids=["14th century", "1,000", "ordinals and words", "roman numerals"],
)
def test_numbers_written_as_the_target_language_writes_them_pass_at_once(html, expected):
    engine = RecordingEngine(QuirkyEngine())
    result = translate_html(html, "en", "es", engine)
    assert expected in result.html
    assert result.degraded == [] and len(engine.calls) == 1  # no retry needed


def test_a_long_paragraph_losing_a_number_degrades_to_its_sentences_apart():
    engine = RecordingEngine(QuirkyEngine())
    result = translate_html(LONG_PARAGRAPH, "en", "es", engine)
    (degraded,) = result.degraded
    assert (degraded.form, degraded.problems) == ("sentences", ("number 9 is missing",))
    # the whole unit, the retry, the unit without its <strong>, then both sentences in one batch
    assert [len(call.texts) for call in engine.calls] == [1, 1, 1, 2]
    assert "<strong>VOTED BY 31 TO 9</strong>" in result.html and "BOATS. AFTER A LONG DEBATE" in result.html
    assert_links_once(LONG_PARAGRAPH, result.html)


@pytest.mark.parametrize("markup", [False, True], ids=["plain wire", "markup wire"])
def test_a_unit_that_cannot_pass_stays_in_the_original_language_marked_and_noted(markup):
    result = translate_html(HOPELESS, "en", "es", QuirkyEngine(markup=markup))
    assert [(d.form, d.problems) for d in result.degraded] == [("original", ("placeholder 1 is missing",))]
    assert result.html == '<p lang="en">Read the <a href="https://harbour.example/log">log</a>. <small lang="es">[sin traducir]</small></p>'
    assert_links_once(HOPELESS, result.html)


def test_a_whole_page_of_troubles_is_translated_with_every_link_once_and_each_degradation_explained():
    page = "<h2>Kites, ferries and the <em>old</em> wall</h2>" + "".join(CLASSES.values())
    memory = InMemoryMemory()
    result = translate_html(page, "en", "es", QuirkyEngine(), memory=memory)
    assert_links_once(page, result.html)
    forms = {d.label.split('"')[1][:19]: d.form for d in result.degraded}
    assert forms == {
        "Kites, ferries and ": "plain",
        "The ferry from Wren": "plain",
        "The council met on ": "sentences",
        "Read the log.": "original",
    }
    assert result.degraded_units == 4 and result.units == 10
    for d in result.degraded:
        assert d.problems and d.describe().startswith(f"unit {d.unit} (")
    assert result.html.count("[sin traducir]") == 1
    # The safer forms that passed are remembered under their own texts: a second pass sends the failing
    # units again (the batch and each one's retry) and the long paragraph's form that failed, and the
    # forms that passed come from the memory.
    engine = RecordingEngine(QuirkyEngine())
    again = translate_html(page, "en", "es", engine, memory=memory)
    assert again.html == result.html and again.degraded == result.degraded
    assert [len(call.texts) for call in engine.calls] == [4, 1, 1, 1, 1, 1] and again.cache_hits == 6


def test_sentences_that_each_come_back_unchanged_are_still_an_untranslated_paragraph():
    class Echo(UpperCaseEngine):  # "translates" nothing
        def translate_batch(self, texts, source, target, *, markup):
            return list(texts)

    engine = Echo()
    source = "<p>Et in arcadia ego. Veni vidi vici. Alea iacta est.</p>"
    result = translate_html(source, "en", "es", engine)
    assert [d.form for d in result.degraded] == ["original"] and 'lang="en"' in result.html


def test_degrading_one_unit_does_not_touch_the_others_and_costs_nothing_when_nothing_fails():
    engine = RecordingEngine(QuirkyEngine())
    result = translate_html(CENTURY + SEPARATORS, "en", "es", engine)
    assert result.degraded == [] and len(engine.calls) == 1


def test_without_degrading_the_old_failure_is_still_available():
    with pytest.raises(TranslationFailed, match="placeholder 1 is missing"):
        translate_html(HOPELESS, "en", "es", QuirkyEngine(), degrade=False)


def test_engine_errors_are_never_degraded():
    from dragoman.translate.engines.base import EngineError
    from tests.support.engines import FlakyEngine

    with pytest.raises(EngineError):
        translate_html(HOPELESS, "en", "es", FlakyEngine(QuirkyEngine(), failures=2))


def test_a_kept_unit_in_a_right_to_left_page_carries_its_direction_and_an_arabic_note():
    engine = ManglingEngine(ArabicTestEngine())  # drops the first placeholder, every time
    result = translate_html(HOPELESS, "en", "ar", engine)
    assert result.html == (
        '<p lang="en" dir="ltr">Read the <a href="https://harbour.example/log">log</a>. '
        f'<small lang="ar" dir="rtl">{NOTES["ar"]}</small></p>'
    )


def test_a_kept_run_that_is_not_its_blocks_whole_content_gets_a_span():
    html = '<blockquote>Read the <a href="https://harbour.example/log">log</a>.<p>Kites over the harbour wall at dawn.</p></blockquote>'
    result = translate_html(html, "en", "es", QuirkyEngine())
    assert result.html == (
        '<blockquote><span lang="en">Read the <a href="https://harbour.example/log">log</a>.</span> '
        '<small lang="es">[sin traducir]</small><p>KITES OVER THE HARBOUR WALL AT DAWN.</p></blockquote>'
    )
    assert_links_once(html, result.html)


def test_a_kept_alt_text_stays_as_it_was():
    engine = ManglingEngine(UpperCaseEngine(), mangle=lambda text: "")  # answers nothing at all
    html = '<p><img src="/k.jpg" alt="Kites over the harbour"></p>'
    result = translate_html(html, "en", "es", engine)
    assert result.html == html and [d.form for d in result.degraded] == ["original"]


def test_plain_text_keeps_a_failing_paragraph_with_a_note():
    engine = ManglingEngine(UpperCaseEngine(), mangle=lambda text: text.replace("9", ""))
    result = translate_text("The vote was 31 to 9.\n\nKites over the wall.\n", "en", "es", engine)
    assert result.text == "The vote was 31 to 9. [sin traducir]\n\nKITES OVER THE WALL.\n"
    assert result.degraded_units == 1


def test_units_sharing_a_text_are_degraded_alike():
    result = translate_html(HOPELESS + "<p>Kites.</p>" + HOPELESS, "en", "es", QuirkyEngine())
    assert [(d.unit, d.form) for d in result.degraded] == [(1, "original"), (3, "original")]
    assert result.html.count('<p lang="en">') == 2


# --- the forms ---------------------------------------------------------------------------------------------------


def test_without_inline_drops_every_element_around_words_but_links_and_keeps_atoms():
    unit = unit_of('<p>A <b>bold <a href="/x">linked <i>word</i></a></b> and <img src="i.png"> <span>here</span>.</p>')
    form = without_inline(unit)
    assert form.unit.engine_text(markup=False) == "A bold <x1>linked word</x1> and <x2/> here."
    assert form.unit.hrefs == ["/x"]
    restored = form.restore(form.unit.tokens)
    assert visible_text(restored) == visible_text(unit.tokens)
    assert lxml_html.tostring(unit.render(restored), encoding="unicode") == (
        '<div>A bold <a href="/x">linked word</a> and <img src="i.png"> here.</div>'
    )
    assert without_inline(unit_of('<p>Only <a href="/x">a link</a> here.</p>')) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Smith met Dr. Jones. Then U.S. officials came.", ["Mr. Smith met Dr. Jones.", "Then U.S. officials came."]),
        ('He said: "Stop." Then he left.', ['He said: "Stop."', "Then he left."]),
        ("Prices rose 3. 5 people left.", ["Prices rose 3.", "5 people left."]),
        ("e.g. this one. and that", ["e.g. this one. and that"]),
        ("قال الوزير. ثم غادر؟ نعم", ["قال الوزير.", "ثم غادر؟", "نعم"]),
    ],
)
def test_sentences_are_cut_at_their_boundaries(text, expected):
    pieces = split_sentences([Text(text)])
    assert [visible_text(piece) for piece in pieces] == expected


def test_sentences_are_never_cut_inside_an_element():
    unit = unit_of('<p>First one. <a href="/x">Inside. Still inside.</a> Next <em>one.</em> Last.</p>')
    pieces = split_sentences(unit.tokens)
    assert [visible_text(piece) for piece in pieces] == ["First one.", "Inside. Still inside.", "Next one.", "Last."]


def test_every_language_with_number_words_has_a_note_too():
    from dragoman.translate.numbers import _TABLES

    assert set(_TABLES) <= set(NOTES)


def test_the_notes_carry_no_markup():
    assert all(not re.search(r"[<>&\"]", note) for note in NOTES.values())


# --- whatever the page, every link once -------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.security.test_fuzz import html_fragment  # noqa: E402  (its strategies and hypothesis profile)

_words = st.sampled_from(["the", "harbour", "wall", "Wrenport", "14th", "1,000", "3", "boats.", "Kites", "late!",
                          "Mr.", "said:", "it", "fish", "VIII", "again?", "at", "dawn"])  # fmt: skip
_run = st.lists(_words, min_size=1, max_size=6).map(" ".join)
_inline = st.deferred(
    lambda: st.one_of(
        _run,
        st.builds(lambda tag, inner: f"<{tag}>{inner}</{tag}>", st.sampled_from(["em", "strong", "span", "sup", "b"]), _content),
        st.builds(lambda n, inner: f'<a href="https://harbour.example/{n}">{inner}</a>', st.integers(0, 3), _content),
        st.builds(lambda n: f'<a href="https://harbour.example/icon{n}"><img src="/i{n}.png" alt="icon"></a>', st.integers(0, 2)),
        st.just('<img src="/k.jpg" alt="harbour-kites-at-dawn-2024.jpg">'),
        st.just("<br>"),
    )
)
_content = st.lists(_inline, min_size=1, max_size=4).map(" ".join)
_page = st.lists(
    st.builds(lambda tag, inner: f"<{tag}>{inner}</{tag}>", st.sampled_from(["p", "li", "h2", "blockquote", "td"]), _content),
    min_size=1, max_size=5,
).map("".join)


def _drop_everything_inside_elements(text: str) -> str:
    """An engine answer with each element's words lost, and every digit: few forms pass, some not even one."""
    return re.sub(r"\d", "", re.sub(r'(<span id="\d+">)[^<]*', r"\1", text))


@pytest.mark.slow
@given(st.one_of(_page, html_fragment), st.sampled_from(["drop", "digits", "none"]))
def test_every_link_of_any_page_is_there_exactly_once_however_its_units_degrade(html, habit):
    from dragoman.sanitize import sanitize_html

    html = sanitize_html(html)
    mangle = {"drop": _drop_everything_inside_elements, "digits": lambda text: re.sub(r"\d", "", text),
              "none": lambda text: text}[habit]  # fmt: skip
    result = translate_html(html, "en", "es", ManglingEngine(QuirkyEngine(markup=True), mangle=mangle))
    assert_links_once(html, result.html)
    assert result.degraded_units <= result.units
    for degradation in result.degraded:
        assert degradation.problems and degradation.form in ("plain", "sentences", "original")
