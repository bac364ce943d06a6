"""The pipeline's steps over database state (GUIDE section 1).

    poll source -> Entry(discovered) -fetch-> Page, Entry(fetched) -extract-> Article, Entry(extracted)
    -> Translation(pending) -translate-> Translation(translated) -publish-> Publication, Translation(published)

Every step takes an id, reads the row's state, does its work and stores the new state; run twice it
changes nothing and sends nothing to an engine. A failure is stored on the row (state ``failed``, the step,
the reason, an attempt count) and never stops the other rows.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from lxml import html as lxml_html

from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.metering import MeteredEngine
from dragoman.articles.models import Article, Entry, GlossaryTerm, Page, Translation
from dragoman.extract import ExtractionError, extract_article
from dragoman.fetch import Fetcher, FetchError
from dragoman.publish.models import Publication
from dragoman.sanitize import sanitize_html, sanitize_text
from dragoman.sources.models import Source
from dragoman.sources.polling import poll_source
from dragoman.translate.document import TranslationFailed, translate_html
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import Engine, EngineError

log = logging.getLogger(__name__)

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/*;q=0.8"


@dataclass
class Summary:
    """What one pass did, for the command line."""

    polled: int = 0
    new_entries: int = 0
    fetched: int = 0
    extracted: int = 0
    translated: int = 0
    published: int = 0
    engine_calls: int = 0
    engine_chars: int = 0
    cache_hits: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)

    def as_dict(self) -> dict:
        return {
            "polled": self.polled,
            "new": self.new_entries,
            "fetched": self.fetched,
            "extracted": self.extracted,
            "translated": self.translated,
            "published": self.published,
            "engine_calls": self.engine_calls,
            "engine_chars": self.engine_chars,
            "cache_hits": self.cache_hits,
            "failed": len(self.failures),
        }


Progress = Callable[[str, int, int], None]  # (stage, done, total)


class Pipeline:
    """The steps, with the resources they share: one HTTP client and one metered instance per engine."""

    def __init__(self, fetcher: Fetcher | None = None, engines: dict[str, Engine] | None = None):
        """``engines`` gives instances to use by name instead of the registry's (for tests and embedding)."""
        self.fetcher = fetcher or Fetcher(
            user_agent=settings.USER_AGENT, timeout=settings.FETCH_TIMEOUT, max_bytes=settings.FETCH_MAX_BYTES
        )
        self._engines: dict[str, MeteredEngine] = {
            name: MeteredEngine(engine) for name, engine in (engines or {}).items()
        }
        self.memory = DatabaseMemory()

    def close(self) -> None:
        self.fetcher.close()

    def engine(self, name: str) -> MeteredEngine:
        if name not in self._engines:
            self._engines[name] = MeteredEngine(get_engine(name))
        return self._engines[name]

    # --- steps --------------------------------------------------------------------------------------------

    def poll(self, source_id: int) -> int:
        source = Source.objects.get(pk=source_id)
        return poll_source(source, self.fetcher)

    def fetch(self, entry_id: int) -> bool:
        entry = Entry.objects.get(pk=entry_id)
        if entry.state != Entry.State.DISCOVERED and not _retrying(entry, "fetch"):
            return False
        try:
            response = self.fetcher.get(entry.url, accept=PAGE_ACCEPT)
        except FetchError as exc:
            _fail(entry, "fetch", str(exc))
            return False
        with transaction.atomic():
            Page.objects.update_or_create(
                entry=entry,
                defaults={
                    "final_url": response.final_url,
                    "status_code": response.status_code,
                    "headers": response.headers,
                    "content": response.content,
                    "fetched_at": timezone.now(),
                },
            )
            _advance(entry, Entry.State.FETCHED)
        return True

    def extract(self, entry_id: int) -> bool:
        entry = Entry.objects.select_related("page", "source").get(pk=entry_id)
        if entry.state != Entry.State.FETCHED and not _retrying(entry, "extract"):
            return False
        page = entry.page
        try:
            found = extract_article(bytes(page.content), page.final_url, headers=page.headers)
        except ExtractionError as exc:
            _fail(entry, "extract", str(exc))
            return False
        except Exception as exc:  # a hostile page must not stop the others
            log.exception("extraction crashed on %s", entry.url)
            _fail(entry, "extract", f"extraction crashed: {type(exc).__name__}: {exc}")
            return False
        image_file = self._download_image(found.image) if found.image else ""
        with transaction.atomic():
            article, _ = Article.objects.update_or_create(
                entry=entry,
                defaults={
                    "url": entry.url,
                    "canonical_url": found.canonical_url,
                    "title": sanitize_text(found.title) or sanitize_text(entry.title),
                    "subtitle": sanitize_text(found.subtitle),
                    "authors": [sanitize_text(a) for a in found.authors if sanitize_text(a)],
                    "published_at": found.published or entry.feed_published_at,
                    "published_offset": _offset_minutes(found.published),
                    "modified_at": found.modified,
                    "language": found.language or entry.source.source_language,
                    "site_name": sanitize_text(found.sitename) or entry.source.name,
                    "image_url": found.image,
                    "image_caption": sanitize_text(found.image_caption),
                    "image_file": image_file,
                    "body_html": sanitize_html(found.body_html),
                    "text": found.text,
                    "extracted_at": timezone.now(),
                },
            )
            _advance(entry, Entry.State.EXTRACTED)
            self.plan_translations(article)
        return True

    def plan_translations(self, article: Article) -> int:
        """One pending Translation per target language of the source; existing ones are left alone."""
        source = article.entry.source
        created = 0
        for language in source.target_languages:
            if article.translations.filter(target_language=language).exists():
                continue
            _, was_created = Translation.objects.get_or_create(
                article=article, target_language=language, engine=source.engine_chain[0]
            )
            created += was_created
        return created

    def translate(self, translation_id: int) -> bool:
        """Translate with the source's engine chain: the first engine that passes every check wins.

        A failure that may pass later (a timeout, a 429) leaves the translation to be tried again on the
        next pass; one that will not (a broken unit, a missing pair) is final at once. Either way the
        translation is marked failed with every engine's reason, and is never published."""
        translation = Translation.objects.select_related("article__entry__source").get(pk=translation_id)
        if translation.state != Translation.State.PENDING and not _retrying(translation, "translate"):
            return False
        article = translation.article
        source_language = article.language or article.entry.source.source_language
        target = translation.target_language
        glossary = GlossaryTerm.terms_for(source_language, target)
        chain = [translation.engine] + [e for e in article.entry.source.engine_chain if e != translation.engine]
        reasons, retryable = [], False
        for name in chain:
            try:
                engine = self.engine(name)
                result = translate_html(
                    _compose(article), source_language, target, engine, memory=self.memory, glossary=glossary
                )
            except TranslationFailed as exc:
                reasons.append(f"{name}: {exc}")
                continue
            except EngineError as exc:
                reasons.append(f"{name}: {exc}")
                retryable = retryable or exc.retryable
                continue
            self._store_translation(translation, engine, result)
            return True
        translation.state = Translation.State.FAILED
        translation.error = "; ".join(reasons)
        translation.attempts = translation.attempts + 1 if retryable else settings.MAX_ATTEMPTS
        translation.save(update_fields=["state", "error", "attempts"])
        return False

    def _store_translation(self, translation: Translation, engine, result) -> None:
        parts = _decompose(result.html)  # then each part is cleaned: engines return strangers' markup too
        translation.title = parts["title"]
        translation.subtitle = parts["subtitle"]
        translation.image_caption = parts["caption"]
        translation.body_html = sanitize_html(parts["body"])
        if translation.engine != engine.name and not Translation.objects.filter(
            article=translation.article, target_language=translation.target_language, engine=engine.name
        ).exists():
            translation.engine = engine.name  # a fallback did it: the attribution names the engine that did
        translation.engine_label = engine.label
        translation.engine_version = result.engine_version
        translation.units = result.units
        translation.cache_hits = result.cache_hits
        translation.engine_chars = result.engine_chars
        translation.state = Translation.State.TRANSLATED
        translation.error = ""
        translation.translated_at = timezone.now()
        translation.slug = translation.make_slug()
        translation.save()

    def publish(self, translation_id: int) -> bool:
        with transaction.atomic():
            translation = Translation.objects.select_for_update().get(pk=translation_id)
            if translation.state != Translation.State.TRANSLATED:
                return False
            try:
                Publication.objects.get_or_create(translation=translation, target=Publication.Target.SITE)
            except IntegrityError:
                pass
            translation.state = Translation.State.PUBLISHED
            translation.published_at = translation.published_at or timezone.now()
            translation.save(update_fields=["state", "published_at"])
        return True

    # --- one pass over everything that is due -------------------------------------------------------------

    def run_once(self, progress: Progress | None = None, *, poll: bool = True) -> Summary:
        summary = Summary()
        progress = progress or (lambda stage, done, total: None)
        calls_before = sum(e.calls for e in self._engines.values())
        chars_before = sum(e.characters for e in self._engines.values())

        if poll:
            due = list(Source.objects.filter(enabled=True, next_check_at__lte=timezone.now()).values_list("pk", flat=True))
            for i, source_id in enumerate(due, 1):
                summary.new_entries += self.poll(source_id)
                summary.polled += 1
                progress("poll", i, len(due))
            for source in Source.objects.filter(pk__in=due).exclude(last_error=""):
                summary.failures.append((f"source {source}", source.last_error))

        for stage, state, step, counter in (
            ("fetch", Entry.State.DISCOVERED, self.fetch, "fetched"),
            ("extract", Entry.State.FETCHED, self.extract, "extracted"),
        ):
            ids = _due_entries(state, stage)
            for i, entry_id in enumerate(ids, 1):
                if step(entry_id):
                    setattr(summary, counter, getattr(summary, counter) + 1)
                else:
                    entry = Entry.objects.get(pk=entry_id)
                    if entry.state == Entry.State.FAILED:
                        summary.failures.append((entry.url, f"{entry.failed_step}: {entry.error}"))
                progress(stage, i, len(ids))

        ids = list(
            Translation.objects.filter(
                Q(state=Translation.State.PENDING)
                | Q(state=Translation.State.FAILED, attempts__lt=settings.MAX_ATTEMPTS)
            ).values_list("pk", flat=True)
        )
        for i, translation_id in enumerate(ids, 1):
            if self.translate(translation_id):
                summary.translated += 1
                summary.cache_hits += Translation.objects.get(pk=translation_id).cache_hits
            else:
                t = Translation.objects.select_related("article").get(pk=translation_id)
                if t.state == Translation.State.FAILED:
                    summary.failures.append((f"{t.article.url} [{t.target_language}]", t.error))
            progress("translate", i, len(ids))

        ids = list(Translation.objects.filter(state=Translation.State.TRANSLATED).values_list("pk", flat=True))
        for i, translation_id in enumerate(ids, 1):
            summary.published += self.publish(translation_id)
            progress("publish", i, len(ids))

        summary.engine_calls = sum(e.calls for e in self._engines.values()) - calls_before
        summary.engine_chars = sum(e.characters for e in self._engines.values()) - chars_before
        return summary

    # --- helpers ------------------------------------------------------------------------------------------

    def _download_image(self, url: str) -> str:
        """A local copy of the lead image (so it survives the original); '' when it can't be had."""
        try:
            response = self.fetcher.get(url, accept=IMAGE_ACCEPT)
        except FetchError as exc:
            log.warning("lead image not downloaded: %s", exc)
            return ""
        if not response.content_type.startswith("image/") or response.content_type == "image/svg+xml":
            log.warning("lead image not downloaded: %s is %s", url, response.content_type or "untyped")
            return ""
        extension = mimetypes.guess_extension(response.content_type) or ".img"
        name = f"images/{hashlib.sha256(response.content).hexdigest()[:32]}{extension}"
        path = Path(settings.MEDIA_ROOT) / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(response.content)
            tmp.replace(path)
        return name


