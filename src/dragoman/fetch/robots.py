"""robots.txt, as RFC 9309 says, with a cache per origin.

:class:`RobotsRules` parses one file: groups of ``user-agent`` lines with their ``allow`` / ``disallow``
rules; the group that names our product token (``Dragoman``, case-insensitively) applies, else the ``*``
group, else nothing is disallowed. The longest matching rule wins and ``allow`` wins a tie; ``*`` matches
any run of characters and a final ``$`` anchors the end. (``urllib.robotparser`` takes the first match
instead of the longest and knows neither ``*`` nor ``$`` inside paths, so it is not used.)

:class:`RobotsCache` fetches ``/robots.txt`` once per origin (scheme, host, port), however many threads ask at
once, and keeps the answer for a day. What a missing file and an unreachable one mean follows the RFC: a 4xx answer means no rules; a 5xx
answer means "disallow everything" for a short while, after which it is asked again; a host that can't be
reached at all raises the fetch function's own error, and nothing is fetched from it.
Plain Python: the fetching is a function handed in (the fetcher gives its own guarded client).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

__all__ = ["PRODUCT_TOKEN", "RobotsCache", "RobotsRules", "RobotsUnavailable"]

#: The name Dragoman answers to in robots.txt groups (its User-Agent starts with it).
PRODUCT_TOKEN = "dragoman"
#: RFC 9309 asks parsers to read at least 500 KiB of a robots.txt; what lies beyond is ignored.
MAX_ROBOTS_BYTES = 512 * 1024
#: How long an answer is kept (the RFC: no more than a day).
TTL_SECONDS = 24 * 3600
#: How long "unreachable, so disallow everything" holds before robots.txt is asked for again.
ERROR_TTL_SECONDS = 10 * 60
MAX_ORIGINS = 2048


class RobotsUnavailable(Exception):
    """robots.txt could not be read (a 5xx answer); the message says why."""


def _normalise_path(path: str) -> str:
    """Percent-encode the same way on both sides of a comparison (RFC 9309 §2.2.2)."""
    return quote(unquote(path), safe="/?=&;:@!$'()*+,-._~%")


@dataclass(frozen=True)
class _Rule:
    allow: bool
    length: int
    pattern: re.Pattern[str]


def _compile(path: str) -> re.Pattern[str]:
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    regex = ".*".join(re.escape(_normalise_path(piece)) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


class RobotsRules:
    """The rules of one robots.txt that apply to ``agent``."""

    def __init__(self, text: str, agent: str = PRODUCT_TOKEN):
        agent = agent.lower()
        groups: list[tuple[set[str], list[_Rule]]] = []
        in_agents = False  # consecutive user-agent lines share one group
        for line in text.splitlines():
            key, sep, value = line.split("#", 1)[0].partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                if not in_agents:
                    groups.append((set(), []))
                    in_agents = True
                groups[-1][0].add(value.split("/", 1)[0].strip().lower())
            elif key in ("allow", "disallow"):
                in_agents = False
                if groups and value:  # an empty disallow disallows nothing
                    groups[-1][1].append(_Rule(key == "allow", len(value), _compile(value)))
        mine = [rules for agents, rules in groups if agent in agents]
        if not mine:
            mine = [rules for agents, rules in groups if "*" in agents]
        self.rules = [rule for rules in mine for rule in rules]

    def allowed(self, path_and_query: str) -> bool:
        path = _normalise_path(path_and_query or "/")
        if path == "/robots.txt":
            return True
        best: _Rule | None = None
        for rule in self.rules:
            if rule.pattern.match(path) and (
                best is None or rule.length > best.length or (rule.length == best.length and rule.allow)
            ):
                best = rule
        return best is None or best.allow


_ALLOW_ALL = RobotsRules("")


class RobotsCache:
    """robots.txt answers per origin, fetched on first need and kept for a day. Safe to share between threads
    (the pipelines of a worker process share one, through their one fetcher): each origin's robots.txt is
    fetched by one thread at a time, and the others that need it wait for that answer.

    ``fetch(url) -> (status_code, body)`` reads one robots.txt (following redirects); it raises
    :class:`RobotsUnavailable` when the file can't be had, and may raise other errors (a refusal by the
    guard, for one) that then reach the caller of :meth:`allowed` unchanged.
    """

    def __init__(
        self,
        fetch: Callable[[str], tuple[int, bytes]],
        *,
        agent: str = PRODUCT_TOKEN,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._fetch = fetch
        self.agent = agent
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[float, RobotsRules | str]] = OrderedDict()
        self._fetching: dict[str, list] = {}  # origin -> [the lock of its one fetch, threads waiting on it]

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url``. Raises :class:`RobotsUnavailable` while it is unreachable."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._rules(origin)
        return rules.allowed(parts.path + (f"?{parts.query}" if parts.query else ""))

    def _rules(self, origin: str) -> RobotsRules:
        answer = self._cached(origin)
        if answer is not None:
            return answer
        # One fetch per origin at a time: the threads that need the same robots.txt meanwhile wait for it and
        # take its answer, rather than each asking the host for it.
        with self._lock:
            waiting = self._fetching.setdefault(origin, [threading.Lock(), 0])
            waiting[1] += 1
        try:
            with waiting[0]:
                answer = self._cached(origin)
                if answer is not None:
                    return answer
                return self._fetch_rules(origin)
        finally:
            with self._lock:
                waiting[1] -= 1
                if not waiting[1]:
                    del self._fetching[origin]

    def _cached(self, origin: str) -> RobotsRules | None:
        """The answer kept for ``origin`` while it holds (raising the reason kept for an unavailable one)."""
        with self._lock:
            cached = self._cache.get(origin)
            if cached is None or cached[0] <= self._clock():
                return None
            self._cache.move_to_end(origin)
            answer = cached[1]
        if isinstance(answer, str):
            raise RobotsUnavailable(answer)
        return answer

    def _fetch_rules(self, origin: str) -> RobotsRules:
        now = self._clock()
        try:
            status, body = self._fetch(f"{origin}/robots.txt")
        except RobotsUnavailable as exc:
            self._store(origin, now + ERROR_TTL_SECONDS, str(exc))
            raise
        if status >= 500:
            reason = f"robots.txt answered HTTP {status}"
            self._store(origin, now + ERROR_TTL_SECONDS, reason)
            raise RobotsUnavailable(reason)
        if 200 <= status < 300:
            rules = RobotsRules(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace"), self.agent)
        else:  # 4xx (and a redirect chain that ended without a file): no rules
            rules = _ALLOW_ALL
        self._store(origin, now + TTL_SECONDS, rules)
        return rules

    def _store(self, origin: str, until: float, answer: RobotsRules | str) -> None:
        with self._lock:
            self._cache[origin] = (until, answer)
            self._cache.move_to_end(origin)
            while len(self._cache) > MAX_ORIGINS:
                self._cache.popitem(last=False)
