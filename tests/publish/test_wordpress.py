"""Publishing to a real WordPress (tests/support/wordpress.py): posts with their featured image, categories,
tags and attribution; updates instead of duplicates, also after a crash between WordPress's reply and our
own bookkeeping."""

from __future__ import annotations

import html
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.publish.publishing import publish
from dragoman.cli import main
from dragoman.publish.models import Publication, WordPressTarget
from dragoman.publish.wordpress import PluginMissing, WordPressClient, WordPressError, WordPressPublisher, publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(wordpress, spanish_site):
    """A target for the demo source, with every mapping in use."""
    target = WordPressTarget.objects.create(
        name="newsroom",
        site_url=wordpress.url,
        username=wordpress.credentials.username,
        application_password=wordpress.credentials.application_password,
        status=WordPressTarget.Status.DRAFT,
        author_map={"Maren Holloway": wordpress.credentials.author_id},
        category_map={spanish_site.slug: ["Mundo", "Economía"]},
        tag_map={"Budget": "Presupuesto"},
    )
    target.sources.add(spanish_site)
    return target


def first_translation(author: str = "") -> Translation:
    """The first translation (by the given author), its original given two tags."""
    t = next(t for t in Translation.objects.select_related("article").order_by("pk") if not author or author in t.article.authors)
    t.article.tags = ["Budget", "Wrenport"]
    t.article.save(update_fields=["tags"])
    return t


def keyed_posts(wordpress, publisher: WordPressPublisher, translation: Translation) -> list[dict]:
    key = publisher.key(translation)
    return [p for p in wordpress.posts() if p["meta"].get("dragoman_key") == key]


def test_a_post_appears_with_featured_image_categories_tags_and_attribution(wordpress, target):
    t = first_translation(author="Maren Holloway")
    t.article.image_credit = "Ines Varga/Harbour Ledger"  # given apart from the caption by the original
    t.article.save(update_fields=["image_credit"])
    [outcome] = publish_translation(t)
    assert outcome.created and not outcome.found_by_key

    post = wordpress.api("GET", f"wp/v2/posts/{outcome.post_id}", params={"context": "edit"}).json()
    assert post["title"]["raw"] == t.title
    assert post["status"] == "draft"
    assert post["author"] == wordpress.credentials.author_id  # "Maren Holloway" mapped to the reporter
    assert post["excerpt"]["raw"] == t.subtitle != ""
    names = lambda taxonomy, ids: sorted(  # noqa: E731
        html.unescape(wordpress.api("GET", f"wp/v2/{taxonomy}/{i}").json()["name"]) for i in ids
    )
    assert names("categories", post["categories"]) == ["Economía", "Mundo"]  # created on the site
    assert names("tags", post["tags"]) == ["Presupuesto", "Wrenport"]  # one mapped, one as it was

    # the content: the whole translated body, then the attribution block in Spanish, linking back
    content = lxml_html.fragment_fromstring(post["content"]["raw"], create_parent="div")
    wrapper = content.cssselect(".dragoman-translation")[0]
    assert wrapper.get("lang") == "es" and wrapper.get("dir") == "ltr"
    body_paragraphs = lxml_html.fragment_fromstring(t.body_html, create_parent="div").xpath("count(//p)")
    assert len(wrapper.xpath("./p")) == body_paragraphs
    box = wrapper.cssselect("aside.attribution")[0]
    assert box.cssselect("a.original-link")[0].get("href") == t.article.original_url
    assert "Maren Holloway" in box.cssselect(".author")[0].text_content()
    assert "noviembre de 2026" in box.cssselect("time.published")[0].text_content()
    assert "no comparte necesariamente" in box.text_content() and "Apertium" in box.text_content()

    # the featured image: our copy of the lead image, with the translated caption and the original's credit
    media = wordpress.api("GET", f"wp/v2/media/{post['featured_media']}", params={"context": "edit"}).json()
    assert t.image_caption and media["caption"]["raw"] == f"{t.image_caption} Imagen: Ines Varga/Harbour Ledger"
    assert media["alt_text"]
    local = (Path(settings.MEDIA_ROOT) / t.article.image_file).read_bytes()
    assert httpx.get(media["source_url"]).content == local
    assert Publication.objects.get(translation=t, wordpress=target).external_id == str(outcome.post_id)


