"""Pages rendered ahead: the same bytes Django answers, written whole, and kept in step with publishing,
correcting and unpublishing."""

from __future__ import annotations

import os

import pytest
import time_machine
from django.conf import settings

from dragoman.articles.models import Translation
from dragoman.publish.publishing import unpublish
from dragoman.rendered import addresses, folder
from dragoman.rendered.models import StalePage
from dragoman.rendered.pages import render_stale, write_page
from dragoman.review.editing import approve, save_correction
from dragoman.publish.blocks import blocks, inner_html

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8000"  # DRAGOMAN_SITE_URL's default: the host the pages are rendered for


def dynamic(client, path: str, query: str = ""):
    return client.get(path + (f"?{query}" if query else ""), headers={"host": HOST})


def rendered(path: str, page: int = 1) -> bytes | None:
    file = settings.RENDERED_ROOT / folder.page_file(path, page)
    return file.read_bytes() if file.exists() else None


def every_page(translation: Translation) -> list[str]:
    return addresses.own_pages(translation) + addresses.shared_pages(translation)


def test_a_rendered_page_is_what_django_answers_byte_for_byte(client, spanish_site, settings):
    settings.RENDERED_LISTING_PAGES = 5
    translation = Translation.objects.filter(state="published").order_by("pk").first()
    for path in every_page(translation) + addresses.story_pages(None) + ["/robots.txt"]:
        with time_machine.travel(translation.published_at, tick=False):  # a feed with no entry is dated now
            written = write_page(path)
            response = dynamic(client, path)
        assert written, path
        assert response.status_code == 200, path
        assert rendered(path) == response.content, path
        for suffix, decode in ((".gz", __import__("gzip").decompress), (".br", __import__("brotli").decompress)):
            sibling = settings.RENDERED_ROOT / (written[0] + suffix)
            assert decode(sibling.read_bytes()) == response.content, (path, suffix)


def test_a_listing_is_rendered_with_its_pages_up_to_the_limit(client, spanish_site, settings):
    settings.RENDERED_LISTING_PAGES = 2
    import dragoman.publish.views as views

    views.PAGE_SIZE, size = 5, views.PAGE_SIZE  # 16 demo articles: four pages of five
    try:
        written = write_page("/")
        assert written == ["index.html", "index.page-2.html"]
        assert rendered("/", 2) == dynamic(client, "/", "page=2").content
        assert rendered("/", 3) is None  # beyond the limit: Django answers it at each request
        settings.RENDERED_LISTING_PAGES = 4
        assert len(write_page("/")) == 4
        settings.RENDERED_LISTING_PAGES = 1
        assert write_page("/") == ["index.html"]
        assert folder.listing_pages(settings.RENDERED_ROOT, "") == []  # the later pages, out of date, are gone
    finally:
        views.PAGE_SIZE = size


def test_publishing_correcting_and_unpublishing_update_every_page_that_shows_the_translation(
    client, held_site, django_capture_on_commit_callbacks
):
    translation = Translation.objects.filter(state="review").order_by("pk").first()
    own = addresses.own_pages(translation)
    shared = addresses.shared_pages(translation)

    # published: its own pages at once, the shared ones by the next pass, once each
    with django_capture_on_commit_callbacks(execute=True):
        assert approve(translation)
    translation.refresh_from_db()
    for path in own:
        assert rendered(path) == dynamic(client, path).content
    assert set(StalePage.objects.values_list("path", flat=True)) >= set(shared)
    assert render_stale() >= len(set(shared))
    assert not StalePage.objects.exists()
    for path in shared:
        assert own[0].encode() in rendered(path), path  # it links to the article
        assert rendered(path) == dynamic(client, path).content, path

    # corrected: a new title (and so a new address); the old address's page goes, Django redirects it
    new_title = f"{translation.title} corregido"
    with django_capture_on_commit_callbacks(execute=True):
        correction = save_correction(
            translation,
            title=new_title,
            subtitle=translation.subtitle,
            body_blocks=[inner_html(b) for b in blocks(translation.body_html)],
        )
    assert correction.revision is not None
    translation.refresh_from_db()
    for path in own:
        assert _escaped(new_title) in rendered(path)
        assert rendered(path) == dynamic(client, path).content
    # an address that changes (a slug made again): the old one's pages go, and Django redirects there
    with django_capture_on_commit_callbacks(execute=True):
        translation.slug = "otra-direccion"
        translation.save(update_fields=["slug"])
    moved = addresses.own_pages(translation)
    assert all(rendered(path) is None for path in own) and dynamic(client, own[0]).status_code == 301
    assert all(rendered(path) == dynamic(client, path).content for path in moved)
    render_stale()
    for path in shared:
        assert rendered(path) == dynamic(client, path).content, path
        assert moved[0].encode() in rendered(path) and own[0].encode() not in rendered(path), path
        if path.endswith("/") or path.endswith("atom.xml"):  # the listings and feeds show the new title
            assert _escaped(new_title) in rendered(path), path

    # unpublished: its pages are gone (Django answers 404), and no listing or feed shows it after the pass
    with django_capture_on_commit_callbacks(execute=True):
        assert unpublish(translation.pk)
    for path in moved:
        assert rendered(path) is None
        assert dynamic(client, path).status_code == 404
    with time_machine.travel(translation.published_at, tick=False):  # the feeds are empty now: dated now
        render_stale()
        for path in shared:
            page = rendered(path)
            if page is not None:  # a tag or day page only it was on is gone altogether
                assert moved[0].encode() not in page and _escaped(new_title) not in page, path
                assert page == dynamic(client, path).content, path
            else:
                assert dynamic(client, path).status_code == 404, path


def _escaped(text: str) -> bytes:
    from django.utils.html import escape

    return escape(text).encode()


