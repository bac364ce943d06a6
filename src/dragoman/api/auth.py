"""Who is asking: a token (``Authorization: Bearer TOKEN``) or a signed-in session, in that order.

A token request acts as the token's user, with the user's permissions; a read-only token may only read.
Token failures count in the login throttle (:mod:`dragoman.security.throttle`) under the client's address,
as failed admin logins do: a client that keeps trying bad tokens is slowed down, then refused for a while,
before its token is even looked up. CSRF does not apply to token requests (a browser never sends a token
on its own); a session request keeps Django's CSRF check on every request that changes something.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from dragoman.api.errors import ApiError
from dragoman.api.tokens import find
from dragoman.security.throttle import Attempt, record_failure, wait_seconds

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: How often a token's "last used" time is written (not at every request).
TOUCH_EVERY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        attempt = Attempt.from_request(request, f"api-token:{token[:12]}")
        wait = wait_seconds(attempt)
        if wait:
            raise ApiError(429, "throttled", f"too many failed attempts from this address: try again in {wait} seconds",
                           retry_after=wait)  # fmt: skip
        row = find(token.strip())
        if row is None:
            record_failure(attempt)
            raise ApiError(401, "unauthorized", "the token is unknown or revoked")
        if row.read_only and request.method not in SAFE_METHODS:
            raise ApiError(403, "read_only_token", f"token {row.prefix}… is read-only: it cannot {request.method}")
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
            type(row).objects.filter(pk=row.pk).update(last_used_at=now)
        request.api_token = row
        return row.user


class SessionCookieAuth(SessionAuth):
    """A signed-in session (the admin's login), CSRF checked on unsafe methods; a request with no session
    cookie is simply not signed by a session (401, not a CSRF failure)."""

    def _get_key(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        if key is None:
            return None
        return super().authenticate(request, key)


def require(request, *permissions: str) -> None:
    """Refuse (403) unless the request's user has every one of ``permissions`` ("app.codename")."""
    user = request.auth
    missing = [p for p in permissions if not user.has_perm(p)]
    if missing:
        raise ApiError(403, "forbidden", f"user {user.get_username()} lacks the permission {', '.join(missing)}")
