"""The `dragoman` command. Every error is one line that says what to do, and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report to the user in one line (no traceback)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# --- set-up -------------------------------------------------------------------------------------------------


def _django(migrate: bool = True) -> None:
    """Configure Django and bring the database schema up to date (the embedded default needs no set-up)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command
        from django.db.utils import OperationalError

        try:
            call_command("migrate", verbosity=0, interactive=False)
        except OperationalError as exc:
            raise CommandError(f"cannot open the database ({exc}); check DRAGOMAN_DATABASE_URL") from None


def _engine(name: str, source: str | None = None, target: str | None = None):
    from dragoman.translate.engines import get_engine
    from dragoman.translate.engines.base import EngineUnavailable

    try:
        engine = get_engine(name)
    except EngineUnavailable as exc:
        raise CommandError(str(exc)) from None
    usable, why = engine.availability()
    if not usable:
        raise CommandError(f"engine {name!r} is not usable here: {why}")
    if source and target and (source, target) not in engine.pairs():
        pairs = ", ".join(f"{a}->{b}" for a, b in sorted(engine.pairs())) or "none"
        raise CommandError(f"engine {name!r} cannot translate {source}->{target} here (installed pairs: {pairs})")
    return engine


def _known_engine(name: str) -> None:
    from dragoman.translate.engines import engine_names

    if name not in engine_names():
        raise CommandError(f"unknown translation engine {name!r}; known engines: {', '.join(engine_names())}")


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a directory; give a file, or - for standard input") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


def _jsonl(text: str, required: tuple[str, ...]):
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"line {number} is not JSON: {exc.msg}") from None
        if not isinstance(record, dict) or "id" not in record:
            raise CommandError(f"line {number} has no \"id\"")
        missing = [k for k in required if k not in record]
        if missing:
            raise CommandError(f"line {number} lacks {', '.join(missing)}")
        yield record


