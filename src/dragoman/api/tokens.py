"""API tokens: made for a user, stored as their SHA-256 digest, found again by it, revoked.

A token is ``drg_`` and 43 random URL-safe characters (256 bits): far too many to guess, so a fast digest is
enough to store it (a slow password hash would only slow every request down). The prefix kept beside the
digest lets an operator tell tokens apart in the admin and in ``dragoman tokens list``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from dragoman.api.models import ApiToken

PREFIX = "drg_"
SHOWN = 12  # characters of the token kept as its prefix


class TokenError(ValueError):
    """A token that cannot be made or revoked; the message says why."""


@dataclass
class NewToken:
    row: ApiToken
    token: str  # the only time it is known


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(username: str, *, name: str = "", read_only: bool = False) -> NewToken:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"no user {username!r}; create one with dragoman createadmin, or in the admin")
    if not user.is_active:
        raise TokenError(f"user {username!r} is not active")
    return issue(user, name=name, read_only=read_only)


def mint(row: ApiToken) -> str:
    """A new token for ``row`` (unsaved): its prefix and digest set on it; the token returned."""
    token = PREFIX + secrets.token_urlsafe(32)
    row.prefix, row.digest = token[:SHOWN], digest(token)
    return token


def issue(user, *, name: str = "", read_only: bool = False) -> NewToken:
    row = ApiToken(user=user, name=name[:100], read_only=read_only)
    token = mint(row)
    row.save()
    return NewToken(row, token)


def find(token: str) -> ApiToken | None:
    """The active token row of ``token`` (its user active too), or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = ApiToken.objects.select_related("user").filter(digest=digest(token), revoked_at=None).first()
    if row is None or not row.user.is_active:
        return None
    return row


def revoke(pk: int) -> ApiToken:
    row = ApiToken.objects.filter(pk=pk).first()
    if row is None:
        raise TokenError(f"no token {pk}; see dragoman tokens list")
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row