def test_a_crash_between_writing_and_renaming_leaves_the_old_page_whole(client, spanish_site, monkeypatch):
    translation = Translation.objects.filter(state="published").order_by("pk").first()
    path = addresses.own_pages(translation)[0]
    write_page(path)
    before = rendered(path)
    translation.title = "Un título que aún no llega"
    with pytest.raises(OSError):
        with monkeypatch.context() as patched:
            def crash(source, target):
                if str(target).endswith("index.html"):
                    raise OSError("the process died here")
                return real_replace(source, target)

            real_replace = os.replace
            patched.setattr(os, "replace", crash)
            from django.db import transaction

            with transaction.atomic():
                translation.save()  # marks its pages, in the transaction
            from dragoman.rendered.pages import render_marked

            render_marked([path])
    assert rendered(path) == before  # whole, and the old one
    leftovers = [n for n in os.listdir(settings.RENDERED_ROOT / folder.page_file(path).rsplit("/", 1)[0]) if n.startswith(".")]
    assert leftovers == []  # no temporary file left behind
    assert StalePage.objects.filter(path=path).exists()  # still marked: the next pass repairs it
    render_stale()
    assert b"Un t\xc3\xadtulo que a\xc3\xban no llega" in rendered(path)
    assert rendered(path) == dynamic(client, path).content


def test_a_deleted_translation_takes_its_pages_along(client, spanish_site, django_capture_on_commit_callbacks):
    translation = Translation.objects.filter(state="published").order_by("pk").first()
    own = addresses.own_pages(translation)
    for path in own:
        write_page(path)
    with django_capture_on_commit_callbacks(execute=True):
        translation.delete()
    assert all(rendered(path) is None for path in own)
    assert StalePage.objects.filter(path="/").exists()  # home, without it, at the next pass


def test_the_operators_attribution_words_reach_every_page_of_their_language(client, spanish_site):
    from dragoman.publish.models import AttributionTemplate

    translations = list(Translation.objects.filter(state="published"))
    for translation in translations:
        for path in addresses.own_pages(translation):
            write_page(path)
    StalePage.objects.all().delete()
    template = AttributionTemplate.for_language("es")
    template.disclaimer = "Traducido a máquina por {engine}: revise el original en {original_link}."
    template.save()
    marked = set(StalePage.objects.values_list("path", flat=True))
    for translation in translations:
        assert set(addresses.own_pages(translation)) <= marked
    render_stale()
    for path in addresses.own_pages(translations[0]):
        assert "Traducido a máquina por".encode() in rendered(path), path
        assert rendered(path) == dynamic(client, path).content, path

    template.delete()  # no row for the language: the shipped words again
    assert set(addresses.own_pages(translations[0])) <= set(StalePage.objects.values_list("path", flat=True))
    render_stale()
    assert "Traducido a máquina por".encode() not in rendered(addresses.own_pages(translations[0])[0])


@pytest.mark.slow  # a pipeline pass over a small newsroom of its own
@pytest.mark.django_db(transaction=True)
def test_a_pass_renders_what_its_publications_changed_once_each(client, tmp_path, allow_fetch, settings):
    from dragoman.articles.pipeline import Pipeline
    from dragoman.demosite import DemoSite
    from dragoman.runtime.passes import run_once
    from dragoman.sources.models import Source
    from dragoman.translate import engines
    from tests.support.engines import UpperCaseEngine
    from tests.support.newsroom import write_newsroom

    from dragoman.stories.pages import ALSO_REPORTED

    count = ALSO_REPORTED + 4  # one story (the newsroom's articles are alike), longer than an article's box
    write_newsroom(tmp_path / "newsroom", count)
    engines.register(UpperCaseEngine)
    try:
        with DemoSite(root=tmp_path / "newsroom") as site:
            allow_fetch(site)
            Source.objects.create(url=site.feed_url, target_languages=["es"], engine=UpperCaseEngine.name, since_days=None)
            pipeline = Pipeline()
            try:
                summary = run_once(pipeline)
            finally:
                pipeline.close()
    finally:
        engines.unregister(UpperCaseEngine.name)
    assert summary.published == count and summary.failures == []
    assert not StalePage.objects.exists()  # every page marked was rendered, the shared ones once by the pass
    published = list(Translation.objects.filter(state="published"))
    shared = {path for t in published for path in addresses.shared_pages(t)}
    from dragoman.stories.models import Story

    stories = [path for pk in Story.objects.values_list("pk", flat=True) for path in addresses.story_pages(pk)]
    # each page at most once, however many of the publications changed it (home: all of them)
    assert summary.rendered <= len(shared | set(stories)) + 2 * len(published)
    for t in published:
        for path in addresses.own_pages(t):
            assert rendered(path) == dynamic(client, path).content, path
    home = rendered("/")
    assert all(addresses.own_pages(t)[0].encode() in home for t in published)
    assert rendered("/feeds/atom.xml") is not None and rendered("/sitemap.xml") is not None


def test_the_workers_render_the_shared_pages_at_most_every_render_seconds_all_together(spanish_site, settings):
    from dragoman.rendered.pages import mark
    from dragoman.runtime.worker import Worker

    settings.RENDER_SECONDS = 3600
    worker, other = Worker(threads=1, interval=5, grace=1), Worker(threads=1, interval=5, grace=1)
    StalePage.objects.all().delete()
    mark(["/"])
    assert worker._render() == 1 and not StalePage.objects.exists()  # the first pass: at once
    mark(["/"])
    assert worker._render() == 0 and StalePage.objects.filter(path="/").exists()  # an hour has not passed
    assert other._render() == 0 and StalePage.objects.filter(path="/").exists()  # for any worker
    settings.RENDER_SECONDS = 0
    assert other._render() == 1 and not StalePage.objects.exists()
