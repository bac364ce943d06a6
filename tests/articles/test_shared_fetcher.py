"""The pipelines of one process share one HTTP client and its robots.txt cache (each worker thread has its own
pipeline, with its own engines): a host's robots.txt is asked for once per process, not once per thread."""

from __future__ import annotations

import threading

import pytest

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.fetch import PAGE, Fetcher, FetchError
from dragoman.runtime.tasks import close_pipelines, thread_pipeline
from dragoman.sources.fetching import shared_fetcher
from dragoman.sources.models import Source
from tests.fetch.test_robots import slow_robots
from tests.security.servers import LocalServer, text

HTML = "<html><head><title>A story</title></head><body><article><h1>A story</h1>{}</article></body></html>"


@pytest.fixture
def news_host(allow_fetch):
    paragraphs = "".join(f"<p>Paragraph {n} of a story that is long enough to be read as an article.</p>" for n in range(12))
    routes = {f"/story-{n}": text(HTML.format(paragraphs)) for n in range(4)}
    routes["/robots.txt"] = slow_robots("User-agent: *\nDisallow: /private/\n")
    with LocalServer(routes) as server:
        allow_fetch(server)
        yield server


def test_worker_threads_fetch_robots_txt_once_for_a_host(news_host):
    """Four worker threads, each with its own pipeline, fetch four pages of one host at the same moment (the
    network part of the fetch step; on SQLite in memory, threads writing at once would lock each other out, so
    the step itself runs through a real worker in test_embedded_worker.py)."""
    start = threading.Barrier(4)
    pipelines: list[Pipeline] = [None] * 4  # type: ignore[list-item]
    statuses: list[object] = [None] * 4

    def work(index: int) -> None:
        pipelines[index] = thread_pipeline()  # what each worker thread runs its units with
        start.wait()
        try:
            statuses[index] = pipelines[index].fetcher.get(news_host.url(f"/story-{index}"), expect=PAGE).status_code
        except FetchError as exc:
            statuses[index] = exc.reason

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({id(p) for p in pipelines}) == 4  # a pipeline per thread...
        assert {id(p.fetcher) for p in pipelines} == {id(shared_fetcher())}  # ...and one client for them all
    finally:
        close_pipelines()
    assert statuses == [200] * 4
    assert news_host.requests.count("/robots.txt") == 1
    assert sorted(news_host.requests) == ["/robots.txt", "/story-0", "/story-1", "/story-2", "/story-3"]


@pytest.mark.django_db
def test_the_fetch_step_of_pipelines_in_turn_asks_once(news_host):
    source = Source.objects.create(url=news_host.url("/feed.xml"), target_languages=["es"], engine="test-upper")
    entries = [Entry.objects.create(source=source, key=f"story-{n}", url=news_host.url(f"/story-{n}")) for n in range(2)]
    for entry in entries:
        with Pipeline() as pipeline:  # a pipeline per unit, closed after it: the client and its cache stay
            assert pipeline.fetch(entry.pk)
    assert sorted(Entry.objects.values_list("state", flat=True)) == ["fetched"] * 2
    assert news_host.requests == ["/robots.txt", "/story-0", "/story-1"]


def test_closing_a_pipeline_leaves_the_shared_client_to_the_others(news_host):
    first, second = Pipeline(), Pipeline()
    assert first.fetcher is second.fetcher
    first.close()
    assert second.fetcher.get(news_host.url("/story-0")).status_code == 200
    assert news_host.requests == ["/robots.txt", "/story-0"]


def test_a_pipeline_given_its_own_fetcher_closes_it(news_host):
    own = Fetcher(allow=[news_host.netloc])
    with Pipeline(fetcher=own) as pipeline:
        assert pipeline.fetcher is own and own is not shared_fetcher()
        assert own.get(news_host.url("/story-1")).status_code == 200
    assert own._client.is_closed and not shared_fetcher()._client.is_closed
