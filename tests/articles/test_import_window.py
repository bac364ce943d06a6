"""The first-import window: a new feed of 2,000 items, most of them old, translates only its young items; the
others are archived without a request, with the reason; later polls translate new items as usual."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone as dt_timezone
from email.utils import format_datetime
from html import escape

import pytest
from django.utils import timezone

from dragoman.articles.entries import store_entries
from dragoman.articles.models import Entry, Page, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.demosite import DemoSite
from dragoman.runtime.passes import run_once
from dragoman.sources.items import FeedItem
from dragoman.sources.models import Source
from tests.support.engines import RecordingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db

ITEMS = 2000


def feed_xml(base: str, items: list[tuple[str, str, datetime | None]]) -> str:
    """An RSS feed of (title, url, date or None) items."""
    rows = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(url)}</link><guid>{escape(url)}</guid>"
        + (f"<pubDate>{format_datetime(date)}</pubDate>" if date else "")
        + "</item>"
        for title, url, date in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Busy outlet</title><link>{base}/</link>'
        f"<description>2,000 items</description>{rows}</channel></rss>"
    )


def young_page(published: datetime) -> str:
    """An article whose feed item has no date: its page says it was published an hour ago."""
    paragraphs = "".join(
        f"<p>The harbour board met on the {n}th day of the inquiry and heard evidence from pilots, crews and "
        f"residents about the new channel, the dredging plan and the cost of keeping the port open.</p>"
        for n in range(1, 7)
    )
    return (
        f'<!doctype html><html lang="en"><head><title>Harbour board hears evidence</title>'
        f'<meta property="article:published_time" content="{published.isoformat()}"></head><body><article>'
        f"<h1>Harbour board hears evidence on the new channel</h1>{paragraphs}</article></body></html>"
    )


@pytest.fixture
def busy_outlet(demo_site, demo_expected, tmp_path, allow_fetch):
    """A feed of 2,000 items served locally: 5 young ones (demo articles), 1,993 old ones (pages that do
    not exist: a request for one would fail), and 2 without a date (an old demo article, a young page)."""
    now = timezone.now()
    demo = [(e["title"], demo_site.base_url + e["url_path"]) for e in demo_expected]
    (tmp_path / "feed.xml").write_text(feed_xml("", []), encoding="utf-8")  # written again below, with its address
    with DemoSite(root=tmp_path) as site:
        allow_fetch(demo_site, site)
        (tmp_path / "young.html").write_text(young_page(now - timedelta(hours=1)), encoding="utf-8")
        items = [(title, url, now - timedelta(hours=3 * i + 1)) for i, (title, url) in enumerate(demo[:5])]
        items += [(f"Old story {n}", f"{site.base_url}/old/{n}.html", now - timedelta(days=3 + n % 400)) for n in range(ITEMS - 7)]
        items += [(demo[5][0], demo[5][1], None), ("Harbour board hears evidence", f"{site.base_url}/young.html", None)]
        assert len(items) == ITEMS
        (tmp_path / "feed.xml").write_text(feed_xml(site.base_url, items), encoding="utf-8")

        def later(*extra):
            (tmp_path / "feed.xml").write_text(feed_xml(site.base_url, [*extra, *items]), encoding="utf-8")
            Source.objects.update(next_check_at=timezone.now())  # due again

        yield site.feed_url, demo, later


def test_a_2000_item_feed_translates_only_its_young_items(busy_outlet):
    feed_url, demo, later = busy_outlet
    source = Source.objects.create(url=feed_url, target_languages=["es"], engine="test-upper", since_days=2)
    recorder = RecordingEngine(UpperCaseEngine())
    with Pipeline(engines={"test-upper": recorder}) as pipeline:
        started = time.perf_counter()
        assert pipeline.poll(source.pk) == ITEMS
        poll_seconds = time.perf_counter() - started
        summary = run_once(pipeline, poll=False)

    assert poll_seconds < 10  # 2,000 items stored in a few statements, none of the old ones requested
    archived = Entry.objects.filter(state=Entry.State.ARCHIVED)
    assert archived.count() == ITEMS - 7 + 1  # the old ones, and the undated page whose own date is old
    assert not Page.objects.filter(entry__feed_published_at__lt=timezone.now() - timedelta(days=2), entry__title__startswith="Old story").exists()
    assert Page.objects.count() == 7  # the 5 young, and the 2 undated (fetched to learn their date)
    old = Entry.objects.get(title="Old story 0")
    day = old.feed_published_at.astimezone(dt_timezone.utc).strftime("%Y-%m-%d")
    assert old.error == f"older than the 2-day import window (published {day})"
    undated_old = Entry.objects.get(url=demo[5][1])
    assert undated_old.state == "archived" and undated_old.error.startswith("older than the 2-day import window (published 2026-")
    assert undated_old.feed_published_at is not None  # judged once: an editor's release will not archive it again
    assert summary.failures == [] and summary.published == 6
    assert set(Translation.objects.values_list("article__entry__title", flat=True)) == {
        *(title for title, _ in demo[:5]),
        "Harbour board hears evidence",
    }
    assert "Old story" not in " ".join(recorder.sent)

    # a later poll: a new item is translated as usual; an old one that shows up now is archived too
    now = timezone.now()
    later((demo[6][0], demo[6][1], now - timedelta(minutes=5)), ("Dug out of the archive", f"{demo[7][1]}", now - timedelta(days=30)))
    with Pipeline(engines={"test-upper": recorder}) as pipeline:
        second = run_once(pipeline)
    assert second.new_entries == 2 and second.published == 1 and second.failures == []
    assert Entry.objects.get(url=demo[6][1]).state == "extracted"
    assert Entry.objects.get(url=demo[7][1]).state == "archived"
    assert Entry.objects.filter(state=Entry.State.ARCHIVED).count() == ITEMS - 7 + 2


def test_no_window_and_single_pages_archive_nothing():
    old = datetime(2020, 1, 1, tzinfo=dt_timezone.utc)
    items = [FeedItem(guid="", url=f"https://news.example/{n}", title=str(n), published=old) for n in range(3)]
    for since_days, kind in ((None, "feed"), (0, "feed"), (2, "page")):
        source = Source.objects.create(url=f"https://news.example/{kind}-{since_days}.xml", kind=kind, since_days=since_days)
        assert store_entries(source, items) == 3
        assert set(source.entries.values_list("state", flat=True)) == {"discovered"}
    windowed = Source.objects.create(url="https://news.example/windowed.xml", since_days=2)
    store_entries(windowed, [*items, FeedItem(guid="", url="https://news.example/new", title="new", published=None)])
    assert dict(windowed.entries.values_list("title", "state")) == {"0": "archived", "1": "archived", "2": "archived", "new": "discovered"}


def test_an_archived_item_released_by_an_editor_is_fetched_translated_and_published(busy_outlet):
    """Both kinds of archived item, released (``dragoman entries release``'s function): the one its feed dated,
    and the undated one archived by its page's own date, which is not archived again once released."""
    from dragoman.articles.release import release

    feed_url, demo, _ = busy_outlet
    source = Source.objects.create(url=feed_url, target_languages=["es"], engine="test-upper", since_days=2)
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        run_once(pipeline)
        undated_old = Entry.objects.get(url=demo[5][1])
        dated_old = Entry.objects.filter(source=source, state=Entry.State.ARCHIVED).exclude(pk=undated_old.pk).first()
        dated_old.url = demo[8][1]  # an old item whose page exists (the feed's old ones point nowhere)
        dated_old.save(update_fields=["url"])
        for entry in (undated_old, dated_old):
            assert "released from archived" in release(entry.pk, by="editor", pipeline=pipeline)
        second = run_once(pipeline, poll=False)

    assert second.failures == [] and second.published == 2
    for entry in (undated_old, dated_old):
        entry.refresh_from_db()
        assert entry.state == Entry.State.EXTRACTED and entry.error == ""
        assert entry.article.translations.get().state == Translation.State.PUBLISHED
    assert Entry.objects.filter(state=Entry.State.ARCHIVED).count() == ITEMS - 7 - 1  # the others stay archived