def test_publishing_again_updates_the_same_post(wordpress, target):
    t = first_translation()
    publisher = WordPressPublisher(target)
    try:
        first = publisher.publish(t)
        wordpress.api("POST", f"wp/v2/posts/{first.post_id}", json={"status": "publish"})  # an editor publishes it
        t.title = "Titular corregido por la redacción"
        t.save(update_fields=["title"])
        second = publisher.publish(t)
    finally:
        publisher.close()
    assert second.post_id == first.post_id and not second.created
    [post] = keyed_posts(wordpress, publisher, t)
    assert post["title"]["raw"] == "Titular corregido por la redacción"
    assert post["status"] == "publish"  # the site's editors own the status once the post exists
    media = [m for m in wordpress.api("GET", "wp/v2/media", params={"per_page": 100, "context": "edit"}).json()
             if m["meta"].get("dragoman_key", "").startswith(publisher.key(t) + ":")]  # fmt: skip
    assert len(media) == 1 and post["featured_media"] == media[0]["id"]  # the image was uploaded once
    assert Publication.objects.filter(translation=t, wordpress=target).count() == 1


def test_a_crash_between_the_rest_call_and_the_database_write_leaves_one_post(wordpress, target, monkeypatch):
    t = first_translation()

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed after WordPress answered")

    publisher = WordPressPublisher(target)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(WordPressPublisher, "_record", crash)
            with pytest.raises(RuntimeError):
                publisher.publish(t)
        assert not Publication.objects.filter(translation=t, wordpress=target).exists()
        assert len(keyed_posts(wordpress, publisher, t)) == 1  # WordPress did create it

        again = publisher.publish(t)
    finally:
        publisher.close()
    assert again.found_by_key and not again.created
    [post] = keyed_posts(wordpress, publisher, t)
    assert post["id"] == again.post_id
    assert Publication.objects.get(translation=t, wordpress=target).external_id == str(post["id"])


def test_a_trashed_post_is_not_published_again(wordpress, target):
    t = first_translation()
    publisher = WordPressPublisher(target)
    try:
        outcome = publisher.publish(t)
        assert wordpress.api("DELETE", f"wp/v2/posts/{outcome.post_id}").status_code == 200  # to the trash
        with pytest.raises(WordPressError, match="in the trash"):
            publisher.publish(t)
    finally:
        publisher.close()
    assert [p["status"] for p in keyed_posts(wordpress, publisher, t)] == ["trash"]  # still one post, left there


def test_the_pipeline_publishes_to_the_sources_wordpress(wordpress, target):
    t = first_translation()
    Translation.objects.filter(pk=t.pk).update(state=Translation.State.TRANSLATED)
    pipeline = Pipeline()
    try:
        assert publish(t.pk)
    finally:
        pipeline.close()
    publication = Publication.objects.get(translation=t, wordpress=target)
    post = wordpress.api("GET", f"wp/v2/posts/{publication.external_id}", params={"context": "edit"}).json()
    assert post["title"]["raw"] == t.title and post["featured_media"]


def test_the_command_publishes_pending_translations_then_updates(wordpress, target, capsys):
    assert main(["publish", "wordpress", "--pending"]) == 0
    created = capsys.readouterr().out.splitlines()
    published = Translation.objects.filter(state=Translation.State.PUBLISHED).count()
    assert len(created) == published and all(line.startswith("created post") for line in created)
    assert main(["publish", "wordpress", "--pending"]) == 0
    assert capsys.readouterr().out == ""  # nothing pending any more
    t = Translation.objects.order_by("pk").first()
    assert main(["publish", "wordpress", "--translation", str(t.pk), "--target", "newsroom"]) == 0
    assert capsys.readouterr().out.startswith("updated post")


def test_the_command_prints_the_plugin(capsys):
    assert main(["publish", "wordpress", "--plugin"]) == 0
    assert "register_post_meta" in capsys.readouterr().out


def test_a_site_without_the_plugin_is_named(db):
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"code": "rest_no_route", "message": "No route was found", "data": {"status": 404}})

    client = WordPressClient("https://news.example", "editor", "secret", transport=httpx.MockTransport(reply))
    with client, pytest.raises(PluginMissing, match="mu-plugins"):
        client.lookup("dragoman-x-1")
