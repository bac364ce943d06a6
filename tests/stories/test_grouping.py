import json

import pytest

from dragoman.stories.grouping import JOIN, StoryIndex
from tests.stories.articles import (
    FIRE_ALBACETE,
    FIRE_ALBACETE_OTHER,
    FIRE_VIGO,
    MATCH_ONE,
    MATCH_ONE_OTHER,
    MATCH_TWO,
    doc,
)

ALBACETE = doc("a1", "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
ALBACETE_2 = doc("a2", "Albacete furniture plant destroyed by overnight blaze", FIRE_ALBACETE_OTHER, hours=5)
VIGO = doc("v1", "Fire at fish factory in Vigo forces evacuation", FIRE_VIGO, hours=2)
DERBY = doc("m1", "Betis beat Sevilla 3-1 in the derby", MATCH_ONE, hours=100)
DERBY_2 = doc("m2", "Isco double gives Betis derby win over Sevilla", MATCH_ONE_OTHER, hours=102)
VALENCIA = doc("m3", "Betis lose 0-2 at Valencia", MATCH_TWO, hours=160)


def index(*docs, **options) -> StoryIndex:
    found = StoryIndex(language="en", **options)
    for d in docs:
        found.add(d)
    return found


def test_the_first_article_starts_a_story_and_another_on_the_same_event_joins_it():
    stories = StoryIndex(language="en")
    first = stories.add(ALBACETE)
    assert first.action == "started" and first.story
    second = stories.add(ALBACETE_2)
    assert second.action == "joined" and second.story == first.story and second.score >= JOIN
    assert second.duplicate_of is None
    assert stories.members(first.story) == ["a1", "a2"]


def test_a_wire_copy_joins_and_says_whose_copy_it_is():
    stories = index(ALBACETE, VIGO)
    copy = doc("a3", "Blaze guts Albacete factory", FIRE_ALBACETE.replace(" Nobody was hurt.", ""), hours=6)
    placed = stories.add(copy)
    assert placed.story == stories.story_of("a1") and placed.duplicate_of == "a1"
    again = stories.add(doc("a4", "Albacete", FIRE_ALBACETE, hours=7))
    assert again.duplicate_of == "a1"  # the copy of a copy names the first


def test_hard_negatives_two_factory_fires_in_two_towns_the_same_day():
    stories = index(ALBACETE, VIGO, ALBACETE_2)
    assert stories.story_of("v1") != stories.story_of("a1") == stories.story_of("a2")


def test_hard_negatives_two_matches_of_the_same_team_days_apart():
    stories = index(DERBY, DERBY_2, VALENCIA)
    assert stories.story_of("m1") == stories.story_of("m2") != stories.story_of("m3")


def test_hard_negatives_the_weekly_market_report():
    week = "Shares in Madrid closed the week {} {}% at {} points, led by Inditex and Banco Santander, as investors waited for the European Central Bank.\n\nThe Ibex 35 traded {} million euros on Friday."
    this = doc("w1", "Ibex 35 ends the week up", week.format("up", "1.8", "11,950", "2,100"), hours=96)
    last = doc("w0", "Ibex 35 ends the week up", week.format("up", "0.9", "11,740", "1,870"), hours=96 - 7 * 24)
    stories = index(last, this)
    assert stories.story_of("w0") != stories.story_of("w1")  # a week apart: beyond the window


def test_the_window_bounds_the_candidates():
    stories = index(ALBACETE)
    late = doc("a9", "Albacete furniture plant destroyed by overnight blaze", FIRE_ALBACETE_OTHER, hours=24 * 5)
    assert stories.add(late).action == "started"
    assert index(ALBACETE, window_days=6).add(late).action == "joined"


def ties(stories: StoryIndex):
    """A Spanish round-up of both fires, translated: an article that ties the two stories strongly (its
    original is no copy of either)."""
    return doc("t1", "Fires destroy factories in Albacete and Vigo", FIRE_ALBACETE + "\n\n" + FIRE_VIGO, hours=8,
               language="es", original_title="Incendios en Albacete y Vigo",
               original_text="Dos incendios destruyeron el lunes una fábrica de muebles en Albacete y una conservera "
                             "en Vigo, según las autoridades locales de ambas ciudades.")  # fmt: skip


def test_an_article_that_ties_two_stories_strongly_merges_them():
    stories = index(ALBACETE, VIGO)
    placed = stories.add(ties(stories))
    assert placed.action == "merged" and len(placed.merged) == 1
    assert sorted(stories.members(placed.story)) == ["a1", "t1", "v1"]
    assert placed.merged[0] not in stories.stories()


def test_stories_an_editor_kept_apart_are_never_merged():
    stories = index(ALBACETE, VIGO)
    stories.keep_apart(stories.story_of("a1"), stories.story_of("v1"))
    placed = stories.add(ties(stories))
    assert placed.action == "joined"
    assert stories.story_of("a1") != stories.story_of("v1")


def test_a_pinned_article_stays_in_its_story():
    stories = index(ALBACETE, ALBACETE_2, VIGO)
    stories.pin("a2", "editor-1")
    assert stories.members("editor-1") == ["a2"] and stories.members(stories.story_of("a1")) == ["a1"]
    stories.pin("v1", stories.story_of("a1"))  # the other story holds a pin too: never merged
    stories.add(ties(stories))
    assert stories.story_of("a2") == "editor-1"
    with pytest.raises(KeyError):
        stories.pin("nobody", "editor-1")


def test_restore_gives_the_same_decisions():
    kept = index(ALBACETE, VIGO, DERBY)
    restored = StoryIndex(language="en")
    for d in (DERBY, VIGO, ALBACETE):  # in any order, from the stored JSON
        restored.restore(d, kept.story_of(d.id), json.loads(json.dumps(kept.state(d.id))))
    for d in (ALBACETE_2, DERBY_2, ties(kept)):
        assert restored.add(d) == kept.add(d)
    assert {s: restored.members(s) for s in restored.stories()} == {s: kept.members(s) for s in kept.stories()}


def test_restore_computes_a_state_it_cannot_read():
    stories = StoryIndex(language="en")
    stories.restore(ALBACETE, "old", {"version": -1})
    stories.restore(VIGO, "other", {"version": 1, "head": "garbage"})
    assert stories.add(ALBACETE_2).story == "old"
    assert stories.members("other") == ["v1"]


def test_forget_takes_an_article_out():
    stories = index(ALBACETE, VIGO)
    stories.forget("a1")
    assert stories.members("a1") == [] and "a1" not in stories.stories()
    assert stories.add(ALBACETE_2).action == "started"
    with pytest.raises(ValueError):
        stories.add(VIGO)  # already held


def test_published_must_be_timezone_aware():
    from datetime import datetime

    from dragoman.stories.grouping import StoryDoc

    with pytest.raises(ValueError):
        StoryIndex().add(StoryDoc("x", "en", "Title", "Text", datetime(2025, 1, 1)))
