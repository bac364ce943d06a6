"""The article's steps over database state: poll, fetch, extract and translate (the last step, publish, is
:mod:`dragoman.publish.publishing`; the order of all five is :mod:`dragoman.runtime.steps`; how state makes them
safe to repeat: docs/architecture.md, "State and idempotency").

    poll source -> Entry(discovered) -fetch-> Page, Entry(fetched) -extract-> Article, Entry(extracted)
    -> Translation(pending) -translate-> Translation(translated) -publish-> Publication, Translation(published)

Every step takes an id, reads the row's state, does its work and stores the new state; run twice it
changes nothing and sends nothing to an engine. A failure is stored on the row (state ``failed``, the step,
the reason, an attempt count) and never stops the other rows; one that may pass is tried again after a
back-off (``DRAGOMAN_RETRY_DELAY_SECONDS``, doubled at each attempt).

Workers run these steps through :mod:`dragoman.runtime.work`, holding a lease on the row
(:mod:`dragoman.leases`): each step's final transaction begins with :func:`~dragoman.leases.settle`, which
stores the row's new state and settles the lease in one statement, so a worker that lost its lease stores
nothing. A step reads its row with :func:`~dragoman.leases.held`: a worker carrying an article on hands the
rows from step to step in memory. Called directly (tests), a step holds no lease:
``settle`` only stores the row and ``held`` reads it.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from lxml import html as lxml_html

from dragoman.articles.entries import store_entries
from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.metering import MeteredEngine
from dragoman.articles.models import Article, Entry, GlossaryTerm, Page, Translation
from dragoman.articles.modes import partial_parts
from dragoman.articles.signals import extracted
from dragoman.articles.window import archived_after_extraction
from dragoman.articles.waiting import BudgetReached, translating_for, wait_for_budget
from dragoman.extract import ExtractionError
from dragoman.extract.language import language_name
from dragoman.fetch import IMAGE, PAGE, Fetcher, FetchError
from dragoman.leases import hand_over_new, held, settle
from dragoman.names.memory import DatabaseNames
from dragoman.names.models import ArticleNames, TranslationNames
from dragoman.rules.applying import edit_article, page_selectors, rewrite_rules
from dragoman.sanitize import safe_url, sanitize_html, sanitize_text
from dragoman.sources.fetching import shared_fetcher
from dragoman.sources.extraction import extract_page
from dragoman.sources.models import Source
from dragoman.sources.polling import poll_source
from dragoman.sources.schedule import server_wait
from dragoman.translate.document import TranslationFailed, translate_html
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import Engine, EngineError
from dragoman.translate.names import Names

log = logging.getLogger(__name__)

#: The longest URL stored (the models' URL fields); a longer one from outside is not kept.
MAX_URL_LENGTH = 2000


class Pipeline:
    """The steps, with the resources they share: one HTTP client (by default the process's, with its robots.txt
    cache) and one metered instance per engine."""

    def __init__(self, fetcher: Fetcher | None = None, engines: dict[str, Engine] | None = None):
        """``fetcher``: the HTTP client, closed with the pipeline (default: the process's shared one,
        :func:`~dragoman.sources.fetching.shared_fetcher`, which the pipelines of every thread use and none
        closes); ``engines`` gives instances to use by name instead of the registry's (for tests and embedding)."""
        self._owns_fetcher = fetcher is not None
        self.fetcher = fetcher or shared_fetcher()
        self._engines: dict[str, MeteredEngine] = {
            name: MeteredEngine(engine) for name, engine in (engines or {}).items()
        }
        self.memory = DatabaseMemory()
        self.extract_seconds = 0.0  # spent in extract_article (for the worker's logs and the benchmarks)

    def close(self) -> None:
        if self._owns_fetcher:
            self.fetcher.close()
        for engine in self._engines.values():
            engine.close()

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def engine_seconds(self) -> float:
        """Time spent inside the engines so far (for the worker's logs and the benchmarks)."""
        return sum(engine.seconds for engine in self._engines.values())

    @property
    def engine_calls(self) -> int:
        """Requests sent to the engines so far."""
        return sum(engine.calls for engine in self._engines.values())

    @property
    def engine_chars(self) -> int:
        """Characters sent to the engines so far."""
        return sum(engine.characters for engine in self._engines.values())

    def engine(self, name: str) -> MeteredEngine:
        if name not in self._engines:
            self._engines[name] = MeteredEngine(get_engine(name))
        return self._engines[name]

    # --- steps --------------------------------------------------------------------------------------------

    def poll(self, source_id: int) -> int:
        source = Source.objects.get(pk=source_id)
        return poll_source(source, self.fetcher, store_entries)

    def fetch(self, entry_id: int) -> bool:
        # with what the extraction needs too, when the row is handed over to it
        entry = held(Entry.objects.select_related("source", "article"), entry_id)
        if entry.state != Entry.State.DISCOVERED and not _retrying(entry, "fetch"):
            return False
        try:
            response = self.fetcher.get(entry.url, expect=PAGE)
        except FetchError as exc:
            _fail(entry, "fetch", str(exc), not_before=server_wait(exc))
            return False
        except Exception as exc:  # a hostile server must not stop the others
            log.exception("fetch crashed on %s", entry.url)
            _fail(entry, "fetch", f"fetch crashed: {type(exc).__name__}: {_first_line(exc)}")
            return False
        with transaction.atomic():
            _advance(entry, Entry.State.FETCHED, carry_on=True)  # the extraction goes on from this row
            entry.page = _upsert(
                Page(
                    entry=entry,
                    final_url=response.final_url,
                    status_code=response.status_code,
                    headers=response.headers,
                    content=response.content,
                    fetched_at=timezone.now(),
                ),
                unique="entry",
            )
        return True

    def extract(self, entry_id: int) -> bool:
        entry = held(Entry.objects.select_related("page", "source", "article"), entry_id)
        if entry.state != Entry.State.FETCHED and not _retrying(entry, "extract"):
            return False
        page = entry.page
        rewrites = rewrite_rules(entry.source_id, page.final_url)  # those that remove act on the page itself
        started = time.perf_counter()
        try:
            found = extract_page(bytes(page.content), page.final_url, headers=page.headers, remove=page_selectors(rewrites))
        except ExtractionError as exc:
            self.extract_seconds += time.perf_counter() - started
            # a refused page still says what it was, where the feed did not
            entry.title = entry.title or exc.title
            entry.feed_published_at = entry.feed_published_at or exc.published
            _fail(entry, "extract", str(exc), also=("title", "feed_published_at"))
            return False
        except DatabaseError:  # the database's trouble (a lost connection), not the page's: the unit is tried again
            self.extract_seconds += time.perf_counter() - started
            raise
        except Exception as exc:  # a hostile page must not stop the others
            self.extract_seconds += time.perf_counter() - started
            log.exception("extraction crashed on %s", entry.url)
            _fail(entry, "extract", f"extraction crashed: {type(exc).__name__}: {exc}")
            return False
        self.extract_seconds += time.perf_counter() - started
        image_url = _url(found.image)  # an image "URL" that is none (relative, javascript:, too long) is dropped
        image_file = self._download_image(image_url) if image_url else ""
        extracted_before = hasattr(entry, "article")  # an article from an earlier extraction (None loaded: no)
        language = found.language or entry.source.source_language
        # before the transaction: an engine may ask its service for its pairs
        routes = self.routes(entry.source, language, declared=found.declared_language)
        aside = list(dict.fromkeys(reason for _, reason in routes.values()))
        archived = archived_after_extraction(entry, found.published)  # dated by its page before the window
        # the operators' rules (dragoman.rules), also before the transaction: rewritten, then filtered
        edited = edit_article(entry, page.final_url, found, language, rewrites)
        held_by = edited.filtered if not (aside and all(aside)) else None  # set aside: nothing to hold back
        with transaction.atomic():
            if archived:
                entry.feed_published_at = found.published  # judged once: a released entry is not archived again
                _advance(entry, Entry.State.ARCHIVED, reason=archived, also=("feed_published_at",))
            elif all(aside) and aside:  # no target to translate into: the entry is set aside, with the reason
                _advance(entry, Entry.State.SET_ASIDE, reason="; ".join(aside))
            elif held_by:  # a filter rule keeps it from translation, and says which
                _advance(entry, Entry.State.FILTERED, reason=held_by.reason)
            else:
                _advance(entry, Entry.State.EXTRACTED)
            article = _upsert(
                Article(
                    entry=entry,
                    url=entry.url,
                    canonical_url=_url(found.canonical_url),
                    title=edited.title,
                    subtitle=edited.subtitle,
                    authors=_names(found.authors, 200, 20),
                    published_at=found.published or entry.feed_published_at,
                    published_offset=_offset_minutes(found.published),
                    modified_at=found.modified,
                    language=language,
                    declared_language=found.declared_language[:12],
                    site_name=(sanitize_text(found.sitename) or entry.source.name)[:300],
                    image_url=image_url,
                    image_caption=sanitize_text(found.image_caption),
                    image_file=image_file,
                    image_credit=sanitize_text(found.image_credit)[:300] if image_url else "",
                    tags=_names(found.tags, 100, 20),
                    section=next(iter(_names([found.section], 200, 1)), ""),
                    body_html=edited.body_html,
                    text=edited.text,
                    rewrites=edited.rewrites,
                    extracted_at=timezone.now(),
                ),
                unique="entry",
            )
            _store_given_names(article, found.about, extracted_before)
            if not (archived or held_by):
                self.plan_translations(article, new=not extracted_before, routes=routes)
                # once committed: the apps above may act on it (dragoman.stories places it into a story)
                transaction.on_commit(partial(extracted.send, Article, article_id=article.pk, language=language), robust=True)
        return True

    def routes(self, source: Source, language: str, *, declared: str = "") -> dict[str, tuple[str, str]]:
        """For each target language of ``source``: (engine, "") naming the engine to translate an article
        written in ``language`` with, or (engine, reason) when the article is to be set aside.

        An article in the source's own language goes to the chain's first engine, as the operator set it
        up. One in another language (the text said so) goes to the first engine of the chain that has the
        pair, and is set aside, the reason naming its language, when none has it or when it is already in
        the target language: it is never published as a translation."""
        chain = source.engine_chain
        found: dict[str, tuple[str, str]] = {}
        for target in dict.fromkeys(source.target_languages):
            found[target] = (chain[0], "")
            if language == target:
                found[target] = (chain[0], f"{_page_of(language, declared)}; already in {language_name(target)}")
            elif language and language != source.source_language:
                able = next((name for name in chain if self._translates(name, language, target)), None)
                if able is None:
                    found[target] = (chain[0], f"{_page_of(language, declared)}; no {language}->{target} engine here")
                else:
                    found[target] = (able, "")
        return found

    def _translates(self, name: str, source: str, target: str) -> bool:
        try:
            return self.engine(name).supports(source, target)
        except Exception as exc:  # an engine that can't say (misconfigured, unreachable) translates nothing here
            log.warning("engine %s could not say whether it translates %s->%s: %s", name, source, target, exc)
            return False

    def plan_translations(
        self, article: Article, *, new: bool = False, routes: dict[str, tuple[str, str]] | None = None
    ) -> int:
        """One Translation per target language of the source; existing ones are left alone (``new``: the
        article was just inserted, so none exist). Each is pending with the engine :meth:`routes` chose, or
        set aside with its reason. Called in the extraction's final transaction: the entry's lease, settled
        first in it, keeps any other extraction of the article out until it commits (a conflict would roll
        the step back, to be tried again). Returns how many are pending."""
        source = article.entry.source
        if routes is None:
            routes = self.routes(source, article.source_language, declared=article.declared_language)
        planned = set() if new else set(article.translations.values_list("target_language", flat=True))
        missing = [language for language in dict.fromkeys(source.target_languages) if language not in planned]
        rows = [
            Translation(article=article, target_language=language, engine=routes[language][0], mode=source.mode)
            for language in missing
        ]
        for row in rows:
            if reason := routes[row.target_language][1]:
                row.state, row.error = Translation.State.SET_ASIDE, reason
        pending = [row for row in rows if row.state == Translation.State.PENDING]
        hand_over_new(pending, queued_seconds=settings.REQUEUE_SECONDS)
        Translation.objects.bulk_create(rows)  # one statement
        return len(pending)

    def translate(self, translation_id: int) -> bool:
        """Translate with the source's engine chain: the first engine that passes every check wins. When
        each one leaves some units degraded (:mod:`dragoman.translate.degrade`), the one with the fewest wins.

        A failure that may pass later (a timeout, a 429) leaves the translation to be tried again on the
        next pass; one that will not (a broken unit, a missing pair) is final at once. Either way the
        translation is marked failed with every engine's reason, and is never published."""
        translation = held(Translation.objects.select_related("article__entry__source", "article__given_names"), translation_id)
        if translation.state not in (Translation.State.PENDING, Translation.State.WAITING) and not _retrying(translation, "translate"):
            return False
        with translating_for(translation):
            return self._translate(translation)

    def _translate(self, translation: Translation) -> bool:
        article = translation.article
        source_language = article.source_language
        target = translation.target_language
        glossary = GlossaryTerm.terms_for(source_language, target)
        chain = [translation.engine] + [e for e in article.entry.source.engine_chain if e != translation.engine]
        reasons, retryable, budgets = [], False, []
        best = None  # (result, engine) with the fewest degraded units, while no engine passed every check
        for name in chain:
            try:
                engine = self.engine(name)
                result = translate_html(
                    compose(article, translation.mode), source_language, target, engine, memory=self.memory, glossary=glossary,
                    names=article_names(article),
                )
            except TranslationFailed as exc:
                reasons.append(f"{name}: {exc}")
                continue
            except BudgetReached as exc:  # nothing more sent to it: the chain's next engine may take over
                budgets.append(exc)
                continue
            except EngineError as exc:
                reasons.append(f"{name}: {exc}")
                retryable = retryable or exc.retryable
                continue
            except DatabaseError:  # the memories' trouble (a deadlock, a lost connection), not the article's nor the
                raise  # engine's: the unit crashes and is tried again after a back-off, the translation still pending
            except Exception as exc:  # a hostile article or reply must not stop the other translations
                log.exception("translation crashed on %s", article.url)
                reasons.append(f"{name}: translation crashed: {type(exc).__name__}: {_first_line(exc)}")
                continue
            if result.degraded and name != chain[-1]:  # the next engine may pass where this one degraded
                if best is None or result.degraded_units < best[0].degraded_units:
                    best = (result, engine)
                continue
            if best is not None and result.degraded_units >= best[0].degraded_units:
                result, engine = best
            self._store_translation(translation, engine, result)
            return True
        if best is not None:  # the last engine failed outright: the best degraded translation goes
            self._store_translation(translation, best[1], best[0])
            return True
        if budgets:  # waits for the budget's next period (no attempt spent)
            wait_for_budget(translation, budgets, reasons)
            return False
        translation.state = Translation.State.FAILED
        translation.error = "; ".join(reasons)
        translation.attempts = translation.attempts + 1 if retryable else settings.MAX_ATTEMPTS
        settle(translation, ["state", "error", "attempts"], retry_at=retry_at(translation.attempts))
        return False

    def _store_translation(self, translation: Translation, engine, result) -> None:
        parts = decompose(result.html)  # then each part is cleaned: engines return strangers' markup too
        translation.title = parts["title"]
        translation.subtitle = parts["subtitle"]
        translation.image_caption = parts["caption"]
        translation.body_html = sanitize_html(parts["body"])
        translation.tags = parts["tags"] if len(parts["tags"]) == len(translation.article.tags) else []
        if translation.engine != engine.name and not Translation.objects.filter(
            article=translation.article, target_language=translation.target_language, engine=engine.name
        ).exists():
            translation.engine = engine.name  # a fallback did it: the attribution names the engine that did
        translation.engine_label = engine.label
        translation.engine_version = result.engine_version
        translation.units = result.units
        translation.cache_hits = result.cache_hits
        translation.engine_chars = result.engine_chars
        # units that failed their checks twice, published in a safer form: counted, and why
        translation.degraded_units = result.degraded_units
        translation.degradations = [degradation.as_dict() for degradation in result.degraded]
        translation.state = Translation.State.TRANSLATED
        translation.error = ""
        translation.translated_at = timezone.now()
        translation.slug = translation.make_slug()
        # one statement; the search index hears of it and has nothing to do (never published, no entry)
        settle(translation, carry_on=True)  # the publication goes on from this row
        _store_name_forms(translation, result.names)
        engine.count_saved(result.cache_chars)  # what the memory saved, for the reports

    # --- helpers ------------------------------------------------------------------------------------------

    def _download_image(self, url: str) -> str:
        """A local copy of the lead image (so it survives the original); '' when it can't be had. Raster
        images only: the fetcher refuses SVG (a document that can carry scripts) and untyped replies."""
        try:
            response = self.fetcher.get(url, expect=IMAGE)
        except Exception as exc:  # FetchError, or anything a hostile server provokes: the article goes on
            log.warning("lead image not downloaded: %s", exc)
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


