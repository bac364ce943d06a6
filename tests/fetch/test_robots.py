"""robots.txt: RFC 9309 matching, and the fetcher honouring it with a cache (feeds and pages; never engines)."""

from __future__ import annotations

import threading
import time

import pytest

from dragoman.fetch import FEED, PAGE, Fetcher, FetchError, RequestRefused, http_client
from dragoman.fetch.guard import shared_ssl_context
from dragoman.fetch.robots import RobotsCache, RobotsRules
from tests.security.servers import text

ROBOTS = """\
# a comment
User-agent: *
Disallow: /private/
Allow: /private/open-*.html$

User-agent: OtherBot
User-agent: dragoman/2.0
Disallow: /not-for-dragoman
Disallow: /*.pdf$
Allow: /not-for-dragoman/except
"""


@pytest.mark.parametrize(
    ("agent", "path", "allowed"),
    [
        ("dragoman", "/not-for-dragoman/story", False),
        ("dragoman", "/not-for-dragoman/except/this", True),  # the longer rule wins
        ("dragoman", "/private/x", True),  # a group names us: the * group does not apply
        ("dragoman", "/files/report.pdf", False),
        ("dragoman", "/files/report.pdf?x=1", True),  # $ anchors the end
        ("Dragoman", "/not-for-dragoman", False),  # the product token matches case-insensitively
        ("somebot", "/private/secret.html", False),
        ("somebot", "/private/open-day.html", True),
        ("somebot", "/private/open-day.html?print=1", False),
        ("somebot", "/not-for-dragoman", True),
        ("somebot", "/robots.txt", True),
    ],
)
def test_rules_follow_rfc_9309(agent, path, allowed):
    assert RobotsRules(ROBOTS, agent).allowed(path) is allowed


def test_an_equal_allow_and_disallow_allows_and_an_empty_disallow_disallows_nothing():
    assert RobotsRules("User-agent: *\nDisallow: /a\nAllow: /a\n").allowed("/a/b")
    assert RobotsRules("User-agent: *\nDisallow:\n").allowed("/anything")
    assert RobotsRules("").allowed("/anything")
    assert RobotsRules("garbage\n\x00\xff: ::\nDisallow: /orphan-rule\n").allowed("/orphan-rule")


def test_the_fetcher_honours_robots_txt_and_asks_once_per_origin(allowed):
    allowed.routes["/robots.txt"] = text("User-agent: Dragoman\nDisallow: /private/\n", "text/plain")
    allowed.routes["/private/page"] = text("<p>private</p>")
    allowed.routes["/feed.xml"] = text("<rss/>", "application/rss+xml")
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        for _ in range(3):
            with pytest.raises(RequestRefused) as refused:
                fetcher.get(allowed.url("/private/page"), expect=PAGE)
            assert refused.value.reason == f"refused: robots.txt of {allowed.netloc} disallows /private/page"
        assert fetcher.get(allowed.url("/feed.xml"), expect=FEED).content == b"<rss/>"
        assert fetcher.get(allowed.url("/page"), expect=PAGE).status_code == 200
    assert allowed.requests == ["/robots.txt", "/feed.xml", "/page"]


def test_a_server_error_on_robots_txt_stops_fetching_for_a_while(allowed):
    allowed.routes["/robots.txt"] = text("oops", "text/plain", status=503)
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        for _ in range(2):
            with pytest.raises(FetchError) as failed:
                fetcher.get(allowed.url("/page"), expect=PAGE)
            assert failed.value.retryable and "robots.txt answered HTTP 503" in failed.value.reason
    assert allowed.requests == ["/robots.txt"]  # the answer is kept; the page is never asked for


def test_the_cache_expires_answers(allowed):
    now = [0.0]
    allowed.routes["/robots.txt"] = text("User-agent: *\nDisallow: /page\n", "text/plain")
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        fetcher.robots = RobotsCache(fetcher._robots_txt, clock=lambda: now[0])
        assert not fetcher.robots.allowed(allowed.url("/page"))
        allowed.routes["/robots.txt"] = text("User-agent: *\nDisallow:\n", "text/plain")
        now[0] = 23 * 3600
        assert not fetcher.robots.allowed(allowed.url("/page"))
        now[0] = 25 * 3600
        assert fetcher.robots.allowed(allowed.url("/page"))
    assert allowed.requests == ["/robots.txt", "/robots.txt"]


def test_engine_api_clients_do_not_ask_for_robots_txt(allowed):
    allowed.routes["/robots.txt"] = text("User-agent: *\nDisallow: /\n", "text/plain")
    allowed.routes["/translate"] = text("{}", "application/json")
    with http_client(allow=[allowed.netloc]) as client:
        assert client.post(allowed.url("/translate"), json={"q": "x"}).status_code == 200
    assert allowed.requests == ["/translate"]


def slow_robots(body: str, seconds: float = 0.3):
    """robots.txt answered after a while: long enough for every thread of a test to be asking for it at once."""
    answer = text(body, "text/plain")

    def route(handler) -> None:
        time.sleep(seconds)
        answer(handler)

    return route


def test_threads_sharing_a_fetcher_ask_for_robots_txt_once(allowed):
    """Eight threads need the same host's robots.txt at the same moment: one asks, the others wait for its answer."""
    allowed.routes["/robots.txt"] = slow_robots("User-agent: *\nDisallow: /private/\n")
    allowed.routes["/private/page"] = text("<p>private</p>")
    start = threading.Barrier(8)
    outcomes: list[object] = [None] * 8

    def fetch(index: int, fetcher: Fetcher) -> None:
        start.wait()
        try:
            outcomes[index] = fetcher.get(allowed.url("/private/page" if index == 0 else "/page"), expect=PAGE).status_code
        except FetchError as exc:
            outcomes[index] = exc.reason

    with Fetcher(allow=[allowed.netloc]) as fetcher:
        threads = [threading.Thread(target=fetch, args=(i, fetcher)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes == [f"refused: robots.txt of {allowed.netloc} disallows /private/page"] + [200] * 7
    assert allowed.requests.count("/robots.txt") == 1
    assert sorted(allowed.requests) == ["/page"] * 7 + ["/robots.txt"]


def test_an_unreachable_robots_txt_is_asked_again_by_the_next_thread():
    """A refusal by the guard is not an answer: it is not kept, so a waiting thread asks again itself."""
    calls: list[str] = []
    gate = threading.Event()

    def fetch(url: str) -> tuple[int, bytes]:
        calls.append(url)
        if len(calls) == 1:
            gate.wait(5)
            raise RequestRefused(url, "refused: a test's refusal")
        return 200, b"User-agent: *\nDisallow: /no\n"

    cache = RobotsCache(fetch)
    results: list[object] = []

    def ask() -> None:
        try:
            results.append(cache.allowed("http://example.org/no"))
        except RequestRefused as exc:
            results.append(exc.reason)

    first = threading.Thread(target=ask)
    first.start()
    while not calls:
        time.sleep(0.01)
    second = threading.Thread(target=ask)
    second.start()
    gate.set()
    first.join()
    second.join()
    assert results == ["refused: a test's refusal", False]
    assert calls == ["http://example.org/robots.txt"] * 2


def test_clients_share_one_ssl_context(allowed):
    with Fetcher(allow=[allowed.netloc]) as one, Fetcher() as two, http_client() as engine:
        contexts = {id(client._transport._network._pool._ssl_context) for client in (one._client, two._client, engine)}
    assert contexts == {id(shared_ssl_context())}
