"""Putting placeholders back into a neural translation, from an alignment: reordering, conflicts, atoms,
scripts without spaces, sentence splitting. Pure Python: alignments are written by hand here."""

from __future__ import annotations

import re

import pytest

from dragoman.translate.align import Link, SourceUnit, restore_placeholders, split_sentences
from dragoman.translate.checks import check_placeholders
from dragoman.translate.units import Open, Text, Unit, decode


def words(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"\S+", text)]


def project(source: str, target: str, alignment: dict[int, int], *, spaced: bool = True) -> str:
    """Restore the placeholders of ``source`` into ``target``, with ``alignment`` mapping target word
    number -> source word number (words are runs of non-spaces of the plain texts)."""
    unit = SourceUnit.parse(source)
    source_words = words(unit.plain)
    target_words = words(target) if spaced else [(i, i + 1) for i in range(len(target))]
    links = [Link(*target_words[t], *source_words[s]) for t, s in alignment.items()]
    return restore_placeholders(unit, target, links, spaced=spaced)


def test_parse_takes_the_tokens_out_and_remembers_where_they_were():
    unit = SourceUnit.parse("Read the <x1>full <x2>report</x2></x1> at <x3/> now.")
    assert unit.plain == "Read the full report at now."
    (outer,) = unit.spans
    assert (outer.id, unit.plain[outer.start : outer.end]) == (1, "full report")
    assert [(c.id, unit.plain[c.start : c.end]) for c in outer.children] == [(2, "report")]
    (atom,) = unit.atoms
    assert (atom.id, atom.position, atom.space_before, atom.space_after) == (3, 24, True, True)


def test_an_adjective_that_moves_takes_its_link_along():
    # "the red car" -> "el coche rojo": the link on "red" lands on "rojo".
    out = project("the <x1>red</x1> car", "el coche rojo", {0: 0, 1: 2, 2: 1})
    assert out == "el coche <x1>rojo</x1>"


def test_a_phrase_that_is_reordered_keeps_all_its_words():
    out = project("the <x1>new housing law</x1> passed", "la ley de vivienda nueva pasó",
                  {0: 0, 1: 3, 2: 3, 3: 2, 4: 1, 5: 4})
    assert out == "la <x1>ley de vivienda nueva</x1> pasó"


def test_two_links_swapped_by_the_translation_stay_apart_and_in_target_order():
    out = project("<x1>John</x1> loves <x2>Mary</x2>", "Mary est aimée par John", {0: 2, 4: 0, 1: 1, 2: 1})
    assert out == "<x2>Mary</x2> est aimée par <x1>John</x1>"


def test_when_siblings_claim_the_same_words_the_narrower_claim_wins():
    # Attention put "A" and "B" on overlapping target words: x2 claims one word inside x1's claim.
    out = project("<x1>one two</x1> and <x2>three</x2>", "uno dos tres", {0: 0, 1: 3, 2: 3})
    assert out == "<x1>uno</x1> <x2>dos tres</x2>"


def test_an_element_nothing_is_aligned_to_is_placed_by_proportion():
    out = project("first words <x1>middle</x1> last words here", "premières mots milieu derniers mots ici", {})
    assert re.fullmatch(r"[^<]*<x1>\S+</x1>[^<]*", out)
    assert "<x1>milieu</x1>" in out


def test_nested_elements_stay_nested_inside_their_parent():
    out = project("a <x1>very <x2>big</x2> house</x1>", "une maison très grande", {0: 0, 1: 3, 2: 1, 3: 2})
    assert out == "une <x1>maison très <x2>grande</x2></x1>"


def test_a_child_aligned_outside_its_parent_is_clipped_into_it():
    out = project("<x1>big <x2>red</x2></x1> car", "grosse voiture rouge", {0: 0, 1: 2, 2: 1})
    tokens = decode(out, markup=False)
    assert out.index("<x1>") < out.index("<x2>") < out.index("</x2>") < out.index("</x1>")
    assert tokens.count(Open(2)) == 1


