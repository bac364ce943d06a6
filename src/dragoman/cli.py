"""The `dragoman` command. Every error is one line that says what to do, and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
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


def _pipeline(*, allow: tuple[str, ...] = ()):
    """The pipeline with the fetcher the settings describe; ``allow`` adds allowlist entries (the demo's
    own server). A malformed DRAGOMAN_FETCH_ALLOW is a one-line error."""
    from dragoman.articles.pipeline import Pipeline
    from dragoman.sources.fetching import default_fetcher

    try:
        return Pipeline(fetcher=default_fetcher(allow=allow))
    except ValueError as exc:
        raise CommandError(f"DRAGOMAN_FETCH_ALLOW: {exc}") from None


def _known_engine(name: str) -> None:
    from dragoman.translate.engines import engine_names

    if name not in engine_names():
        raise CommandError(f"unknown translation engine {name!r}; known engines: {', '.join(engine_names())}")


def _url_scheme(argument: str) -> str:
    """The scheme of an argument written as a URL ("gopher" for ``gopher://host/``), lower-cased; "" for a
    path (a one-letter "scheme" is a drive letter)."""
    match = _SCHEME.match(argument)
    return match.group(1).lower() if match else ""


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        if _url_scheme(path):
            raise CommandError(f"{path} is a URL; this command reads a file, or - for standard input") from None
        raise CommandError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a directory; give a file, or - for standard input") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


class LineFailed(Exception):
    """One line of a ``--jsonl`` batch got no result; ``reason`` is a short code for programs."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _answer_jsonl(text: str, answer) -> str | None:
    """Answer every non-blank line of a JSON-lines batch with exactly one line on standard output, in order:
    the record's ``id`` and what ``answer(record)`` returns; or, when the line is not a JSON object with an
    ``id`` or ``answer`` raises, an error object ``{"id", "line", "error", "reason"}`` (``id`` only when the
    line has one). A bad line never stops the batch. Returns None when every line got a result, else a
    one-line summary naming the first failure (the command's error: its exit status says a line failed)."""
    failures: list[tuple[int, str]] = []
    answered = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        answered += 1
        record = None
        try:
            record = _record(line)
            out = {"id": record["id"], **answer(record)}
        except Exception as exc:  # whatever one line provokes, the others are still answered
            if isinstance(exc, LineFailed):
                message, reason = str(exc), exc.reason
            else:
                message, reason = f"crashed: {type(exc).__name__}: {exc}", "crashed"
            out = {"id": record["id"]} if record is not None else {}
            out.update(line=number, error=message, reason=reason)
            failures.append((number, message.splitlines()[0] if message else reason))
        try:
            print(json.dumps(out, ensure_ascii=False), flush=True)
        except UnicodeEncodeError:  # a lone surrogate (an "id" written "\ud800"): escaped, as JSON allows
            print(json.dumps(out), flush=True)
    if not failures:
        return None
    number, message = failures[0]
    return f"{len(failures)} of {answered} lines failed (the first, line {number}: {message})"


def _record(line: str) -> dict:
    """One line of a JSON-lines batch: a JSON object with an ``id``."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineFailed(f"not JSON: {exc.msg}", "not_json") from None
    if not isinstance(record, dict) or "id" not in record:
        raise LineFailed('not a JSON object with an "id"', "no_id")
    return record


def _string_field(record: dict, *keys: str) -> tuple[str, str]:
    """The first of ``keys`` the record holds, and its value, which must be a string."""
    key = next((k for k in keys if k in record), None)
    if key is None:
        raise LineFailed("lacks " + " or ".join(f'"{k}"' for k in keys), "bad_record")
    if not isinstance(record[key], str):
        raise LineFailed(f'"{key}" is not a string', "bad_record")
    return key, record[key]


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
        "cache hits {cache_hits}; set aside {set_aside}".format(**data)
    )
    for what, reason in summary.failures:
        print(f"  failed: {what}: {reason}")
    for what, reason in summary.set_aside:
        print(f"  set aside: {what}: {reason}")


# --- commands -----------------------------------------------------------------------------------------------


def cmd_sources_add(args) -> int:
    _django()
    from dragoman.fetch import FetchError
    from dragoman.sources.models import Source
    from dragoman.sources.polling import FeedError, read_source

    chain = [name.strip() for name in args.engine.split(",") if name.strip()]
    if not chain:
        raise CommandError("--engine needs at least one engine name")
    for target in args.to:  # the first engine must be usable for every target; the fallbacks must exist
        _engine(chain[0], args.source_language, target)
    for name in chain[1:]:
        _known_engine(name)
    if args.poll_minutes is not None and args.poll_minutes < 1:
        raise CommandError("--poll-minutes must be at least 1")
    pipeline = _pipeline()
    try:
        feed = read_source(args.url, args.kind, pipeline.fetcher)
    except (FetchError, FeedError) as exc:
        raise CommandError(f"cannot read the source: {exc}") from None
    finally:
        pipeline.close()
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
    source, created = Source.objects.update_or_create(url=args.url, defaults=defaults)
    verb = "added" if created else "updated"
    print(f"{verb} source {source.pk}: {source} ({len(feed.items)} items in the {args.kind}) -> {', '.join(args.to)} with {source.engine}")
    return 0


def cmd_sources_list(args) -> int:
    _django()
    from dragoman.sources.models import Source

    sources = Source.objects.all()
    if not sources:
        print("no sources yet; add one with: dragoman sources add URL --to es")
    for s in sources:
        state = "enabled" if s.enabled else "disabled"
        publishing = "auto-publish" if s.auto_publish else "review"
        error = f"  last error: {s.last_error}" if s.last_error else ""
        print(f"{s.pk}\t{s}\t{s.kind}\t{s.url}\t{s.source_language}->{','.join(s.target_languages)}\t{s.engine}"
              f"\tevery {s.poll_interval_minutes} min\t{state}\t{publishing}{error}")  # fmt: skip
    return 0


def cmd_sources_import(args) -> int:
    """Create or update sources from an OPML file (from Dragoman, or from any feed reader)."""
    _django()
    from dragoman.sources.opml import OPMLError, import_opml
    from dragoman.translate.engines import engine_names

    if args.file == "-":
        content = sys.stdin.buffer.read()
    else:
        try:
            content = Path(args.file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        result = import_opml(content, target_languages=args.to or [], engine=args.engine,
                             source_language=args.source_language, known_engines=engine_names())  # fmt: skip
    except OPMLError as exc:
        raise CommandError(str(exc)) from None
    total = result.created + result.updated
    print(f"imported {total} sources ({result.created} new, {result.updated} updated)")
    return 0


def cmd_sources_export(args) -> int:
    """Every source as OPML 2.0 on standard output."""
    _django()
    from dragoman.sources.models import Source
    from dragoman.sources.opml import export_opml

    sys.stdout.buffer.write(export_opml(Source.objects.order_by("pk")))
    sys.stdout.flush()
    return 0


def _run_pass(pipeline) -> object:
    from dragoman.runtime.passes import run_once

    bar, update = _progress()
    with bar:
        return run_once(pipeline, update)


def cmd_run(args) -> int:
    _django()
    pipeline = _pipeline()
    try:
        summary = _run_pass(pipeline)
    finally:
        pipeline.close()
    _print_summary(summary)
    return 0


def cmd_worker(args) -> int:
    """A worker: runs queued units on its threads and queues what is due, until SIGTERM (graceful) or Ctrl-C."""
    _django(migrate=False)
    _migrate_one_at_a_time()
    from django.conf import settings

    from dragoman.runtime.worker import Worker

    args.threads = settings.WORKER_THREADS if args.threads is None else args.threads
    if args.threads < 1:
        raise CommandError("--threads must be at least 1")
    worker = Worker(threads=args.threads, interval=args.interval, grace=args.grace)
    where = f"Redis queue {settings.TASK_QUEUE!r}" if settings.TASK_BACKEND == "redis" else "its own in-memory queue"
    print(f"worker {worker.id} started: {args.threads} threads, {where}; SIGTERM stops gracefully, Ctrl-C at once", flush=True)
    try:
        worker.run()
    except Exception as exc:  # the queue's server is unreachable at start-up, for instance
        raise CommandError(f"the worker stopped: {type(exc).__name__}: {exc}") from None
    print("worker stopped", flush=True)
    return 0


def _migrate_one_at_a_time() -> None:
    """Bring the schema up to date; on PostgreSQL under an advisory lock, so that workers started together
    on a new database do not race to create the same tables."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.utils import OperationalError

    lock = 0x647261676F6D616E  # "dragoman"
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [lock])
            try:
                call_command("migrate", verbosity=0, interactive=False)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])
        else:
            call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        raise CommandError(f"cannot open the database ({exc}); check DRAGOMAN_DATABASE_URL") from None


