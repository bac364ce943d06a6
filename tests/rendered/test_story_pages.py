"""A story's members' pages are rendered again only when what they show of the story changed: an article's page
lists the story's earliest other reports (a bounded box), so a report arriving late changes the story's pages
and its own, not those of the members already there."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest

from dragoman.rendered import addresses, pages
from dragoman.rendered.models import StalePage
from dragoman.stories import corrections
from dragoman.stories.models import Story, StoryMember
from dragoman.stories.pages import ALSO_REPORTED
from dragoman.stories.placing import PLACED
from dragoman.stories.refresh import refresh_story
from tests.stories.articles import MONDAY
from tests.stories.rows import report, translation_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_in_english(settings):
    settings.SITE_LANGUAGE = "en"


def join(story: Story, hours: float, *, placed: bool = True, duplicate_of=None) -> StoryMember:
    """A new report of ``story`` (:func:`tests.stories.rows.report`), saved as a placement saves it; what its
    publication marked is cleared, so that only what the placement marks is left."""
    member = report(story, hours, duplicate_of=duplicate_of)
    marked()
    if placed:
        setattr(story, PLACED, member)
    refresh_story(story)
    return member


def own(member: StoryMember) -> set[str]:
    return set(addresses.own_pages(translation_of(member.article)))


def marked() -> set[str]:
    paths = set(StalePage.objects.values_list("path", flat=True))
    StalePage.objects.all().delete()
    return paths


@pytest.fixture
def big_story():
    """A story of ALSO_REPORTED + 3 reports, an hour apart, every page it marked already rendered."""
    story = Story.objects.create(key="big", first_seen=MONDAY, last_update=MONDAY)
    members = [join(story, hours) for hours in range(ALSO_REPORTED + 3)]
    marked()
    return story, members


def test_a_late_report_marks_its_own_pages_and_the_story_not_the_others(big_story):
    story, members = big_story
    late = join(story, 100)
    story_pages = set(addresses.story_pages(story.pk)) | {"/"}
    assert marked() == own(late) | story_pages
    # a copy of an earlier report: that report's page now says where its copy ran
    copy = join(story, 101, duplicate_of=members[-1].article)
    assert marked() == own(copy) | own(members[-1]) | story_pages


def test_an_early_report_changes_every_members_box(big_story):
    story, members = big_story
    early = join(story, -1)  # now the earliest: every other member's box lists it
    assert {path for m in [*members, early] for path in own(m)} <= marked()


def test_a_story_saved_otherwise_marks_its_pages_and_an_editors_split_every_moved_member(big_story):
    story, members = big_story
    story.summary = [{"text": "Rewritten.", "article": None, "source": ""}]
    story.save()  # a summary written again: the story's pages, no member's
    assert marked() == set(addresses.story_pages(story.pk)) | {"/"}
    moved = corrections.split(story, [members[-2].article_id, members[-1].article_id])
    # the two moved into a story of their own: their boxes changed, and the pages of the new story
    assert {path for m in members[-2:] for path in own(m)} | set(addresses.story_pages(moved.pk)) <= marked()
    assert moved.size == 2


def test_an_article_page_lists_the_earliest_reports_and_links_the_story(client, big_story):
    story, members = big_story
    page = lxml.html.fromstring(client.get(sorted(own(members[-1]))[0]).content)
    box = page.xpath("//aside[contains(@class,'also-reported')]")[0]
    listed = [s.strip() for s in box.xpath(".//bdi[@class='also-source']/text()")]
    assert listed == [m.source_name for m in members[:ALSO_REPORTED]]
    assert box.xpath(".//a[@class='story-link']/@href") == [f"/stories/{story.pk}/"]
    full = lxml.html.fromstring(client.get(f"/stories/{story.pk}/").content)
    assert all(m.source_name in full.text_content() for m in members)  # the story's page lists them all
    assert members[-1].published - members[0].published == timedelta(hours=ALSO_REPORTED + 2)


def test_a_story_of_one_article_gets_its_page_rendered_once_a_second_joins_and_keeps_it_in_step():
    """No page links a story of one article, and its page is not indexed: Django answers it, nothing is rendered
    ahead (most stories stay at one article). Once it lists two, its page is rendered like any other, and kept in
    step with it from then on, also when an editor's move leaves it one article again."""
    story = Story.objects.create(key="alone", first_seen=MONDAY, last_update=MONDAY)
    page = addresses.story_page(story.pk)
    first = join(story, 0)
    assert marked() == own(first) | {"/", *addresses.story_pages(None)}
    second = join(story, 1)
    assert page in set(StalePage.objects.values_list("path", flat=True))
    pages.render_stale()
    assert pages.is_written(page)
    second.delete()
    refresh_story(story)  # one article again: the page written must follow
    assert page in marked()
