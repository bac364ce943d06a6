"""One guarded HTTP client on top of httpx: schemes, timeouts, redirects and a body cap in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

DEFAULT_USER_AGENT = "Dragoman/0.1"
ALLOWED_SCHEMES = frozenset({"http", "https"})


def http_client(
    *,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout: float = 20.0,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
    **options,
) -> httpx.Client:
    """The one place where outbound httpx clients are made: the page fetcher and the engines' API clients
    alike, so that every limit and guard applies to every request Dragoman sends."""
    headers = {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate", **options.pop("headers", {})}
    return httpx.Client(
        headers=headers,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        max_redirects=max_redirects,
        transport=transport,
        **options,
    )


class FetchError(Exception):
    """A request that did not give a usable response; the message says why, in one line."""

    def __init__(self, url: str, reason: str, *, status_code: int | None = None, retryable: bool = True):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status_code = status_code
        self.retryable = retryable


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
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class Fetcher:
    """Fetches URLs with limits. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 20.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        transport: httpx.BaseTransport | None = None,
    ):
        self.max_bytes = max_bytes
        self._client = http_client(
            user_agent=user_agent, timeout=timeout, max_redirects=max_redirects, transport=transport
        )

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
        accept: str = "*/*",
    ) -> Response:
        """GET ``url``; conditional when ``etag``/``last_modified`` are given (a 304 is returned, not raised)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise FetchError(url, f"scheme {scheme or '(none)'!r} is not allowed, only http and https", retryable=False)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._client.stream("GET", url, headers=headers) as reply:
                final_url = str(reply.url)
                if urlsplit(final_url).scheme.lower() not in ALLOWED_SCHEMES:
                    raise FetchError(url, "redirected to a scheme that is not allowed", retryable=False)
                if reply.status_code == 304:
                    return Response(url, final_url, 304, _headers(reply))
                if reply.status_code >= 400:
                    raise FetchError(
                        url,
                        f"HTTP {reply.status_code} {reply.reason_phrase}".strip(),
                        status_code=reply.status_code,
                        retryable=reply.status_code in (408, 425, 429) or reply.status_code >= 500,
                    )
                declared = reply.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"body of {declared} bytes is over the {self.max_bytes} byte limit", retryable=False)
                chunks, size = [], 0
                for chunk in reply.iter_bytes():  # decompressed: the cap counts what we would keep
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(url, f"body is over the {self.max_bytes} byte limit", retryable=False)
                    chunks.append(chunk)
                return Response(url, final_url, reply.status_code, _headers(reply), b"".join(chunks))
        except FetchError:
            raise
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects", retryable=False) from None
        except httpx.TimeoutException:
            raise FetchError(url, "timed out") from None
        except httpx.ConnectError as exc:
            raise FetchError(url, f"could not connect: {_first_line(exc)}") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"request failed: {_first_line(exc)}") from None


def _headers(reply: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in reply.headers.items()}


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
