"""Translation modes per source: what reaches the engine in full, lead and title mode; a partial item on the
site, in the feeds and in search; and the upgrade of a title-only item to a full translation, end to end."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from lxml import html as lxml_html

from dragoman.articles.models import Article, Translation, TranslationMemoryEntry
from dragoman.articles.modes import UpgradeError, lead_of, upgrade_to_full
from dragoman.articles.pipeline import Pipeline, compose, decompose
from dragoman.publish.models import Publication
from dragoman.runtime.passes import run_once
from dragoman.sources.models import Source
from tests.support.engines import RecordingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db


def run(feed_url: str, mode: str, recorder: RecordingEngine, passes: int = 1):
    Source.objects.get_or_create(
        url=feed_url, defaults={"target_languages": ["es"], "engine": "test-upper", "mode": mode}
    )
    with Pipeline(engines={"test-upper": recorder}) as pipeline:
        return [run_once(pipeline) for _ in range(passes)]


def plain(texts) -> str:
    """What an engine was sent, without the placeholders' tags (names and inline elements travel as tags)."""
    return " ".join(re.sub(r"<[^<>]*>", "", text) for text in texts)


def body_paragraphs(article: Article) -> list[str]:
    root = lxml_html.fragment_fromstring(article.body_html, create_parent="div")
    return [" ".join(p.text_content().split()) for p in root.iter("p") if p.text_content().strip()]


def test_each_mode_sends_only_its_parts_to_the_engine(small_feed):
    sent: dict[str, RecordingEngine] = {}
    for mode in ("title", "lead", "full"):
        Source.objects.all().delete()
        TranslationMemoryEntry.objects.all().delete()  # each mode pays for its own parts
        sent[mode] = RecordingEngine(UpperCaseEngine())
        [summary] = run(small_feed, mode, sent[mode])
        assert summary.failures == [] and summary.published == 3
        translations = list(Translation.objects.select_related("article"))
        assert {t.mode for t in translations} == {mode}  # planned with the source's mode
        text = plain(sent[mode].sent)
        assert sum(t.engine_chars for t in translations) == sent[mode].chars  # what was counted was what was sent
        for t in translations:
            article = t.article
            assert article.title in text and t.title and t.title != article.title
            paragraphs = body_paragraphs(article)
            if mode == "full":
                assert all(p in text for p in paragraphs) and t.body_html
                continue
            assert not any(p in text for p in paragraphs[1:])  # the body never reaches the engine
            assert article.image_caption not in text and not any(tag in text for tag in article.tags)
            assert t.body_html == "" and t.image_caption == "" and t.tags == []
            if mode == "lead":
                assert article.subtitle in text and t.subtitle and t.subtitle != article.subtitle
                assert t.units == 2
            else:
                assert article.subtitle not in text and t.subtitle == "" and t.units == 1
    assert sent["title"].chars < sent["lead"].chars < sent["full"].chars / 5


def test_the_lead_is_the_standfirst_or_else_the_first_paragraph():
    with_standfirst = Article(title="T", subtitle="  The standfirst. ", body_html="<p>First.</p><p>Second.</p>")
    assert lead_of(with_standfirst) == "The standfirst."
    without = Article(title="T", subtitle="", body_html="<figure><img src='x.jpg'></figure><p> </p><p>The <a href='/x'>first</a>\nparagraph.</p><p>Next.</p>")
    assert lead_of(without) == "The first paragraph."
    assert lead_of(Article(title="T", subtitle="", body_html="")) == ""
    document = compose(without, "lead")
    assert "Next." not in document and 'data-part="body"' not in document
    parts = decompose(document.replace("The first paragraph.", "EL PRIMER PÁRRAFO."))
    assert (parts["title"], parts["subtitle"], parts["body"]) == ("T", "EL PRIMER PÁRRAFO.", "")
    assert compose(without, "title") == '<div data-part="head"><p data-part="title">T</p></div>'


