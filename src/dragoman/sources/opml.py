"""OPML 2.0 import and export of sources (http://opml.org/spec2.opml), the format feed readers exchange.

Feeds are written as feed readers expect them (``type="rss"``, ``xmlUrl``, ``htmlUrl``, ``text``), so any
reader can import Dragoman's list; sitemaps and pages as ``type="link"`` outlines with ``url``. What only
Dragoman knows goes in attributes of its own namespace (:data:`NAMESPACE`): the kind, the source language,
the target languages, the engine chain, the poll interval, enabled, auto-publish, the translation mode, the
priority and the first-import window (``sinceDays``, 0 for none). Importing an exported file gives the same
sources. Outlines from other readers (no Dragoman attributes, categories nested in folders) are imported as
feeds, with the target languages and engine given on the command line; a new source whose outline gives no
window gets ``DRAGOMAN_IMPORT_WINDOW_DAYS``, as `dragoman sources add` gives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import format_datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from lxml import etree

from dragoman.sources.models import Source

NAMESPACE = "https://github.com/dragoman-news/dragoman/opml"
_NS = f"{{{NAMESPACE}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class OPMLError(ValueError):
    """The file is not OPML, or an outline cannot become a source; the message says which and why."""


@dataclass
class SourceSpec:
    """A source as an OPML outline describes it."""

    url: str
    kind: str = Source.Kind.FEED
    name: str = ""
    site_url: str = ""
    source_language: str = ""
    target_languages: list[str] = field(default_factory=list)
    engine: str = ""
    poll_interval_minutes: int | None = None
    enabled: bool = True
    auto_publish: bool = True
    mode: str = ""
    priority: int | None = None
    since_days: int | None = None  # 0: no window; None: not said


# --- export ------------------------------------------------------------------------------------------------


def export_opml(sources) -> bytes:
    """The sources as an OPML 2.0 document (UTF-8)."""
    root = etree.Element("opml", version="2.0", nsmap={"dragoman": NAMESPACE})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "Dragoman sources"
    etree.SubElement(head, "dateCreated").text = format_datetime(timezone.now(), usegmt=True)
    body = etree.SubElement(root, "body")
    for source in sources:
        outline = etree.SubElement(body, "outline")
        name = source.name or source.url
        outline.set("text", name)
        outline.set("title", name)
        if source.kind == Source.Kind.FEED:
            outline.set("type", "rss")
            outline.set("xmlUrl", source.url)
        else:
            outline.set("type", "link")
            outline.set("url", source.url)
        if source.site_url:
            outline.set("htmlUrl", source.site_url)
        for attribute, value in (
            ("kind", source.kind),
            ("sourceLanguage", source.source_language),
            ("targetLanguages", ",".join(source.target_languages)),
            ("engine", source.engine),
            ("pollInterval", str(source.poll_interval_minutes)),
            ("enabled", _flag(source.enabled)),
            ("autoPublish", _flag(source.auto_publish)),
            ("mode", source.mode),
            ("priority", str(source.priority)),
            ("sinceDays", str(source.since_days or 0)),
        ):
            outline.set(_NS + attribute, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _flag(value: bool) -> str:
    return "true" if value else "false"


# --- import ------------------------------------------------------------------------------------------------


def parse_opml(content: bytes) -> list[SourceSpec]:
    """Every outline that names a source, folders flattened, in document order; OPMLError if it is not OPML."""
    try:
        root = etree.fromstring(content, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise OPMLError(f"not an OPML file: {str(exc)[:200]}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise OPMLError("not an OPML file: no <opml> with a <body>")
    specs = []
    for number, outline in enumerate(root.find("body").iter("outline"), 1):
        spec = _spec(outline, number)
        if spec is not None:
            specs.append(spec)
    return specs


def _spec(outline, number: int) -> SourceSpec | None:
    get = outline.get
    kind = get(_NS + "kind") or (Source.Kind.FEED if get("xmlUrl") else Source.Kind.PAGE if get("url") else "")
    url = (get("xmlUrl") or get("url") or "").strip()
    if not url:
        return None  # a folder
    if kind not in Source.Kind.values:
        raise OPMLError(f"outline {number} ({url}): unknown kind {kind!r}; expected one of {', '.join(Source.Kind.values)}")
    interval = get(_NS + "pollInterval")
    if interval is not None and not (interval.isdigit() and int(interval) > 0):
        raise OPMLError(f"outline {number} ({url}): pollInterval {interval!r} is not a number of minutes")
    mode = (get(_NS + "mode") or "").strip()
    if mode and mode not in Source.Mode.values:
        raise OPMLError(f"outline {number} ({url}): unknown mode {mode!r}; expected one of {', '.join(Source.Mode.values)}")
    priority = (get(_NS + "priority") or "").strip()
    if priority and not priority.lstrip("-").isdigit():
        raise OPMLError(f"outline {number} ({url}): priority {priority!r} is not a whole number")
    since = (get(_NS + "sinceDays") or "").strip()
    if since and not since.isdigit():
        raise OPMLError(f"outline {number} ({url}): sinceDays {since!r} is not a number of days (0: no window)")
    return SourceSpec(
        url=url,
        kind=kind,
        name=(get("title") or get("text") or "").strip()[:300],
        site_url=(get("htmlUrl") or "").strip(),
        source_language=(get(_NS + "sourceLanguage") or "").strip(),
        target_languages=[t.strip() for t in (get(_NS + "targetLanguages") or "").split(",") if t.strip()],
        engine=(get(_NS + "engine") or "").strip(),
        poll_interval_minutes=int(interval) if interval else None,
        enabled=(get(_NS + "enabled") or "true").lower() != "false",
        auto_publish=(get(_NS + "autoPublish") or "true").lower() != "false",
        mode=mode,
        priority=int(priority) if priority else None,
        since_days=int(since) if since else None,
    )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def import_opml(content: bytes, *, target_languages: list[str], engine: str, source_language: str,
                known_engines: list[str]) -> ImportResult:  # fmt: skip
    """Create or update (by URL) one source per outline. ``target_languages``, ``engine`` and
    ``source_language`` stand in for what an outline does not say. Every outline is checked before any
    source is stored: one that cannot become a source raises OPMLError and nothing is imported."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    specs = parse_opml(content)
    if not specs:
        raise OPMLError("the file lists no sources (no outline with xmlUrl or url)")
    check_url = URLValidator(schemes=["http", "https"])
    for spec in specs:
        spec.target_languages = spec.target_languages or list(target_languages)
        spec.engine = spec.engine or engine
        spec.source_language = spec.source_language or source_language
        try:
            check_url(spec.url)
        except ValidationError:
            raise OPMLError(f"{spec.url!r} is not an http(s) URL; nothing was imported") from None
        if not spec.target_languages:
            raise OPMLError(f"{spec.url} has no target languages; give them with --to; nothing was imported")
        unknown = [name for name in spec.engine.split(",") if name.strip() and name.strip() not in known_engines]
        if unknown:
            raise OPMLError(f"{spec.url}: unknown engine {unknown[0]!r}; nothing was imported")
    result = ImportResult()
    with transaction.atomic():
        for spec in specs:
            defaults = {
                "kind": spec.kind,
                "name": spec.name if spec.name != spec.url else "",
                "site_url": spec.site_url,
                "source_language": spec.source_language,
                "target_languages": spec.target_languages,
                "engine": spec.engine,
                "enabled": spec.enabled,
                "auto_publish": spec.auto_publish,
            }
            if spec.poll_interval_minutes:
                defaults["poll_interval_minutes"] = spec.poll_interval_minutes
            if spec.mode:
                defaults["mode"] = spec.mode
            if spec.priority is not None:
                defaults["priority"] = spec.priority
            if spec.since_days is not None:
                defaults["since_days"] = spec.since_days or None  # 0: no window
            window = {} if spec.since_days is not None or spec.kind == Source.Kind.PAGE else {"since_days": settings.IMPORT_WINDOW_DAYS or None}
            _, created = Source.objects.update_or_create(url=spec.url, defaults=defaults, create_defaults={**defaults, **window})
            result.created += created
            result.updated += not created
    return result