def _progress():
    """A rich progress bar with one row per pipeline stage; returns (context manager, callback)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False, disable=not sys.stderr.isatty(), console=None,
    )
    rows: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in rows:
            rows[stage] = bar.add_task(stage, total=total)
        bar.update(rows[stage], completed=done, total=total)

    return bar, update


def _print_summary(summary) -> None:
    data = summary.as_dict()
    print(
        "new {new}, fetched {fetched}, extracted {extracted}, translated {translated}, published {published}, "
        "failed {failed}; engine calls {engine_calls}, engine characters {engine_chars}, "
        "cache hits {cache_hits}".format(**data)
    )
    for what, reason in summary.failures:
        print(f"  failed: {what}: {reason}")


# --- commands -----------------------------------------------------------------------------------------------


def cmd_sources_add(args) -> int:
    _django()
    from dragoman.fetch import FetchError
    from dragoman.sources.models import Source
    from dragoman.sources.polling import FeedError, read_feed

    chain = [name.strip() for name in args.engine.split(",") if name.strip()]
    if not chain:
        raise CommandError("--engine needs at least one engine name")
    for target in args.to:  # the first engine must be usable for every target; the fallbacks must exist
        _engine(chain[0], args.source_language, target)
    for name in chain[1:]:
        _known_engine(name)
    from dragoman.articles.pipeline import Pipeline

    pipeline = Pipeline()
    try:
        feed = read_feed(args.url, pipeline.fetcher)
    except (FetchError, FeedError) as exc:
        raise CommandError(f"cannot read the source: {exc}") from None
    finally:
        pipeline.close()
    source, created = Source.objects.update_or_create(
        url=args.url,
        defaults={
            "name": args.name or feed.title,
            "site_url": feed.site_url,
            "source_language": args.source_language,
            "target_languages": args.to,
            "engine": ",".join(chain),
        },
    )
    verb = "added" if created else "updated"
    print(f"{verb} source {source.pk}: {source} ({len(feed.items)} items in the feed) -> {', '.join(args.to)} with {source.engine}")
    return 0


def cmd_sources_list(args) -> int:
    _django()
    from dragoman.sources.models import Source

    sources = Source.objects.all()
    if not sources:
        print("no sources yet; add one with: dragoman sources add URL --to es")
    for s in sources:
        state = "enabled" if s.enabled else "disabled"
        error = f"  last error: {s.last_error}" if s.last_error else ""
        print(f"{s.pk}\t{s}\t{s.url}\t{s.source_language}->{','.join(s.target_languages)}\t{s.engine}\t{state}{error}")
    return 0


def _run_pass(pipeline) -> object:
    bar, update = _progress()
    with bar:
        return pipeline.run_once(update)


def cmd_run(args) -> int:
    _django()
    from dragoman.articles.pipeline import Pipeline

    pipeline = Pipeline()
    try:
        summary = _run_pass(pipeline)
    finally:
        pipeline.close()
    _print_summary(summary)
    return 0


def cmd_worker(args) -> int:
    _django()
    from django.utils import timezone

    from dragoman.articles.pipeline import Pipeline
    from dragoman.sources.models import Source

    pipeline = Pipeline()
    print(f"worker started; polling due sources every {args.interval:g} s at most (Ctrl-C stops)")
    try:
        while True:
            summary = pipeline.run_once()
            if any(summary.as_dict()[k] for k in ("new", "translated", "published", "failed")):
                _print_summary(summary)
            next_due = Source.objects.filter(enabled=True).order_by("next_check_at").values_list("next_check_at", flat=True).first()
            wait = args.interval
            if next_due is not None:
                wait = max(1.0, min(args.interval, (next_due - timezone.now()).total_seconds()))
            time.sleep(wait)
    except KeyboardInterrupt:
        print("worker stopped")
    finally:
        pipeline.close()
    return 0


def _serve(host: str, port: int, on_ready=None) -> None:
    from waitress.server import create_server

    from dragoman.wsgi import application

    try:
        server = create_server(application, host=host, port=port, threads=4)
    except OSError as exc:
        raise CommandError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another with --port") from None
    if on_ready:
        on_ready(f"http://{host}:{port}/")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def cmd_serve(args) -> int:
    _django()
    _serve(args.host, args.port, lambda url: print(f"serving the site at {url} (Ctrl-C stops)", flush=True))
    return 0


def cmd_demo(args) -> int:
    _django()
    from dragoman.articles.pipeline import Pipeline
    from dragoman.demosite import DemoSite
    from dragoman.sources.models import Source

    engine = _engine(args.engine, "en", args.to)
    source_port = args.source_port if args.source_port is not None else args.port + 1
    try:
        site = DemoSite(port=source_port).start()
    except OSError as exc:
        raise CommandError(f"cannot serve the demo source on port {source_port} ({exc.strerror}); use --source-port") from None
    try:
        print(f"demo news site (the source) at {site.base_url}/")
        source, _ = Source.objects.get_or_create(
            url=site.feed_url,
            defaults={"source_language": "en", "target_languages": [args.to], "engine": engine.name},
        )
        Source.objects.filter(pk=source.pk).update(next_check_at=source.created_at)  # due now
        pipeline = Pipeline()
        try:
            summary = _run_pass(pipeline)
        finally:
            pipeline.close()
        _print_summary(summary)
        if args.no_serve:
            return 0 if not summary.failures else EXIT_ERROR

        def ready(url: str) -> None:
            print(f"translated site at {url}")
            print(f"  source page:  {url}sources/{source.slug}/")
            print(f"  Atom feed:    {url}feeds/atom.xml")
            print(f"  admin:        {url}admin/  (create a user with: .venv/bin/dragoman manage createsuperuser)")
            print("Ctrl-C stops everything", flush=True)

        _serve(args.host, args.port, ready)
    finally:
        site.stop()
    return 0


def cmd_translate(args) -> int:
    _django()
    from dragoman.articles.memory import DatabaseMemory
    from dragoman.articles.metering import MeteredEngine
    from dragoman.translate.document import TranslationFailed, translate_html, translate_text
    from dragoman.translate.engines.base import EngineError

    from dragoman.articles.models import GlossaryTerm

    engine = MeteredEngine(_engine(args.engine, args.source, args.target))
    memory = DatabaseMemory()
    glossary = GlossaryTerm.terms_for(args.source, args.target) if args.glossary else None
    text = _read_input(args.file)
    translate = translate_html if args.format == "html" else translate_text

    def one(document: str):
        try:
            return translate(document, args.source, args.target, engine, memory=memory, glossary=glossary)
        except (TranslationFailed, EngineError) as exc:
            raise CommandError(f"translation failed: {exc}") from None

    totals = {"units": 0, "cache_hits": 0, "engine_chars": 0}
    if args.jsonl:
        for record in _jsonl(text, ()):
            key = "html" if "html" in record else "text" if "text" in record else None
            if key is None:
                raise CommandError(f"record {record['id']!r} has neither \"html\" nor \"text\"")
            doc = (translate_html if key == "html" else translate_text)
            try:
                result = doc(record[key], args.source, args.target, engine, memory=memory, glossary=glossary)
            except (TranslationFailed, EngineError) as exc:
                raise CommandError(f"translation of {record['id']!r} failed: {exc}") from None
            for k in totals:
                totals[k] += getattr(result, k)
            print(json.dumps({"id": record["id"], key: result.html}, ensure_ascii=False), flush=True)
    else:
        result = one(text)
        for k in totals:
            totals[k] += getattr(result, k)
        sys.stdout.write(result.html if result.html.endswith("\n") else result.html + "\n")
    if args.stats:
        print(json.dumps({**totals, "engine": engine.name}), file=sys.stderr)
    return 0


def cmd_extract(args) -> int:
    from dragoman.extract import ExtractionError, extract_article

    text = _read_input(args.file)
    if args.jsonl:
        for record in _jsonl(text, ("html",)):
            try:
                found = extract_article(record["html"], record.get("url") or "")
                out = {"id": record["id"], **found.to_json()}
            except ExtractionError as exc:
                out = {"id": record["id"], "error": str(exc)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    try:
        found = extract_article(text, args.url or "")
    except ExtractionError as exc:
        raise CommandError(f"not extracted: {exc}") from None
    print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    return 0


def cmd_glossary_add(args) -> int:
    _django()
    from dragoman.articles.models import GlossaryTerm

    source_term, target_term = args.source_term.strip(), args.target_term.strip()
    if not source_term or not target_term:
        raise CommandError("both terms must be non-empty")
    term, created = GlossaryTerm.objects.update_or_create(
        source_language=args.source,
        target_language=args.target,
        source_term=source_term,
        defaults={"target_term": target_term, "kind": args.kind},
    )
    print(f"{'added' if created else 'updated'}: {term}")
    return 0


GLOSSARY_COLUMNS = ("source_language", "target_language", "source", "target")


def cmd_glossary_import(args) -> int:
    """CSV with a header row: source_language,target_language,source,target[,kind]; or, with --from and
    --to, just source,target[,kind]. All rows are checked before any is stored."""
    import csv
    import io

    _django()
    from django.db import transaction

    from dragoman.articles.models import GlossaryTerm

    rows = list(csv.DictReader(io.StringIO(_read_input(args.file))))
    needed = ("source", "target") if args.source and args.target else GLOSSARY_COLUMNS
    if not rows:
        raise CommandError(f"{args.file} has no rows; expected a header row with {','.join(needed)}[,kind]")
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise CommandError(f"{args.file} lacks the column(s) {', '.join(missing)}; expected {','.join(needed)}[,kind]")
    kinds = set(GlossaryTerm.Kind.values)
    terms = []
    for number, row in enumerate(rows, 2):
        values = {
            "source_language": (row.get("source_language") or args.source or "").strip(),
            "target_language": (row.get("target_language") or args.target or "").strip(),
            "source_term": (row.get("source") or "").strip(),
            "target_term": (row.get("target") or "").strip(),
            "kind": (row.get("kind") or "other").strip().lower(),
        }
        empty = [k for k, v in values.items() if not v]
        if empty:
            raise CommandError(f"{args.file} line {number}: empty {', '.join(empty)}; nothing was imported")
        if values["kind"] not in kinds:
            raise CommandError(f"{args.file} line {number}: kind {values['kind']!r} is not one of {', '.join(sorted(kinds))}; nothing was imported")
        terms.append(values)
    created = 0
    with transaction.atomic():
        for values in terms:
            _, was_created = GlossaryTerm.objects.update_or_create(
                source_language=values["source_language"],
                target_language=values["target_language"],
                source_term=values["source_term"],
                defaults={"target_term": values["target_term"], "kind": values["kind"]},
            )
            created += was_created
    print(f"imported {len(terms)} terms ({created} new, {len(terms) - created} updated)")
    return 0


def cmd_glossary_list(args) -> int:
    _django()
    from dragoman.articles.models import GlossaryTerm

    terms = GlossaryTerm.objects.all()
    if args.source:
        terms = terms.filter(source_language=args.source)
    if args.target:
        terms = terms.filter(target_language=args.target)
    for t in terms:
        print(f"{t.source_language}->{t.target_language}\t{t.source_term}\t{t.target_term}\t{t.kind}")
    if not terms:
        print("no glossary terms; add one with: dragoman glossary add --from en --to es TERM TRANSLATION")
    return 0


def cmd_engines(args) -> int:
    from dragoman.translate.engines import engine_names, get_engine
    from dragoman.translate.engines.base import EngineError

    for name in engine_names():
        try:
            engine = get_engine(name)
            usable, why = engine.availability()
            pairs = ", ".join(f"{a}->{b}" for a, b in sorted(engine.pairs())) if usable else ""
        except EngineError as exc:
            usable, why, pairs = False, str(exc), ""
        status = "usable" if usable else "not usable"
        detail = f"pairs: {pairs}" if usable else why
        print(f"{name}\t{status}\t{detail}")
    return 0


def cmd_manage(args) -> int:
    _django(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dragoman manage", *args.rest])
    return 0


# --- the parser ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dragoman", description="Carries news across languages with honest attribution.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    d = sub.add_parser("demo", help="serve the demo news site, translate it, and serve the result")
    d.add_argument("--port", type=int, default=8000, help="port of the translated site (default 8000)")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--source-port", type=int, default=None, help="port of the demo source site (default PORT+1)")
    d.add_argument("--to", default="es", help="target language (default es)")
    d.add_argument("--engine", default="apertium")
    d.add_argument("--no-serve", action="store_true", help="run the pipeline and exit without serving")
    d.set_defaults(func=cmd_demo)

    s = sub.add_parser("sources", help="add and list sources")
    ssub = s.add_subparsers(dest="sources_command", metavar="ACTION", parser_class=_Parser)
    ssub.required = True
    a = ssub.add_parser("add", help="add (or update) a feed")
    a.add_argument("url")
    a.add_argument("--to", required=True, type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                   help="target language(s), comma-separated, e.g. es or es,ca")
    a.add_argument("--from", dest="source_language", default="en", help="the source's language (default en)")
    a.add_argument("--engine", default=None, help="translation engine (default: DRAGOMAN_DEFAULT_ENGINE)")
    a.add_argument("--name", default="", help="display name (default: the feed's title)")
    a.set_defaults(func=cmd_sources_add)
    ssub.add_parser("list", help="list sources").set_defaults(func=cmd_sources_list)

    r = sub.add_parser("run", help="poll what is due and process everything pending")
    r.add_argument("--once", action="store_true", required=True, help="one pass, then exit (for a loop: dragoman worker)")
    r.set_defaults(func=cmd_run)

    w = sub.add_parser("worker", help="run the pipeline in a loop (the embedded worker)")
    w.add_argument("--interval", type=float, default=60.0, help="longest sleep between passes, in seconds")
    w.set_defaults(func=cmd_worker)

    v = sub.add_parser("serve", help="serve the translated site")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--host", default="127.0.0.1")
    v.set_defaults(func=cmd_serve)

    t = sub.add_parser("translate", help="translate one document to standard output")
    t.add_argument("--from", dest="source", required=True)
    t.add_argument("--to", dest="target", required=True)
    t.add_argument("--engine", default=None)
    t.add_argument("--format", choices=["html", "text"], default="html")
    t.add_argument("--jsonl", action="store_true", help='read lines {"id", "html"|"text"}, write one line each')
    t.add_argument("--glossary", action=argparse.BooleanOptionalAction, default=True,
                   help="apply the glossary of the language pair (default: yes)")
    t.add_argument("--stats", action="store_true", help="print units, cache hits and engine characters to stderr as JSON")
    t.add_argument("file", nargs="?", default="-", help="file to translate, or - for standard input")
    t.set_defaults(func=cmd_translate)

    e = sub.add_parser("extract", help="extract the article from an HTML page, as JSON")
    e.add_argument("--url", default="", help="the page's address (to make links absolute)")
    e.add_argument("--jsonl", action="store_true", help='read lines {"id", "url", "html"}, write one line each')
    e.add_argument("file", help="HTML file, or - for standard input")
    e.set_defaults(func=cmd_extract)

    sub.add_parser("engines", help="list translation engines and whether each is usable here").set_defaults(func=cmd_engines)

    g = sub.add_parser("glossary", help="forced translations of names, per language pair")
    gsub = g.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=_Parser)
    gsub.required = True
    ga = gsub.add_parser("add", help="add or change a term")
    ga.add_argument("--from", dest="source", required=True)
    ga.add_argument("--to", dest="target", required=True)
    ga.add_argument("--kind", choices=["person", "place", "organisation", "other"], default="other")
    ga.add_argument("source_term")
    ga.add_argument("target_term")
    ga.set_defaults(func=cmd_glossary_add)
    gi = gsub.add_parser("import", help="import terms from a CSV file")
    gi.add_argument("--from", dest="source", default="")
    gi.add_argument("--to", dest="target", default="")
    gi.add_argument("file", help="CSV file with a header row, or - for standard input")
    gi.set_defaults(func=cmd_glossary_import)
    gl = gsub.add_parser("list", help="list terms")
    gl.add_argument("--from", dest="source", default="")
    gl.add_argument("--to", dest="target", default="")
    gl.set_defaults(func=cmd_glossary_list)

    m = sub.add_parser("manage", help="run a Django management command (e.g. createsuperuser)")
    m.add_argument("rest", nargs=argparse.REMAINDER)
    m.set_defaults(func=cmd_manage)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "engine", "") is None:
        args.engine = os.environ.get("DRAGOMAN_DEFAULT_ENGINE", "apertium")
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"dragoman: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
