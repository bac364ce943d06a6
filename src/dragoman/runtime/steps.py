"""The pipeline's steps, declared once: what each works on, when a row is ready for it, which function does
it, what counts as done, and which step comes next.

    poll (Source) -> fetch (Entry) -> extract (Entry) -> translate (Translation) -> publish (Translation)

:data:`STEPS` is the one table the worker and its dispatcher (:mod:`.work`), a pass of ``dragoman run
--once`` (:mod:`.passes`), ``dragoman status`` (:mod:`.status`) and the architecture document (its table of
steps, checked against this one by ``tests/test_layers.py``) read. A step's handler takes the pass's or the
worker thread's :class:`~dragoman.articles.pipeline.Pipeline` (its fetcher, engines and memory) and a row's
id; the publish step needs neither fetcher nor engine and takes the id alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.leases import Leased
from dragoman.publish.publishing import publish
from dragoman.sources.models import Source


class Status(StrEnum):
    """How one unit of work ended (logged as its ``outcome``)."""

    DONE = "done"  # it moved on: the next step may follow
    NOT_DONE = "not done"  # it failed (stored on the row), or had nothing to do
    SKIPPED = "skipped"  # not claimed: done already, or another worker has it
    LOST = "lost"  # its lease ran out and another worker took it over: nothing was stored
    CRASHED = "crashed"  # an unexpected error: freed, tried again after a back-off


@dataclass(frozen=True)
class Step:
    """One step of the pipeline (see the module's documentation)."""

    name: str
    model: type[Leased]  # the rows it works on
    ready: Callable[[], Q]  # which of them are ready for it now
    handler: Callable[..., object]  # does it: handler(pipeline, id), or handler(id) when not ``with_pipeline``
    with_pipeline: bool
    done_when: str  # what counts as done, in words (the documentation's table)
    counted_as: str  # the pass summary's count of units done (:class:`~dragoman.runtime.passes.Summary`)
    next: str | None = None  # the step a unit done leads to
    leads_to: Callable[[int], Q] | None = None  # which rows of ``next`` a unit done on row ``id`` makes ready
    carry_on: bool = True  # a worker's thread goes on with the next step itself, else queues it for all workers
    order: tuple[str, ...] = ("pk",)  # in which order a pass and the dispatcher take the ready rows

    def run(self, pipeline: Pipeline, pk: int) -> object:
        return self.handler(pipeline, pk) if self.with_pipeline else self.handler(pk)

    def done(self, result: object) -> bool:
        """Whether a handler's ``result`` means the unit moved on: a poll always does (what it found, if
        anything, and its failures are stored on the source); the other steps when they say so."""
        return self.name == "poll" or bool(result)

    @property
    def handler_name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


def _waiting() -> Q:
    """Translations waiting for a budget whose next period has come (``lease_until``, the budget's resume
    time, passed), or that a worker holds or has queued since (their ``lease_until`` is then the lease's)."""
    resumed = Q(lease_until__isnull=True) | Q(lease_until__lte=timezone.now()) | ~Q(claimed_by="")
    return Q(state=Translation.State.WAITING) & resumed


#: Translations are taken by their source's priority, higher first (then oldest first): when a budget frees
#: up, the important sources' articles go first.
_BY_PRIORITY = ("-article__entry__source__priority", "pk")


def _entries(state: str, step: str) -> Q:
    retry = Q(state=Entry.State.FAILED, failed_step=step, attempts__lt=settings.MAX_ATTEMPTS)
    return Q(state=state) | retry


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "poll", Source, lambda: Q(enabled=True, next_check_at__lte=timezone.now()),
            Pipeline.poll, True, "always (new entries, or the failure, stored)", "polled",
            next="fetch", leads_to=lambda pk: Q(source_id=pk), carry_on=False,
        ),
        Step(
            "fetch", Entry, lambda: _entries(Entry.State.DISCOVERED, "fetch"),
            Pipeline.fetch, True, "entry fetched", "fetched",
            next="extract", leads_to=lambda pk: Q(pk=pk),
        ),
        Step(
            "extract", Entry, lambda: _entries(Entry.State.FETCHED, "extract"),
            Pipeline.extract, True, "entry extracted (or set aside)", "extracted",
            next="translate", leads_to=lambda pk: Q(article__entry_id=pk),
        ),
        Step(
            "translate", Translation,
            lambda: Q(state=Translation.State.PENDING) | Q(state=Translation.State.FAILED, attempts__lt=settings.MAX_ATTEMPTS)
            | _waiting(),
            Pipeline.translate, True, "translation translated", "translated",
            next="publish", leads_to=lambda pk: Q(pk=pk), order=_BY_PRIORITY,
        ),
        Step(
            "publish", Translation, lambda: Q(state=Translation.State.TRANSLATED),
            publish, False, "translation published (held for review: not done)", "published", order=_BY_PRIORITY,
        ),
    )
}  # fmt: skip


def leased_models() -> list[type[Leased]]:
    """The models whose rows the steps hold leases on, once each."""
    return list(dict.fromkeys(step.model for step in STEPS.values()))
