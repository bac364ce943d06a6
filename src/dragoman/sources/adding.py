"""Adding a source and changing its editorial options, with every check made once, for `dragoman sources add`
and `sources set` and for the API (:mod:`dragoman.api`).

A source is added only after it was read once (a feed, a sitemap or a page that answers), with engines that
exist (the first usable here for every target language) and options in range. Each refusal is a
:class:`SourceError` naming the field it is about; its message writes the field as ``{field}``, so that the
command line says ``--poll-minutes`` where the API says ``poll_minutes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from dragoman.fetch import Fetcher, FetchError
from dragoman.sources.models import Source
from dragoman.sources.polling import FeedError, ParsedFeed, read_source
from dragoman.translate.engines import EngineUnavailable, known_engine, usable_engine

KINDS = tuple(Source.Kind.values)
MODES = tuple(Source.Mode.values)


class SourceError(ValueError):
    """A source that cannot be added or changed so: ``field`` is what is wrong, the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.template = message

    def said_as(self, name: str) -> str:
        """The message with the field called ``name`` (``--poll-minutes``, ``poll_minutes``)."""
        return self.template.replace("{field}", name)

    def __str__(self) -> str:
        return self.said_as(self.field)


@dataclass
class NewSource:
    """What `sources add` takes: the address, the languages, the engine chain ("deepl,apertium") and options."""

    url: str
    target_languages: list[str]
    source_language: str = "en"
    engine: str = ""
    name: str = ""
    kind: str = Source.Kind.FEED
    poll_minutes: int | None = None
    review: bool = False
    mode: str | None = None
    priority: int | None = None
    since_days: int | None = None


@dataclass
class Added:
    source: Source
    created: bool
    feed: ParsedFeed = field(repr=False)


def engine_chain(engine: str, source_language: str, targets: list[str]) -> list[str]:
    """The engine chain ``engine`` names ("deepl,apertium"), checked: the first engine usable here for every
    target language, the fallbacks known."""
    chain = [name.strip() for name in engine.split(",") if name.strip()]
    if not chain:
        raise SourceError("engine", "{field} needs at least one engine name")
    try:
        for target in targets:
            usable_engine(chain[0], source_language, target)
        for name in chain[1:]:
            known_engine(name)
    except EngineUnavailable as exc:
        raise SourceError("engine", str(exc)) from None
    return chain


def editorial(mode: str | None = None, priority: int | None = None, since_days: int | None = None) -> dict:
    """The fields of the editorial options given, checked (``since_days`` 0: no window)."""
    changes: dict = {}
    if mode is not None:
        if mode not in MODES:
            raise SourceError("mode", f"{{field}} must be one of {', '.join(MODES)}, not {mode!r}")
        changes["mode"] = mode
    if priority is not None:
        changes["priority"] = priority
    if since_days is not None:
        if since_days < 0:
            raise SourceError("since_days", "{field} must be 0 (no window) or more")
        changes["since_days"] = since_days or None
    return changes


def add_source(new: NewSource, fetcher: Fetcher) -> Added:
    """Check ``new``, read the source once, and store it (a source already stored at the address is updated)."""
    if new.kind not in KINDS:
        raise SourceError("kind", f"{{field}} must be one of {', '.join(KINDS)}, not {new.kind!r}")
    if not new.target_languages:
        raise SourceError("target_languages", "{field} needs at least one language, e.g. es or es,ca")
    chain = engine_chain(new.engine, new.source_language, new.target_languages)
    if new.poll_minutes is not None and new.poll_minutes < 1:
        raise SourceError("poll_minutes", "{field} must be at least 1")
    changes = editorial(new.mode, new.priority, new.since_days)
    try:
        feed = read_source(new.url, new.kind, fetcher)
    except (FetchError, FeedError) as exc:
        raise SourceError("url", f"cannot read the source: {exc}") from None
    defaults = {
        "kind": new.kind,
        "name": new.name or feed.title,
        "site_url": feed.site_url,
        "source_language": new.source_language,
        "target_languages": new.target_languages,
        "engine": ",".join(chain),
        "auto_publish": not new.review,
    }
    if new.poll_minutes is not None:
        defaults["poll_interval_minutes"] = new.poll_minutes
    defaults.update(changes)
    # a new source gets the first-import window by default (a page, asked for by name, none)
    page = new.kind == Source.Kind.PAGE
    window = settings.IMPORT_WINDOW_DAYS if new.since_days is None and not page else new.since_days
    created_with = {**defaults, "since_days": (window or None) if not page else None}
    source, created = Source.objects.update_or_create(url=new.url, defaults=defaults, create_defaults=created_with)
    return Added(source, created, feed)


def change_source(source: Source, **changes) -> Source:
    """Store ``changes`` (fields of the source, checked beforehand) on ``source``."""
    for name, value in changes.items():
        setattr(source, name, value)
    source.save(update_fields=list(changes))
    return source


def described(source: Source) -> str:
    window = f"a {source.since_days}-day import window" if source.since_days else "no import window"
    return f"mode {source.mode}, priority {source.priority}, {window}"
