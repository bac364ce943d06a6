"""The one place the HTTP client is built from the settings: the pipeline, the command line and the demo all
take their :class:`~dragoman.fetch.Fetcher` from here, so they reach the same hosts with the same limits.

:func:`default_fetcher` makes a new one (a command, which closes it when done); :func:`shared_fetcher` is the
process's one for the settings, which every :class:`~dragoman.articles.pipeline.Pipeline` made without a
fetcher uses: the threads of a worker share one httpx client (its connection pool, its SSL context) and one
robots.txt cache, so a host's robots.txt is asked for once per process, not once per thread.

Sharing one client is safe: an httpx client is thread-safe (its pool is locked; each request's total time
limit is a context variable, so the thread's own), a :class:`~dragoman.fetch.Fetcher` holds nothing that
changes per request, and the per-host limit (``DRAGOMAN_FETCH_PER_HOST``) was already one for the whole
process. Every request still passes the guard: the allowlist, each redirect hop checked, the body cap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from django.conf import settings

from dragoman.fetch import Fetcher

_shared: dict[tuple, Fetcher] = {}
_shared_lock = threading.Lock()


def default_fetcher(*, allow: Iterable[str] = ()) -> Fetcher:
    """A new Fetcher as the settings describe it. It may reach what DRAGOMAN_FETCH_ALLOW allows, plus ``allow``
    (the demo allows its own local server this way, and nothing else)."""
    return Fetcher(
        user_agent=settings.USER_AGENT,
        timeout=settings.FETCH_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        allow=[*settings.FETCH_ALLOW, *allow],
        per_host=settings.FETCH_PER_HOST,
    )


def shared_fetcher() -> Fetcher:
    """This process's Fetcher for the current settings, made on first need; not to be closed by its users
    (:func:`close_shared_fetchers` does, at a worker's exit)."""
    key = (
        os.getpid(),  # a forked child makes its own (sockets are not shared across processes)
        settings.USER_AGENT,
        settings.FETCH_TIMEOUT,
        settings.FETCH_MAX_BYTES,
        tuple(settings.FETCH_ALLOW),
        settings.FETCH_PER_HOST,
    )
    with _shared_lock:
        fetcher = _shared.get(key)
        if fetcher is None:
            fetcher = _shared[key] = default_fetcher()
        return fetcher


def close_shared_fetchers() -> None:
    """Close the shared fetchers and forget them (the next :func:`shared_fetcher` makes a new one)."""
    with _shared_lock:
        fetchers = list(_shared.values())
        _shared.clear()
    for fetcher in fetchers:
        fetcher.close()
