"""Translations that wait for a budget: the translate step's side of :mod:`dragoman.budgets`.

While an article is translated, the engines' batches count for its source (:func:`translating_for`). When
every engine of the chain that was tried refused for a spent budget (or failed after another refused), the
translation waits (:func:`wait_for_budget`): state ``waiting``, not tried before the budget's next period
(``lease_until``), ``error`` naming the budget and when it resumes. No attempt is spent: nothing failed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db.models import Count, Max, Min

from dragoman.articles.models import Translation
from dragoman.budgets.report import Waiting
from dragoman.budgets.spending import BudgetReached, working_for
from dragoman.leases import settle

__all__ = ["BudgetReached", "translating_for", "wait_for_budget", "waiting"]


@contextlib.contextmanager
def translating_for(translation: Translation) -> Iterator[None]:
    """What the engines are sent in this block counts for the translation's source."""
    with working_for(translation.article.entry.source_id):
        yield


def wait_for_budget(translation: Translation, refusals: list[BudgetReached], reasons: list[str]) -> None:
    """Store ``translation`` as waiting until the budgets that refused it free up (the latest of them, when
    several did: sooner, the chain would only meet a spent budget again); ``reasons``: the other engines'."""
    last = max(refusals, key=lambda refusal: refusal.resume_at)
    translation.state = Translation.State.WAITING
    translation.error = "; ".join([str(last), *reasons])
    translation.lease_until = last.resume_at  # stored as well by a step that holds no lease (called directly)
    settle(translation, ["state", "error", "lease_until"], retry_at=last.resume_at)


def waiting() -> Waiting:
    """How many translations wait for a budget, and when the first and the last resume."""
    found = Translation.objects.filter(state=Translation.State.WAITING).aggregate(
        n=Count("pk"), first=Min("lease_until"), last=Max("lease_until")
    )
    return Waiting(count=found["n"], next_resume=found["first"], last_resume=found["last"])