def cmd_status(args) -> int:
    """Counts per state, per source and per engine, the latest failures with their reasons, and the queue."""
    _django()
    from django.conf import settings

    from dragoman.runtime.status import snapshot

    report = snapshot(failures=args.failures)
    if args.json:
        print(json.dumps(report.as_json(), default=str, ensure_ascii=False, indent=2))
        return 0

    def states(counts: dict[str, int]) -> str:
        return ", ".join(f"{state} {n}" for state, n in counts.items() if n) or "none"

    print(f"entries: {states(report.entries)}")
    print(f"translations: {states(report.translations)}; published translations: {report.publications}")
    depth = "in each worker's memory" if report.queue_depth is None else f"{report.queue_depth} messages in Redis"
    units = report.units
    print(f"queue ({settings.TASK_BACKEND}): {depth}; units queued {units.queued}, running {units.running}, "
          f"waiting to retry {units.backing_off}; busy workers: {', '.join(report.workers) or 'none'}")  # fmt: skip
    print("sources:")
    for s in report.sources:
        state = "" if s.enabled else " (disabled)"
        due = _moment_text(s.next_check_at)
        error = f"; failing ({s.error_count}): {s.last_error}" if s.last_error else ""
        print(f"  {s.id}\t{s.name}{state}\t{s.kind}\tentries {s.entries}, published {s.published}, failed {s.failed}, "
              f"set aside {s.set_aside}\tnext check {due}{error}")  # fmt: skip
    print("engines:")
    for e in report.engines:
        print(f"  {e.engine}\t{states(e.translations)}\tcharacters {e.characters}, requests {e.requests}")
    print(f"failures (latest {args.failures} of each kind):" if report.failures else "failures: none")
    for f in report.failures:
        final = "final" if f.final else f"attempt {f.attempts}, will retry"
        print(f"  {f.step}\t{f.what}\t{final}\t{f.reason}")
    print(f"degraded units: {report.degraded_units}" + (f" (latest {args.failures} translations):" if report.degraded else ""))
    for d in report.degraded:
        print(f"  {d.what}\t{d.state}\t{d.degraded} of {d.units} units")
        for reason in d.reasons:
            print(f"    {reason}")
    print(f"set aside, not failures (latest {args.failures}):" if report.set_aside else "set aside: none")
    for what, reason in report.set_aside:
        print(f"  {what}\t{reason}")
    return 0