def article_names(article: Article) -> Names:
    """What the translation knows about the article's names: its authors and the names its page says it is
    about (JSON-LD about/mentions), its tags as weaker hints, and the names memory of the pair
    (:mod:`dragoman.names`)."""
    try:
        given = article.given_names.names  # read with the translation's row (select_related) when it can be
    except ArticleNames.DoesNotExist:
        given = []
    return Names(known=[*article.authors, *given], tags=list(article.tags), memory=DatabaseNames())


def _store_given_names(article: Article, names: list[str], extracted_before: bool) -> None:
    """The names the page gives (JSON-LD about/mentions): one statement when there are some, none for a new
    article without (most pages)."""
    names = [sanitize_text(name)[:200] for name in names if sanitize_text(name)]
    given = _upsert(ArticleNames(article=article, names=names), unique="article") if names else None
    if not names and extracted_before:
        ArticleNames.objects.filter(article=article).delete()
    # kept on the article, which the translation step is handed in memory: no statement to read it again
    Article.given_names.related.set_cached_value(article, given)


def _store_name_forms(translation: Translation, forms: dict[str, str]) -> None:
    """The forms the translation's names took (an editor's change of one is then offered for the glossary):
    one statement, outside any transaction (it only serves the review queue)."""
    meta = TranslationNames._meta
    value = meta.get_field("forms").get_db_prep_save(forms, connection)
    table, column, key = (connection.ops.quote_name(n) for n in (meta.db_table, "forms", "translation_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {column}) VALUES (%s, %s) ON CONFLICT ({key}) DO UPDATE SET {column} = EXCLUDED.{column}",
            [translation.pk, value],
        )


def _upsert(row, *, unique: str):
    """Insert ``row``, or update every other field of the row that has the same ``unique`` field, in one
    statement (INSERT ... ON CONFLICT DO UPDATE): a step run again replaces what it stored before."""
    model = type(row)
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != unique]
    (stored,) = model.objects.bulk_create([row], update_conflicts=True, unique_fields=[unique], update_fields=fields)
    if stored.pk is None:  # a database that does not return ids from an upsert
        stored.pk = model.objects.filter(**{unique: getattr(row, unique)}).values_list("pk", flat=True).get()
    return stored


