"""The story page and an article's "also reported by" as a reader sees them, in headless Chromium (Debian's),
against the live site; right to left on an Arabic article's page."""

from __future__ import annotations

import pytest

from dragoman.stories import placing
from dragoman.stories.models import StoryMember
from tests.stories import rows
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_TITLE = "حريق يدمر مصنع أثاث في Albacete"


@pytest.fixture
def fire_story():
    placing.invalidate_index()
    herald, courier = rows.source("The Herald", targets=("en", "ar")), rows.source("The Courier")
    first = rows.article(herald, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    rows.article_translation(first, "ar", ARABIC_TITLE, "اندلع حريق في مصنع Muebles García في Albacete ليلة الاثنين.")
    second = rows.article(courier, "Blaze at Albacete furniture plant controlled", FIRE_ALBACETE_OTHER, hours=5)
    placing.place(first.pk)
    placing.place(second.pk)
    yield first, second, StoryMember.objects.get(article=first).story
    placing.invalidate_index()


def test_a_reader_goes_from_an_article_to_its_story_and_to_the_other_report(page, live_server, fire_story):
    first, second, story = fire_story
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = rows.translation_of(first)
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.path_slug}/")
    also = page.locator("aside.also-reported")
    assert also.is_visible()
    assert also.locator("h2").inner_text() == "Also reported by"
    assert "The Courier" in also.inner_text()
    also.locator("a.story-link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == story.title
    sentences = page.locator("section.summary li")
    assert sentences.count() == len(story.summary) > 0
    assert page.locator("section.summary .summary-note").inner_text() == "Sentences taken from the articles, each with its source."
    groups = page.locator("section.source-group h3")
    assert sorted(groups.all_inner_texts()) == ["The Courier (Spanish)", "The Herald (Spanish)"]
    page.locator("section.source-group", has_text="The Courier").get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == rows.translation_of(second).title
    assert "The Herald" in page.locator("aside.also-reported").inner_text()
    assert errors == []


def test_also_reported_on_an_arabic_page_reads_right_to_left_with_the_english_title_isolated(page, live_server, fire_story):
    first, second, _ = fire_story
    t = rows.translation_of(first, "ar")
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.path_slug}/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    also = page.locator("aside.also-reported")
    assert also.locator("h2").inner_text() == "نقله أيضًا"
    assert also.evaluate("e => getComputedStyle(e).direction") == "rtl"
    link = also.locator("li a").first
    # the other report's title is English (its translation here): set left to right inside the Arabic page
    assert link.get_attribute("lang") == "en" and link.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert link.inner_text() == rows.translation_of(second).title
    # the list's text starts at the right edge of the aside, as Arabic does
    box, item = also.bounding_box(), also.locator("li").first.bounding_box()
    assert abs((item["x"] + item["width"]) - (box["x"] + box["width"])) < 60
