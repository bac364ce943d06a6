"""`dragoman translate`: one document (HTML or text) to standard output, or a JSON-lines batch; through the
translation memory and the glossary, as the pipeline translates."""

from __future__ import annotations

import json
import sys

from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.metering import MeteredEngine
from dragoman.articles.models import GlossaryTerm
from dragoman.cli.common import CommandError, LineFailed, answer_jsonl, read_text, string_field
from dragoman.cli.engines import usable_engine
from dragoman.translate.document import TranslationFailed, translate_html, translate_text
from dragoman.translate.engines.base import EngineError

TOTALS = ("units", "cache_hits", "engine_chars", "degraded_units")


def translate(args) -> int:
    source, target = args.source_language, args.target
    engine = MeteredEngine(usable_engine(args.engine, source, target))
    memory = DatabaseMemory()
    glossary = GlossaryTerm.terms_for(source, target) if args.glossary else None
    text = read_text(args.file)
    totals = dict.fromkeys(TOTALS, 0)

    def one(document: str, html: bool):
        result = (translate_html if html else translate_text)(
            document, source, target, engine, memory=memory, glossary=glossary
        )
        for k in totals:
            totals[k] += getattr(result, k)
        return result

    def answer(record: dict) -> dict:
        key, document = string_field(record, "html", "text")
        try:
            return {key: one(document, key == "html").html}
        except TranslationFailed as exc:
            raise LineFailed(f"translation failed: {exc}", "translation_failed") from None
        except EngineError as exc:
            raise LineFailed(f"translation failed: {exc}", "engine_error") from None

    failed = None
    if args.jsonl:
        try:
            answer_jsonl(text, answer)
        except CommandError as exc:  # the summary of the lines that failed, after the stats of the others
            failed = exc
    else:
        try:
            result = one(text, args.format == "html")
        except (TranslationFailed, EngineError) as exc:
            raise CommandError(f"translation failed: {exc}") from None
        sys.stdout.write(result.html if result.html.endswith("\n") else result.html + "\n")
    if args.stats:
        print(json.dumps({**totals, "engine": engine.name}), file=sys.stderr)
    if failed:
        raise failed
    return 0