def _url(value: str | None) -> str:
    """An address from outside, kept only if it is http(s) and fits the database."""
    url = safe_url(value)
    return url if len(url) <= MAX_URL_LENGTH else ""


def _names(values, length: int, count: int) -> list[str]:
    """Names from outside (authors, tags, a section) as stored: plain text cut to ``length``, each with a
    word in it (one made of punctuation, a lone quote mark, would give an empty slug), once each by its
    slug, at most ``count``."""
    kept: dict[str, str] = {}
    for value in values or []:
        name = sanitize_text(value if isinstance(value, str) else "")[:length].strip()
        key = slugify(name, allow_unicode=True)
        if key and key not in kept:
            kept[key] = name
    return list(kept.values())[:count]


def _page_of(language: str, declared: str) -> str:
    """"Portuguese page", and what the page declared when that was something else."""
    said = f" (declared {language_name(declared)})" if declared and declared != language else ""
    return f"{language_name(language)} page{said}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:500]


def _offset_minutes(moment) -> int | None:
    offset = moment.utcoffset() if moment is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


def _retrying(row, step: str) -> bool:
    if row.state != "failed" or row.attempts >= settings.MAX_ATTEMPTS:
        return False
    return getattr(row, "failed_step", step) == step


def retry_at(attempts: int):
    """When a step that failed ``attempts`` times in a way that may pass is tried again; None when it is not."""
    if attempts >= settings.MAX_ATTEMPTS:
        return None
    return timezone.now() + timedelta(seconds=settings.RETRY_DELAY_SECONDS * 2 ** max(attempts - 1, 0))


