"""The errors of the outbound client, in one small module that the guard and the fetcher share.

A refusal by the guard is both a :class:`FetchError` (what Dragoman's own code catches) and an
``httpx.TransportError`` (what code written against httpx catches, such as the translation engines' API
clients): whichever way a caller handles errors, a refusal is handled, never mistaken for a crash.
"""

from __future__ import annotations

from datetime import datetime

import httpx


class FetchError(Exception):
    """A request that did not give a usable response; the message says why, in one line."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status_code: int | None = None,
        retryable: bool = True,
        retry_after: datetime | None = None,
    ):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status_code = status_code
        self.retryable = retryable
        #: For a 429 or 503 whose reply said so: the moment the server asked to be left alone until.
        self.retry_after = retry_after


class RequestRefused(FetchError, httpx.TransportError):
    """The guard refused the request: a scheme, an address, a redirect, a body or a robots.txt rule that is
    not allowed. Never retryable: the same request is refused the same way until an operator acts."""

    def __init__(self, url: str, reason: str):
        super().__init__(url, reason if reason.startswith("refused") else f"refused: {reason}", retryable=False)


class ResponseTooLarge(RequestRefused):
    """The body, counted after decompression, went over the client's limit."""
