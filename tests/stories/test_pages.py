"""The stories on the site: the story page, the home page's section, the stories feed, "also reported by" and
"also published by" on an article's page, and a wire copy listed once."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from dragoman.stories import placing
from dragoman.stories.models import Story, StoryMember
from tests.stories import rows
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_rows():
    """The Albacete fire told by a Spanish wire agency, copied by a Spanish paper, told again by an English outlet
    (written in the site's language, so not republished), and the Vigo fire alone."""
    placing.invalidate_index()
    agency, paper, local, coast = (rows.source(n) for n in ("Wire Agency", "Daily Paper", "La Voz", "Coast News"))
    original = rows.article(agency, "Fire destroys furniture factory in Albacete", FIRE_ALBACETE)
    copy_text = FIRE_ALBACETE.rsplit("\n\n", 1)[0] + "\n\nLocal shops in our town sold the factory's furniture for years."
    copy = rows.article(paper, "Albacete furniture factory burns down", copy_text, hours=1)
    spanish = rows.article(local, "Blaze at Albacete furniture plant controlled", FIRE_ALBACETE_OTHER, hours=4, language="en", translated=None)
    vigo = rows.article(coast, "Fire forces evacuation of fish factory in Vigo", FIRE_VIGO, hours=2)
    for made in (original, copy, spanish, vigo):
        placing.place(made.pk)
    yield {"original": original, "copy": copy, "spanish": spanish, "vigo": vigo}
    placing.invalidate_index()


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def article_url(made) -> str:
    t = rows.translation_of(made)
    return reverse("dragoman:article", kwargs={"pk": t.pk, "slug": t.path_slug})


def test_the_story_page_shows_summary_with_sources_and_members_by_source_and_language(client, story_rows):
    story = StoryMember.objects.get(article=story_rows["original"]).story
    assert story.size == 3
    doc = page(client, reverse("dragoman:story", kwargs={"pk": story.pk}))
    assert doc.xpath("string(//h1)") == story.title
    assert doc.xpath("//time[@class='first-seen']/@datetime")[0].startswith(story.first_seen.date().isoformat())
    assert doc.xpath("//time[@class='last-update']/@datetime")
    sentences = doc.xpath("//section[contains(@class,'summary')]//li")
    assert len(sentences) == len(story.summary) > 0
    for li, stored in zip(sentences, story.summary):
        assert li.xpath("string(.//span[@class='sentence'])") == stored["text"]
        assert li.xpath("string(.//*[contains(@class,'sentence-source')])").strip() == stored["source"]
    assert "machine-written" not in doc.xpath("string(//section[contains(@class,'summary')]/@class)")
    groups = {g.xpath("string(.//h3/bdi)"): g for g in doc.xpath("//section[@class='source-group']")}
    assert set(groups) == {"Wire Agency", "Daily Paper", "La Voz"}
    assert "(English)" in groups["La Voz"].xpath("string(.//h3)")
    assert "(Spanish)" in groups["Wire Agency"].xpath("string(.//h3)")
    # a republished member links to its translation here; one in the site's language to its original
    assert groups["Wire Agency"].xpath(".//a/@href") == [article_url(story_rows["original"])]
    assert groups["La Voz"].xpath(".//a/@href") == [story_rows["spanish"].original_url]
    assert groups["Daily Paper"].xpath(".//small[@class='near-duplicate']")


def test_a_machine_written_summary_is_marked_with_its_model(client, story_rows):
    story = StoryMember.objects.get(article=story_rows["original"]).story
    Story.objects.filter(pk=story.pk).update(
        summary=[{"text": "A fire destroyed a factory in Albacete.", "article": None, "source": ""}],
        summary_kind=Story.SummaryKind.MACHINE, summary_engine="gpt-4o-mini",
    )  # fmt: skip
    doc = page(client, reverse("dragoman:story", kwargs={"pk": story.pk}))
    summary = doc.xpath("//section[contains(@class,'summary')]")[0]
    assert "machine-written" in summary.get("class")
    assert "gpt-4o-mini" in summary.xpath("string(.//p[@class='summary-note'])")


def test_an_article_page_says_who_else_reported_it_and_where_its_copies_ran(client, story_rows):
    doc = page(client, article_url(story_rows["original"]))
    also = doc.xpath("//aside[contains(@class,'also-reported')]")[0]
    # the Spanish outlet's article; not the copy, which is listed under "also published by"
    assert [s.strip() for s in also.xpath(".//bdi[@class='also-source']/text()")] == ["La Voz"]
    assert also.xpath(".//a/@href")[0] == story_rows["spanish"].original_url
    story = StoryMember.objects.get(article=story_rows["original"]).story
    assert also.xpath(".//a[@class='story-link']/@href") == [reverse("dragoman:story", kwargs={"pk": story.pk})]
    published = doc.xpath("//aside[contains(@class,'also-published')]")[0]
    assert published.xpath(".//a/@href") == [story_rows["copy"].original_url]
    assert published.xpath("string(.//bdi)") == "Daily Paper"
    # the Vigo fire's page: a story of its own, nobody else reported it
    alone = page(client, article_url(story_rows["vigo"]))
    assert not alone.xpath("//aside[contains(@class,'also')]")


def test_the_home_page_lists_stories_and_a_wire_copy_once(client, story_rows):
    doc = page(client, reverse("dragoman:home"))
    listed = doc.xpath("//section[@class='stories']//li[contains(@class,'story-card')]//h2/a/@href")
    story = StoryMember.objects.get(article=story_rows["original"]).story
    assert listed == [reverse("dragoman:story", kwargs={"pk": story.pk})]  # the Vigo fire alone is no story to list
    cards = doc.xpath("//ul[@class='cards']/li[@class='card']//h2/a/@href")
    assert article_url(story_rows["original"]) in cards
    assert article_url(story_rows["copy"]) not in cards  # its original stands for it
    assert article_url(story_rows["vigo"]) in cards
    # the copy's own page is still there, and says who else reported the story (its original among them)
    copy_page = page(client, article_url(story_rows["copy"]))
    assert "Wire Agency" in copy_page.xpath("string(//aside[contains(@class,'also-reported')])")


def test_the_stories_feeds_carry_each_story_with_its_summary_and_members(client, story_rows):
    story = StoryMember.objects.get(article=story_rows["original"]).story
    atom = client.get(reverse("dragoman:stories-atom"))
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    root = lxml_html.etree.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [story.title]
    content = entries[0].findtext("a:summary", namespaces=ns)
    assert story.summary[0]["text"] in content and "La Voz" in content
    assert client.get(reverse("dragoman:stories-rss")).status_code == 200
    feed = json.loads(client.get(reverse("dragoman:stories-json")).content)
    assert [item["title"] for item in feed["items"]] == [story.title]
    assert feed["items"][0]["url"].endswith(reverse("dragoman:story", kwargs={"pk": story.pk}))
    assert re.search(r"Wire Agency", feed["items"][0]["content_html"])
    # the stories page lists them too
    assert page(client, reverse("dragoman:stories")).xpath("//li[contains(@class,'story-card')]")


def test_the_members_of_many_stories_are_read_at_once(story_rows, settings, django_assert_num_queries):
    from dragoman.stories.pages import shown_members, shown_members_of

    stories = list(Story.objects.order_by("pk"))
    assert len(stories) >= 2
    one_by_one = {story.pk: shown_members(story, settings.SITE_LANGUAGE) for story in stories}
    with django_assert_num_queries(2):  # the members, then their translations: whatever the number of stories
        together = shown_members_of(stories, settings.SITE_LANGUAGE)
    assert together == one_by_one and all(together.values())
