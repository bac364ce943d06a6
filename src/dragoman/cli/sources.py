"""`dragoman sources`: add, set, list, import and export the sources (feeds, sitemaps, pages)."""

from __future__ import annotations

import sys

from dragoman.cli import environment
from dragoman.cli.common import CommandError, read_bytes, write_table
from dragoman.sources.adding import NewSource, SourceError, add_source, change_source, described, editorial
from dragoman.sources.models import Source
from dragoman.sources.opml import OPMLError, export_opml, import_opml
from dragoman.translate.engines import engine_names

COLUMNS = ("id", "name", "kind", "url", "source_language", "target_languages", "engine", "mode", "priority",
           "since_days", "poll_minutes", "enabled", "review", "last_error")  # fmt: skip


#: The options of `sources add` and `sources set`, by the field each sets (what SourceError names).
OPTIONS = {"engine": "--engine", "target_languages": "--to", "poll_minutes": "--poll-minutes", "kind": "--kind",
           "mode": "--mode", "since_days": "--since-days", "url": "URL"}  # fmt: skip


def _refused(exc: SourceError) -> CommandError:
    return CommandError(exc.said_as(OPTIONS.get(exc.field, exc.field)))


def add(args) -> int:
    new = NewSource(url=args.url, target_languages=args.to, source_language=args.source_language, engine=args.engine,
                    name=args.name, kind=args.kind, poll_minutes=args.poll_minutes, review=args.review,
                    mode=args.mode, priority=args.priority, since_days=args.since_days)  # fmt: skip
    try:
        with environment.fetcher() as fetcher:
            added = add_source(new, fetcher)
    except SourceError as exc:
        raise _refused(exc) from None
    source = added.source
    print(f"{'added' if added.created else 'updated'} source {source.pk}: {source} ({len(added.feed.items)} items in "
          f"the {args.kind}) -> {', '.join(args.to)} with {source.engine}, {described(source)}")  # fmt: skip
    return 0


def set_(args) -> int:
    """Change a source's translation mode, priority or import window."""
    try:
        changes = editorial(args.mode, args.priority, args.since_days)
    except SourceError as exc:
        raise _refused(exc) from None
    if not changes:
        raise CommandError("nothing to change: give --mode, --priority or --since-days")
    source = Source.objects.filter(pk=args.id).first()
    if source is None:
        raise CommandError(f"no source {args.id}; see dragoman sources list")
    change_source(source, **changes)
    print(f"source {source.pk}: {source}: {described(source)}")
    return 0


def list_(args) -> int:
    rows = (
        {
            "id": s.pk, "name": str(s), "kind": s.kind, "url": s.url, "source_language": s.source_language,
            "target_languages": list(s.target_languages), "engine": s.engine, "mode": s.mode, "priority": s.priority,
            "since_days": s.since_days or 0, "poll_minutes": s.poll_interval_minutes,
            "enabled": s.enabled, "review": not s.auto_publish, "last_error": s.last_error,
        }  # fmt: skip
        for s in Source.objects.order_by("pk")
    )
    write_table(rows, COLUMNS, args.format, empty_hint="no sources yet; add one with: dragoman sources add URL --to es")
    return 0


def import_(args) -> int:
    """Create or update sources from an OPML file (from Dragoman, or from any feed reader)."""
    content = read_bytes(args.file)
    try:
        result = import_opml(content, target_languages=args.to or [], engine=args.engine,
                             source_language=args.source_language, known_engines=engine_names())  # fmt: skip
    except OPMLError as exc:
        raise CommandError(str(exc)) from None
    total = result.created + result.updated
    print(f"imported {total} sources ({result.created} new, {result.updated} updated)")
    return 0


def export(args) -> int:
    """Every source as OPML 2.0 on standard output."""
    sys.stdout.buffer.write(export_opml(Source.objects.order_by("pk")))
    sys.stdout.flush()
    return 0
