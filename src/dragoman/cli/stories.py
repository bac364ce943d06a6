"""`dragoman stories --jsonl`: any corpus grouped into stories as the pipeline groups articles.

Each line ``{"id", "language", "title", "text", "published"}`` (``published`` in ISO 8601 with its time zone) is
brought into the comparison language (``--compare-in``, the site's language by default), translated with the
configured engine through a translation memory held for the run when it is in another language, and placed by
one :class:`dragoman.stories.grouping.StoryIndex`, in the order of the lines. Once every line is placed, each
gets one line ``{"id", "story"}`` (and ``"duplicate_of"`` for a near-duplicate of an earlier line), or its error
line: the story named is the article's story at the end, after any merge a later line made.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from dragoman.cli.common import CommandError, LineFailed, _record, answer_jsonl, read_text, string_field
from dragoman.cli.engines import usable_engine
from dragoman.stories.grouping import StoryDoc, StoryIndex
from dragoman.translate.document import TranslationFailed, translate_text
from dragoman.translate.engines.base import Engine, EngineError
from dragoman.translate.memory import InMemoryMemory

FIELDS = ("language", "title", "text", "published")


def published(record: dict) -> datetime:
    """The line's ``published``: ISO 8601, with a time zone."""
    _, value = string_field(record, "published")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineFailed(f'"published" is not an ISO 8601 date and time: {value!r}', "bad_date") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise LineFailed(f'"published" has no time zone (add one, such as Z or +01:00)', "bad_date")
    return when


class Comparison:
    """Texts brought into the comparison language: one engine per source language, one memory for the run."""

    def __init__(self, language: str, engine: str):
        self.language, self.engine_name = language, engine
        self.engines: dict[str, Engine | CommandError] = {}
        self.memory = InMemoryMemory()

    def engine(self, source: str) -> Engine:
        if source not in self.engines:
            try:
                self.engines[source] = usable_engine(self.engine_name, source, self.language)
            except CommandError as exc:
                self.engines[source] = exc
        found = self.engines[source]
        if isinstance(found, CommandError):
            raise LineFailed(f"cannot compare {source} with {self.language}: {found}", "unsupported_language")
        return found

    def translate(self, text: str, source: str) -> str:
        if source == self.language or not text.strip():
            return text
        try:
            return translate_text(text, source, self.language, self.engine(source), memory=self.memory).text
        except (TranslationFailed, EngineError) as exc:
            raise LineFailed(f"translation failed: {exc}", "translation_failed") from None


def story_doc(record: dict, comparison: Comparison) -> StoryDoc:
    """The line as the index reads it (a one-line ``LineFailed`` naming the first thing wrong)."""
    _, language = string_field(record, "language")
    language = language.strip().lower()
    if not language.isalpha() or not 2 <= len(language) <= 3:
        raise LineFailed(f'"language" is not an ISO 639-1 code: {language!r}', "bad_record")
    _, title = string_field(record, "title")
    _, text = string_field(record, "text")
    if not (title.strip() or text.strip()):
        raise LineFailed('"title" and "text" are both empty', "bad_record")
    when = published(record)
    source = record.get("source", "")
    if not isinstance(source, str):
        raise LineFailed('"source" is not a string', "bad_record")
    translated = language != comparison.language
    return StoryDoc(
        id=str(record["id"]),
        language=language,
        title=comparison.translate(title, language),
        text=comparison.translate(text, language),
        published=when,
        original_title=title if translated else "",
        original_text=text if translated else "",
        source=source,
    )


def stories(args) -> int:
    if not args.jsonl:
        raise CommandError("stories reads JSON lines: give --jsonl")
    language = (args.compare_in or settings.SITE_LANGUAGE).strip().lower()
    if args.window <= 0:
        raise CommandError(f"--window must be a number of days above 0 (got {args.window:g})")
    comparison = Comparison(language, args.engine)
    index = StoryIndex(window_days=args.window, language=language)
    seen: set[str] = set()
    text = read_text(args.file)

    def place(record: dict) -> str | Exception:
        """Place one line's article; its id, or what went wrong."""
        try:
            if str(record["id"]) in seen:
                raise LineFailed(f"the id {record['id']!r} was given on an earlier line", "duplicate_id")
            doc = story_doc(record, comparison)
            placement = index.add(doc)
        except Exception as exc:  # answered as that line's error, in the second pass
            return exc
        seen.add(doc.id)
        duplicates[doc.id] = placement.duplicate_of
        return doc.id

    # First every line is placed (a later line may merge the stories of earlier ones), then each is answered
    # with its story at the end. The lines that are no JSON object with an id are answered by answer_jsonl alone.
    duplicates: dict[str, str | None] = {}
    placed: list[str | Exception] = []
    for line in text.splitlines():
        if line.strip():
            try:
                record = _record(line)
            except LineFailed:
                continue
            placed.append(place(record))
    answers = iter(placed)

    def answer(record: dict) -> dict:
        found = next(answers)
        if isinstance(found, Exception):
            raise found
        out = {"story": index.story_of(found)}
        if duplicates.get(found):
            out["duplicate_of"] = duplicates[found]
        return out

    answer_jsonl(text, answer)
    return 0
