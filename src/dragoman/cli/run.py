"""`dragoman run`: one pass over everything due and pending, in this process, then exit (the process that
keeps going is `dragoman worker`)."""

from __future__ import annotations

import sys

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dragoman.articles.pipeline import Pipeline
from dragoman.cli import environment
from dragoman.cli.common import write_report
from dragoman.runtime.passes import Summary, run_once


def pipeline(*, allow: tuple[str, ...] = ()) -> Pipeline:
    """The pipeline with the fetcher the settings describe; ``allow`` adds allowlist entries (the demo's
    own server)."""
    return Pipeline(fetcher=environment.fetcher(allow=allow))


def one_pass(allow: tuple[str, ...] = ()) -> Summary:
    """One pass of the pipeline, with a progress bar on standard error when it is a terminal."""
    bar = Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False, disable=not sys.stderr.isatty(), console=None,
    )  # fmt: skip
    rows: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in rows:
            rows[stage] = bar.add_task(stage, total=total)
        bar.update(rows[stage], completed=done, total=total)

    with pipeline(allow=allow) as running, bar:
        return run_once(running, update)


def print_summary(summary: Summary) -> None:
    data = summary.as_dict()
    print(
        "new {new}, fetched {fetched}, extracted {extracted}, translated {translated}, published {published}, "
        "failed {failed}; engine calls {engine_calls}, engine characters {engine_chars}, "
        "cache hits {cache_hits}; set aside {set_aside}".format(**data)
    )
    for what, reason in summary.failures:
        print(f"  failed: {what}: {reason}")
    for what, reason in summary.set_aside:
        print(f"  set aside: {what}: {reason}")
    for what, reason in summary.waiting:
        print(f"  waiting for a budget: {what}: {reason}")


def summary_json(summary: Summary) -> dict:
    return {
        **summary.as_dict(),
        "failures": [{"what": what, "reason": reason} for what, reason in summary.failures],
        "set_aside_entries": [{"what": what, "reason": reason} for what, reason in summary.set_aside],
        "waiting_entries": [{"what": what, "reason": reason} for what, reason in summary.waiting],
    }


def run(args) -> int:
    summary = one_pass()
    write_report(summary_json(summary), args.format, lambda: print_summary(summary))
    return 0
