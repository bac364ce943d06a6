"""Units of work: one row and one step, and the one code path that runs them in either mode.

    poll (Source) -> fetch (Entry) -> extract (Entry) -> translate (Translation) -> publish (Translation)

The steps, their order and their handlers are the table :data:`~dragoman.runtime.steps.STEPS`.
:func:`perform` runs one unit by its ids: it claims the row with a lease (:mod:`dragoman.leases`), runs the
step's handler on it, and frees it. The embedded pass (``dragoman run --once``,
:func:`dragoman.runtime.passes.run_once`) calls it for everything pending, step after step;
the task engine's task (:mod:`dragoman.runtime.tasks`) calls :func:`carry` for one queued unit: it runs the
unit, then the next steps of the same article in the same thread while the worker is not stopping, and
queues the rest of what the units made ready (a feed's new entries, an article's other languages). Each step
commits its own result and hands the row of the next step over to this thread (held under a new claim, so a
worker killed between two steps loses nothing), so that the next step neither claims nor reads it again.
:func:`dispatch` queues every unit that is due: sources whose next check has come, and units whose message
or worker was lost.

Each unit's end is logged on ``dragoman.work`` (INFO) with its step, id, outcome and timings, as fields that
the JSON log format keeps (``DRAGOMAN_LOG_FORMAT=json``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dragoman.leases import Lease, LeaseLost, claim, holding, mark_queued, unqueue
from dragoman.runtime.steps import STEPS, Status

log = logging.getLogger("dragoman.work")

#: Units queued per step by one dispatch: a large backlog is queued over several rounds.
DISPATCH_BATCH = 1000

Send = Callable[[str, int], None]  # (step, id): put one unit on the queue


def followers(step: str, pk: int) -> tuple[str, Q] | None:
    """The step that a unit of ``step`` on row ``pk`` makes ready, and on which rows."""
    current = STEPS[step]
    if current.next is None or current.leads_to is None:
        return None
    return current.next, current.leads_to(pk)


@dataclass
class Outcome:
    """How one unit ended (``status``: :class:`~dragoman.runtime.steps.Status`), with what its handler
    returned and what it took. A unit done with ``hand_over`` leaves the claim of the unit to run next in
    this thread (``next``) and the ids of the rows it marked queued for their next step (``queued``), to be
    sent."""

    step: str
    pk: int
    status: Status
    result: object = None
    seconds: float = 0.0
    engine_seconds: float = 0.0
    engine_calls: int = 0
    cpu_seconds: float = 0.0  # this thread's CPU time in the unit
    extract_seconds: float = 0.0
    next: Lease | None = None
    queued: list[int] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.status == Status.DONE


def perform(
    step_name: str,
    pk: int,
    pipeline,
    worker: str,
    *,
    queued: bool = False,
    lease: Lease | None = None,
    hand_over: bool = False,
) -> Outcome:
    """Claim row ``pk`` for ``step_name``, run the step on it, free it.

    ``worker`` names this worker (claims are ``<worker>/<n>``); ``queued`` says the unit comes from a queue
    message (see :func:`dragoman.leases.claim`). ``lease``: the row is held already, handed over by the step
    before (the step checks that the row is ready). ``hand_over``: the caller goes on with the unit's next
    step (see :attr:`dragoman.leases.Lease.hand_over` and :attr:`Outcome.next`)."""
    step = STEPS[step_name]
    lease = lease or claim(step.model, pk, worker, step.ready(), seconds=settings.LEASE_SECONDS, queued=queued)
    if lease is None:
        return Outcome(step_name, pk, Status.SKIPPED)
    lease.hand_over = hand_over
    engine_before, calls_before, extract_before = pipeline.engine_seconds, pipeline.engine_calls, pipeline.extract_seconds
    started, cpu_started = time.perf_counter(), time.thread_time()
    outcome = Outcome(step_name, pk, Status.CRASHED)
    try:
        with holding(lease):
            outcome.result = step.run(pipeline, pk)
        outcome.status = Status.DONE if step.done(outcome.result) else Status.NOT_DONE
        if outcome.done:
            outcome.next, outcome.queued = lease.next, lease.queued
    except LeaseLost as exc:
        outcome.status = Status.LOST
        log.warning("%s", exc)
    except Exception:  # the database went away, or a bug: the unit is tried again after a back-off
        log.exception("%s of %s %s crashed", step_name, step.model.__name__.lower(), pk)
    finally:
        retry = timezone.now() + timedelta(seconds=settings.RETRY_DELAY_SECONDS) if outcome.status == Status.CRASHED else None
        lease.release(retry_at=retry)
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.thread_time() - cpu_started
    outcome.engine_seconds = pipeline.engine_seconds - engine_before
    outcome.engine_calls = pipeline.engine_calls - calls_before
    outcome.extract_seconds = pipeline.extract_seconds - extract_before
    log.info(
        "%s %s: %s in %.3f s",
        step_name,
        pk,
        outcome.status,
        outcome.seconds,
        extra={
            "event": "unit",
            "step": step_name,
            "id": pk,
            "outcome": str(outcome.status),
            "seconds": round(outcome.seconds, 6),
            "engine_seconds": round(outcome.engine_seconds, 6),
            "engine_calls": outcome.engine_calls,
            "cpu_seconds": round(outcome.cpu_seconds, 6),
            "extract_seconds": round(outcome.extract_seconds, 6),
            "worker": worker,
        },
    )
    return outcome


def pending(step_name: str) -> list[int]:
    """Rows ready for ``step_name`` that no worker holds or has queued (a pass of ``dragoman run --once``
    takes them, back-off or not)."""
    step = STEPS[step_name]
    return list(step.model.objects.filter(step.ready(), _untaken()).order_by(*step.order).values_list("pk", flat=True))


def queue_ready(step_name: str, where: Q, send: Send, *, limit: int = DISPATCH_BATCH) -> int:
    """Mark the free rows ready for ``step_name`` (among ``where``) as queued, and send each to the queue."""
    step = STEPS[step_name]
    ids = mark_queued(step.model, step.ready() & where, seconds=settings.REQUEUE_SECONDS, limit=limit, order=step.order)
    send_queued(step_name, ids, send)
    return len(ids)


def send_queued(step_name: str, ids: list[int], send: Send) -> None:
    """Send rows marked queued for ``step_name`` to the queue."""
    for sent, pk in enumerate(ids):
        try:
            send(step_name, pk)
        except Exception:
            unqueue(STEPS[step_name].model, ids[sent:])  # the queue is unreachable: leave them to the next dispatch
            raise


def queue_followers(step_name: str, pk: int, send: Send) -> int:
    """After a unit is done, queue what it made ready (the next step of the same article)."""
    follow = followers(step_name, pk)
    if follow is None:
        return 0
    name, where = follow
    return queue_ready(name, where, send)


def next_unit(step_name: str, pk: int, send: Send) -> tuple[str, int] | None:
    """After a unit is done that handed nothing over (:attr:`Outcome.next`): the unit of the same article to
    run next in this thread, if any; whatever else it made ready goes to the queue for every worker (a feed's
    new entries, the article's other languages).

    Running the next step at once spares a round trip through the queue and a transaction per step; the
    work still spreads over the workers article by article, as the queue hands out the first steps."""
    follow = followers(step_name, pk)
    if follow is None:
        return None
    name, where = follow
    if not STEPS[step_name].carry_on:  # a poll's many entries at once: for all the workers
        queue_ready(name, where, send)
        return None
    step = STEPS[name]
    ready = step.model.objects.filter(step.ready(), where, _untaken()).order_by("pk").values_list("pk", flat=True)
    ids = list(ready[:2])
    if not ids:
        return None
    if len(ids) > 1:
        queue_ready(name, where & ~Q(pk=ids[0]), send)
    return name, ids[0]


def carry(step_name: str, pk: int, pipeline, worker: str, send: Send, *, go_on: Callable[[], bool]) -> Outcome:
    """Run a queued unit, then the units it leads to as long as ``go_on()`` says so (a worker that is stopping
    queues them instead): the unit it handed over (:attr:`Outcome.next`), else :func:`next_unit`. Returns the
    last unit's outcome."""
    outcome = perform(step_name, pk, pipeline, worker, queued=True, hand_over=go_on())
    while outcome.done:
        follow = followers(outcome.step, outcome.pk)
        if follow is not None:
            send_queued(follow[0], outcome.queued, send)
        handed = outcome.next
        if not go_on():
            if handed is not None:
                handed.release()
            queue_followers(outcome.step, outcome.pk, send)
            break
        if handed is not None:
            outcome = perform(follow[0], handed.pk, pipeline, worker, lease=handed, hand_over=True)
            continue
        following = next_unit(outcome.step, outcome.pk, send)
        if following is None:
            break
        outcome = perform(*following, pipeline, worker, hand_over=True)
    return outcome


def _untaken() -> Q:
    """Rows no worker holds or has queued, backing off or not (a lease that ran out counts as untaken)."""
    return Q(claimed_by="") | Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now())


def dispatch(send: Send, *, limit: int = DISPATCH_BATCH) -> int:
    """Queue every unit that is due: sources whose next check has come, failed units whose back-off is over,
    and units whose message was lost or whose worker vanished (their lease ran out). Returns how many."""
    return sum(queue_ready(name, Q(), send, limit=limit) for name in STEPS)
