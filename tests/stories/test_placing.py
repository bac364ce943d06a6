"""Placing articles into stories as the site does: on what they have in the site's language, stored with the
grouping's decisions, a near-duplicate recorded, the summary made from the members, and a failure to place never
failing the publish step."""

from __future__ import annotations

import logging

import pytest

from dragoman.articles.models import Translation
from dragoman.publish.publishing import publish
from dragoman.stories import placing
from dragoman.stories.models import Story, StoryMember
from tests.stories import rows
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index():
    placing.invalidate_index()
    yield
    placing.invalidate_index()


def fire_articles():
    herald, courier, coast = rows.source("The Herald"), rows.source("The Courier"), rows.source("Coast News")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    second = rows.article(courier, "Blaze at Albacete furniture plant controlled after twelve hours", FIRE_ALBACETE_OTHER, hours=5)
    vigo = rows.article(coast, "Fire forces evacuation of fish factory in Vigo", FIRE_VIGO, hours=2)
    return first, second, vigo


def test_articles_of_one_event_share_a_story_and_another_event_starts_its_own():
    first, second, vigo = fire_articles()
    placed = [placing.place(a.pk) for a in (first, second, vigo)]
    assert [m.action for m in placed] == ["started", "joined", "started"]
    albacete = Story.objects.get(members__article=first)
    assert set(albacete.members.values_list("article_id", flat=True)) == {first.pk, second.pk}
    assert Story.objects.get(members__article=vigo) != albacete
    assert (albacete.size, albacete.sources) == (2, 2)
    assert albacete.title == "Fire destroys furniture factory in Albacete"  # the earliest member's
    assert albacete.first_seen == first.published_at
    # the extractive summary: sentences of the members, each with its article and source
    assert albacete.summary_kind == Story.SummaryKind.EXTRACTIVE and albacete.summary
    for sentence in albacete.summary:
        member = StoryMember.objects.get(article_id=sentence["article"])
        assert member.story == albacete and sentence["source"] == member.source_name
        assert sentence["text"] in member.text
    # what was compared is stored with the grouping's features, for the other processes' indexes
    member = StoryMember.objects.get(article=second)
    assert member.compared == "full" and member.language == "es" and member.state["version"] >= 1
    assert member.seq > StoryMember.objects.get(article=first).seq


def test_a_wire_copy_is_recorded_as_a_near_duplicate_of_its_original():
    agency, paper = rows.source("Wire Agency"), rows.source("Daily Paper")
    original = rows.article(agency, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    copy_text = FIRE_ALBACETE.rsplit("\n\n", 1)[0] + "\n\nLocal shops in our town sold the factory's furniture for years."
    copy = rows.article(paper, "Albacete furniture factory burns down", copy_text, hours=1)
    placing.place(original.pk)
    member = placing.place(copy.pk)
    assert member.duplicate_of_id == original.pk
    assert member.story == StoryMember.objects.get(article=original).story
    # the summary is made from the originals: the copy would only repeat them
    assert {s["article"] for s in member.story.summary} == {original.pk}


def test_a_lead_translation_is_placed_on_its_title_and_standfirst():
    herald, courier = rows.source("The Herald"), rows.source("The Courier")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    lead = rows.article(courier, "Fire destroys Albacete furniture factory, mayor Serrano says", FIRE_ALBACETE_OTHER, hours=3, translated="lead")
    placing.place(first.pk)
    member = placing.place(lead.pk)
    assert member.compared == "lead"
    assert member.text == rows.translation_of(lead).subtitle  # the standfirst, no body
    assert member.story == StoryMember.objects.get(article=first).story


def test_nothing_in_the_sites_language_yet_is_not_placed_until_its_translation_is_published(django_capture_on_commit_callbacks):
    herald = rows.source("The Herald")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    translation = rows.translation_of(first)
    Translation.objects.filter(pk=translation.pk).update(state=Translation.State.TRANSLATED, published_at=None)
    assert placing.place(first.pk) is None and placing.pending() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(translation.pk) is True
    assert StoryMember.objects.filter(article=first).exists()


def test_a_failure_to_place_never_fails_the_publish_step_and_the_next_pass_places_it(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    herald = rows.source("The Herald")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    translation = rows.translation_of(first)
    Translation.objects.filter(pk=translation.pk).update(state=Translation.State.TRANSLATED, published_at=None)

    def broken(article):
        raise RuntimeError("the grouping is broken")

    monkeypatch.setattr(placing, "comparable", broken)
    with caplog.at_level(logging.ERROR, "dragoman.stories.placing"), django_capture_on_commit_callbacks(execute=True):
        assert publish(translation.pk) is True
    assert Translation.objects.get(pk=translation.pk).state == Translation.State.PUBLISHED
    assert "not placed into a story" in caplog.text and "the grouping is broken" in caplog.text
    assert not StoryMember.objects.exists() and placing.pending() == [first.pk]
    monkeypatch.undo()
    assert placing.place_pending() == 1
    assert StoryMember.objects.get(article=first).action == "started"


def test_an_index_follows_what_another_process_stored():
    """Two processes' indexes (here two, swapped in turn): each placement first restores what the other stored."""
    first, second, vigo = fire_articles()
    placing.place(first.pk)
    mine = placing._live
    placing.invalidate_index()  # "another process": it builds its own index from the database
    placing.place(vigo.pk)
    placing._live = mine  # back in the first process, whose index has not seen vigo
    member = placing.place(second.pk)
    assert mine.index.story_of(str(vigo.pk)) == StoryMember.objects.get(article=vigo).story.key
    assert member.story == StoryMember.objects.get(article=first).story
