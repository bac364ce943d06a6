"""Hostile input never stops the system: malformed and enormous feeds, broken encodings, deep nesting, invalid
dates, hostile pages and an engine that injects markup, all next to a good source. Each failure is stored on
its own row with a reason, and everything else goes on to publication."""

from __future__ import annotations

import random

import pytest

from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.publish.models import Publication
from dragoman.sources.models import Source
from tests.security import hostile_site
from tests.security.hostile_site import plain_page, rss
from tests.security.servers import LocalServer, drip, endless, redirect, text
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db

MiB = 1 << 20
GOOD_DATE = "Wed, 18 Nov 2026 12:30:00 +0000"


class InjectingEngine(UpperCaseEngine):
    """Translates like the upper-case engine, then slips markup of its own into every reply."""

    name = "test-inject"
    label = "Test engine (injects markup)"

    def translate_batch(self, texts, source, target, *, markup):
        replies = super().translate_batch(texts, source, target, markup=markup)
        return [reply + '<script>alert(1)</script><img src="x" onerror="alert(2)">' for reply in replies]


@pytest.fixture
def hostile(forbidden, allow_fetch, settings):
    """A server with a good feed and many bad ones, and the sources that read them."""
    settings.FETCH_TIMEOUT = 1.5  # for the page that trickles forever
    noise = random.Random(5).randbytes(200_000)
    with LocalServer() as server:
        base = f"http://{server.netloc}"
        routes = server.routes
        for n in range(1, 6):
            routes[f"/good/{n}.html"] = text(plain_page(n, base))
        routes["/images/lead.png"] = text(hostile_site.LEAD_IMAGE, "image/png")
        good = lambda *ns: [(f"Report {n}", f"{base}/good/{n}.html", GOOD_DATE) for n in ns]  # noqa: E731
        feeds = {
            "good": rss(good(1, 2)),
            "dates": rss([
                ("Bad day", f"{base}/good/3.html", "Tue, 99 Foo 2024 25:61:00 +9999"),
                ("Far future", f"{base}/good/4.html", "Sat, 01 Jan 99999 00:00:00 GMT"),
                ("Before time", f"{base}/good/5.html", "0000-00-00T00:00:00Z"),
            ]),  # fmt: skip
            "deep": rss(good(1)).replace("</channel>", "<x>" * 50_000 + "</x>" * 50_000 + "</channel>"),
            "mixed": rss([
                ("Binary", f"{base}/bad/binary.html", GOOD_DATE),
                ("Deep", f"{base}/bad/deep.html", GOOD_DATE),
                ("Huge", f"{base}/bad/huge.html", GOOD_DATE),
                ("Redirect", f"{base}/bad/redirect.html", GOOD_DATE),
                ("Trickle", f"{base}/bad/slow.html", GOOD_DATE),
                ("Wrong charset", f"{base}/bad/charset.html", GOOD_DATE),
                ("Image", f"{base}/images/lead.png", GOOD_DATE),
                ("Gone", f"{base}/bad/gone.html", GOOD_DATE),
                ("Script link", "javascript:alert(1)", GOOD_DATE),
            ]),  # fmt: skip
            "injected": rss(good(1)),
            "controls": rss([("Control \x1b characters", f"{base}/bad/controls.html", GOOD_DATE)]),
        }
        for name, body in feeds.items():
            routes[f"/{name}.xml"] = text(body, "application/rss+xml")
        routes["/huge.xml"] = endless("application/rss+xml", limit=50 * MiB)
        routes["/garbage.xml"] = text(noise, "application/rss+xml")
        routes["/encoding.xml"] = text(rss(good(1)).encode().replace(b"Report 1", b"Report \xff\xfe\xc3(1"), "application/xml")
        routes["/unknown-charset.xml"] = text(rss(good(2)).replace("utf-8", "x-no-such-charset"), "text/xml")
        routes["/bad/binary.html"] = text(noise, "text/html")
        story = plain_page(9, base)
        routes["/bad/deep.html"] = text(story.replace("<main>", "<main>" + "<div>" * 20_000).replace("</main>", "</div>" * 20_000 + "</main>"))
        routes["/bad/huge.html"] = endless("text/html", limit=50 * MiB)
        routes["/bad/redirect.html"] = redirect(forbidden.url("/secret"))
        routes["/bad/slow.html"] = drip(0.2)
        controls = plain_page(8, base).replace("report 8", "report\x1b 8\x0b").replace("Ana Ruiz", "Ana\x08 Ruiz")
        routes["/bad/controls.html"] = text(controls.replace("The harbour authority", "The\x0c harbour\x1f authority"))
        routes["/bad/charset.html"] = text(story.encode("latin-1", "replace") + noise[:300], "text/html; charset=utf-16")
        allow_fetch(server.netloc)
        engines = {"huge": "test-upper", "injected": InjectingEngine.name}
        for name in [*feeds, "huge", "garbage", "encoding", "unknown-charset"]:
            Source.objects.create(url=f"{base}/{name}.xml", name=name, target_languages=["es"], engine=engines.get(name, "test-upper"))
        yield server


