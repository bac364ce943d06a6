"""The scheduler, as in Miniflux: conditional GET and 304, Retry-After on 429 and 503, the feed's TTL and
Cache-Control, exponential back-off, and every item kept however long the feed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from email.utils import format_datetime

import pytest
from django.utils import timezone

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.runtime.steps import STEPS
from dragoman.sources.models import Source
from dragoman.sources.schedule import fresh_until, retry_after
from tests.support.scripted import ScriptedServer, rss

pytestmark = pytest.mark.django_db

RSS = {"Content-Type": "application/rss+xml"}


@pytest.fixture
def server(allow_fetch):
    with ScriptedServer() as server:
        allow_fetch(server.netloc)
        yield server


@pytest.fixture
def pipeline(server):
    pipeline = Pipeline()
    yield pipeline
    pipeline.close()


def source_for(server, **fields) -> Source:
    return Source.objects.create(url=f"{server.base_url}/feed.xml", target_languages=["es"], **fields)


def due_for_polling() -> set[int]:
    return set(Source.objects.filter(STEPS["poll"].ready()).values_list("pk", flat=True))


def test_a_304_is_a_successful_poll_that_finds_nothing_new(server, pipeline):
    feed = rss(server.base_url, 3)

    def answer(headers):
        if headers.get("if-none-match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {**RSS, "ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 22:15:00 GMT"}, feed

    server.route("/feed.xml", answer)
    source = source_for(server)
    assert pipeline.poll(source.pk) == 3
    Source.objects.filter(pk=source.pk).update(next_check_at=timezone.now())
    assert pipeline.poll(source.pk) == 0
    second = server.requests_to("/feed.xml")[1]
    assert second["if-none-match"] == '"v1"' and second["if-modified-since"] == "Tue, 24 Nov 2026 22:15:00 GMT"
    source.refresh_from_db()
    assert source.error_count == 0 and source.last_error == ""
    assert source.next_check_at >= source.last_checked_at + timedelta(minutes=source.poll_interval_minutes)
    assert Entry.objects.filter(source=source).count() == 3


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds_moves_the_next_check_after_it(server, pipeline, status):
    server.route("/feed.xml", lambda headers: (status, {"Retry-After": "7200"}, b"slow down"))
    source = source_for(server, poll_interval_minutes=5)
    before = timezone.now()
    assert pipeline.poll(source.pk) == 0
    source.refresh_from_db()
    assert str(status) in source.last_error and source.error_count == 1
    assert source.next_check_at >= before + timedelta(seconds=7200)
    assert source.pk not in due_for_polling()


def test_retry_after_as_a_date_is_honoured(server, pipeline):
    later = (datetime.now(dt_timezone.utc) + timedelta(hours=3)).replace(microsecond=0)
    server.route("/feed.xml", lambda headers: (503, {"Retry-After": format_datetime(later, usegmt=True)}, b""))
    source = source_for(server, poll_interval_minutes=5)
    pipeline.poll(source.pk)
    source.refresh_from_db()
    assert source.next_check_at >= later


def test_without_retry_after_failures_back_off_exponentially(server, pipeline):
    server.route("/feed.xml", lambda headers: (429, {}, b""))
    source = source_for(server, poll_interval_minutes=10)
    delays = []
    for _ in range(3):
        pipeline.poll(source.pk)
        source.refresh_from_db()
        delays.append(source.next_check_at - source.last_checked_at)
    assert delays == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80)]


def test_the_feeds_ttl_is_respected(server, pipeline):
    server.route("/feed.xml", lambda headers: (200, RSS, rss(server.base_url, 1, extra="<ttl>180</ttl>")))
    source = source_for(server, poll_interval_minutes=30)
    pipeline.poll(source.pk)
    source.refresh_from_db()
    assert source.next_check_at >= source.last_checked_at + timedelta(minutes=180)


def test_cache_control_max_age_is_respected(server, pipeline):
    server.route("/feed.xml", lambda headers: (200, {**RSS, "Cache-Control": "public, max-age=14400"}, rss(server.base_url, 1)))
    source = source_for(server, poll_interval_minutes=30)
    pipeline.poll(source.pk)
    source.refresh_from_db()
    assert source.next_check_at >= source.last_checked_at + timedelta(hours=4)


def test_a_page_fetch_answered_429_waits_for_its_retry_after(server, pipeline):
    server.route("/feed.xml", lambda headers: (200, RSS, rss(server.base_url, 1)))
    server.route("/articles/0.html", lambda headers: (429, {"Retry-After": "600"}, b""))
    source = source_for(server)
    pipeline.poll(source.pk)
    before = timezone.now()
    run_once(pipeline, poll=False)
    entry = Entry.objects.get(source=source)
    assert entry.state == "failed" and "429" in entry.error and entry.attempts == 1
    assert entry.lease_until >= before + timedelta(seconds=600)  # not tried again before the server said
    assert not Entry.objects.filter(STEPS["fetch"].ready(), lease_until__lt=timezone.now()).exists()


@pytest.mark.slow  # over a second and a half on its own
def test_no_item_is_dropped_from_a_feed_that_lists_two_thousand(server, pipeline):
    server.route("/feed.xml", lambda headers: (200, RSS, rss(server.base_url, 2000)))
    source = source_for(server)
    assert pipeline.poll(source.pk) == 2000
    assert Entry.objects.filter(source=source).count() == 2000
    Source.objects.filter(pk=source.pk).update(next_check_at=timezone.now())
    assert pipeline.poll(source.pk) == 0  # seen once


def test_retry_after_and_freshness_headers_are_read_as_servers_write_them():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=dt_timezone.utc)
    assert retry_after("120", now) == now + timedelta(seconds=120)
    assert retry_after("Sat, 28 Nov 2026 13:00:00 GMT", now) == now + timedelta(hours=1)
    assert retry_after("soon", now) is None
    assert fresh_until({"cache-control": "public, max-age=600"}, now) == now + timedelta(seconds=600)
    assert fresh_until({"cache-control": "max-age=600, s-maxage=1200"}, now) == now + timedelta(seconds=1200)
    assert fresh_until({"cache-control": "no-cache, max-age=600"}, now) is None
    assert fresh_until({"expires": "Sat, 28 Nov 2026 14:00:00 GMT"}, now) == now + timedelta(hours=2)
    assert fresh_until({"expires": "0"}, now) is None