def test_a_title_only_item_is_shown_honestly_on_the_site_in_feeds_and_search(small_feed):
    run(small_feed, "title", RecordingEngine(UpperCaseEngine()))
    t = Translation.objects.select_related("article").first()
    article = t.article
    client = Client()
    url = f"/articles/{t.pk}/{t.slug}/"
    page = client.get(url)
    assert page.status_code == 200
    doc = lxml_html.fromstring(page.content)
    assert doc.xpath("string(//h1)").strip() == t.title
    assert not doc.xpath('//*[contains(@class, "body")]') and not doc.xpath('//*[contains(@class, "standfirst")]')
    (block,) = doc.xpath('//*[@class="partial"]')
    assert "Solo se ha traducido el titular" in block.text_content()
    (lead,) = block.xpath(".//blockquote")
    assert (lead.get("lang"), lead.get("dir")) == ("en", "ltr")
    assert " ".join(lead.text_content().split()) == article.subtitle  # the original's lead, untranslated
    links = block.xpath('.//p[@class="read-original"]/a')
    assert [a.get("href") for a in links] == [article.original_url]
    assert "inglés" in links[0].text_content()
    assert not doc.xpath('//a[contains(@class, "bilingual-link")]')
    side_by_side = client.get(f"{url}bilingual/")
    assert side_by_side.status_code == 302 and side_by_side["Location"].endswith(url)

    feed = client.get("/feeds/atom.xml").content.decode()
    assert t.title in feed and "Solo se ha traducido el titular" in feed and article.subtitle in feed
    json_feed = client.get("/feeds/feed.json").json()
    item = next(i for i in json_feed["items"] if i["title"] == t.title)
    assert "Solo se ha traducido el titular" in item["content_html"]
    assert f"<loc>http://testserver{url}</loc>" in client.get("/sitemap.xml").content.decode()
    found = client.get("/search/", {"q": t.title.split()[0]})
    assert t.title in found.content.decode()

    from dragoman.publish.wordpress import post_content  # a WordPress post says the same, with the attribution

    post = lxml_html.fragment_fromstring(post_content(t), create_parent="div")
    assert "Solo se ha traducido el titular" in post.text_content()
    assert [q.get("lang") for q in post.xpath("//blockquote")] == ["en"]
    assert post.xpath(f'//p[@class="read-original"]/a[@href="{article.original_url}"]')


def test_upgrade_to_full_end_to_end(small_feed):
    recorder = RecordingEngine(UpperCaseEngine())
    run(small_feed, "title", recorder)
    t = Translation.objects.select_related("article").order_by("pk").first()
    article, url, first_published = t.article, f"/articles/{t.pk}/{t.slug}/", t.published_at
    assert t.state == "published" and Publication.objects.filter(translation=t).count() == 1

    upgraded = upgrade_to_full(t.pk)
    assert (upgraded.mode, upgraded.state) == ("full", "pending")
    assert Client().get(url).status_code == 404  # out of the site until the full translation is published
    with pytest.raises(UpgradeError, match="already a full translation"):
        upgrade_to_full(t.pk)
    with pytest.raises(UpgradeError, match="no translation 999999"):
        upgrade_to_full(999999)

    before = len(recorder.calls)
    with Pipeline(engines={"test-upper": recorder}) as pipeline:
        summary = run_once(pipeline)
    assert summary.failures == [] and summary.translated == summary.published == 1
    text = plain(text for call in recorder.calls[before:] for text in call.texts)
    assert article.title not in text  # the headline came from the translation memory
    assert all(p in text for p in body_paragraphs(article))  # the body was sent, once
    t.refresh_from_db()
    assert (t.mode, t.state, t.published_at) == ("full", "published", first_published)
    assert t.cache_hits >= 1 and t.engine_chars == sum(len(x) for call in recorder.calls[before:] for x in call.texts)
    assert Publication.objects.filter(translation=t).count() == 1  # updated in place
    page = Client().get(url)  # the same address
    assert page.status_code == 200
    doc = lxml_html.fromstring(page.content)
    assert not doc.xpath('//*[@class="partial"]') and doc.xpath('//div[@class="body"]//p')
    assert len(doc.xpath("string(//div[@class='body'])")) > len(article.text) / 2


def test_a_set_aside_or_rejected_translation_is_not_upgraded(small_feed):
    run(small_feed, "title", RecordingEngine(UpperCaseEngine()))
    first, second = Translation.objects.order_by("pk")[:2]
    Translation.objects.filter(pk=first.pk).update(state="set_aside", error="German page; no de->es engine here")
    Translation.objects.filter(pk=second.pk).update(state="rejected")
    with pytest.raises(UpgradeError, match="set aside, nothing to translate: German page"):
        upgrade_to_full(first.pk)
    with pytest.raises(UpgradeError, match="rejected by an editor"):
        upgrade_to_full(second.pk)
    assert set(Translation.objects.values_list("mode", flat=True)) == {"title"}


def test_the_admin_action_upgrades_the_partial_translations_and_names_the_others(small_feed, admin_client):
    run(small_feed, "title", RecordingEngine(UpperCaseEngine()))
    first, second, third = Translation.objects.order_by("pk")
    Translation.objects.filter(pk=third.pk).update(mode="full")
    answer = admin_client.post(
        "/admin/articles/translation/",
        {"action": "translate_in_full", "_selected_action": [first.pk, second.pk, third.pk]},
        follow=True,
    )
    said = [str(message) for message in answer.context["messages"]]
    assert said == [f"translation {third.pk} is already a full translation",
                    "2 translation(s) will be translated in full and published again."]  # fmt: skip
    assert list(Translation.objects.order_by("pk").values_list("mode", "state")) == [
        ("full", "pending"), ("full", "pending"), ("full", "published"),
    ]
