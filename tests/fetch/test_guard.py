"""Attacks on the one outbound client (dragoman.fetch), from servers this test runs on loopback.

Every attack must be refused with a clear, one-line reason, and the forbidden target must record no
connection at all. Positive controls (the allowed host, a normal gzip page) show that the guard refuses
what it should and not everything.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc

import httpx
import pytest

from dragoman.fetch import FEED, IMAGE, PAGE, Fetcher, FetchError, RequestRefused, ResponseTooLarge, http_client
from dragoman.fetch.guard import Allowlist, forbidden_reason, parse_allow_entry, parse_ip
from tests.security.conftest import SECRET
from tests.security.servers import (
    FullBacklog,
    LocalServer,
    deflate_bomb,
    drip,
    encoded,
    endless,
    gzip_bomb,
    gzip_bytes,
    redirect,
    resolver,
    silent,
    slow,
    text,
)

MiB = 1 << 20


def refusal(fetcher: Fetcher, url: str, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    return caught.value


# --- the forbidden target, spelt every way -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("2130706433", "2130706433 is 127.0.0.1, a loopback address"),  # decimal
        ("0x7f000001", "0x7f000001 is 127.0.0.1, a loopback address"),  # hexadecimal
        ("017700000001", "017700000001 is 127.0.0.1, a loopback address"),  # octal
        ("0177.0.0.1", "0177.0.0.1 is 127.0.0.1, a loopback address"),  # octal dotted
        ("127.1", "127.1 is 127.0.0.1, a loopback address"),  # short form
        ("0x7f.0.0.0x1", "is 127.0.0.1, a loopback address"),
        ("127.0.0.1.", "127.0.0.1"),  # trailing dot
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),  # reaches the machine itself on Linux
        ("[::ffff:127.0.0.1]", "an IPv4-mapped form of 127.0.0.1, a loopback address"),
        ("[::ffff:7f00:1]", "an IPv4-mapped form of 127.0.0.1, a loopback address"),
        ("localhost", "localhost resolves to 127.0.0.1, a loopback address"),
        ("LocalHost", "resolves to 127.0.0.1, a loopback address"),
    ],
)
def test_loopback_is_refused_however_it_is_spelt(forbidden, host, reason):
    with Fetcher() as fetcher:
        refused = refusal(fetcher, f"http://{host}:{forbidden.port}/secret")
    assert isinstance(refused, RequestRefused) and not refused.retryable
    assert refused.reason.startswith("refused: ") and reason in refused.reason
    assert "DRAGOMAN_FETCH_ALLOW" in refused.reason
    assert forbidden.untouched


def test_ipv6_loopback_is_refused():
    with LocalServer({"/secret": text(SECRET)}, host="::1") as target, Fetcher() as fetcher:
        refused = refusal(fetcher, target.url("/secret"))
        assert "::1 is a loopback address" in refused.reason
        assert target.untouched


@pytest.mark.parametrize(
    ("name", "addresses", "reason"),
    [
        ("127.0.0.1.nip.io", ["127.0.0.1"], "127.0.0.1.nip.io resolves to 127.0.0.1, a loopback address"),
        ("rebind.example", ["::1"], "resolves to ::1, a loopback address"),
        ("mapped.example", ["::ffff:127.0.0.1"], "an IPv4-mapped form of 127.0.0.1"),
        # a name that also points inside is refused as a whole, not quietly narrowed to its public address
        ("mixed.example", ["93.184.216.34", "127.0.0.1"], "resolves to 127.0.0.1, a loopback address"),
    ],
)
def test_a_host_name_resolving_to_loopback_is_refused(forbidden, monkeypatch, outside_connections, name, addresses, reason):
    monkeypatch.setattr(socket, "getaddrinfo", resolver({name: addresses}))
    with Fetcher() as fetcher:
        refused = refusal(fetcher, f"http://{name}:{forbidden.port}/secret")
    assert reason in refused.reason
    assert forbidden.untouched and outside_connections == []


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("10.0.0.1", "a private address"),
        ("167772161", "is 10.0.0.1, a private address"),  # 10.0.0.1 in decimal
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("0300.0250.1.1", "is 192.168.1.1, a private address"),  # octal
        ("169.254.169.254", "a link-local address (where cloud metadata services answer)"),
        ("0xa9fea9fe", "is 169.254.169.254, a link-local address"),
        ("100.64.0.1", "a shared carrier-grade NAT address"),
        ("224.0.0.1", "a multicast address"),
        ("255.255.255.255", "the broadcast address"),
        ("240.0.0.1", "a reserved address"),
        ("192.0.2.1", "a special-purpose address that is not public"),
        ("[fd00::1]", "a private (unique local) address"),
        ("[fe80::1]", "a link-local address"),
        ("[fec0::1]", "a site-local address"),
        ("[ff02::1]", "a multicast address"),
        ("[::]", "an unspecified address"),
        ("[::ffff:10.0.0.1]", "an IPv4-mapped form of 10.0.0.1, a private address"),
        ("[::ffff:169.254.169.254]", "an IPv4-mapped form of 169.254.169.254, a link-local address"),
        ("[::10.0.0.1]", "an IPv4-compatible form of 10.0.0.1"),
        ("[64:ff9b::a00:1]", "a NAT64 form of 10.0.0.1, a private address"),
        ("[2002:a00:1::1]", "a 6to4 form of 10.0.0.1, a private address"),
        ("[2001:0:4136:e378:8000:63bf:f5ff:fffe]", "a Teredo form of 10.0.0.1, a private address"),
    ],
)
def test_private_and_special_addresses_are_refused_before_any_connection(outside_connections, host, reason):
    with Fetcher() as fetcher:
        refused = refusal(fetcher, f"http://{host}/admin")
    assert reason in refused.reason
    assert outside_connections == []


def test_names_resolving_to_private_addresses_are_refused(monkeypatch, outside_connections):
    monkeypatch.setattr(socket, "getaddrinfo", resolver({"intranet.example": ["10.0.0.7"], "meta.example": ["169.254.169.254"]}))
    with Fetcher() as fetcher:
        assert "intranet.example resolves to 10.0.0.7, a private address" in refusal(fetcher, "http://intranet.example/").reason
        assert "meta.example resolves to 169.254.169.254, a link-local" in refusal(fetcher, "http://meta.example/latest/").reason
    assert outside_connections == []


def test_dns_rebinding_cannot_switch_the_address_between_check_and_connection(allowed, monkeypatch):
    """The name answers the allowed address first, the forbidden one afterwards. One connection resolves
    once and connects to what it checked; a later connection checks the new answer and is refused."""
    allowed.routes["/story"] = text("<p>allowed</p>")
    with LocalServer({"/story": text(SECRET)}, host="127.0.0.2", port=allowed.port) as other:
        answers = iter(["127.0.0.1"])
        rebinding = resolver({"flip.example": lambda: [next(answers, "127.0.0.2")]})
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        url = f"http://flip.example:{allowed.port}/story"
        with Fetcher(allow=[allowed.netloc], robots=False) as fetcher:
            assert fetcher.get(url).content == b"<p>allowed</p>"
        assert rebinding.calls == {"flip.example": 1} and allowed.requests == ["/story"]
        with Fetcher(allow=[allowed.netloc], robots=False) as fetcher:
            assert "flip.example resolves to 127.0.0.2, a loopback address" in refusal(fetcher, url).reason
        assert other.untouched


def test_the_allowlist_opens_exactly_what_it_names(allowed, forbidden, monkeypatch):
    """An address entry opens that address and port, by whatever name; a name entry opens that name."""
    monkeypatch.setattr(socket, "getaddrinfo", resolver({"feeds.internal": ["127.0.0.1"], "other.internal": ["127.0.0.1"]}))
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        assert b"an allowed page" in fetcher.get(allowed.url("/page"), expect=PAGE).content
        assert b"an allowed page" in fetcher.get(f"http://other.internal:{allowed.port}/page").content
        assert "127.0.0.1 is a loopback address" in refusal(fetcher, forbidden.url("/secret")).reason
        assert "other.internal resolves to 127.0.0.1" in refusal(fetcher, f"http://other.internal:{forbidden.port}/").reason
    with Fetcher(allow=[f"feeds.internal:{allowed.port}"]) as fetcher:
        assert b"an allowed page" in fetcher.get(f"http://feeds.internal:{allowed.port}/page").content
        assert "127.0.0.1 is a loopback address" in refusal(fetcher, allowed.url("/page")).reason
        assert "other.internal resolves to 127.0.0.1" in refusal(fetcher, f"http://other.internal:{allowed.port}/page").reason
        assert "feeds.internal resolves to 127.0.0.1" in refusal(fetcher, f"http://feeds.internal:{forbidden.port}/").reason
    assert forbidden.untouched


# --- redirects ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1:{port}/secret", "127.0.0.1 is a loopback address"),
        ("http://localhost:{port}/secret", "localhost resolves to 127.0.0.1"),
        ("http://2130706433:{port}/secret", "2130706433 is 127.0.0.1"),
        ("http://[::ffff:127.0.0.1]:{port}/secret", "IPv4-mapped form of 127.0.0.1"),
        ("http://0.0.0.0:{port}/secret", "0.0.0.0 is an unspecified address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("file:///etc/passwd", "the scheme file: is not allowed"),
        ("gopher://127.0.0.1:{port}/_secret", "the scheme gopher: is not allowed"),
    ],
)
def test_an_allowed_host_redirecting_to_a_forbidden_one_is_refused(allowed, forbidden, outside_connections, status, target, reason):
    location = target.format(port=forbidden.port)
    allowed.routes["/go"] = redirect(location, status)
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        refused = refusal(fetcher, allowed.url("/go"))
    assert refused.reason.startswith("refused: redirected to ") and reason in refused.reason
    assert refused.url == allowed.url("/go")
    assert allowed.requests[-1] == "/go" and forbidden.untouched and outside_connections == []


def test_a_redirect_within_the_allowed_host_is_followed(allowed):
    allowed.routes["/old"] = redirect("/page", 301)
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        response = fetcher.get(allowed.url("/old"), expect=PAGE)
    assert response.final_url == allowed.url("/page") and b"an allowed page" in response.content


def test_a_redirect_loop_is_refused_and_named(allowed):
    allowed.routes["/a"] = redirect("/b")
    allowed.routes["/b"] = redirect("/a")
    with Fetcher(allow=[allowed.netloc], max_redirects=5) as fetcher:
        refused = refusal(fetcher, allowed.url("/a"))
    assert refused.reason.startswith("refused: a redirect loop (") and f"{allowed.url('/a')} -> {allowed.url('/b')}" in refused.reason
    assert allowed.requests.count("/a") + allowed.requests.count("/b") == 6  # the first request and 5 redirects


def test_an_endless_redirect_chain_stops_at_the_limit(allowed):
    for n in range(20):
        allowed.routes[f"/hop/{n}"] = redirect(f"/hop/{n + 1}")
    with Fetcher(allow=[allowed.netloc], max_redirects=3) as fetcher:
        assert refusal(fetcher, allowed.url("/hop/0")).reason == "refused: more than 3 redirects"
    assert [p for p in allowed.requests if p.startswith("/hop/")] == ["/hop/0", "/hop/1", "/hop/2", "/hop/3"]


# --- schemes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "FILE:///etc/passwd", "ftp://example.org/file", "gopher://example.org:70/_x",
     "dict://example.org:11211/stat", "data:text/html,<script>alert(1)</script>", "javascript:alert(1)",
     "ws://example.org/socket", "jar:http://example.org/x.jar!/", "//example.org/no-scheme", "/relative/path"],
)  # fmt: skip
def test_only_http_and_https_are_fetched(url, outside_connections):
    with Fetcher() as fetcher:
        refused = refusal(fetcher, url)
    assert "is not allowed, only http and https" in refused.reason
    assert outside_connections == []


def test_engine_clients_are_guarded_too(allowed, forbidden):
    """An engine's API client: its configured endpoint allowed, loopback otherwise refused, redirects checked;
    refusals are httpx errors too, so code written against httpx handles them."""
    allowed.routes["/translate"] = text('{"ok": true}', "application/json")
    allowed.routes["/moved"] = redirect(forbidden.url("/secret"), 307)
    with http_client(allow=[allowed.url()]) as client:
        assert client.get(allowed.url("/translate")).json() == {"ok": True}
        with pytest.raises(httpx.TransportError, match="127.0.0.1 is a loopback address"):
            client.get(allowed.url("/moved"))
        with pytest.raises(RequestRefused, match="is not allowed, only http and https"):
            client.get("file:///etc/passwd")  # httpx reads it as a relative path: refused all the same
    with http_client() as unconfigured, pytest.raises(RequestRefused, match="loopback"):
        unconfigured.get(allowed.url("/translate"))
    assert forbidden.untouched


@pytest.mark.parametrize("option", ["mounts", "proxy", "trust_env", "app"])
def test_http_client_refuses_options_that_would_bypass_the_guard(option):
    with pytest.raises(TypeError, match="bypass the guard"):
        http_client(**{option: None})


# --- bodies ---------------------------------------------------------------------------------------------------


def test_a_1_gib_body_is_cut_off_at_the_limit_and_never_fully_sent(allowed):
    allowed.routes["/huge"] = endless()  # 1 GiB, no length announced
    with Fetcher(allow=[allowed.netloc], max_bytes=2 * MiB) as fetcher:
        refused = refusal(fetcher, allowed.url("/huge"), expect=PAGE)
    assert isinstance(refused, ResponseTooLarge)
    assert refused.reason == f"refused: the body is over the {2 * MiB} byte limit (counted after decompression)"
    time.sleep(0.2)  # the server's next write finds the connection closed
    assert allowed.sent_bytes < 64 * MiB


def test_a_declared_1_gib_body_is_refused_before_reading_it(allowed):
    allowed.routes["/declared"] = endless(declared=1 << 30)
    with Fetcher(allow=[allowed.netloc], max_bytes=2 * MiB) as fetcher:
        refused = refusal(fetcher, allowed.url("/declared"))
    assert refused.reason == f"refused: the body of {1 << 30} bytes is over the {2 * MiB} byte limit"
    time.sleep(0.2)
    assert allowed.sent_bytes < 64 * MiB


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", lambda: gzip_bomb(1024)),  # 1 MB on the wire, 1 GiB inflated
        ("deflate", lambda: deflate_bomb(64)),  # raw deflate, as some servers send it
        ("gzip, gzip", lambda: gzip_bytes(gzip_bomb(256))),  # a bomb inside a bomb
    ],
)
@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_compression_bombs_stop_at_the_limit_counted_after_decompression(allowed, encoding, body):
    allowed.routes["/bomb"] = encoded(body(), encoding)
    tracemalloc.start()
    try:
        with Fetcher(allow=[allowed.netloc], max_bytes=4 * MiB) as fetcher:
            refused = refusal(fetcher, allowed.url("/bomb"), expect=PAGE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(refused, ResponseTooLarge) and "counted after decompression" in refused.reason
    assert peak < 48 * MiB  # the limit plus bounded decompression steps, not the bomb's gigabyte


def test_compressed_pages_are_decoded_and_only_gzip_and_deflate_are_offered(allowed):
    page = "<html><body>" + "<p>Harbour news, compressed.</p>" * 200 + "</body></html>"
    allowed.routes["/gz"] = encoded(gzip_bytes(page.encode()), "gzip")
    allowed.routes["/br"] = encoded(b"\x8b\x02\x80hello\x03", "br")
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        assert fetcher.get(allowed.url("/gz"), expect=PAGE).content.decode() == page
        refused = refusal(fetcher, allowed.url("/br"), expect=PAGE)
    assert refused.reason == "refused: the body's content-encoding 'br' was not offered (only gzip, deflate)"
    assert {h["accept-encoding"] for h in allowed.headers} == {"gzip, deflate"}


# --- time -----------------------------------------------------------------------------------------------------


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_server_that_never_answers_times_out(allowed):
    allowed.routes["/silent"] = silent
    start = time.monotonic()
    with Fetcher(allow=[allowed.netloc], timeout=1.0, robots=False) as fetcher:
        failed = refusal(fetcher, allowed.url("/silent"))
    assert failed.reason.startswith("timed out") and failed.retryable
    assert time.monotonic() - start < 3


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_server_that_trickles_hits_the_total_time_limit(allowed):
    """One byte every 0.2 s never trips a 1 s read timeout; the total limit stops it."""
    allowed.routes["/drip"] = drip(0.2)
    start = time.monotonic()
    with Fetcher(allow=[allowed.netloc], timeout=1.0, robots=False) as fetcher:
        failed = refusal(fetcher, allowed.url("/drip"))
    assert failed.reason == "timed out (the total time limit of 1 s was reached)"
    assert time.monotonic() - start < 3


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_connection_that_is_never_accepted_times_out():
    backlog = FullBacklog()
    try:
        start = time.monotonic()
        with Fetcher(allow=[backlog.netloc], timeout=1.0) as fetcher:
            failed = refusal(fetcher, f"http://{backlog.netloc}/")
        assert failed.reason.startswith("timed out")
        assert time.monotonic() - start < 3
    finally:
        backlog.close()


# --- concurrency, headers, content types ----------------------------------------------------------------------


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_requests_to_one_host_are_limited_to_per_host_at_a_time(allowed):
    route, most_at_once = slow(0.25)
    allowed.routes["/slow"] = route
    with Fetcher(allow=[allowed.netloc], per_host=2, robots=False) as fetcher:
        threads = [threading.Thread(target=fetcher.get, args=(allowed.url("/slow"),)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert allowed.requests.count("/slow") == 6
    assert most_at_once() == 2


def test_every_request_says_who_sends_it(allowed):
    with Fetcher(allow=[allowed.netloc], user_agent="Dragoman/0.1 (+https://example.org/about)") as fetcher:
        fetcher.get(allowed.url("/page"), expect=PAGE)
    assert {h["user-agent"] for h in allowed.headers} == {"Dragoman/0.1 (+https://example.org/about)"}


@pytest.mark.parametrize(
    ("expect", "content_type", "taken"),
    [
        (PAGE, "text/html; charset=utf-8", True),
        (PAGE, "application/xhtml+xml", True),
        (PAGE, "image/png", False),
        (PAGE, "application/octet-stream", False),
        (FEED, "application/rss+xml", True),
        (FEED, "application/atom+xml; charset=utf-8", True),
        (FEED, "text/xml", True),
        (FEED, "application/feed+json", True),
        (FEED, "video/mp4", False),
        (IMAGE, "image/jpeg", True),
        (IMAGE, "image/svg+xml", False),
        (IMAGE, "text/html", False),
        (IMAGE, "", False),
    ],
)
def test_each_use_takes_its_own_content_types(allowed, expect, content_type, taken):
    allowed.routes["/thing"] = text(b"0123456789", content_type)
    with Fetcher(allow=[allowed.netloc]) as fetcher:
        if taken:
            assert fetcher.get(allowed.url("/thing"), expect=expect).content == b"0123456789"
        else:
            refused = refusal(fetcher, allowed.url("/thing"), expect=expect)
            assert refused.reason == f"refused: {content_type or 'a reply without a content type'} is not {expect.name}"


# --- the pieces -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "address"),
    [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.01", "127.0.0.1"), ("1.2.3", "1.2.0.3"),
     ("10.1", "10.0.0.1"), ("8.8.8.8", "8.8.8.8"), ("[::1]", "::1"), ("fe80::1%eth0", "fe80::1"), ("0x", "0.0.0.0")],
)  # fmt: skip
def test_address_spellings_are_normalised(host, address):
    assert str(parse_ip(host)) == address


@pytest.mark.parametrize("host", ["example.org", "1e100", "999.1.1.1", "1.2.3.4.5", "0x1g", "127.0.0.1x", "1_000", ""])
def test_host_names_are_not_addresses(host):
    assert parse_ip(host) is None


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_are_allowed(address):
    assert forbidden_reason(parse_ip(address)) is None


def test_allowlist_entries():
    allow = Allowlist(["127.0.0.1:8001", "[::1]:5000", "feeds.intranet", "10.1.0.0/16", "http://192.168.1.5:8080/api", "fd00::/8"])
    ip = parse_ip
    assert allow.permits("127.0.0.1", 8001, ip("127.0.0.1")) and not allow.permits("127.0.0.1", 8002, ip("127.0.0.1"))
    assert allow.permits("x", 8001, ip("::ffff:127.0.0.1"))  # the IPv4-mapped form of an allowed address
    assert allow.permits("::1", 5000, ip("::1")) and not allow.permits("::1", 80, ip("::1"))
    assert allow.permits("Feeds.Intranet.", 443, ip("10.9.9.9")) and not allow.permits("feeds.intranet.evil", 443, None)
    assert allow.permits("10.1.200.3", 80, ip("10.1.200.3")) and not allow.permits("10.2.0.1", 80, ip("10.2.0.1"))
    assert allow.permits("192.168.1.5", 8080, ip("192.168.1.5")) and not allow.permits("192.168.1.5", 80, ip("192.168.1.5"))
    assert allow.permits("fd00::5", 80, ip("fd00::5"))
    assert parse_allow_entry("https://translate.lan").port == 443


@pytest.mark.parametrize("entry", ["foo bar", "10.0.0.0/33", "127.0.0.1:http", "[::1", "host:99999", "a/b/c", "http://"])
def test_malformed_allowlist_entries_are_refused_with_a_reason(entry):
    with pytest.raises(ValueError, match="not an allowlist entry"):
        parse_allow_entry(entry)
