"""`dragoman sources`: add, set, list, import and export the sources (feeds, sitemaps, pages)."""

from __future__ import annotations

import sys

from django.conf import settings

from dragoman.cli import environment
from dragoman.cli.common import CommandError, read_bytes, write_table
from dragoman.cli.engines import known_engine, usable_engine
from dragoman.fetch import FetchError
from dragoman.sources.models import Source
from dragoman.sources.opml import OPMLError, export_opml, import_opml
from dragoman.sources.polling import FeedError, read_source
from dragoman.translate.engines import engine_names

COLUMNS = ("id", "name", "kind", "url", "source_language", "target_languages", "engine", "mode", "priority",
           "since_days", "poll_minutes", "enabled", "review", "last_error")  # fmt: skip


def add(args) -> int:
    chain = [name.strip() for name in args.engine.split(",") if name.strip()]
    if not chain:
        raise CommandError("--engine needs at least one engine name")
    if not args.to:
        raise CommandError("--to needs at least one language, e.g. es or es,ca")
    for target in args.to:  # the first engine must be usable for every target; the fallbacks must exist
        usable_engine(chain[0], args.source_language, target)
    for name in chain[1:]:
        known_engine(name)
    if args.poll_minutes is not None and args.poll_minutes < 1:
        raise CommandError("--poll-minutes must be at least 1")
    _check_window(args)
    try:
        with environment.fetcher() as fetcher:
            feed = read_source(args.url, args.kind, fetcher)
    except (FetchError, FeedError) as exc:
        raise CommandError(f"cannot read the source: {exc}") from None
    defaults = {
        "kind": args.kind,
        "name": args.name or feed.title,
        "site_url": feed.site_url,
        "source_language": args.source_language,
        "target_languages": args.to,
        "engine": ",".join(chain),
        "auto_publish": not args.review,
    }
    if args.poll_minutes is not None:
        defaults["poll_interval_minutes"] = args.poll_minutes
    defaults.update(_editorial(args))
    # a new source gets the first-import window by default (a page, asked for by name, none)
    window = settings.IMPORT_WINDOW_DAYS if args.since_days is None and args.kind != Source.Kind.PAGE else args.since_days
    created_with = {**defaults, "since_days": (window or None) if args.kind != Source.Kind.PAGE else None}
    source, created = Source.objects.update_or_create(url=args.url, defaults=defaults, create_defaults=created_with)
    verb = "added" if created else "updated"
    print(f"{verb} source {source.pk}: {source} ({len(feed.items)} items in the {args.kind}) -> {', '.join(args.to)} with "
          f"{source.engine}, {_described(source)}")
    return 0


def set_(args) -> int:
    """Change a source's translation mode, priority or import window."""
    _check_window(args)
    changes = _editorial(args)
    if not changes:
        raise CommandError("nothing to change: give --mode, --priority or --since-days")
    source = Source.objects.filter(pk=args.id).first()
    if source is None:
        raise CommandError(f"no source {args.id}; see dragoman sources list")
    for name, value in changes.items():
        setattr(source, name, value)
    source.save(update_fields=list(changes))
    print(f"source {source.pk}: {source}: {_described(source)}")
    return 0


def _check_window(args) -> None:
    if args.since_days is not None and args.since_days < 0:
        raise CommandError("--since-days must be 0 (no window) or more")


def _editorial(args) -> dict:
    """The fields of the editorial options given (0 days: no window)."""
    changes: dict = {}
    if args.mode is not None:
        changes["mode"] = args.mode
    if args.priority is not None:
        changes["priority"] = args.priority
    if args.since_days is not None:
        changes["since_days"] = args.since_days or None
    return changes


def _described(source: Source) -> str:
    window = f"a {source.since_days}-day import window" if source.since_days else "no import window"
    return f"mode {source.mode}, priority {source.priority}, {window}"


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
