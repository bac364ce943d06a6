"""`dragoman extract`: the article of one page (a file, standard input or an http(s) URL), or of every line
of a JSON-lines batch, as JSON, text or a standalone HTML document. With a database, the operator's site
rules for the page's host apply, as in the pipeline (``dragoman.sources.extraction``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.db.utils import DatabaseError

from dragoman.cli import environment
from dragoman.cli.common import CommandError, LineFailed, answer_jsonl, read_bytes, read_text, string_field, url_scheme
from dragoman.extract import Article, ExtractionError, extract_article
from dragoman.fetch import PAGE, FetchError

Extract = Callable[..., Article]


def extractor(site_rules: bool) -> Extract:
    """``extract_page`` (the pipeline's extraction, with the site rules) when ``site_rules`` and a database
    exists; else the bare extractor. Django is set up here, not before: without a database this command
    needs none, and stays quick."""
    if not site_rules or not environment.database_exists():
        return extract_article
    environment.setup()
    # the models can be imported only now that Django is set up
    from dragoman.sources.extraction import extract_page
    from dragoman.sources.models import SiteRule

    try:
        if SiteRule._meta.db_table not in connection.introspection.table_names():
            return extract_article  # a database never migrated holds no rules
    except DatabaseError as exc:
        raise CommandError(f"cannot read the site rules ({exc}); check DRAGOMAN_DATABASE_URL, or use --no-site-rules") from None
    return extract_page


def extract(args) -> int:
    source = args.file
    scheme = url_scheme(source) if not Path(source).exists() else ""
    is_url = scheme in ("http", "https")
    if args.jsonl and args.format != "json":
        raise CommandError("--jsonl writes JSON lines; leave out --format or use --format json")
    if args.jsonl and scheme:
        raise CommandError("--jsonl reads JSON lines from a file or standard input, not from a URL")
    if scheme and not is_url:
        raise CommandError(f"only http and https URLs are fetched: {source}")
    extract_one = extractor(args.site_rules)

    if args.jsonl:

        def answer(record: dict) -> dict:
            _, html = string_field(record, "html")
            url = record.get("url") or ""
            if not isinstance(url, str):
                raise LineFailed('"url" is not a string', "bad_record")
            try:
                return extract_one(html, url).to_json()
            except ExtractionError as exc:
                raise LineFailed(str(exc), exc.reason) from None

        answer_jsonl(read_text(source), answer)
        return 0

    headers: dict[str, str] = {}
    if is_url:
        try:
            with environment.fetcher() as fetcher:
                response = fetcher.get(source, expect=PAGE)
        except FetchError as exc:
            raise CommandError(f"cannot fetch the page: {exc}") from None
        page, url, headers = response.content, args.url or response.final_url, response.headers
    else:  # bytes, not text: the page's own declaration (or detection) says how to decode it
        page, url = read_bytes(source), args.url or ""
    try:
        found = extract_one(page, url, headers=headers)
    except ExtractionError as exc:
        raise CommandError(f"not extracted: {exc}") from None
    if args.format == "text":
        sys.stdout.write(found.to_text())
    elif args.format == "html":
        sys.stdout.write(found.to_html())
    else:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    return 0