def _moment_text(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z") if moment else "-"


def _is_loopback(host: str) -> bool:
    from dragoman.fetch.guard import parse_ip

    if host.strip().lower().rstrip(".") == "localhost":
        return True
    ip = parse_ip(host)
    return ip is not None and ip.is_loopback


def _serve(host: str, port: int, on_ready=None) -> None:
    """Serve the site with waitress; on an address other than loopback, only with safe settings."""
    from django.conf import settings
    from waitress.server import create_server

    from dragoman.security.checks import serving_errors
    from dragoman.wsgi import application

    if not _is_loopback(host):
        problems = serving_errors()
        if problems:
            reasons = "; ".join(f"{p.msg} ({p.hint})" for p in problems)
            raise CommandError(f"refusing to serve publicly on {host}: {reasons}")
    proxy = {}
    if settings.TRUSTED_PROXY:  # believe the reverse proxy about the client's address and the scheme
        proxy = {
            "trusted_proxy": settings.TRUSTED_PROXY,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "trusted_proxy_count": 1,
            "clear_untrusted_proxy_headers": True,
        }
    try:
        server = create_server(application, host=host, port=port, threads=4, **proxy)
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
        pipeline = _pipeline(allow=(site.netloc,))  # the demo's own server, and nothing else on loopback
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
            print(f"  admin:        {url}admin/  (create a user with: .venv/bin/dragoman createadmin)")
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

    totals = {"units": 0, "cache_hits": 0, "engine_chars": 0, "degraded_units": 0}
    failed = None
    if args.jsonl:

        def answer(record: dict) -> dict:
            key, document = _string_field(record, "html", "text")
            doc = translate_html if key == "html" else translate_text
            try:
                result = doc(document, args.source, args.target, engine, memory=memory, glossary=glossary)
            except TranslationFailed as exc:
                raise LineFailed(f"translation failed: {exc}", "translation_failed") from None
            except EngineError as exc:
                raise LineFailed(f"translation failed: {exc}", "engine_error") from None
            for k in totals:
                totals[k] += getattr(result, k)
            return {key: result.html}

        failed = _answer_jsonl(text, answer)
    else:
        result = one(text)
        for k in totals:
            totals[k] += getattr(result, k)
        sys.stdout.write(result.html if result.html.endswith("\n") else result.html + "\n")
    if args.stats:
        print(json.dumps({**totals, "engine": engine.name}), file=sys.stderr)
    if failed:
        raise CommandError(failed)
    return 0


def cmd_extract(args) -> int:
    """Extract one page (a file, standard input or a URL) or a JSON-lines batch, and print it as
    JSON (the default), plain text or a standalone HTML document."""
    from dragoman.extract import ExtractionError, extract_article

    source = args.file
    scheme = _url_scheme(source) if not Path(source).exists() else ""
    is_url = scheme in ("http", "https")
    if args.jsonl and args.format != "json":
        raise CommandError("--jsonl writes JSON lines; leave out --format or use --format json")
    if args.jsonl and scheme:
        raise CommandError("--jsonl reads JSON lines from a file or standard input, not from a URL")
    if scheme and not is_url:
        raise CommandError(f"only http and https URLs are fetched: {source}")

    if args.jsonl:

        def answer(record: dict) -> dict:
            _, html = _string_field(record, "html")
            url = record.get("url") or ""
            if not isinstance(url, str):
                raise LineFailed('"url" is not a string', "bad_record")
            try:
                return extract_article(html, url).to_json()
            except ExtractionError as exc:
                raise LineFailed(str(exc), exc.reason) from None

        failed = _answer_jsonl(_read_input(source), answer)
        if failed:
            raise CommandError(failed)
        return 0

    headers: dict[str, str] = {}
    if is_url:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
        from dragoman.fetch import PAGE, FetchError
        from dragoman.sources.fetching import default_fetcher

        try:
            with default_fetcher() as fetcher:
                response = fetcher.get(source, expect=PAGE)
        except FetchError as exc:
            raise CommandError(f"cannot fetch the page: {exc}") from None
        page, url, headers = response.content, args.url or response.final_url, response.headers
    else:
        # bytes, not text: the page's own declaration (or detection) says how to decode it
        try:
            page = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except FileNotFoundError:
            raise CommandError(f"no such file: {source}") from None
        except IsADirectoryError:
            raise CommandError(f"{source} is a directory; give a file, a URL, or - for standard input") from None
        url = args.url or ""
    try:
        found = extract_article(page, url, headers=headers)
    except ExtractionError as exc:
        raise CommandError(f"not extracted: {exc}") from None
    if args.format == "text":
        sys.stdout.write(found.to_text())
    elif args.format == "html":
        sys.stdout.write(found.to_html())
    else:
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


def cmd_createadmin(args) -> int:
    """Create the first admin user; the password from the terminal (asked twice) or from a variable."""
    _django()
    import getpass

    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    username = args.username.strip()
    if not username:
        raise CommandError("--username must not be empty")
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise CommandError(
            f"user {username!r} already exists; choose another --username, "
            f"or change its password with: dragoman manage changepassword {username}"
        )
    if args.password_from_env:
        password = os.environ.get(args.password_from_env, "")
        if not password:
            raise CommandError(f"the environment variable {args.password_from_env} is not set or is empty")
    else:
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for the password on; use --password-from-env VARIABLE")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ; nothing was created")
    try:
        validate_password(password, users(username=username, email=args.email))
    except ValidationError as exc:
        raise CommandError(f"password refused: {' '.join(exc.messages)}") from None
    users.objects.create_superuser(username=username, email=args.email, password=password)
    print(f"created the admin user {username!r}; log in at /admin/")
    return 0