#: The fields of an entry that a step stores when it ends.
_ENTRY_STATE = ["state", "failed_step", "error", "attempts", "updated_at"]


def _fail(entry: Entry, step: str, reason: str, *, not_before=None, also: tuple[str, ...] = ()) -> None:
    """Mark the entry failed at ``step``; retried after a back-off, and not before ``not_before`` (a
    server's Retry-After), unless it used its last attempt. ``also``: other fields of the entry to store."""
    entry.state = Entry.State.FAILED
    entry.failed_step = step
    entry.error = reason
    entry.attempts += 1
    retry = retry_at(entry.attempts)
    if retry is not None and not_before is not None:
        retry = max(retry, not_before)
    settle(entry, [*_ENTRY_STATE, *also], retry_at=retry)


def _advance(entry: Entry, state: str, *, carry_on: bool = False, reason: str = "", also: tuple[str, ...] = ()) -> None:
    """Move the entry on to ``state``, settling the lease (first in the step's final transaction); ``reason``:
    why it is set aside (or archived); ``also``: other fields of the entry to store."""
    entry.state = state
    entry.failed_step = ""
    entry.error = reason
    entry.attempts = 0
    settle(entry, [*_ENTRY_STATE, *also], carry_on=carry_on)


# An article travels to the engine as one document, so one call translates headline, standfirst, caption
# and body together; the parts are found again by their wrappers' data-part attributes.
_PARTS = ("title", "subtitle", "caption")


