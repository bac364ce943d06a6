"""The one outbound HTTP client: :func:`http_client` makes every httpx client, :class:`Fetcher` fetches sources.

Every client made here sends its requests through :class:`~dragoman.fetch.guard.GuardedTransport`: http
and https only, the address checked at connect time on every redirect hop, a total time limit, a body
limit counted after decompression, a per-host concurrency limit (see :mod:`dragoman.fetch.guard`).

:class:`Fetcher` is what the pipeline uses for feeds, pages and images. On top of the guard it follows
redirects itself, one checked hop at a time (so a redirect loop is named as one), honours robots.txt
(:mod:`dragoman.fetch.robots`) and checks each reply's content type against what the fetch is for
(:data:`FEED`, :data:`PAGE`, :data:`IMAGE`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx

from dragoman.fetch.errors import FetchError, RequestRefused
from dragoman.fetch.headers import RETRY_AFTER_STATUSES, retry_after
from dragoman.fetch.guard import ALLOWED_SCHEMES, Allowlist, GuardedTransport, Policy, total_time_limit
from dragoman.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsUnavailable

__all__ = [
    "ALLOWED_SCHEMES",
    "ANY",
    "DEFAULT_USER_AGENT",
    "Expect",
    "FEED",
    "Fetcher",
    "FetchError",
    "IMAGE",
    "PAGE",
    "RequestRefused",
    "Response",
    "http_client",
]

DEFAULT_USER_AGENT = "Dragoman/0.1 (+https://github.com/dragoman-news/dragoman)"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_PER_HOST = 4
# Options that would route requests around the guard.
_GUARD_BYPASSES = frozenset({"mounts", "proxy", "app", "trust_env"})


def http_client(
    *,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout: float = 20.0,
    connect_timeout: float | None = None,
    max_redirects: int = 5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow: Allowlist | Iterable[str] = (),
    per_host: int = DEFAULT_PER_HOST,
    transport: httpx.BaseTransport | None = None,
    **options,
) -> httpx.Client:
    """The one place where outbound httpx clients are made: the page fetcher and the engines' API clients
    alike, so that every limit and guard applies to every request Dragoman sends.

    :param timeout: the total seconds one request may take, connecting, sending, waiting and reading the
        whole body; each single read or write also waits at most this long.
    :param connect_timeout: seconds to open a connection (default: ``timeout``, at most 10).
    :param max_bytes: the largest body accepted, counted after decompression.
    :param allow: what this client may reach although it is not public (loopback, the private network):
        host names, addresses, CIDR networks, any of them with ``:port``, or URLs, which stand for their
        host and port. An engine passes the service URL the operator configured, e.g. ``allow=[self.url]``.
    :param per_host: requests in flight to one host at a time, shared by all clients in the process.
    :param transport: replaces the network layer under the guard (tests: ``httpx.MockTransport``). The
        URL checks and limits still apply; the connect-time address check is the default network's own.

    Other keyword arguments go to ``httpx.Client``, except those that would route requests around the
    guard (``mounts``, ``proxy``, ``app``, ``trust_env``), which raise ``TypeError``.
    """
    bypasses = _GUARD_BYPASSES & options.keys()
    if bypasses:
        raise TypeError(f"http_client() does not take {', '.join(sorted(bypasses))}: it would bypass the guard")
    guard = GuardedTransport(
        policy=Policy(allow), max_bytes=max_bytes, total_timeout=timeout, per_host=per_host, network=transport
    )
    headers = {"User-Agent": user_agent, **options.pop("headers", {})}
    return httpx.Client(
        headers=headers,
        timeout=httpx.Timeout(timeout, connect=connect_timeout if connect_timeout is not None else min(timeout, 10.0)),
        follow_redirects=options.pop("follow_redirects", True),
        max_redirects=max_redirects,
        transport=guard,
        trust_env=False,
        **options,
    )


@dataclass(frozen=True)
class Expect:
    """What a fetch is for: the ``Accept`` header it sends, the content types it takes, whether robots.txt
    applies. A reply of another type is refused before its body is read."""

    name: str
    accept: str = "*/*"
    media_types: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    refused: frozenset[str] = frozenset()
    untyped: bool = True
    robots: bool = True

    def accepts(self, content_type: str) -> bool:
        if not content_type:
            return self.untyped
        if content_type in self.refused:
            return False
        if not (self.media_types or self.suffixes or self.prefixes):
            return True
        return content_type in self.media_types or content_type.endswith(self.suffixes) or content_type.startswith(self.prefixes)


#: Feeds: the XML and JSON families, and the generic types that misconfigured servers send feeds as.
FEED = Expect(
    "a feed",
    accept="application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    media_types=frozenset({"text/plain", "text/html", "application/octet-stream"}),
    suffixes=("+xml", "/xml", "+json", "/json"),
)
#: Article pages: HTML.
PAGE = Expect(
    "a web page",
    accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    media_types=frozenset({"text/html", "application/xhtml+xml"}),
)
#: Lead images: raster images only (an SVG is a document that can carry scripts); an untyped reply is refused.
IMAGE = Expect(
    "an image",
    accept="image/avif, image/webp, image/png, image/jpeg, image/*;q=0.8",
    prefixes=("image/",),
    refused=frozenset({"image/svg+xml"}),
    untyped=False,
)
#: Anything: no content-type check, robots.txt still honoured.
ANY = Expect("anything")


@dataclass
class Response:
    url: str
    final_url: str
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304

    @property
    def content_type(self) -> str:
        return _media_type(self.headers.get("content-type", ""))


class Fetcher:
    """Fetches sources' URLs with every guard and limit. Use as a context manager, or call :meth:`close`.

    :param timeout: total seconds for one :meth:`get`, redirects and robots.txt included.
    :param allow: see :func:`http_client` (the pipeline passes ``DRAGOMAN_FETCH_ALLOW``).
    :param robots: honour robots.txt (True), or not (False), or share a :class:`RobotsCache`.
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 20.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        allow: Allowlist | Iterable[str] = (),
        per_host: int = DEFAULT_PER_HOST,
        robots: bool | RobotsCache = True,
        transport: httpx.BaseTransport | None = None,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.policy = Policy(allow)
        self._client = http_client(
            user_agent=user_agent, timeout=timeout, max_redirects=max_redirects, max_bytes=max_bytes,
            allow=self.policy.allow, per_host=per_host, transport=transport,
        )  # fmt: skip
        self.robots = robots if isinstance(robots, RobotsCache) else RobotsCache(self._robots_txt) if robots else None

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str = "",
        last_modified: str = "",
        accept: str | None = None,
        expect: Expect = ANY,
    ) -> Response:
        """GET ``url`` for the use ``expect`` describes; conditional when ``etag``/``last_modified`` are
        given (a 304 is returned, not raised). ``accept`` overrides ``expect``'s ``Accept`` header.
        Raises :class:`FetchError` (a :class:`RequestRefused` when the guard said no)."""
        headers = {"Accept": accept or expect.accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with total_time_limit(self.timeout):
                return self._follow(url, headers, expect)
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({_first_line(exc)})") from None
        except httpx.ConnectError as exc:
            raise FetchError(url, f"could not connect: {_first_line(exc)}") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"request failed: {_first_line(exc)}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"not a valid URL ({_first_line(exc)})", retryable=False) from None

    def _follow(self, url: str, headers: dict[str, str], expect: Expect) -> Response:
        """The request and its redirects, each hop checked before it is sent."""
        current, chain = url, [url]
        while True:
            try:
                self._check(current, expect)
                reply = self._client.send(
                    self._client.build_request("GET", current, headers=headers), stream=True, follow_redirects=False
                )
            except RequestRefused as exc:
                if current == url:
                    raise RequestRefused(url, exc.reason) from None
                raise RequestRefused(url, f"refused: redirected to {current}: {exc.reason.removeprefix('refused: ')}") from None
            try:
                if reply.next_request is None:
                    return self._response(url, current, reply, expect)
                current = str(reply.next_request.url)
                chain.append(current)
                if len(chain) > self.max_redirects + 1:
                    if len(set(chain)) < len(chain):
                        raise RequestRefused(url, f"refused: a redirect loop ({' -> '.join(_dedupe_loop(chain))})")
                    raise RequestRefused(url, f"refused: more than {self.max_redirects} redirects")
            finally:
                reply.close()

    def _check(self, url: str, expect: Expect) -> None:
        self.policy.check_url(url)
        if not expect.robots or self.robots is None:
            return
        try:
            allowed = self.robots.allowed(url)
        except RobotsUnavailable as exc:
            raise FetchError(url, f"{exc}; not fetched until robots.txt can be read") from None
        if not allowed:
            path = urlsplit(url).path or "/"
            raise RequestRefused(url, f"refused: robots.txt of {urlsplit(url).netloc} disallows {path}")

    def _response(self, url: str, final_url: str, reply: httpx.Response, expect: Expect) -> Response:
        if reply.status_code == 304:
            return Response(url, final_url, 304, _headers(reply))
        if reply.status_code >= 400:
            wait_until = None
            if reply.status_code in RETRY_AFTER_STATUSES:
                wait_until = retry_after(reply.headers.get("retry-after", ""), datetime.now(timezone.utc))
            raise FetchError(
                url,
                f"HTTP {reply.status_code} {reply.reason_phrase}".strip(),
                status_code=reply.status_code,
                retryable=reply.status_code in (408, 425, 429) or reply.status_code >= 500,
                retry_after=wait_until,
            )
        content_type = _media_type(reply.headers.get("content-type", ""))
        if not expect.accepts(content_type):
            raise RequestRefused(url, f"refused: {content_type or 'a reply without a content type'} is not {expect.name}")
        return Response(url, final_url, reply.status_code, _headers(reply), reply.read())

    def _robots_txt(self, robots_url: str) -> tuple[int, bytes]:
        """One robots.txt for the cache: its status and at most MAX_ROBOTS_BYTES of it. A host that can't
        be reached raises the same error its page would (so nothing is fetched, and the reason is plain)."""
        try:
            with self._client.stream("GET", robots_url, headers={"Accept": "text/plain, */*;q=0.5"}) as reply:
                body = bytearray()
                if 200 <= reply.status_code < 300:
                    for chunk in reply.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_ROBOTS_BYTES:
                            break
                return reply.status_code, bytes(body)
        except httpx.TooManyRedirects:
            return 404, b""  # RFC 9309: past five redirects, robots.txt may be taken as unavailable


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _dedupe_loop(chain: list[str]) -> list[str]:
    """The chain up to and including the first URL seen twice."""
    seen: set[str] = set()
    for index, url in enumerate(chain):
        if url in seen:
            return chain[: index + 1]
        seen.add(url)
    return chain


def _headers(reply: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in reply.headers.items()}


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
