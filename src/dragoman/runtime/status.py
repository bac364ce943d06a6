"""What the pipeline is doing, read from the database (and the queue): for ``dragoman status`` and ``/metrics``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from dragoman.articles.models import EngineUsage, Entry, Translation
from dragoman.articles.waiting import waiting
from dragoman.budgets.report import Spending, spending
from dragoman.leases import QUEUED
from dragoman.runtime.steps import STEPS, leased_models
from dragoman.runtime.tasks import queue_depth
from dragoman.sources.models import Source
from dragoman.stories.report import StoryCounts, story_counts


@dataclass
class SourceRow:
    id: int
    name: str
    url: str
    kind: str
    enabled: bool
    entries: int
    published: int
    failed: int
    set_aside: int  # translations set aside (a page in a language no engine here translates): no failure
    next_check_at: datetime | None
    error_count: int
    last_error: str


@dataclass
class EngineRow:
    engine: str
    translations: dict[str, int]
    characters: int
    requests: int


@dataclass
class Failure:
    what: str
    step: str
    reason: str
    attempts: int
    final: bool


@dataclass
class Degraded:
    """A translation with units that failed their checks twice and went out in a safer form."""

    what: str
    state: str
    units: int
    degraded: int
    reasons: list[str]


@dataclass
class Units:
    """Rows by who holds them: waiting in the queue, worked on, or failed and waiting for their retry."""

    queued: int = 0
    running: int = 0
    backing_off: int = 0


@dataclass
class Snapshot:
    entries: dict[str, int]
    translations: dict[str, int]
    publications: int
    sources: list[SourceRow]
    engines: list[EngineRow]
    failures: list[Failure]
    set_aside: list[tuple[str, str]]  # (what, reason) of the latest translations set aside
    units: Units
    workers: list[str]
    queue_depth: int | None
    ready: dict[str, int] = field(default_factory=dict)  # rows ready for each step, in the steps' order
    degraded_units: int = 0  # in every translation
    degraded: list[Degraded] = field(default_factory=list)  # the latest translations with degraded units
    filtered: int = 0  # entries a filter rule held back from translation (dragoman.rules)
    archived: int = 0  # entries older than their source's import window, never fetched
    held: list[tuple[int, str, str, str]] = field(default_factory=list)  # (id, url, state, why) of the latest of both
    spending: Spending | None = None  # characters and costs, the memory's savings, budgets, waiting translations
    stories: StoryCounts | None = None  # stories, articles placed, near-duplicates, editors' corrections
    taken_at: datetime = field(default_factory=timezone.now)

    def as_json(self) -> dict:
        return asdict(self)


def counts_by_state(model) -> dict[str, int]:
    counts = dict(model.objects.values_list("state").annotate(n=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in model.State.values}


def ready() -> dict[str, int]:
    """Rows ready for each step now (waiting, queued, held or backing off), in the order of the steps."""
    return {name: step.model.objects.filter(step.ready()).count() for name, step in STEPS.items()}


def units() -> Units:
    now = timezone.now()
    found = Units()
    for model in leased_models():
        found.queued += model.objects.filter(claimed_by=QUEUED).count()
        found.running += model.objects.exclude(claimed_by__in=["", QUEUED]).filter(lease_until__gte=now).count()
        found.backing_off += model.objects.filter(claimed_by="", lease_until__gt=now).count()
    return found


def workers() -> list[str]:
    """The workers holding units now (their claims' prefix): the live ones that are busy."""
    now = timezone.now()
    names = set()
    for model in leased_models():
        held = model.objects.exclude(claimed_by__in=["", QUEUED]).filter(lease_until__gte=now)
        names.update(token.rsplit("/", 1)[0] for token in held.values_list("claimed_by", flat=True).distinct())
    return sorted(names)


def engines() -> list[EngineRow]:
    usage = {row["engine"]: row for row in EngineUsage.objects.values("engine").annotate(c=Sum("characters"), r=Sum("requests")).order_by()}
    states: dict[str, dict[str, int]] = {}
    for engine, state, n in Translation.objects.values_list("engine", "state").annotate(n=Count("pk")).order_by():
        states.setdefault(engine, {})[state] = n
    return [
        EngineRow(name, states.get(name, {}), (usage.get(name) or {}).get("c") or 0, (usage.get(name) or {}).get("r") or 0)
        for name in sorted(set(states) | set(usage))
    ]


def snapshot(*, failures: int = 20) -> Snapshot:
    """Everything ``dragoman status`` shows; ``failures``: how many of the latest failures to list."""
    per_source = Source.objects.annotate(
        n_entries=Count("entries", distinct=True),
        n_published=Count("entries__article__translations", filter=Q(entries__article__translations__state="published"), distinct=True),
        n_failed=Count("entries", filter=Q(entries__state=Entry.State.FAILED), distinct=True),
    ).order_by("name", "url")
    set_aside_per_source = dict(
        Translation.objects.filter(state=Translation.State.SET_ASIDE)
        .values_list("article__entry__source").annotate(n=Count("pk")).order_by()
    )
    sources = [
        SourceRow(s.pk, str(s), s.url, s.kind, s.enabled, s.n_entries, s.n_published, s.n_failed,
                  set_aside_per_source.get(s.pk, 0), s.next_check_at, s.error_count, s.last_error)  # fmt: skip
        for s in per_source
    ]
    set_aside = [
        (f"{url} [{target}]", reason)
        for url, target, reason in Translation.objects.filter(state=Translation.State.SET_ASIDE)
        .order_by("-pk").values_list("article__url", "target_language", "error")[:failures]
    ]
    listed: list[Failure] = []
    for entry in Entry.objects.filter(state=Entry.State.FAILED).order_by("-updated_at")[:failures]:
        final = entry.attempts >= settings.MAX_ATTEMPTS
        listed.append(Failure(entry.url, entry.failed_step, entry.error, entry.attempts, final))
    for t in Translation.objects.filter(state=Translation.State.FAILED).select_related("article").order_by("-pk")[:failures]:
        final = t.attempts >= settings.MAX_ATTEMPTS
        listed.append(Failure(f"{t.article.url} [{t.target_language}]", "translate", t.error, t.attempts, final))
    for source in Source.objects.exclude(last_error="").order_by("-last_checked_at")[:failures]:
        listed.append(Failure(source.url, "poll", source.last_error, source.error_count, False))
    degraded = [
        Degraded(f"{t.article.url} [{t.target_language}]", t.state, t.units, t.degraded_units, t.degradation_reasons)
        for t in Translation.objects.filter(degraded_units__gt=0).select_related("article").order_by("-translated_at", "-pk")[:failures]
    ]
    try:
        depth = queue_depth()
    except Exception:  # the queue's server is away: say so rather than fail the whole report
        depth = None
    return Snapshot(
        entries=counts_by_state(Entry),
        translations=counts_by_state(Translation),
        publications=Translation.objects.filter(publications__isnull=False).distinct().count(),
        sources=sources,
        engines=engines(),
        failures=listed,
        set_aside=set_aside,
        units=units(),
        ready=ready(),
        workers=workers(),
        queue_depth=depth,
        degraded_units=Translation.objects.aggregate(n=Sum("degraded_units"))["n"] or 0,
        degraded=degraded,
        **held_back(failures),
        spending=spending(waiting=waiting()),
        stories=story_counts(),
    )


def held_back(latest: int) -> dict:
    """How many entries are filtered and archived, and the latest of them with why (for the editor to release)."""
    counts = dict(Entry.objects.filter(state__in=HELD).values_list("state").annotate(n=Count("pk")).order_by())
    rows = Entry.objects.filter(state__in=HELD).order_by("-updated_at", "-pk").values_list("pk", "url", "state", "error")
    return {"filtered": counts.get(Entry.State.FILTERED, 0), "archived": counts.get(Entry.State.ARCHIVED, 0),
            "held": [tuple(row) for row in rows[:latest]]}  # fmt: skip


HELD = (Entry.State.FILTERED, Entry.State.ARCHIVED)
