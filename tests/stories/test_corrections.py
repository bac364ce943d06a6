"""An editor's split and merge in the admin, and that they hold when new articles arrive (in this process and in
another one, whose index is rebuilt from the database)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dragoman.stories import placing
from dragoman.stories.models import KeptApart, Story, StoryMember
from tests.stories import rows
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO

pytestmark = pytest.mark.django_db

ALBACETE_LATER = """Workers of the Muebles García furniture plant in Albacete, destroyed by fire on Monday, met owner Lucía García on Wednesday.

Mayor Manuel Serrano said the town would pay for temporary premises. The fire in Albacete is still being investigated by police."""

VIGO_LATER = """Firefighters put out a fire at the Conservas Atlántico fish-processing factory in Vigo on Monday after five hours, and 80 workers were evacuated, the regional government of Galicia said.

Two workers were treated for smoke inhalation. Vigo mayor Abel Caballero said the cause of the fire at the plant is being investigated."""


@pytest.fixture
def fires():
    placing.invalidate_index()
    sources = [rows.source(name) for name in ("The Herald", "The Courier", "Coast News", "Morning Post", "Harbour Daily")]
    made = {
        "first": rows.article(sources[0], "Fire destroys furniture factory in Albacete", FIRE_ALBACETE),
        "second": rows.article(sources[1], "Blaze at Albacete furniture plant controlled", FIRE_ALBACETE_OTHER, hours=5),
        "vigo": rows.article(sources[2], "Fire forces evacuation of fish factory in Vigo", FIRE_VIGO, hours=2),
    }
    for article in made.values():
        placing.place(article.pk)
    made["sources"] = sources
    yield made
    placing.invalidate_index()


def story_of(article) -> Story:
    return StoryMember.objects.get(article=article).story


def members(story: Story) -> set[int]:
    return set(story.members.values_list("article_id", flat=True))


@pytest.mark.parametrize("other_process", [False, True])
def test_a_split_in_the_admin_holds_when_new_articles_arrive(admin_client, fires, other_process):
    albacete = story_of(fires["first"])
    second = StoryMember.objects.get(article=fires["second"])
    response = admin_client.post(
        reverse("admin:stories_storymember_changelist"),
        {"action": "split_members", "_selected_action": [second.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "split from story" in response.content.decode()
    new = story_of(fires["second"])
    assert new != albacete and members(albacete) == {fires["first"].pk} and members(new) == {fires["second"].pk}
    assert KeptApart.objects.filter(story=albacete, other=new).exists()
    assert StoryMember.objects.get(article=fires["second"]).pinned
    if other_process:
        placing.invalidate_index()  # another process: its index is built from what the editor left
    # a new article close to both halves joins one of them; the two are never merged again
    later = rows.article(fires["sources"][3], "Albacete furniture workers meet owner after fire", ALBACETE_LATER, hours=30)
    member = placing.place(later.pk)
    assert member.action == "joined" and member.story in (albacete, new)
    assert story_of(fires["first"]) == albacete and story_of(fires["second"]) == new
    assert story_of(fires["first"]) != story_of(fires["second"])


@pytest.mark.parametrize("other_process", [False, True])
def test_a_merge_in_the_admin_holds_when_new_articles_arrive(admin_client, fires, other_process):
    albacete, vigo = story_of(fires["first"]), story_of(fires["vigo"])
    response = admin_client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "merge_stories", "_selected_action": [albacete.pk, vigo.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "Merged into story" in response.content.decode()
    kept = story_of(fires["vigo"])
    assert kept == story_of(fires["first"]) and members(kept) == {fires["first"].pk, fires["second"].pk, fires["vigo"].pk}
    assert Story.objects.count() == 1 and all(kept.members.values_list("pinned", flat=True))
    assert kept.size == 3 and kept.sources == 3
    if other_process:
        placing.invalidate_index()
    later = rows.article(fires["sources"][4], "Five hours to put out Vigo fish factory fire", VIGO_LATER, hours=6)
    member = placing.place(later.pk)
    assert member.story == kept
    assert members(story_of(fires["first"])) == {fires["first"].pk, fires["second"].pk, fires["vigo"].pk, later.pk}


def test_the_admin_lists_stories_with_their_counts(admin_client, fires):
    page = admin_client.get(reverse("admin:stories_story_changelist")).content.decode()
    assert "1 stories of two articles or more (2 in all)" in page
    assert "3 articles placed, 0 of them near-duplicates" in page
    story = story_of(fires["first"])
    change = admin_client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()
    assert "Blaze at Albacete furniture plant controlled" in change  # its members, inline


def test_an_editors_title_stays_when_members_join(admin_client, fires):
    story = story_of(fires["first"])
    data = {"title": "Albacete factory fire", "title_by_editor": "", "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "2",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for i, member in enumerate(story.members.order_by("published", "pk")):
        data[f"members-{i}-id"] = member.pk
        data[f"members-{i}-story"] = story.pk
    response = admin_client.post(reverse("admin:stories_story_change", args=[story.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    later = rows.article(fires["sources"][3], "Albacete furniture workers meet owner after fire", ALBACETE_LATER, hours=30)
    placing.place(later.pk)
    story.refresh_from_db()
    assert story.title == "Albacete factory fire" and story.title_by_editor and story.size == 3
