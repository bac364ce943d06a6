"""The search normalisation works on whole strings (:func:`dragoman.publish.search.normalize`); it must give
exactly what the character-by-character version it replaced gave, kept as the reference in
``tests/support/search_reference.py``.
(``bench/search.py`` measures the two side by side.)"""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from dragoman.publish.search import normalize
from tests.support.search_reference import reference_normalize as reference

SAMPLES = [
    "",
    "   ",
    "plain ascii, with Punctuation! And CAPITALS; numbers 1,000.5 and snake_case_words.",
    "El médico dijo: «¡Qué día!» — Ñandú, pingüino, Árbol, ÉL, cigüeña.",
    "Le cœur a ses raisons; ÇA VA? L’été à Paris: déjà vu, naïve façade.",
    "Straße GROSSE Maße ẞ İstanbul ıi ǰ ŉ ΐ ᾀ ﬁne ﬂow ½ ² ℌ ™ ①",
    "قال المسؤول في الإسلام إنّ الحكومةَ والشعب بالكتاب كالبحر فالأمر للرجل ١٢٣ ۴۵۶ ـــ ء ة ى ی ک ٱلله",
    "الى ال وال لل مسوول الاسلام مُحَمَّد",
    "東京の天気は晴れです。北京市（中国）、서울특별시 한국어 텍스트。",
    "Русский ТЕКСТ, ёлка Й й; Ελληνικά ΣΊΣΥΦΟΣ ς; עברית עִם נִקּוּד; हिन्दी देवनागरी",
    "emoji 😀👍🏽 and astral math 𝐀𝐁𝐂 𝔸 and combining beyond the plane 𝅘𝅥𝅮 𞤀𞤢",
    "tabs\tand\nnewlines\r\nand\u00a0no-break\u2009thin\u200bzero-width\u200d joiners",
    "a\u0301 e\u0300 combining after ascii, \u0301 alone at the start",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_same_as_character_by_character(text):
    assert normalize(text) == reference(text)


def test_none_is_empty():
    assert normalize(None) == reference(None) == ""


def test_every_assigned_code_point_in_runs():
    """Every assigned code point (and one in 257 of the others: private use, unassigned), in runs of
    consecutive ones, so that each sits beside others of its script; with and without spaces, and with an
    Arabic article before each."""
    codes = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) not in ("Cn", "Co", "Cs") or (c % 257 == 0 and not 0xD800 <= c <= 0xDFFF)
    ]
    chunk = 97
    for start in range(0, len(codes), chunk):
        run = codes[start : start + chunk]
        for text in ("".join(run), " ".join(run), "ال" + "وال".join(run)):
            assert normalize(text) == reference(text), (hex(ord(run[0])), text)


def test_random_mixtures():
    pieces = [*"".join(SAMPLES), "ال", "وال", "لل", " ", "\u0301", "\u0651", "\u0670", "ـ", "İ", "ẞ"]
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert normalize(text) == reference(text), text
