"""A throttle on admin logins: repeated failures first slow the next attempts down, then refuse them for a while.

Failures are counted in the database (so every server process and thread sees the same counts) under two
keys per attempt: the client's address and the user name tried. The stricter key decides:

* the first :data:`FREE_FAILURES` failures cost nothing;
* after that, each further attempt must wait ``2 ** (failures - FREE_FAILURES)`` seconds after the last
  failure (1, 2, 4 ... 64 s): guessing slows to a crawl;
* from :data:`LOCK_AFTER` failures on, attempts are refused for :data:`LOCKOUT` after the last failure;
* failures older than :data:`FORGET_AFTER` (and past any lockout) are forgotten; a successful login forgets
  both keys at once.

An attempt made while it must wait is refused before the password is even checked (no hashing work for
a guesser) and does not count as a failure. Keying on the user name too means that spreading guesses
over many addresses does not help; the cost is that someone can keep an account's logins slowed for a
while, which :data:`LOCKOUT` bounds. Behind a reverse proxy, set ``DRAGOMAN_TRUSTED_PROXY`` so that the
client's address is the real one, not the proxy's.

The admin uses it through :class:`ThrottledLoginForm` (see :mod:`dragoman.security.admin_site`).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dragoman.security.models import LoginThrottle

FREE_FAILURES = 3
LOCK_AFTER = 10
LOCKOUT = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)

#: The clock (tests move it).
now = timezone.now


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the keys their failures are counted under."""

    address: str
    username: str

    @classmethod
    def from_request(cls, request, username: str | None) -> "Attempt":
        return cls(address=request.META.get("REMOTE_ADDR", "") or "unknown", username=(username or "").strip())

    @property
    def keys(self) -> list[str]:
        digest = hashlib.sha256(self.username.casefold().encode("utf-8")).hexdigest()[:40]
        return [f"ip:{self.address}"[:100], f"user:{digest}"]


def delay_after(failures: int) -> timedelta:
    """How long after the last of ``failures`` failures the next attempt must wait."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    if failures >= LOCK_AFTER:
        return LOCKOUT
    return timedelta(seconds=2 ** (failures - FREE_FAILURES))


def wait_seconds(attempt: Attempt) -> int:
    """Whole seconds ``attempt`` must still wait; 0 when it may go ahead."""
    moment = now()
    longest = timedelta(0)
    for row in LoginThrottle.objects.filter(key__in=attempt.keys):
        longest = max(longest, row.last_failure_at + delay_after(row.failures) - moment)
    return math.ceil(longest.total_seconds()) if longest > timedelta(0) else 0


def record_failure(attempt: Attempt) -> None:
    moment = now()
    with transaction.atomic():
        for key in attempt.keys:
            row, created = LoginThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"failures": 1, "last_failure_at": moment}
            )
            if created:
                continue
            stale = moment - row.last_failure_at > max(FORGET_AFTER, delay_after(row.failures))
            row.failures = 1 if stale else row.failures + 1
            row.last_failure_at = moment
            row.save(update_fields=["failures", "last_failure_at"])
        LoginThrottle.objects.filter(last_failure_at__lt=moment - FORGET_AFTER - LOCKOUT).delete()


def record_success(attempt: Attempt) -> None:
    LoginThrottle.objects.filter(key__in=attempt.keys).delete()


class ThrottledLoginForm(AdminAuthenticationForm):
    """The admin's login form, refusing attempts that must wait and counting failures."""

    throttled_code = "throttled"

    def clean(self):
        attempt = Attempt.from_request(self.request, self.cleaned_data.get("username"))
        wait = wait_seconds(attempt)
        if wait:
            self.retry_after = wait
            raise ValidationError(
                "Too many failed logins. Try again in %(seconds)d seconds.",
                code=self.throttled_code,
                params={"seconds": wait},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(attempt)
            raise
        record_success(attempt)
        return cleaned
