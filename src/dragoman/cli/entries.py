"""`dragoman entries`: the entries held back from translation, listed and released (filtered by a rule, archived
by the import window)."""

from __future__ import annotations

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.articles.release import RELEASABLE, ReleaseError, release
from dragoman.cli.common import CommandError, write_table

COLUMNS = ("id", "source", "state", "title", "url", "why", "created_at")


def list_(args) -> int:
    states = [args.state] if args.state else list(RELEASABLE)
    entries = Entry.objects.filter(state__in=states).select_related("source").order_by("-created_at", "-pk")
    if args.source is not None:
        entries = entries.filter(source_id=args.source)
    rows = (
        {"id": e.pk, "source": e.source_id, "state": e.state, "title": e.title, "url": e.url, "why": e.error,
         "created_at": e.created_at.isoformat(timespec="seconds")}  # fmt: skip
        for e in entries
    )
    write_table(rows, COLUMNS, args.format, empty_hint=f"no {' or '.join(states)} entries")
    return 0


def release_(args) -> int:
    """Each entry released; one that cannot be is said on standard error and the others go on."""
    failed = []
    with Pipeline() as pipeline:
        for pk in dict.fromkeys(args.ids):
            try:
                print(release(pk, by="command line", pipeline=pipeline), flush=True)
            except ReleaseError as exc:
                failed.append(str(exc))
    if failed:
        raise CommandError(f"{len(failed)} of {len(set(args.ids))} not released: {'; '.join(failed)}")
    return 0
