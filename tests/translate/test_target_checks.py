"""Checks that know the target language (issue 13): numbers written as ordinals, Roman numerals, words or
with another locale's separators pass; what cannot be translated (a slug, a code, a name alone) may come
back identical."""

from __future__ import annotations

from collections import Counter

import pytest

from dragoman.translate.checks import check_unit
from dragoman.translate.markup import HtmlDocument
from dragoman.translate.numbers import alternatives, roman, roman_value, spelled
from dragoman.translate.units import decode, normalize


def unit_of(html: str, where: str = "<p>"):
    return next(u for u in HtmlDocument(html).units if u.where == where)



def problems(source: str, answer: str, target: str | None = "es") -> list[str]:
    return check_unit(unit_of(f"<p>{source}</p>"), normalize(decode(answer, markup=False)), target=target)


@pytest.mark.parametrize(
    ("source", "answer", "target"),
    [
        ("the 14th century", "el siglo XIV", "es"),
        ("the 14th century", "le XIVe siècle", "fr"),  # a Roman numeral with a suffix stays a numeral
        ("in the 14th century", "في القرن الرابع عشر", "ar"),
        ("1,000 people", "1.000 personas", "es"),
        ("1,000 people", "1 000 personnes", "fr"),  # thousands spaced with a plain space
        ("1,000,000 people", "1 000 000 personnes", "fr"),
        ("2,500.5 tonnes", "2.500,5 toneladas", "es"),
        ("the 1st and the 2nd", "la primera y la segunda", "es"),
        ("the 3rd round", "la tercera ronda", "es"),
        ("the 2nd round", "la segona volta", "ca"),
        ("the 5th day", "la cinquena jornada", "ca"),
        ("the 3rd day", "am dritten Tag", "de"),
        ("the 1st prize", "o primeiro prémio", "pt"),
        ("the 1st prize", "le premier prix", "fr"),
        ("the 17th day", "le dix-septième jour", "fr"),
        ("the 12th day", "il dodicesimo giorno", "it"),
        ("the 3rd day", "de derde dag", "nl"),
        ("3 boats and 12 nets", "tres barcos y doce redes", "es"),
        ("3 boats", "tres barcos", "gl"),
        ("the 20th time", "la vigésima vez", "es"),
        ("the 11th day", "el decimoprimer día", "es"),
        ("2 ministers", "وزيران اثنان", "ar"),
        ("the 3rd time", "للمرة الثالثة", "ar"),
        ("the 14th time", "la decimocuarta vez", "es"),
        ("King Henry 8", "el rey Enrique VIII", "es"),
        ("the 21st century", "el siglo XXI", None),  # Roman numerals need no language
    ],
)
def test_numbers_may_come_back_as_the_target_language_writes_them(source, answer, target):
    assert problems(source, answer, target) == []


@pytest.mark.parametrize(
    ("source", "answer", "target"),
    [
        ("the 14th century", "el siglo XV", "es"),  # another number
        ("the 14th century", "el siglo", "es"),
        ("3 boats", "barcos", "es"),
        ("3 boats", "trois bateaux", "es"),  # words of another language
        ("3 boats", "tres barcos", None),  # words need a language
        ("the 14th and the 14th", "el XIV y el", "es"),  # as often as in the source
        ("1,000 people", "1 00 personas", "es"),
        ("in 1999", "en mi vida", "es"),  # a word is not a lower-case Roman numeral
    ],
)
def test_numbers_still_missing_are_caught(source, answer, target):
    assert problems(source, answer, target) and all(p.startswith("number ") for p in problems(source, answer, target))


@pytest.mark.parametrize(
    "text",
    ["harbour-kites-at-dawn-2024.jpg", "harbour-kites-at-dawn.jpg", "kites_over_the_harbour_wall", "ERR-CONNECTION-RESET-44",
     "Museum of the Harbour", "Barack Obama"],
)
def test_what_cannot_be_translated_may_come_back_identical(text):
    assert problems(text, text) == []


def test_running_text_identical_to_its_source_still_fails():
    text = "the kites flew over the harbour wall"
    assert problems(text, text) == ["the translation is identical to the source"]


def test_roman_numerals_and_words():
    assert [roman(n) for n in (4, 9, 14, 1999, 2024)] == ["IV", "IX", "XIV", "MCMXCIX", "MMXXIV"]
    assert [roman_value(t) for t in ("XIV", "IIII", "VX", "MMXXIV", "IC")] == [14, None, None, 2024, None]
    assert spelled("Las primeras TRES y la decimocuarta", "es") == [1, 3, 14]
    assert spelled("dix-sept", "fr") == [17] and spelled("seventeen", "xx") == []
    assert alternatives("siglo XIV, 1 000 y doce", "es-ES") == Counter({"14": 1, "1000": 1, "12": 1})
