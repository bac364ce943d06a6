"""Shared machinery for engines that call a translation service over HTTP.

:class:`HttpEngine` is the base of the DeepL, Google, LibreTranslate and OpenAI-compatible engines. Each
of those only knows its service's request and reply; everything around them is here, the same for all:

* **One client**, made by :func:`dragoman.fetch.http_client` (the project's single place where outbound
  httpx clients are built, under the outbound guard) with the engine's timeout. The service address the
  operator configured is on the client's allowlist, so a LibreTranslate or Ollama server on this machine or
  the private network can be reached; nothing else that isn't public can. A request the guard refuses
  makes the engine unavailable. Tests may hand in an httpx ``transport``.
* **Retries** on HTTP 408, 425, 429 and 5xx, on timeouts and on dropped connections, with exponential
  back-off; a ``Retry-After`` header (seconds or an HTTP date) is waited exactly. Bounded by a number of
  attempts, a longest single wait and a total waiting budget (:class:`RetryPolicy`). When they run out,
  the :class:`EngineError` stays ``retryable``: the pipeline may try the document again later.
* **A rate limit** per engine instance: requests per second and characters per minute, as token buckets
  shared by every thread that uses the engine (:class:`RateLimiter`).
* **Batches split** under the service's per-request limits (texts, characters, bytes). A request the
  service still finds too large (HTTP 413, or a service's own way of saying so) is halved and sent again,
  down to a single text, which then fails with a clear message.
* **Error replies mapped** to :class:`EngineError` / :class:`EngineUnavailable`, with one-line messages
  that name the service and say what to do: a rejected key names the environment variable to set.

``sleep`` and ``clock`` are injectable, so tests exercise retries and rate limits without waiting.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from dragoman.fetch import RequestRefused, ResponseTooLarge, http_client
from dragoman.fetch.client import DEFAULT_USER_AGENT
from dragoman.translate.engines.base import Engine, EngineError, EngineUnavailable

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({408, 425, 429})
"""Besides every 5xx: statuses after which the same request may well succeed."""

PAIRS_RETRY_SECONDS = 600.0
"""After the languages endpoint failed, how long the static list stands in before asking again."""


class RequestTooLarge(EngineError):
    """The service refused a request as too large. :meth:`HttpEngine.translate_batch` halves the batch
    and tries again; with a single text left it becomes a plain, non-retryable :class:`EngineError`."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


# --- retries -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request that failed in a way that may pass."""

    attempts: int = 5
    """Tries in all, the first included."""
    backoff: float = 1.0
    """The first wait in seconds, doubled after each further failure."""
    max_wait: float = 30.0
    """The longest single wait; a service asking (``Retry-After``) for longer makes us give up at once."""
    budget: float = 120.0
    """Seconds spent waiting, all retries of one request together, at most."""
    jitter: float = 0.1
    """Each computed back-off is moved by up to this fraction either way, so that workers that failed
    together do not retry together. A ``Retry-After`` is waited exactly."""

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        """Back-off before the next try, after ``failures`` failed tries (1 for the first failure)."""
        base = min(self.max_wait, self.backoff * 2 ** (failures - 1))
        if self.jitter:
            base *= 1 + (rng or random).uniform(-self.jitter, self.jitter)
        return max(0.0, min(self.max_wait, base))


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    ``now`` is the current time as a Unix timestamp (default: the system clock), used for dates. A date in
    the past gives 0; a value that is neither gives ``None``.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


# --- rate limit ----------------------------------------------------------------------------------------------


class _Bucket:
    """A token bucket that may go into debt: a caller takes its tokens at once and waits off the debt."""

    def __init__(self, rate: float, capacity: float, now: float):
        self.rate = rate  # tokens per second
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def reserve(self, cost: float, now: float) -> float:
        """Take ``cost`` tokens; the seconds to wait before using them."""
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= cost
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class RateLimiter:
    """At most ``requests_per_second`` requests and ``chars_per_minute`` characters, for every thread that
    shares this limiter. Either limit may be ``None`` (no limit).

    Requests are spaced evenly (a burst of ``burst`` requests is allowed after a quiet period); characters
    may come in one burst of a minute's worth. Each caller reserves its share under a lock and sleeps
    outside it, so concurrent callers queue up in order instead of all waking at once.
    """

    def __init__(
        self,
        requests_per_second: float | None = None,
        chars_per_minute: float | None = None,
        *,
        burst: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ):
        for label, value in (("requests_per_second", requests_per_second), ("chars_per_minute", chars_per_minute)):
            if value is not None and value <= 0:
                raise ValueError(f"{label} must be positive (or None for no limit), not {value!r}")
        self.requests_per_second = requests_per_second
        self.chars_per_minute = chars_per_minute
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        now = clock()
        self._requests = _Bucket(requests_per_second, max(1.0, burst), now) if requests_per_second else None
        self._chars = _Bucket(chars_per_minute / 60.0, chars_per_minute, now) if chars_per_minute else None

    @property
    def limited(self) -> bool:
        return self._requests is not None or self._chars is not None

    def acquire(self, chars: int = 0) -> float:
        """Wait until one request of ``chars`` characters may go; returns the seconds waited."""
        if not self.limited:
            return 0.0
        with self._lock:
            now = self._clock()
            wait = 0.0
            if self._requests is not None:
                wait = self._requests.reserve(1, now)
            if self._chars is not None and chars > 0:
                wait = max(wait, self._chars.reserve(chars, now))
        if wait > 0:
            self._sleep(wait)
        return wait


