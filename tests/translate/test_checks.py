"""The checks every translated unit must pass."""

from __future__ import annotations

import pytest

from dragoman.translate.checks import check_unit, numbers
from dragoman.translate.markup import HtmlDocument
from dragoman.translate.units import decode, normalize

SOURCE = '<p>On 12 March <a href="/vote">2,500 voters</a> backed the <b>plan</b> <img src="x.png">.</p>'
GOOD = 'El 12 de marzo <span id="1">2.500 votantes</span> apoyaron el <span id="2">plan</span> <br id="3">.'


def problems(answer: str, source: str = SOURCE, *, markup: bool = True) -> list[str]:
    (unit,) = [u for u in HtmlDocument(source).units if u.where == "<p>"]
    return check_unit(unit, normalize(decode(answer, markup=markup)))


def test_a_good_translation_passes():
    assert problems(GOOD) == []


def test_a_dropped_placeholder_is_caught():
    assert "placeholder 2 is missing" in problems(GOOD.replace('<span id="2">plan</span>', "plan"))


def test_a_dropped_atom_is_caught():
    assert problems(GOOD.replace('<br id="3">', "")) == ["placeholder 3 is missing"]


def test_a_duplicated_placeholder_is_caught():
    duplicated = GOOD.replace(
        '<span id="2">plan</span>', '<span id="2">plan</span>, que es sin duda un buen <span id="2">plan</span>'
    )
    assert problems(duplicated) == ["placeholder 2 appears 2 times"]


def test_pieces_close_together_are_one_element_split_not_a_duplicate():
    assert problems(GOOD.replace('<span id="2">plan</span>', '<span id="2">plan</span> de la <span id="2">ciudad</span>')) == []


def test_a_duplicated_link_is_caught_as_placeholder_and_would_double_the_href():
    answer = GOOD.replace('<br id="3">', '<br id="3"> <span id="1">otra vez</span> y más y más cosas')
    assert problems(answer) == ["placeholder 1 appears 2 times"]


def test_misnesting_is_caught_in_plain_form():
    source = "<p>A <b>very <i>bold</i></b> claim</p>"
    assert problems("Una <x1>muy <x2>audaz</x1></x2> afirmación", source, markup=False) == [
        "placeholder 1 closed inside placeholder 2: not well nested",
    ]
    assert problems("Una <x1>muy <x2>audaz</x2> afirmación", source, markup=False) == ["placeholder 1 is never closed"]


def test_an_atom_turned_into_a_pair_is_caught():
    assert problems(GOOD.replace('<br id="3">', '<span id="3">x</span>')) == ["placeholder 3 changed kind"]


def test_a_placeholder_the_source_does_not_have_is_caught():
    assert problems(GOOD + ' <br id="9">') == ["placeholder 9 is not in the source"]


def test_markup_the_engine_invented_is_caught():
    assert problems(GOOD.replace("apoyaron", "<i>apoyaron</i>")) == [
        "the engine added markup '<i>'",
        "the engine added markup '</i>'",
    ]


def test_a_missing_number_is_caught():
    assert problems(GOOD.replace("El 12 de marzo", "En marzo")) == ["number 12 is missing"]


def test_a_number_may_change_its_separators():
    assert numbers("2,500 and 3.5 and 1 000 and ٣٤") == ["2500", "35", "1", "000", "34"]
    assert problems(GOOD.replace("2.500", "2500")) == []


def test_empty_translation_is_caught():
    assert problems("") == ["placeholder 1 is missing", "placeholder 2 is missing", "placeholder 3 is missing",
                            "number 12 is missing", "number 2500 is missing", "the translation is empty"]


def test_untranslated_running_text_is_caught():
    source = "<p>The council met on a rainy day</p>"
    assert problems("The council met on a rainy day", source) == ["the translation is identical to the source"]


@pytest.mark.parametrize("name", ["Barack Obama", "BBC News Online", "Reuters", "iPhone 15", "Real Madrid vs Bayern"])
def test_names_may_come_back_unchanged(name):
    assert problems(name, f"<p>{name}</p>") == []


def test_each_href_must_appear_as_often_as_in_the_source():
    source = '<p>See <a href="/a">this</a> and <a href="/a">that</a> page</p>'
    assert problems('Ver <span id="1">esto</span> y <span id="2">aquello</span> página', source) == []
    # A split link rejoined counts once.
    assert problems('Ver <span id="1">es</span><span id="1">to</span> y <span id="2">aquello</span>', source) == []
