"""A story's summary written by an OpenAI-compatible model where one is configured (the openai engine's local test
server, tests/translate/engines/fakes.py): marked machine-written with the model's name; and the extractive
summary kept when the model fails."""

from __future__ import annotations

import logging

import pytest

from dragoman.stories import corrections, placing
from dragoman.stories.models import Story, StoryMember
from dragoman.stories.refresh import EVERY_JOIN_UP_TO, next_extractive_at, refresh_story
from dragoman.stories.summaries import members_text
from tests.stories import rows
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, MONDAY
from tests.translate.engines.fakes import FakeChat

pytestmark = pytest.mark.django_db

PATH = "/v1/chat/completions"


@pytest.fixture
def chat(settings, monkeypatch):
    placing.invalidate_index()
    settings.STORY_SUMMARY_ENGINE = "openai"
    with FakeChat() as server:
        monkeypatch.setenv("DRAGOMAN_OPENAI_URL", server.url)
        monkeypatch.setenv("DRAGOMAN_OPENAI_API_KEY", server.key)
        monkeypatch.setenv("DRAGOMAN_OPENAI_MODEL", "gpt-4o-mini")
        yield server
    placing.invalidate_index()


def place_fire() -> Story:
    herald, courier = rows.source("The Herald"), rows.source("The Courier")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    second = rows.article(courier, "Blaze at Albacete furniture plant controlled", FIRE_ALBACETE_OTHER, hours=5)
    placing.place(first.pk)
    placing.place(second.pk)
    return StoryMember.objects.get(article=second).story


def test_a_configured_model_writes_the_summary_marked_with_its_name(chat):
    story = place_fire()
    assert story.summary_kind == Story.SummaryKind.MACHINE and story.summary_engine == "gpt-4o-mini"
    assert story.summary_members == story.size == 2
    requests = chat.requests_to(PATH)
    assert len(requests) == 2  # once when the story started, once when the second article joined
    system, user = requests[-1].json["messages"]
    assert "short, neutral summary in English" in system["content"] and "at most 3 sentences" in system["content"]
    members = list(story.members.select_related("article").order_by("published", "pk"))
    assert user["content"] == members_text(members)
    assert "The Herald" in user["content"] and "Blaze at Albacete furniture plant controlled" in user["content"]
    # the test model answers with the text it was given, upper-cased: that is what is stored, as one paragraph
    (sentence,) = story.summary
    assert sentence["text"] == " ".join(user["content"].upper().split()) and sentence["article"] is None
    # asked again with the same members, the model is not asked again
    from dragoman.stories.summaries import write_machine_summary

    assert write_machine_summary(story.pk) is True and len(chat.requests_to(PATH)) == 2


@pytest.mark.parametrize(
    "failure",
    [
        lambda chat, monkeypatch: chat.fail(401, times=10, message="Incorrect API key provided."),
        lambda chat, monkeypatch: monkeypatch.setenv("DRAGOMAN_OPENAI_MODEL", "no-such-model"),
        lambda chat, monkeypatch: monkeypatch.delenv("DRAGOMAN_OPENAI_MODEL"),  # a server other than OpenAI, no model named
    ],
    ids=["rejected key", "unknown model", "no model configured"],
)
def test_when_the_model_fails_the_extractive_summary_stays(chat, monkeypatch, caplog, failure):
    failure(chat, monkeypatch)
    with caplog.at_level(logging.WARNING, "dragoman.stories.summaries"):
        story = place_fire()
    assert story.summary_kind == Story.SummaryKind.EXTRACTIVE and story.summary_engine == ""
    assert story.summary and all(s["article"] and s["source"] for s in story.summary)
    assert "no machine-written summary, the extractive one stays" in caplog.text


def test_the_model_is_counted_held_to_its_budget_and_asked_as_the_story_grows(chat):
    """What a summary sends is the openai engine's usage (no source), a spent budget keeps the extractive summary,
    and a story is summarised again at 1, 2, 3, 5, 8... members, not at each one."""
    from dragoman.budgets.limits import set_budget
    from dragoman.budgets.models import Usage
    from dragoman.stories.summaries import next_summary_at

    assert [next_summary_at(n) for n in (1, 2, 3, 5, 8)] == [2, 3, 5, 8, 12]
    story = place_fire()
    sent = sum(len(r.json["messages"][0]["content"]) + len(r.json["messages"][1]["content"]) for r in chat.requests_to(PATH))
    usage = Usage.objects.get(engine="openai", source_pk=0)
    assert (usage.characters, usage.requests) == (sent, 2)

    set_budget("openai", daily=usage.characters)  # spent: nothing more may be sent today
    from dragoman.sources.models import Source

    herald = Source.objects.get(name="The Herald")
    third = rows.article(herald, "Albacete factory fire: owners count the cost", FIRE_ALBACETE_OTHER, hours=9)
    placing.place(third.pk)
    story.refresh_from_db()
    assert story.size == 3  # it joined: the model would be asked (3 = next_summary_at(2)), but the budget is spent
    assert len(chat.requests_to(PATH)) == 2
    assert story.summary_kind == Story.SummaryKind.EXTRACTIVE  # made again from the three when the third joined
    assert Usage.objects.get(engine="openai", source_pk=0).characters == usage.characters


def test_a_machine_summary_stays_until_the_story_grows_by_half(chat):
    """Between two of the model's summaries (at 3 and at 5 members), a fourth member keeps the machine summary
    written from three: no extractive summary flickers in between, and nothing is asked."""
    from dragoman.sources.models import Source

    story = place_fire()
    herald = Source.objects.get(name="The Herald")
    for n, title in enumerate(["Albacete fire: owners count the cost", "Albacete fire: the inquiry opens"], 3):
        placing.place(rows.article(herald, title, FIRE_ALBACETE_OTHER, hours=6 + n).pk)
        story.refresh_from_db()
        assert story.size == n and story.summary_kind == Story.SummaryKind.MACHINE
        assert story.summary_members == 3 and len(chat.requests_to(PATH)) == 3  # asked at 1, 2 and 3 members


def test_the_extractive_summary_is_made_at_each_join_while_small_then_as_the_story_grows_by_a_fifth():
    story = Story.objects.create(key="growing", first_seen=MONDAY, last_update=MONDAY)
    made_at = []
    for hours in range(3 * EVERY_JOIN_UP_TO):
        rows.report(story, hours)
        refresh_story(story)
        assert story.size == hours + 1 and story.summary  # counts always follow
        if story.summary_members == story.size:
            made_at.append(story.size)
    assert made_at[:EVERY_JOIN_UP_TO] == list(range(1, EVERY_JOIN_UP_TO + 1))
    assert made_at[EVERY_JOIN_UP_TO:] == [12, 15, 18, 22, 27]
    assert [next_extractive_at(n) for n in made_at[EVERY_JOIN_UP_TO - 1:-1]] == made_at[EVERY_JOIN_UP_TO:]
    assert story.title == "Report at 0" and story.sources == story.size
    corrections.split(story, [story.members.order_by("-published").first().article_id])
    story.refresh_from_db()  # an editor's change: made again at once
    assert story.summary_members == story.size == 3 * EVERY_JOIN_UP_TO - 1
