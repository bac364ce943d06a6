from dragoman.stories.duplicates import THRESHOLD, DuplicateFinder, signature
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO

DAY = 86400.0
WIRE = FIRE_ALBACETE


def finder_with_the_wire_copy() -> DuplicateFinder:
    finder = DuplicateFinder(window=4 * DAY)
    finder.add("wire", signature(WIRE), 0.0)
    finder.add("vigo", signature(FIRE_VIGO), 0.0)
    return finder


def test_a_copy_with_another_headline_is_the_same_text():
    found = finder_with_the_wire_copy().find(signature(WIRE), 3600.0)  # the headline is not compared
    assert found is not None and found.of == "wire" and found.similarity == 1.0


def test_a_copy_with_its_last_paragraph_cut_is_recognised():
    cut = "\n\n".join(WIRE.split("\n\n")[:-1])
    found = finder_with_the_wire_copy().find(signature(cut), 3600.0)
    assert found is not None and found.of == "wire" and THRESHOLD <= found.similarity < 1.0


def test_a_copy_with_a_local_sentence_added_is_recognised():
    added = WIRE.replace("Nobody was hurt.", "Nobody was hurt. Our reporter in the town saw the smoke from the ring road.")
    found = finder_with_the_wire_copy().find(signature(added), 3600.0)
    assert found is not None and found.of == "wire"


def test_another_article_on_the_same_event_is_not_a_copy():
    assert finder_with_the_wire_copy().find(signature(FIRE_ALBACETE_OTHER), 3600.0) is None


def test_only_the_window_is_compared():
    finder = finder_with_the_wire_copy()
    assert finder.find(signature(WIRE), 5 * DAY) is None  # published too long after
    finder.add("later", signature(FIRE_ALBACETE_OTHER), 5 * DAY)  # the clock moves on: the first two leave
    assert "wire" not in finder and "later" in finder


def test_a_text_too_short_has_no_signature():
    assert signature("Fire in Albacete: nobody hurt") is None