def compose(article: Article, mode: str = Translation.Mode.FULL) -> str:
    """The article as one document: headline, standfirst, caption and each tag (translated through the same
    engine and memory as the body), then the body. A partial ``mode`` (lead, title) sends only its parts
    (:mod:`dragoman.articles.modes`), never the body."""
    from html import escape

    if mode != Translation.Mode.FULL:
        head = "".join(f'<p data-part="{name}">{escape(value)}</p>' for name, value in partial_parts(article, mode))
        return f'<div data-part="head">{head}</div>'

    head = "".join(
        f'<p data-part="{name}">{escape(value)}</p>'
        for name, value in (("title", article.title), ("subtitle", article.subtitle), ("caption", article.image_caption))
        if value
    )
    tags = "".join(f'<p data-part="tag">{escape(tag)}</p>' for tag in article.tags)
    return f'<div data-part="head">{head}{tags}</div><div data-part="body">{article.body_html}</div>'


def decompose(translated: str) -> dict:
    root = lxml_html.fragment_fromstring(translated, create_parent="div")
    parts: dict = {name: "" for name in (*_PARTS, "body")}
    for name in _PARTS:
        found = root.xpath(f'.//*[@data-part="{name}"]')
        if found:
            parts[name] = sanitize_text(found[0].text_content())
    parts["tags"] = [sanitize_text(tag.text_content())[:100] for tag in root.xpath('.//*[@data-part="tag"]')]
    body = root.xpath('.//*[@data-part="body"]')
    if body:
        element = body[0]
        inner = (element.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in element)
        parts["body"] = inner
    return parts
