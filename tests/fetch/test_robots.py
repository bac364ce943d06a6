"""robots.txt: RFC 9309 matching, and the fetcher honouring it with a cache (feeds and pages; never engines)."""

from __future__ import annotations

import pytest

from dragoman.fetch import FEED, PAGE, Fetcher, FetchError, RequestRefused, http_client
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
