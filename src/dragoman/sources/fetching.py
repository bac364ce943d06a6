"""The one place the HTTP client is built from the settings: the pipeline, the command line and the demo all
take their :class:`~dragoman.fetch.Fetcher` from :func:`default_fetcher`, so they reach the same hosts with the
same limits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from dragoman.fetch import Fetcher


def default_fetcher(*, allow: Iterable[str] = ()) -> Fetcher:
    """The Fetcher the settings describe. It may reach what DRAGOMAN_FETCH_ALLOW allows, plus ``allow``
    (the demo allows its own local server this way, and nothing else)."""
    return Fetcher(
        user_agent=settings.USER_AGENT,
        timeout=settings.FETCH_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        allow=[*settings.FETCH_ALLOW, *allow],
        per_host=settings.FETCH_PER_HOST,
    )