def cmd_check(args) -> int:
    """Django's system checks and Dragoman's own; with --deploy, those for serving publicly too."""
    _django(migrate=False)
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy)
    except SystemCheckError as exc:
        print(str(exc).strip().removeprefix("SystemCheckError: "), file=sys.stderr)
        raise CommandError("the checks found errors; fix them before serving publicly") from None
    return 0


def cmd_engines_install(args) -> int:
    from dragoman.translate.packages import PackageError, install_argos_package

    print(f"installing the Argos package {args.source}->{args.target} …", file=sys.stderr, flush=True)
    try:
        result = install_argos_package(
            args.source, args.target, index_url=args.index_url, models_dir=args.models_dir
        )
    except PackageError as exc:
        raise CommandError(f"not installed: {exc}") from None
    replaced = f", replacing version {result.replaced}" if result.replaced else ""
    print(
        f"installed {result.name} {result.version} ({result.pair[0]}->{result.pair[1]}, {result.bytes} bytes "
        f"from {result.url}) in {result.path}{replaced}; translate with --engine ctranslate2"
    )
    return 0


def cmd_publish_wordpress(args) -> int:
    """Publish translations as WordPress posts (targets are set up in the admin: Publishing → WordPress
    targets). Publishing again updates the same post."""
    if args.plugin:
        from importlib.resources import files

        print(files("dragoman.publish").joinpath("wordpress_plugin/dragoman-key.php").read_text(encoding="utf-8"), end="")
        return 0
    if not args.translation and not args.pending:
        raise CommandError("say what to publish: --translation ID (repeatable) or --pending")
    _django()
    from dragoman.articles.models import Translation
    from dragoman.publish.models import WordPressTarget
    from dragoman.publish.wordpress import WordPressError, WordPressPublisher

    targets = WordPressTarget.objects.filter(enabled=True)
    if args.target:
        targets = targets.filter(name=args.target)
        if not targets:
            raise CommandError(f"no enabled WordPress target named {args.target!r}; add one in the admin")
    if not targets:
        raise CommandError("no WordPress target yet; add one in the admin (Publishing → WordPress targets)")
    if args.translation:
        found = {t.pk: t for t in Translation.objects.filter(pk__in=args.translation).select_related("article__entry__source")}
        missing = sorted(set(args.translation) - set(found))
        if missing:
            raise CommandError(f"no translation with id {', '.join(map(str, missing))}")
    failures = 0
    for target in targets:
        if args.translation:
            # Named translations go to a named target whatever its sources; else to the targets that take them.
            due = [t for t in found.values() if args.target or target.takes(t)]
        else:
            due = [
                t for t in Translation.objects.filter(
                    state=Translation.State.PUBLISHED, article__entry__source__in=target.sources.all()
                ).exclude(publications__wordpress=target).select_related("article__entry__source").order_by("pk")
                if target.takes(t)
            ]  # fmt: skip
        if not due:
            continue
        try:
            publisher = WordPressPublisher(target)
        except WordPressError as exc:
            raise CommandError(f"{target.name}: {exc}") from None
        try:
            for translation in due:
                try:
                    outcome = publisher.publish(translation)
                except WordPressError as exc:
                    failures += 1
                    print(f"dragoman: error: translation {translation.pk} -> {target.name}: {exc}", file=sys.stderr)
                    continue
                verb = "created" if outcome.created else "updated (found by its key)" if outcome.found_by_key else "updated"
                print(f"{verb} post {outcome.post_id} on {target.name} for translation {translation.pk}: {outcome.link}")
        finally:
            publisher.close()
    return EXIT_ERROR if failures else 0


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

    s = sub.add_parser("sources", help="add, list, import and export sources (feeds, sitemaps, pages)")
    ssub = s.add_subparsers(dest="sources_command", metavar="ACTION", parser_class=_Parser)
    ssub.required = True
    a = ssub.add_parser("add", help="add (or update) a source")
    a.add_argument("url")
    a.add_argument("--to", required=True, type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                   help="target language(s), comma-separated, e.g. es or es,ca")
    a.add_argument("--from", dest="source_language", default="en", help="the source's language (default en)")
    a.add_argument("--engine", default=None, help="translation engine (default: DRAGOMAN_DEFAULT_ENGINE)")
    a.add_argument("--name", default="", help="display name (default: the feed's title)")
    a.add_argument("--kind", choices=["feed", "sitemap", "page"], default="feed",
                   help="feed (RSS, Atom, RDF, JSON Feed; default), sitemap (news sitemaps and indexes too), page")
    a.add_argument("--poll-minutes", type=int, default=None,
                   help="minutes between two polls (default: DRAGOMAN_POLL_INTERVAL_MINUTES)")
    a.add_argument("--review", action="store_true", help="hold translations for an editor instead of publishing them")
    a.set_defaults(func=cmd_sources_add)
    ssub.add_parser("list", help="list sources").set_defaults(func=cmd_sources_list)
    si = ssub.add_parser("import", help="add or update sources from an OPML file")
    si.add_argument("file", help="the OPML file, or - for standard input")
    si.add_argument("--to", default=None, type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                    help="target language(s) of outlines that name none, e.g. es or es,ca")
    si.add_argument("--from", dest="source_language", default="en", help="language of outlines that name none (default en)")
    si.add_argument("--engine", default=None, help="engine of outlines that name none (default: DRAGOMAN_DEFAULT_ENGINE)")
    si.set_defaults(func=cmd_sources_import)
    ssub.add_parser("export", help="write every source as OPML to standard output").set_defaults(func=cmd_sources_export)

    r = sub.add_parser("run", help="poll what is due and process everything pending")
    r.add_argument("--once", action="store_true", required=True, help="one pass, then exit (for a loop: dragoman worker)")
    r.set_defaults(func=cmd_run)

    w = sub.add_parser("worker", help="run queued work on threads and queue what is due; start one or many")
    w.add_argument("--threads", type=int, default=None, help="units worked on at once (default: DRAGOMAN_WORKER_THREADS, 4)")
    w.add_argument("--interval", type=float, default=5.0, help="seconds between two looks for due work (default 5)")
    w.add_argument("--grace", type=float, default=20.0,
                   help="on SIGTERM, seconds to let units in progress finish before handing them back (default 20)")
    w.set_defaults(func=cmd_worker)

    st = sub.add_parser("status", help="what the pipeline is doing: counts, sources, engines, failures, queue")
    st.add_argument("--json", action="store_true", help="the same as one JSON document")
    st.add_argument("--failures", type=int, default=20, help="how many of the latest failures of each kind to list")
    st.set_defaults(func=cmd_status)

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

    e = sub.add_parser("extract", help="extract the article from an HTML page or a URL")
    e.add_argument("--url", default="", help="the page's address (to make links absolute; default: the URL fetched)")
    e.add_argument("--format", choices=["json", "text", "html"], default="json",
                   help="json (default): every field; text: a metadata header and the body text; "
                        "html: a standalone document")
    e.add_argument("--jsonl", action="store_true", help='read lines {"id", "url", "html"}, write one line each')
    e.add_argument("file", metavar="FILE|URL", help="HTML file, - for standard input, or an http(s) URL to fetch")
    e.set_defaults(func=cmd_extract)

    en = sub.add_parser("engines", help="list translation engines and whether each is usable here; install models")
    en.set_defaults(func=cmd_engines)
    ensub = en.add_subparsers(dest="engines_command", metavar="ACTION", parser_class=_Parser)
    ensub.add_parser("list", help="list engines (the default)").set_defaults(func=cmd_engines)
    ei = ensub.add_parser("install", help="install an offline model, e.g.: dragoman engines install argos --from en --to ar")
    ei.add_argument("kind", choices=["argos"], help="argos: an Argos Translate package, run by the ctranslate2 engine")
    ei.add_argument("--from", dest="source", required=True)
    ei.add_argument("--to", dest="target", required=True)
    ei.add_argument("--index-url", default=None, help="package index (default: DRAGOMAN_ARGOS_INDEX_URL, else Argos's own)")
    ei.add_argument("--models-dir", default=None, help="where models go (default: DRAGOMAN_MODELS_DIR, else $DRAGOMAN_HOME/models)")
    ei.set_defaults(func=cmd_engines_install)

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

    ca = sub.add_parser("createadmin", help="create an admin user (asks for the password)")
    ca.add_argument("--username", default="admin", help="the user name (default admin)")
    ca.add_argument("--email", default="", help="the user's e-mail address (optional)")
    ca.add_argument("--password-from-env", metavar="VARIABLE", default="",
                    help="read the password from this environment variable instead of asking")
    ca.set_defaults(func=cmd_createadmin)

    ck = sub.add_parser("check", help="check the settings; --deploy: are they safe for serving publicly")
    ck.add_argument("--deploy", action="store_true", help="also the checks for a public deployment")
    ck.set_defaults(func=cmd_check)

    pb = sub.add_parser("publish", help="publish translations elsewhere: WordPress")
    pbsub = pb.add_subparsers(dest="publish_command", metavar="TARGET", parser_class=_Parser)
    pbsub.required = True
    pw = pbsub.add_parser("wordpress", help="publish (or update) translations as WordPress posts")
    pw.add_argument("--translation", type=int, action="append", default=[], metavar="ID",
                    help="the translation to publish (repeatable)")
    pw.add_argument("--pending", action="store_true",
                    help="every published translation of the targets' sources not yet on WordPress")
    pw.add_argument("--target", default="", help="only this target (its name in the admin)")
    pw.add_argument("--plugin", action="store_true",
                    help="print the must-use plugin the WordPress site needs (for wp-content/mu-plugins/)")
    pw.set_defaults(func=cmd_publish_wordpress)

    m = sub.add_parser("manage", help="run a Django management command (e.g. changepassword)")
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