def run_pass():
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine(), InjectingEngine.name: InjectingEngine()})
    try:
        return run_once(pipeline)
    finally:
        pipeline.close()


def entry(source: str, title: str) -> Entry:
    return Entry.objects.get(source__name=source, title=title)


@pytest.mark.slow
def test_hostile_sources_fail_alone_with_their_reasons(hostile, forbidden, client):
    summary = run_pass()
    sources = {s.name: s for s in Source.objects.all()}

    # the good source is untouched by the others: everything published
    assert sources["good"].last_error == ""
    assert Publication.objects.filter(translation__article__entry__source=sources["good"]).count() == 2

    # feeds: too big, garbage; each reason stored on its source, which is backed off
    assert sources["huge"].last_error.startswith(f"refused: the body is over the {10 * MiB} byte limit")
    assert "not a feed" in sources["garbage"].last_error or "could not be parsed" in sources["garbage"].last_error
    for name in ("huge", "garbage"):
        assert sources[name].error_count == 1 and sources[name].next_check_at > sources[name].last_checked_at
    # deep nesting, broken and unknown encodings: read as far as they can be, or refused, never a crash
    for name in ("deep", "encoding", "unknown-charset"):
        assert sources[name].last_checked_at is not None
        assert sources[name].last_error or sources[name].entries.exists(), name

    # impossible dates are no dates: the items are kept and published with the pages' own dates
    for title in ("Bad day", "Far future", "Before time"):
        item = entry("dates", title)
        assert item.feed_published_at is None and item.state == Entry.State.EXTRACTED
        assert item.article.translations.get().state == Translation.State.PUBLISHED

    # hostile pages: each fails at its own step with its reason
    expected = {
        "Huge": ("fetch", f"refused: the body is over the {10 * MiB} byte limit"),
        "Redirect": ("fetch", "refused: redirected to " + forbidden.url("/secret") + ": 127.0.0.1 is a loopback address"),
        "Trickle": ("fetch", "timed out"),
        "Image": ("fetch", "refused: image/png is not a web page"),
        "Gone": ("fetch", "HTTP 404"),
    }
    for title, (step, reason) in expected.items():
        item = entry("mixed", title)
        assert item.state == Entry.State.FAILED and item.failed_step == step and item.error, (title, item.error)
        assert item.error.startswith(reason), (title, item.error)
    for title in ("Binary", "Deep", "Wrong charset"):  # read as far as they can be, or refused with a reason
        item = entry("mixed", title)
        assert item.state == Entry.State.EXTRACTED or item.error, title
    assert not Entry.objects.filter(url__startswith="javascript:").exists()  # never stored as an article link

    # the engine that injects markup: every unit fails its checks, so every unit stays in the original
    # language (the engine's markup is never used), and with all its units degraded it waits for review
    injected = Translation.objects.get(article__entry__source=sources["injected"])
    assert injected.state == Translation.State.REVIEW and injected.degraded_units == injected.units > 0
    assert all("added markup" in " ".join(d["problems"]) and d["form"] == "original" for d in injected.degradations)
    assert "<script" not in injected.body_html and "onerror" not in injected.body_html
    assert not Publication.objects.filter(translation=injected).exists()

    # every failure is in the pass's summary, and nothing reached the forbidden server
    failed_rows = Entry.objects.filter(state=Entry.State.FAILED).count()
    assert len(summary.failures) >= failed_rows + 2  # entries, the two refused feeds
    assert forbidden.untouched
    for row in Entry.objects.filter(state=Entry.State.FAILED):
        assert "\n" not in row.error and len(row.error) < 1000

    # control characters never reach the site, so they can't break its XML feed
    translation = Translation.objects.get(article__entry__source=sources["controls"])
    assert translation.state == Translation.State.PUBLISHED
    stored = [translation.title, translation.body_html, translation.article.author, translation.article.title]
    assert not any(ch in value for value in stored for ch in "\x1b\x0b\x08\x0c\x1f")
    feed = client.get("/feeds/atom.xml")
    assert feed.status_code == 200 and f"/articles/{translation.pk}/{translation.slug}/" in feed.content.decode()


@pytest.mark.slow
def test_a_second_pass_retries_without_crashing_and_publishes_nothing_twice(hostile):
    run_pass()
    published = Publication.objects.count()
    summary = run_pass()
    assert summary.published == 0 and Publication.objects.count() == published