def _offset_minutes(moment) -> int | None:
    offset = moment.utcoffset() if moment is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


def _due_entries(state: str, step: str) -> list[int]:
    return list(
        Entry.objects.filter(
            Q(state=state) | Q(state=Entry.State.FAILED, failed_step=step, attempts__lt=settings.MAX_ATTEMPTS)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _retrying(row, step: str) -> bool:
    if row.state != "failed" or row.attempts >= settings.MAX_ATTEMPTS:
        return False
    return getattr(row, "failed_step", step) == step


def _fail(entry: Entry, step: str, reason: str) -> None:
    entry.state = Entry.State.FAILED
    entry.failed_step = step
    entry.error = reason
    entry.attempts += 1
    entry.save(update_fields=["state", "failed_step", "error", "attempts", "updated_at"])


def _advance(entry: Entry, state: str) -> None:
    entry.state = state
    entry.failed_step = ""
    entry.error = ""
    entry.attempts = 0
    entry.save(update_fields=["state", "failed_step", "error", "attempts", "updated_at"])


# An article travels to the engine as one document, so one call translates headline, standfirst, caption
# and body together; the parts are found again by their wrappers' data-part attributes.
_PARTS = ("title", "subtitle", "caption")


def _compose(article: Article) -> str:
    from html import escape

    head = "".join(
        f'<p data-part="{name}">{escape(value)}</p>'
        for name, value in (("title", article.title), ("subtitle", article.subtitle), ("caption", article.image_caption))
        if value
    )
    return f'<div data-part="head">{head}</div><div data-part="body">{article.body_html}</div>'


def _decompose(translated: str) -> dict[str, str]:
    root = lxml_html.fragment_fromstring(translated, create_parent="div")
    parts = {name: "" for name in (*_PARTS, "body")}
    for name in _PARTS:
        found = root.xpath(f'.//*[@data-part="{name}"]')
        if found:
            parts[name] = sanitize_text(found[0].text_content())
    body = root.xpath('.//*[@data-part="body"]')
    if body:
        element = body[0]
        inner = (element.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in element)
        parts["body"] = inner
    return parts
