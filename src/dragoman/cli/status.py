"""`dragoman status`: counts per state, per source and per engine, the latest failures with their reasons,
degraded units, what was set aside, and the queue."""

from __future__ import annotations

from django.conf import settings

from dragoman.runtime.status import snapshot
from dragoman.cli.budgets import spending_text
from dragoman.cli.common import write_report


def _states(counts: dict[str, int]) -> str:
    return ", ".join(f"{state} {n}" for state, n in counts.items() if n) or "none"


def _moment(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z") if moment else "-"


def status(args) -> int:
    report = snapshot(failures=args.failures)
    write_report(report.as_json(), args.format, lambda: _text(report, args.failures))
    return 0


def _text(report, latest: int) -> None:
    print(f"entries: {_states(report.entries)}")
    print(f"translations: {_states(report.translations)}; published translations: {report.publications}")
    depth = "in each worker's memory" if report.queue_depth is None else f"{report.queue_depth} messages in Redis"
    units = report.units
    print(f"queue ({settings.TASK_BACKEND}): {depth}; units queued {units.queued}, running {units.running}, "
          f"waiting to retry {units.backing_off}; busy workers: {', '.join(report.workers) or 'none'}")  # fmt: skip
    print("sources:")
    for s in report.sources:
        state = "" if s.enabled else " (disabled)"
        error = f"; failing ({s.error_count}): {s.last_error}" if s.last_error else ""
        print(f"  {s.id}\t{s.name}{state}\t{s.kind}\tentries {s.entries}, published {s.published}, failed {s.failed}, "
              f"set aside {s.set_aside}\tnext check {_moment(s.next_check_at)}{error}")  # fmt: skip
    print("engines:")
    for e in report.engines:
        print(f"  {e.engine}\t{_states(e.translations)}\tcharacters {e.characters}, requests {e.requests}")
    print(f"failures (latest {latest} of each kind):" if report.failures else "failures: none")
    for f in report.failures:
        final = "final" if f.final else f"attempt {f.attempts}, will retry"
        print(f"  {f.step}\t{f.what}\t{final}\t{f.reason}")
    print(f"degraded units: {report.degraded_units}" + (f" (latest {latest} translations):" if report.degraded else ""))
    for d in report.degraded:
        print(f"  {d.what}\t{d.state}\t{d.degraded} of {d.units} units")
        for reason in d.reasons:
            print(f"    {reason}")
    print(f"set aside, not failures (latest {latest}):" if report.set_aside else "set aside: none")
    for what, reason in report.set_aside:
        print(f"  {what}\t{reason}")
    _held(report, latest)
    _stories(report.stories)
    spending_text(report.spending)


def _stories(counts) -> None:
    """The stories (dragoman.stories): how many, how many articles placed, near-duplicates, editors' corrections."""
    if counts is None:
        return
    print(f"stories: {counts.grouped} of two articles or more, {counts.stories} in all; {counts.articles} articles "
          f"placed, {counts.near_duplicates} near-duplicates, {counts.unplaced} waiting to be placed; "
          f"{counts.machine_summaries} machine-written summaries; editors: {counts.pinned} pinned, "
          f"{counts.kept_apart} splits")  # fmt: skip


def _held(report, latest: int) -> None:
    """The entries held back (filtered by a rule, archived by the import window), to release by id."""
    print(f"held back: filtered {report.filtered}, archived {report.archived}"
          + (f" (latest {latest}; release with: dragoman entries release ID):" if report.held else ""))  # fmt: skip
    for pk, url, state, why in report.held:
        print(f"  {pk}\t{state}\t{url}\t{why}")