# --- the base engine -----------------------------------------------------------------------------------------


class HttpEngine(Engine):
    """Base of engines that translate through an HTTP API. Subclasses provide:

    * class attributes :attr:`key_variable` and :attr:`url_variable` (named in error messages) and the
      per-request limits :attr:`max_texts`, :attr:`max_chars`, :attr:`max_bytes`;
    * :meth:`availability` and :meth:`version` (no network: configuration only);
    * :meth:`_translate_chunk`: one request for texts that fit the limits;
    * :meth:`_fetch_pairs` (the service's languages endpoint) and :attr:`static_pairs` (used when that
      can't be reached);
    * optionally :meth:`_classify`, for the service's own error replies, and :meth:`_auth_headers`.

    Common options, as given to ``get_engine(name, **options)``:

    :param timeout: seconds one request may take in all, reply included (connecting: at most 10).
    :param retry: a :class:`RetryPolicy` (default: 5 attempts, 1 s doubling with 10 % jitter, at most
        30 s per wait and 120 s in all).
    :param requests_per_second: rate limit for this engine instance (default: none).
    :param chars_per_minute: rate limit on characters sent (default: none).
    :param max_texts: override the service's per-request number of texts (lower only makes sense).
    :param max_chars: override the per-request number of characters.
    :param max_bytes: override the per-request size of the texts in bytes, as UTF-8 JSON.
    :param user_agent: the ``User-Agent`` of every request (default: the fetcher's).
    :param transport: an httpx transport (tests).
    :param sleep: called to wait, with seconds (tests: record instead of sleeping).
    :param clock: monotonic seconds, for the rate limit (tests: a fake clock).
    """

    url: str = ""
    """The service's base address, set by each engine from its options. It is allowed through the outbound
    guard even when it is on this machine or the private network: the operator chose it."""

    key_variable: ClassVar[str | None] = None
    """The environment variable holding the credentials, named when the service rejects them."""
    url_variable: ClassVar[str] = ""
    """The environment variable holding the service's address."""

    max_texts: int = 50
    max_chars: int | None = None
    max_bytes: int | None = None

    static_pairs: ClassVar[frozenset[tuple[str, str]]] = frozenset()
    """Pairs offered when the languages endpoint can't be reached (documented per engine)."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        requests_per_second: float | None = None,
        chars_per_minute: float | None = None,
        max_texts: int | None = None,
        max_chars: int | None = None,
        max_bytes: int | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.timeout = timeout
        self.user_agent = user_agent
        self.retry = retry or RetryPolicy()
        if max_texts is not None:
            self.max_texts = max_texts
        if max_chars is not None:
            self.max_chars = max_chars
        if max_bytes is not None:
            self.max_bytes = max_bytes
        if self.max_texts < 1:
            raise ValueError(f"max_texts must be at least 1, not {self.max_texts}")
        self.transport = transport
        self.sleep = sleep
        self.clock = clock
        self.limiter = RateLimiter(requests_per_second, chars_per_minute, clock=clock, sleep=sleep)
        self._lock = threading.Lock()
        self._client_instance: httpx.Client | None = None
        self._pairs: set[tuple[str, str]] | None = None
        self._pairs_live = False
        self._pairs_retry_at = 0.0

    # --- client --------------------------------------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        """The engine's httpx client, made on first use by :func:`dragoman.fetch.http_client`."""
        with self._lock:
            if self._client_instance is None:
                try:
                    self._client_instance = http_client(
                        user_agent=self.user_agent,
                        timeout=self.timeout,
                        allow=[self.url] if self.url else [],
                        transport=self.transport,
                    )
                except ValueError as exc:
                    where = f"; check {self.url_variable}" if self.url_variable else ""
                    raise EngineUnavailable(f"{self.label} address {self.url!r} is not usable ({exc}){where}") from None
            return self._client_instance

    def close(self) -> None:
        """Close the connection pool (the engine makes a new one if used again)."""
        with self._lock:
            client, self._client_instance = self._client_instance, None
        if client is not None:
            client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _auth_headers(self) -> dict[str, str]:
        """Headers that authenticate every request (none by default)."""
        return {}

    # --- requests ------------------------------------------------------------------------------------------

    def send(
        self,
        method: str,
        url: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        chars: int = 0,
        retry: bool = True,
    ) -> httpx.Response:
        """One request through the rate limit, with retries; a successful (2xx) reply or an exception.

        :param chars: characters of text the request carries, for the characters-per-minute limit.
        :param retry: ``False`` for requests that are only nice to have (the languages list): one try.
        """
        failures = 0
        waited = 0.0
        while True:
            self.limiter.acquire(chars)
            delay: float | None = None
            try:
                response = self.client.request(method, url, json=json_body, params=params, headers=self._auth_headers())
            except ResponseTooLarge as exc:
                raise EngineError(f"{self.label} sent a reply over the size limit ({exc.reason})") from None
            except RequestRefused as exc:
                where = f"; check {self.url_variable}" if self.url_variable else ""
                raise EngineUnavailable(
                    f"{self.label} at {_where(url)} may not be reached: {exc.reason}{where}"
                ) from None
            except httpx.TimeoutException:
                error = EngineError(
                    f"{self.label} did not answer within {self.timeout:g} s ({_where(url)})", retryable=True
                )
            except httpx.TransportError as exc:
                error = EngineError(
                    f"could not reach {self.label} at {_where(url)}: {_first_line(exc)}", retryable=True
                )
            else:
                if response.is_success:
                    return response
                error = self._error(response)
                if error.retryable:
                    delay = parse_retry_after(response.headers.get("retry-after"))
            failures += 1
            if not error.retryable or not retry:
                raise error
            if failures >= self.retry.attempts:
                raise EngineError(f"{error} (gave up after {failures} attempts)", retryable=True) from error
            wait = self.retry.delay(failures) if delay is None else delay
            if wait > self.retry.max_wait or waited + wait > self.retry.budget:
                raise EngineError(
                    f"{error} (asked to wait {wait:g} s more after {waited:g} s, beyond the retry limits; "
                    "try again later)",
                    retryable=True,
                ) from error
            log.info("%s; retrying in %.1f s (attempt %d of %d)", error, wait, failures + 1, self.retry.attempts)
            self.sleep(wait)
            waited += wait

    def send_json(self, method: str, url: str, **kwargs) -> Any:
        """:meth:`send`, and the reply's JSON body."""
        response = self.send(method, url, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise EngineError(
                f"{self.label} answered with something that is not JSON ({_where(url)}): {_excerpt(response.text)!r}",
                retryable=True,
            ) from None

    def _error(self, response: httpx.Response) -> EngineError:
        """The exception for an error reply: the service's own reading (:meth:`_classify`) first."""
        detail = service_message(response)
        special = self._classify(response, detail)
        if special is not None:
            return special
        status = response.status_code
        said = f"HTTP {status}" + (f": {detail}" if detail else "")
        if status in (401, 403):
            what = f"set {self.key_variable} to a valid key" if self.key_variable else "check its credentials"
            return EngineUnavailable(f"{self.label} rejected the credentials ({said}); {what}")
        if status == 404:
            hint = f"; check {self.url_variable}" if self.url_variable else ""
            return EngineUnavailable(f"{self.label} has nothing at {_where(str(response.request.url))} ({said}){hint}")
        if status == 413:
            return RequestTooLarge(f"{self.label} refused the request as too large ({said})")
        if status == 429:
            return EngineError(f"{self.label} is limiting our rate ({said})", retryable=True)
        if status in RETRYABLE_STATUSES or status >= 500:
            return EngineError(f"{self.label} failed ({said})", retryable=True)
        return EngineError(f"{self.label} refused the request ({said})")

    def _classify(self, response: httpx.Response, detail: str) -> EngineError | None:
        """The service's own error replies that the general rules would misread (``None``: use those)."""
        return None

    # --- language pairs ------------------------------------------------------------------------------------

    def pairs(self) -> set[tuple[str, str]]:
        """The service's pairs from its languages endpoint, asked once and kept; :attr:`static_pairs` while
        the engine is not configured or the endpoint can't be reached (asked again after 10 minutes)."""
        with self._lock:
            if self._pairs is not None and (self._pairs_live or self.clock() < self._pairs_retry_at):
                return set(self._pairs)
        usable, _ = self.availability()
        if not usable:
            return set(self.static_pairs)
        try:
            live = self._fetch_pairs()
        except EngineError as exc:
            log.info("%s languages not available (%s); using the built-in list", self.label, exc)
            with self._lock:
                self._pairs, self._pairs_live = set(self.static_pairs), False
                self._pairs_retry_at = self.clock() + PAIRS_RETRY_SECONDS
            return set(self.static_pairs)
        with self._lock:
            self._pairs, self._pairs_live = set(live), True
        return set(live)

    def _fetch_pairs(self) -> set[tuple[str, str]]:
        """The pairs, from the service. Raises :class:`EngineError` when it can't tell."""
        return set(self.static_pairs)

    def _check_pair(self, source: str, target: str) -> None:
        """Refuse a pair the service said (earlier, through :meth:`pairs`) it doesn't have. No request is
        made for this: without a list from the service, the service itself decides."""
        with self._lock:
            known = self._pairs if self._pairs_live else None
        if known is not None and (source, target) not in known:
            raise EngineUnavailable(f"{self.label} does not translate {source}->{target}")

    # --- translating ---------------------------------------------------------------------------------------

    def translate_batch(
        self,
        texts: list[str],
        source: str,
        target: str,
        *,
        markup: bool,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Translate ``texts`` in as few requests as the service's limits allow.

        Blank texts come back as they are without being sent. ``glossary`` (source term -> target term)
        is only for engines whose :meth:`~Engine.native_glossary` accepted it.
        """
        if markup and not self.handles_markup:
            raise ValueError(f"{self.name} takes plain text with <xN> placeholders, not markup")
        if glossary and type(self).native_glossary is Engine.native_glossary:
            raise ValueError(f"{self.name} has no native glossaries; let the core protect the terms")
        usable, why = self.availability()
        if not usable:
            raise EngineUnavailable(why)
        self._check_pair(source, target)
        results = list(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        for chunk in self.chunks([texts[i] for i in todo]):
            indexes = [todo[j] for j in chunk]
            translated = self._translate_splitting([texts[i] for i in indexes], source, target, markup, glossary)
            for i, text in zip(indexes, translated):
                results[i] = text
        return results

    def chunks(self, texts: list[str]) -> Iterator[list[int]]:
        """Indexes of ``texts`` grouped into requests under :attr:`max_texts`, :attr:`max_chars` and
        :attr:`max_bytes`, in order. A text over a limit on its own goes alone."""
        chunk: list[int] = []
        chars = size = 0
        for i, text in enumerate(texts):
            text_chars, text_bytes = len(text), wire_size(text)
            full = chunk and (
                len(chunk) >= self.max_texts
                or (self.max_chars is not None and chars + text_chars > self.max_chars)
                or (self.max_bytes is not None and size + text_bytes > self.max_bytes)
            )
            if full:
                yield chunk
                chunk, chars, size = [], 0, 0
            chunk.append(i)
            chars += text_chars
            size += text_bytes
        if chunk:
            yield chunk

    def _translate_splitting(
        self, texts: list[str], source: str, target: str, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        try:
            translated = self._translate_chunk(texts, source, target, markup=markup, glossary=glossary)
        except RequestTooLarge as exc:
            if len(texts) == 1:
                raise EngineError(
                    f"{exc}; a single unit of {len(texts[0])} characters ({wire_size(texts[0])} bytes) is "
                    f"already over {self.label}'s limit"
                ) from exc
            half = len(texts) // 2
            log.info("%s; sending the %d texts in two halves", exc, len(texts))
            return self._translate_splitting(texts[:half], source, target, markup, glossary) + (
                self._translate_splitting(texts[half:], source, target, markup, glossary)
            )
        if len(translated) != len(texts):
            raise EngineError(
                f"{self.label} returned {len(translated)} translations for {len(texts)} texts", retryable=True
            )
        return translated

    def _translate_chunk(
        self, texts: list[str], source: str, target: str, *, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        """One request (or as few as the service needs) for texts that fit the per-request limits."""
        raise NotImplementedError


# --- helpers -------------------------------------------------------------------------------------------------


def wire_size(text: str) -> int:
    """Bytes ``text`` takes in a UTF-8 JSON body, quotes and escapes included."""
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))


def service_message(response: httpx.Response) -> str:
    """The service's own explanation in an error reply, on one line (empty when it gives none).

    Understands the shapes these services use: ``{"message": …}`` (DeepL), ``{"error": {"message": …}}``
    (Google, OpenAI), ``{"error": "…"}`` (LibreTranslate), ``{"detail": …}``; otherwise the start of the
    body when it is text.
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    found: Any = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            found = error.get("message") or error.get("status")
        elif isinstance(error, str):
            found = error
        found = found or body.get("message") or body.get("detail")
    if found is None:
        content_type = response.headers.get("content-type", "")
        if body is None and content_type.startswith("text/plain"):
            found = response.text
    return _excerpt(str(found)) if found else ""


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _where(url: str) -> str:
    """``host/path`` of a URL, without its query (which may hold a key)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
