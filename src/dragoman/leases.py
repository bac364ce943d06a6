"""Leases: how many workers share the work with the database as the only record of it.

A unit of work is one row and one step: a :class:`~dragoman.sources.models.Source` to poll, an
:class:`~dragoman.articles.models.Entry` to fetch or extract, a :class:`~dragoman.articles.models.Translation`
to translate or publish. Each such row carries two columns (:class:`Leased`):

``claimed_by``
    ``""`` when no one holds the row; :data:`QUEUED` while a message for it waits in the task queue; a
    claim token (``<worker id>/<n>``) while a worker's thread works on it.
``lease_until``
    Until when that holds. A worker renews the leases of its claims while it lives (:func:`renew`), so an
    expired lease means the worker vanished and anyone may take the row. On a free row, a future
    ``lease_until`` is a back-off: the step failed in a way that may pass, and is not tried before then.

Taking a row is one atomic statement: :func:`claim` is a conditional ``UPDATE`` of one row (the database
lets exactly one of two competing updates match), and :func:`mark_queued` takes many rows at once with
``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it (PostgreSQL), else with one conditional
``UPDATE`` per row (SQLite, whose writes are serialised anyway).

A step's final transaction begins with :func:`settle`: one conditional ``UPDATE`` that stores the step's
result on the row, proves the lease is still this claim's and frees the row, so the rest of the step's writes
commit or roll back with it. A worker that lost its lease (it stalled past it and another took the row over)
has its writes rolled back instead of undoing the other's (:class:`LeaseLost`).

A worker that goes on with the same article in the same thread has the step hand its rows over instead of
freeing them (:attr:`Lease.hand_over`): the row the next step works on stays held, under a new claim of this
thread, and travels in memory as the step left it (:func:`held`), so the next step neither claims nor reads it
again. A worker killed in between loses nothing: the new claim runs out as any other.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

#: ``claimed_by`` of a row whose message waits in the task queue.
QUEUED = "queued"


class Leased(models.Model):
    """The two columns of a row that workers take turns on (see the module's documentation)."""

    claimed_by = models.CharField(
        max_length=100, blank=True, db_index=True, help_text="Who holds this row: a worker's claim, 'queued' or nobody."
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Until when it is held; on a free row: not retried before."
    )

    class Meta:
        abstract = True


class LeaseLost(Exception):
    """The claim's lease expired and another worker took the row: this claim's writes are void."""


def new_worker_id() -> str:
    """``host:pid:random``: unique even when two machines (or two containers) reuse a process id."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


_tokens = itertools.count(1)


def _token(worker: str) -> str:
    return f"{worker}/{next(_tokens)}"


@dataclass
class Lease:
    """One claim of one row, by one thread of one worker."""

    model: type[Leased]
    pk: int
    worker: str
    token: str
    #: How long the claim holds the row without a heartbeat; a row handed over is held this long again.
    seconds: int
    #: Set by the worker before the step: when the step succeeds, the row its next step works on stays held for
    #: this thread (:meth:`settle` with ``carry_on``, :func:`hand_over_new`) instead of being freed.
    hand_over: bool = False
    #: The row as the step before left it, when it handed this claim over (:func:`held` returns it).
    row: Leased | None = None
    #: The row was settled (freed, or handed over) by :meth:`settle` and that transaction committed:
    #: :meth:`release` has nothing to do.
    settled: bool = False
    #: The row the step handed over to this thread's next step, its ``claimed_by`` the new claim's token.
    handed: Leased | None = None
    #: New rows the step marked :data:`QUEUED`, for the caller to send to the queue.
    queued_rows: list[Leased] = field(default_factory=list)

    @property
    def next(self) -> Lease | None:
        """The claim of the unit this thread takes on next, if the step handed one over."""
        row = self.handed
        if row is None:
            return None
        return Lease(type(row), row.pk, self.worker, row.claimed_by, self.seconds, row=row)

    @property
    def queued(self) -> list[int]:
        return [row.pk for row in self.queued_rows]

    def settle(
        self, instance: Leased, update_fields=None, *, retry_at: datetime | None = None, carry_on: bool = False
    ) -> None:
        """Store ``update_fields`` of ``instance`` (every field when None, as ``save()``), prove this lease still
        holds and free the row (with a back-off until ``retry_at``), in one statement. Call it first in the
        transaction that stores the rest of the step's result, so the whole commits or rolls back together.

        ``carry_on``: the step succeeded and its next step works on this same row; when this lease hands over,
        the row stays held, under a new claim (:attr:`next`), instead of being freed."""
        keep = carry_on and self.hand_over
        # a new token, not this one: after a rollback this claim still holds the row, and release() frees it
        claimed_by = _token(self.worker) if keep else ""
        lease_until = timezone.now() + timedelta(seconds=self.seconds) if keep else retry_at
        values = {**_values(instance, update_fields), "claimed_by": claimed_by, "lease_until": lease_until}
        if not self.model._base_manager.filter(pk=self.pk, claimed_by=self.token).update(**values):
            raise LeaseLost(f"{self.model.__name__} {self.pk}: the lease of {self.token} expired and the row was taken over")
        instance.claimed_by, instance.lease_until = claimed_by, lease_until
        if keep:
            self.handed = instance
        transaction.on_commit(self._mark_settled)

    def _mark_settled(self) -> None:
        self.settled = True

    def release(self, *, retry_at: datetime | None = None) -> bool:
        """Free the row if this claim still holds it (a step that stored nothing, or crashed: then with a
        back-off until ``retry_at``; or a unit handed over that this thread does not take on after all); True
        if it did."""
        if self.settled:
            return False
        return bool(
            self.model.objects.filter(pk=self.pk, claimed_by=self.token).update(claimed_by="", lease_until=retry_at)
        )


def _values(instance: models.Model, update_fields) -> dict:
    """The columns ``instance.save(update_fields=...)`` would write, by name (an ``auto_now`` field takes the
    time, as in ``save()``)."""
    meta = instance._meta
    chosen = (
        [f for f in meta.concrete_fields if not f.primary_key]
        if update_fields is None
        else [meta.get_field(name) for name in update_fields]
    )
    return {f.attname: f.pre_save(instance, False) for f in chosen}


def _free(now: datetime) -> Q:
    """Rows nobody holds: no lease, or one that ran out."""
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim(model: type[Leased], pk: int, worker: str, ready: Q, *, seconds: int, queued: bool) -> Lease | None:
    """Take row ``pk`` for one step, if it is ``ready`` for it and no one else holds it; None otherwise.

    ``queued``: the claim comes from a queue message, so a row marked :data:`QUEUED` may be taken before its
    mark runs out. Otherwise (a pass of ``dragoman run --once``) a free row is taken even while it backs off,
    but a row queued for a worker is left to it."""
    now = timezone.now()
    holdable = (Q(claimed_by=QUEUED) | _free(now)) if queued else (Q(claimed_by="") | _free(now))
    token = _token(worker)
    taken = model.objects.filter(holdable, ready, pk=pk).update(claimed_by=token, lease_until=now + timedelta(seconds=seconds))
    return Lease(model, pk, worker, token, seconds) if taken else None


def mark_queued(model: type[Leased], ready: Q, *, seconds: int, limit: int, order: tuple[str, ...] = ("pk",)) -> list[int]:
    """Mark at most ``limit`` free rows that are ``ready`` as :data:`QUEUED` (for ``seconds``), taken in
    ``order``; returns their ids in that order, each to be sent to the queue by the caller, who alone got them."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    candidates = model.objects.filter(ready, _free(now)).order_by(*order)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(candidates.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:limit])
            model.objects.filter(pk__in=ids).update(claimed_by=QUEUED, lease_until=until)
        return ids
    taken = []
    for pk in candidates.values_list("pk", flat=True)[:limit]:
        if model.objects.filter(ready, _free(now), pk=pk).update(claimed_by=QUEUED, lease_until=until):
            taken.append(pk)
    return taken


def unqueue(model: type[Leased], pks: list[int]) -> int:
    """Clear the :data:`QUEUED` mark of rows whose messages are gone (an embedded worker's queue, at exit)."""
    return model.objects.filter(pk__in=pks, claimed_by=QUEUED).update(claimed_by="", lease_until=None)


def renew(models_: list[type[Leased]], worker: str, *, seconds: int) -> int:
    """Extend every lease held by ``worker``'s claims: the heartbeat of a live worker."""
    until = timezone.now() + timedelta(seconds=seconds)
    return sum(m.objects.filter(claimed_by__startswith=f"{worker}/").update(lease_until=until) for m in models_)


def release_all(models_: list[type[Leased]], worker: str) -> int:
    """Free every row ``worker``'s claims hold (a worker shutting down hands its units back at once)."""
    return sum(m.objects.filter(claimed_by__startswith=f"{worker}/").update(claimed_by="", lease_until=None) for m in models_)


# --- the lease of the unit the current thread works on ------------------------------------------------------

_current: contextvars.ContextVar[Lease | None] = contextvars.ContextVar("dragoman_lease", default=None)


@contextlib.contextmanager
def holding(lease: Lease) -> Iterator[Lease]:
    """Within this block, :func:`settle` in the pipeline's steps settles ``lease``."""
    token = _current.set(lease)
    try:
        yield lease
    finally:
        _current.reset(token)


def settle(instance: Leased, update_fields=None, *, retry_at: datetime | None = None, carry_on: bool = False) -> None:
    """The pipeline's hook for a step's final write, first in its final transaction: store ``update_fields`` of
    ``instance`` (every field when None) and, when the current lease is ``instance``'s row, settle it in the
    same statement (see :meth:`Lease.settle`). A step called directly, outside a worker (tests, an editor's
    approval), holds no lease: the fields are stored, nothing more. Either way it is an ``UPDATE``, not a
    ``save()``; but what listens to the model's ``post_save`` hears of it as of a ``save(update_fields=...)``
    (with ``settled=True``: a step's write), so a row's followers (the search index) have one way to learn
    of every write."""
    lease = _current.get()
    if lease is not None and isinstance(instance, lease.model) and instance.pk == lease.pk:
        lease.settle(instance, update_fields, retry_at=retry_at, carry_on=carry_on)
    elif update_fields is None or update_fields:
        type(instance)._base_manager.filter(pk=instance.pk).update(**_values(instance, update_fields))
    if update_fields is None or update_fields:
        post_save.send(
            sender=type(instance), instance=instance, created=False, raw=False, using=instance._state.db or "default",
            update_fields=None if update_fields is None else frozenset(update_fields), settled=True,
        )  # fmt: skip


def held(queryset: models.QuerySet, pk: int) -> Leased:
    """Row ``pk`` of ``queryset``: as the step before left it when it handed the current lease over (with the
    related rows it had loaded or made: the step's ``select_related`` are met), else read from the database."""
    lease = _current.get()
    if lease is not None and lease.row is not None and lease.model is queryset.model and lease.pk == pk:
        return lease.row
    return queryset.get(pk=pk)


def hand_over_new(rows: list[Leased], *, queued_seconds: int) -> None:
    """For a step about to insert ``rows``, new rows ready for the next step: when the current lease hands over,
    the first is inserted held by a new claim of this thread (:attr:`Lease.next`) and the others marked
    :data:`QUEUED` for ``queued_seconds`` (:attr:`Lease.queued`, for the caller to send); otherwise they are
    inserted free. Needs ids back from the insert (every database Dragoman runs on but SQLite before 3.35)."""
    lease = _current.get()
    if lease is None or not lease.hand_over or not rows or not connection.features.can_return_rows_from_bulk_insert:
        return
    now = timezone.now()
    first, *others = rows
    first.claimed_by, first.lease_until = _token(lease.worker), now + timedelta(seconds=lease.seconds)
    for row in others:
        row.claimed_by, row.lease_until = QUEUED, now + timedelta(seconds=queued_seconds)
    lease.handed, lease.queued_rows = first, others