def test_two_elements_on_the_same_single_word_are_nested_not_lost():
    out = project("<x1>New</x1> <x2>York</x2>", "NuevaYork", {0: 0})
    assert out in ("<x1><x2>NuevaYork</x2></x1>", "<x2><x1>NuevaYork</x1></x2>")


def test_a_word_joined_by_punctuation_is_shared_at_the_punctuation():
    assert project("<x1>New</x1> <x2>York</x2>", "Nueva-York", {0: 0}) == "<x1>Nueva</x1><x2>-York</x2>"


def test_atoms_follow_the_word_before_them():
    out = project("see the <x1/> map here", "voir ici la carte", {0: 0, 2: 1, 3: 2, 1: 3})
    assert out == "voir ici la <x1/> carte"


def test_an_atom_at_the_start_or_the_end_stays_there():
    assert project("<x1/> Hello world", "Bonjour monde", {0: 0, 1: 1}) == "<x1/> Bonjour monde"
    assert project("Hello world <x1/>", "Bonjour monde", {0: 0, 1: 1}) == "Bonjour monde <x1/>"
    assert project("Hello world.<x1/>", "Bonjour monde.", {0: 0, 1: 1}) == "Bonjour monde.<x1/>"


def test_an_atom_inside_an_element_stays_inside_it():
    out = project("the <x1>photo <x2/> shows</x1> it", "elle montre la photo", {0: 2, 1: 1, 2: 3, 3: 0})
    assert re.search(r"<x1>[^<]*<x2/>[^<]*</x1>", out), out


def test_scripts_without_spaces_are_aligned_piece_by_piece():
    # target "pieces" are characters here: 红 色 的 车, the first two aligned to "red", the last to "car"
    assert project("the <x1>red</x1> car", "红色的车", {0: 1, 1: 1, 3: 2}, spaced=False) == "<x1>红色</x1>的车"


def test_an_empty_translation_stays_empty_for_the_checks_to_reject():
    assert project("the <x1>red</x1> car", "", {}) == ""


class _Stand:
    """A placeholder's side-table entry, as far as the placeholder check looks at it."""

    def __init__(self, paired: bool):
        self.paired = paired


@pytest.mark.parametrize(
    "source, target, alignment",
    [
        ("<x1>a</x1> <x2>b</x2> <x3>c</x3> d", "d c b a", {0: 3, 1: 2, 2: 1, 3: 0}),
        ("<x1>a <x2>b</x2></x1> <x3>c <x4/></x3>", "x y z", {0: 1, 1: 1, 2: 0}),
        ("w <x1>a b c</x1> <x2>d e</x2> f", "f e d c b a w", {i: 6 - i for i in range(7)}),
        ("<x1>a</x1><x2>b</x2><x3/>", "ab", {0: 0}),
    ],
)
def test_the_result_is_always_well_nested_with_each_placeholder_once(source, target, alignment):
    out = project(source, target, alignment)
    source_tokens = decode(source, markup=False)
    placeholders = {n: _Stand(paired=True) for n in range(1, 5) if Open(n) in source_tokens}
    placeholders.update({int(n): _Stand(paired=False) for n in re.findall(r"<x(\d+)/>", source)})
    unit = Unit(1, source_tokens, placeholders, "<p>")
    output = decode(out, markup=False)
    assert check_placeholders(unit, output) == []
    assert "".join(t.text for t in output if isinstance(t, Text)).split() == target.split()


def test_sentences_are_split_conservatively():
    text = 'Mr. Smith met J. Doe in the U.S. on Monday. "Fine," he said. It rained… Then 3 p.m. came! 好。好'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mr. Smith met J. Doe in the U.S. on Monday.",
        '"Fine," he said.',
        "It rained…",
        "Then 3 p.m. came!",
        "好。",
        "好",
    ]
    assert split_sentences("no end here and 3.5 percent. lower case follows") == [(0, 47)]
