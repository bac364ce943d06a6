"""Every command, its arguments and options, declared in one parser (light: `dragoman --help` imports no
command's module).

Each command names, with ``set_defaults``:

* ``handler``: ``"module:function"`` in ``dragoman.cli``, imported only when the command runs (after
  Django is set up, so a command's module imports what it needs at its top);
* ``django``: what it needs first (``common.MIGRATE``, ``SETUP``, ``SETTINGS`` or ``NONE``);
* ``output``: what it writes on standard output (``common.TABLE``, ``REPORT``, ``DOCUMENT``, ``RESULT`` or
  ``SERVICE``); tables and reports take ``--format``.

``handler`` and ``django`` may also be functions of the parsed arguments (``publish wordpress --plugin``
needs no database). The README's command table is generated from this parser
(``scripts/cli_reference.py``).
"""

from __future__ import annotations

import argparse

from dragoman import __version__
from dragoman.cli.common import (
    DOCUMENT,
    MIGRATE,
    NONE,
    REPORT,
    REPORT_FORMATS,
    RESULT,
    SERVICE,
    SETTINGS,
    SETUP,
    TABLE,
    Parser,
    add_format,
    add_from,
    add_input,
    characters,
    languages,
    price,
)


def _command(sub, name: str, help: str, *, handler, django, output, description: str = "") -> argparse.ArgumentParser:
    """A command: ``help`` is its line in `dragoman --help`; ``description`` says more in its own --help and
    in the README's table."""
    parser = sub.add_parser(name, help=help, description=description or help)
    parser.set_defaults(handler=handler, django=django, output=output)
    return parser


def _engine(parser: argparse.ArgumentParser, what: str = "translation engine") -> None:
    parser.add_argument("--engine", metavar="NAME", default=None,
                        help=f"{what} (default: DRAGOMAN_DEFAULT_ENGINE, apertium)")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="dragoman", description="Carries news across languages with honest attribution.")
    p.add_argument("--version", action="version", version=f"dragoman {__version__}",
                   help="print the version and exit")  # fmt: skip
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    d = _command(sub, "demo", "serve the demo news site, translate it, and serve the result",
                 handler="demo:demo", django=MIGRATE, output=SERVICE)  # fmt: skip
    d.add_argument("--port", type=int, default=8000, help="port of the translated site (default 8000)")
    d.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    d.add_argument("--source-port", type=int, metavar="PORT", default=None, help="port of the demo source site (default PORT+1)")
    d.add_argument("--to", metavar="LANG", default="es", help="target language (default es)")
    _engine(d)
    d.add_argument("--no-serve", action="store_true", help="run the pipeline and exit without serving")

    _sources(sub)

    r = _command(sub, "run", "one pass: poll what is due, process everything pending, print a summary, exit",
                 description="one pass in this process: polls what is due, processes everything pending, prints a "
                             "summary, exits (for a process that keeps going, see `dragoman worker`)",
                 handler="run:run", django=MIGRATE, output=REPORT)  # fmt: skip
    r.add_argument("--once", action="store_true",
                   help="one pass, then exit: what run always does (kept for scripts written with it)")  # fmt: skip
    add_format(r, REPORT_FORMATS)

    w = _command(sub, "worker", "run queued work on threads and queue what is due; start one or many",
                 description="runs queued work on its threads and queues what is due, until SIGTERM (graceful) or "
                             "Ctrl-C; one process per core by default (--processes), on as many machines as you like",
                 handler="worker:worker", django=MIGRATE, output=SERVICE)  # fmt: skip
    w.add_argument("--processes", type=int, metavar="N", default=None,
                   help="worker processes, each with its threads, under a parent that restarts one that dies "
                        "(default: one per core; 1: one worker in this process)")  # fmt: skip
    w.add_argument("--threads", type=int, metavar="N", default=None, help="units worked on at once by each process (default: DRAGOMAN_WORKER_THREADS, 4)")
    w.add_argument("--interval", type=float, metavar="SECONDS", default=5.0, help="seconds between two looks for due work (default 5)")
    w.add_argument("--grace", type=float, metavar="SECONDS", default=20.0,
                   help="on SIGTERM, seconds to let units in progress finish before handing them back (default 20)")

    st = _command(sub, "status", "what the pipeline is doing: counts, sources, engines, failures, queue",
                  description="counts per state, per source and per engine, the latest failures with their reasons, "
                              "degraded units and why, the translations set aside with theirs, and the queue",
                  handler="status:status", django=MIGRATE, output=REPORT)  # fmt: skip
    add_format(st, REPORT_FORMATS, json_flag=True)
    st.add_argument("--failures", type=int, metavar="N", default=20, help="how many of the latest failures of each kind to list (default 20)")

    v = _command(sub, "serve", "serve the translated site", handler="serve:serve", django=MIGRATE, output=SERVICE)
    v.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    v.add_argument("--host", default="127.0.0.1",
                   help="address to serve on (default 127.0.0.1; another needs safe settings: dragoman check --deploy)")
    v.add_argument("--workers", type=int, default=1, metavar="N", help="processes answering requests (default 1)")
    v.add_argument("--dynamic", action="store_true",
                   help="render every page through Django at each request, ignoring the rendered folder")

    t = _command(sub, "translate", "translate one document (or a JSON-lines batch) to standard output",
                 description="translates one document to standard output, markup kept, through the translation "
                             "memory and the glossary",
                 handler="translate:translate", django=MIGRATE, output=DOCUMENT)  # fmt: skip
    add_from(t)
    t.add_argument("--to", dest="target", metavar="LANG", required=True, help="the language to translate into, e.g. es")
    _engine(t)
    t.add_argument("--format", choices=["html", "text"], default="html",
                   help="html: the document is HTML, its markup kept; text: plain text (default html)")
    t.add_argument("--jsonl", action="store_true",
                   help='read lines {"id", "html"|"text"}, write one line each; a bad line gets an error line')
    t.add_argument("--glossary", action=argparse.BooleanOptionalAction, default=True,
                   help="apply the glossary of the language pair (default: yes)")
    t.add_argument("--stats", action="store_true", help="print units, cache hits and engine characters to stderr as JSON")
    add_input(t, "the document to translate")

    ta = _command(sub, "translate-article", "translate an article again: in full, or with another engine",
                  description="translates a translation again, in place: --full upgrades one made in lead or title "
                              "mode to a full one, --engine retranslates it with another engine; it goes through the "
                              "translate and publish steps again at the next `dragoman run` or by a worker, and is "
                              "published again at the same address",
                  handler="translate_article:translate_article", django=MIGRATE, output=RESULT)  # fmt: skip
    ta.add_argument("id", type=int, metavar="ID", help="the translation's id (in the admin, the review queue and the "
                    "site's address /articles/ID/...)")  # fmt: skip
    ta.add_argument("--full", action="store_true", help="translate the whole article")
    ta.add_argument("--engine", dest="new_engine", metavar="NAME", default=None,
                    help="retranslate with this engine (one of `dragoman engines list`), instead of the one that made it")

    e = _command(sub, "extract", "extract the article from an HTML page or a URL",
                 description="prints the extracted article (JSON by default; text or a standalone HTML document); "
                             "an http(s) URL is fetched; the site rules of the page's host apply, as in the pipeline; "
                             "a page that is not an article is refused with the reason",
                 handler="extract:extract", django=SETTINGS, output=DOCUMENT)  # fmt: skip
    e.add_argument("--url", default="", help="the page's address (to make links absolute; default: the URL fetched)")
    e.add_argument("--format", choices=["json", "text", "html"], default="json",
                   help="json: every field; text: a metadata header and the body text; "
                        "html: a standalone document (default json)")  # fmt: skip
    e.add_argument("--jsonl", action="store_true",
                   help='read lines {"id", "url", "html"}, write one line each; a bad line gets an error line')
    e.add_argument("--site-rules", action=argparse.BooleanOptionalAction, default=True,
                   help="apply the site rules of the database for the page's host, when there is a database "
                        "(default: yes)")  # fmt: skip
    add_input(e, "the HTML page", metavar="FILE|URL", urls=True)

    so = _command(sub, "stories", "group a JSON-lines corpus into stories, as the pipeline groups articles",
                  description="reads lines {\"id\", \"language\", \"title\", \"text\", \"published\"} (ISO 8601 with a "
                              "time zone), translates what is not in the comparison language with the engine, groups "
                              "them in order as the pipeline does, and writes one line {\"id\", \"story\"} each "
                              "(\"duplicate_of\" for a wire copy); a bad line gets an error line (docs/stories.md)",
                  handler="stories:stories", django=SETTINGS, output=DOCUMENT)  # fmt: skip
    so.add_argument("--jsonl", action="store_true", required=True,
                    help='read lines {"id", "language", "title", "text", "published"}, write one line {"id", "story"} '
                         "each (required)")  # fmt: skip
    so.add_argument("--compare-in", metavar="LANG", default=None,
                    help="the language articles are compared in (default: the site's, DRAGOMAN_SITE_LANGUAGE)")
    _engine(so, "the engine that translates into the comparison language")
    so.add_argument("--window", type=float, metavar="DAYS", default=4.0,
                    help="how many days apart two articles of one story may be (default 4)")
    add_input(so, "the JSON lines")

    _engines(sub)
    _glossary(sub)
    _rules(sub)
    _entries(sub)
    _budgets(sub)
    _tokens(sub)

    ca = _command(sub, "createadmin", "create an admin user (asks for the password)",
                  description="creates an admin user for /admin/; asks for the password twice, or reads it from "
                              "an environment variable",
                  handler="admin:createadmin", django=MIGRATE, output=RESULT)  # fmt: skip
    ca.add_argument("--username", metavar="NAME", default="admin", help="the user name (default admin)")
    ca.add_argument("--email", metavar="ADDRESS", default="", help="the user's e-mail address (optional)")
    ca.add_argument("--password-from-env", metavar="VARIABLE", default="",
                    help="read the password from this environment variable instead of asking")

    ck = _command(sub, "check", "check the settings; --deploy: are they safe for serving publicly",
                  description="Django's system checks and Dragoman's own; --deploy adds those for a public site "
                              "(DEBUG off, a real secret key, HTTPS settings) and fails on errors",
                  handler="admin:check", django=SETUP, output=RESULT)  # fmt: skip
    ck.add_argument("--deploy", action="store_true", help="also the checks for a public deployment")

    si = sub.add_parser("site", help="the public site rendered ahead: build it for a static host",
                        description="the public site rendered ahead")  # fmt: skip
    sisub = si.add_subparsers(dest="site_command", metavar="ACTION", parser_class=Parser)
    sisub.required = True
    sb = _command(sisub, "build", "write the whole public site into a folder for any static host",
                  description="writes every public page (articles and their bilingual views, listings with all their "
                              "pages, feeds, sitemaps), the static files and the lead images into OUT; links are "
                              "relative unless --base-url makes them absolute under that address",
                  handler="site:build", django=MIGRATE, output=RESULT)  # fmt: skip
    sb.add_argument("out", metavar="OUT", help="the folder to write (created if missing; files already there are replaced)")
    sb.add_argument("--base-url", metavar="URL", default=None,
                    help="the address the folder will be served at, e.g. https://example.org/news/ (default: relative links)")
    _command(sisub, "render", "render every public page again into the served folder (DRAGOMAN_RENDERED_ROOT)",
             description="marks every public page and renders it again into DRAGOMAN_RENDERED_ROOT: after an "
                         "upgrade whose templates changed, or a change to a source's name or settings",
             handler="site:render", django=MIGRATE, output=RESULT)  # fmt: skip

    pb = sub.add_parser("publish", help="publish translations elsewhere: WordPress",
                        description="publish translations elsewhere")  # fmt: skip
    pbsub = pb.add_subparsers(dest="publish_command", metavar="TARGET", parser_class=Parser)
    pbsub.required = True
    pw = _command(pbsub, "wordpress", "publish (or update) translations as WordPress posts",
                  description="publishes translations as WordPress posts (targets are set up in the admin); "
                              "publishing again updates the same post; --plugin prints the small must-use plugin "
                              "the site needs",
                  handler=lambda a: "wordpress_plugin:plugin" if a.plugin else "publish:wordpress",
                  django=lambda a: NONE if a.plugin else MIGRATE, output=RESULT)  # fmt: skip
    pw.add_argument("--translation", type=int, action="append", default=[], metavar="ID",
                    help="the translation to publish (repeatable)")
    pw.add_argument("--pending", action="store_true",
                    help="every published translation of the targets' sources not yet on WordPress")
    pw.add_argument("--target", metavar="NAME", default="", help="only this target (its name in the admin)")
    pw.add_argument("--plugin", action="store_true",
                    help="print the must-use plugin the WordPress site needs (for wp-content/mu-plugins/)")

    m = _command(sub, "manage", "run a Django management command (e.g. changepassword)",
                 handler="admin:manage", django=SETUP, output=RESULT)  # fmt: skip
    m.add_argument("rest", metavar="COMMAND", nargs=argparse.REMAINDER,
                   help="the management command and its arguments, e.g. changepassword admin")
    return p


def _sources(sub) -> None:
    s = sub.add_parser("sources", help="add, change, list, import and export sources (feeds, sitemaps, pages)",
                       description="add, change, list, import and export sources; without an action: list")  # fmt: skip
    s.set_defaults(handler="sources:list_", django=MIGRATE, output=TABLE, format="text")
    ssub = s.add_subparsers(dest="sources_command", metavar="ACTION", parser_class=Parser)

    a = _command(ssub, "add", "add (or update) a source",
                 description="adds a source, checked by reading it once: a feed (RSS, Atom, RDF, JSON Feed), a "
                             "sitemap (news sitemaps and sitemap indexes too) or a single page; --engine deepl,apertium "
                             "is a fallback chain; --review holds translations for an editor",
                 handler="sources:add", django=MIGRATE, output=RESULT)  # fmt: skip
    a.add_argument("url", help="the feed's, sitemap's or page's address")
    a.add_argument("--to", required=True, metavar="LANGS", type=languages,
                   help="target language(s), comma-separated, e.g. es or es,ca")
    add_from(a, "the source's language, used when a page does not say")
    _engine(a, "translation engine, or a fallback chain such as deepl,apertium")
    a.add_argument("--name", metavar="NAME", default="", help="display name (default: the feed's title)")
    a.add_argument("--kind", choices=["feed", "sitemap", "page"], default="feed",
                   help="feed (RSS, Atom, RDF, JSON Feed; default), sitemap (news sitemaps and indexes too), page")
    a.add_argument("--poll-minutes", type=int, metavar="MINUTES", default=None,
                   help="minutes between two polls (default: DRAGOMAN_POLL_INTERVAL_MINUTES)")
    a.add_argument("--review", action="store_true", help="hold translations for an editor instead of publishing them")
    _editorial(a, adding=True)

    ss = _command(ssub, "set", "change a source's translation mode, priority or import window",
                  description="changes a source's translation mode, priority or first-import window; the "
                              "translations already planned keep their mode (upgrade one with translate-article)",
                  handler="sources:set_", django=MIGRATE, output=RESULT)  # fmt: skip
    ss.add_argument("id", type=int, metavar="ID", help="the source's id (dragoman sources list)")
    _editorial(ss, adding=False)

    sl = _command(ssub, "list", "list sources (the default action)",
                  description="lists sources with their kind, languages, engine, mode, priority, import window, "
                              "schedule and last error",
                  handler="sources:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    add_format(sl)

    si = _command(ssub, "import", "add or update sources from an OPML file",
                  description="sources from an OPML file (Dragoman's own, or any feed reader's); an exported file "
                              "imports back as the same sources",
                  handler="sources:import_", django=MIGRATE, output=RESULT)  # fmt: skip
    si.add_argument("--to", default=None, metavar="LANGS", type=languages,
                    help="target language(s) of outlines that name none, e.g. es or es,ca")
    add_from(si, "the language of outlines that name none")
    _engine(si, "engine of outlines that name none")
    add_input(si, "the OPML file")

    _command(ssub, "export", "write every source as OPML to standard output",
             handler="sources:export", django=MIGRATE, output=DOCUMENT)  # fmt: skip


def _editorial(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    """The options of a source's editorial control: its translation mode, priority and first-import window."""
    parser.add_argument("--mode", choices=["full", "lead", "title"], default=None,
                        help="what is translated of each article: full" + (" (default)" if adding else "") + ", lead "
                             "(title and standfirst, or the first paragraph), title (title only)")  # fmt: skip
    parser.add_argument("--priority", type=int, metavar="N", default=None,
                        help="higher first when work waits for a budget" + (" (default 0)" if adding else ""))
    window = ("(default: DRAGOMAN_IMPORT_WINDOW_DAYS, 2; ignored for a page)" if adding
              else "(it matters until the first import, and for old items found later)")  # fmt: skip
    parser.add_argument("--since-days", type=int, metavar="N", default=None,
                        help=f"on the first import, archive items older than N days instead of translating them; "
                             f"0: no window {window}")  # fmt: skip


def _engines(sub) -> None:
    en = sub.add_parser("engines", help="list translation engines and whether each is usable here; install models",
                        description="translation engines; without an action: list")  # fmt: skip
    en.set_defaults(handler="engines:list_", django=SETTINGS, output=TABLE, format="text")
    ensub = en.add_subparsers(dest="engines_command", metavar="ACTION", parser_class=Parser)
    el = _command(ensub, "list", "list engines (the default action)",
                  description="lists translation engines, whether each is usable here and its pairs (and, if not "
                              "usable, what to set or install)",
                  handler="engines:list_", django=SETTINGS, output=TABLE)  # fmt: skip
    add_format(el)
    ei = _command(ensub, "install", "install an offline model, e.g.: dragoman engines install argos --from en --to ar",
                  description="an offline neural engine in one command: downloads an Argos Translate package, "
                              "verifies it, installs it for the ctranslate2 engine",
                  handler="engines:install", django=SETTINGS, output=RESULT)  # fmt: skip
    ei.add_argument("kind", choices=["argos"], help="argos: an Argos Translate package, run by the ctranslate2 engine")
    add_from(ei, "the model's source language")
    ei.add_argument("--to", dest="target", metavar="LANG", required=True, help="the model's target language")
    ei.add_argument("--index-url", metavar="URL", default=None, help="package index (default: DRAGOMAN_ARGOS_INDEX_URL, else Argos's own)")
    ei.add_argument("--models-dir", metavar="DIR", default=None, help="where models go (default: DRAGOMAN_MODELS_DIR, else $DRAGOMAN_HOME/models)")
    ep = _command(ensub, "price", "set what an engine costs per million characters",
                  description="sets an engine's price per million characters sent, for the costs `dragoman status` "
                              "and /metrics report (0 for a free engine)",
                  handler="engines:price", django=MIGRATE, output=RESULT)  # fmt: skip
    ep.add_argument("engine", metavar="ENGINE", help="the engine, one of `dragoman engines list`")
    ep.add_argument("per_million", metavar="PRICE_PER_MILLION", type=price, help="the price of a million characters, e.g. 20 or 7.50")
    ep.add_argument("--currency", metavar="CODE", default="USD", help="the price's currency, a label (default USD)")


def _glossary(sub) -> None:
    g = sub.add_parser("glossary", help="forced translations of names, per language pair",
                       description="forced translations of names, per language pair; without an action: list")  # fmt: skip
    g.set_defaults(handler="glossary:list_", django=MIGRATE, output=TABLE, format="text", source_language="", target="")
    gsub = g.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=Parser)

    ga = _command(gsub, "add", "add or change a term",
                  description="a forced translation of a name, used in every article of the pair",
                  handler="glossary:add", django=MIGRATE, output=RESULT)  # fmt: skip
    add_from(ga, "the term's language")
    ga.add_argument("--to", dest="target", metavar="LANG", required=True, help="the translation's language")
    ga.add_argument("--kind", choices=["person", "place", "organisation", "other"], default="other",
                    help="what the term names (default other)")
    ga.add_argument("source_term", help="the term as the source writes it, e.g. Pyongyang")
    ga.add_argument("target_term", help="its forced translation, e.g. Pionyang")

    gi = _command(gsub, "import", "import terms from a CSV file",
                  description="many terms at once: a CSV file with the columns source_language,target_language,"
                              "source,target[,kind], or source,target[,kind] with --to (and --from); all rows are "
                              "checked before any is stored",
                  handler="glossary:import_", django=MIGRATE, output=RESULT)  # fmt: skip
    add_from(gi, "the language of rows that name none (with --to)")
    gi.add_argument("--to", dest="target", metavar="LANG", default="",
                    help="the translations' language of rows that name none; the file may then have just source,target")
    add_input(gi, "the CSV file, with a header row")

    gl = _command(gsub, "list", "list terms (the default action)",
                  description="lists the glossary's terms, with the columns glossary import reads",
                  handler="glossary:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    gl.add_argument("--from", dest="source_language", metavar="LANG", default="", help="only terms in this language")
    gl.add_argument("--to", dest="target", metavar="LANG", default="", help="only translations into this language")
    add_format(gl)


def _rule_scope(parser: argparse.ArgumentParser, what: str) -> None:
    """Where a rule applies: --global, --source ID or --domain D, exactly one."""
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--global", dest="everywhere", action="store_true", help=f"for {what} of every source")
    scope.add_argument("--source", type=int, metavar="ID", default=None, help=f"for {what} of this source (its id in sources list --format json)")
    scope.add_argument("--domain", metavar="D", default=None, help=f"for {what} from this host and its subdomains, e.g. example.com")


def _rules(sub) -> None:
    r = sub.add_parser("rules", help="filters and rewrite rules: which entries are translated, and what of them",
                       description="filters (keep, block) and rewrite rules (remove, replace); without an action: list")  # fmt: skip
    r.set_defaults(handler="rules:list_", django=MIGRATE, output=TABLE, format="text")
    rsub = r.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=Parser)

    ra = _command(rsub, "add", "add a filter: keep or block entries whose article matches",
                  description="a filter, checked before translation: --block filters the entries it matches; with "
                              "--keep rules, an entry matching none of its scope's is filtered; FIELD is title, body, "
                              "author, tags, url or language with a keyword (or --regex), or length or age with a "
                              "comparison such as '<300'",
                  handler="rules:add", django=MIGRATE, output=RESULT)  # fmt: skip
    _rule_scope(ra, "the entries")
    action = ra.add_mutually_exclusive_group(required=True)
    action.add_argument("--keep", action="store_true", help="translate only entries matching a keep rule of this scope")
    action.add_argument("--block", action="store_true", help="filter the entries that match")
    ra.add_argument("field", metavar="FIELD", choices=["title", "body", "author", "tags", "url", "language", "length", "age"],
                    help="title, body, author, tags, url, language, length (characters of the body) or age (days since publication)")
    ra.add_argument("pattern", metavar="PATTERN",
                    help="a word or phrase (whole, any case), a regular expression with --regex, or for length and "
                         "age a comparison: '<300', '>7'")  # fmt: skip
    ra.add_argument("--regex", action="store_true", help="PATTERN is a regular expression (as written; (?i) ignores case)")

    rr = _command(rsub, "rewrite", "add a rewrite rule: remove elements or replace text before translation",
                  description="a rewrite rule, applied to each extracted article before translation: --remove the "
                              "elements a CSS selector matches, or --replace a text (literal, or --regex) in the title, "
                              "standfirst and body",
                  handler="rules:rewrite", django=MIGRATE, output=RESULT)  # fmt: skip
    _rule_scope(rr, "the articles")
    change = rr.add_mutually_exclusive_group(required=True)
    change.add_argument("--remove", metavar="SELECTOR", default=None, help="remove the elements this CSS selector matches, e.g. div.advert")
    change.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"), default=None,
                        help="replace OLD (exact text, or a regular expression with --regex) with NEW ('' removes it)")
    rr.add_argument("--regex", action="store_true", help="OLD is a regular expression; NEW may use \\1 or \\g<name>")

    rl = _command(rsub, "list", "list filters and rewrite rules (the default action)",
                  description="lists filters (f1, f2...) and rewrite rules (r1...) with their scope, field and pattern",
                  handler="rules:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    add_format(rl, json_flag=True)

    rd = _command(rsub, "delete", "delete a filter or a rewrite rule",
                  description="deletes a rule by its id as rules list shows it (f3, r5; a bare number when only one "
                              "kind has it)",
                  handler="rules:delete", django=MIGRATE, output=RESULT)  # fmt: skip
    rd.add_argument("id", metavar="ID", help="the rule's id as rules list shows it: f3 (a filter) or r5 (a rewrite rule)")


def _entries(sub) -> None:
    en = sub.add_parser("entries", help="entries held back from translation (filtered, archived): list and release",
                        description="entries held back from translation; without an action: list")  # fmt: skip
    en.set_defaults(handler="entries:list_", django=MIGRATE, output=TABLE, format="text", state="", source=None)
    esub = en.add_subparsers(dest="entries_command", metavar="ACTION", parser_class=Parser)

    el = _command(esub, "list", "list filtered and archived entries (the default action)",
                  description="lists the entries a filter held back (with the rule) and those archived by the import "
                              "window, or those of one --state",
                  handler="entries:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    el.add_argument("--state", default="", choices=["filtered", "archived", "discovered", "fetched", "extracted", "failed", "set_aside"],
                    help="only entries in this state (default: filtered and archived)")
    el.add_argument("--source", type=int, metavar="ID", default=None, help="only this source's entries")
    add_format(el, json_flag=True)

    er = _command(esub, "release", "release entries: a filtered one is translated, an archived one fetched",
                  description="releases entries: a filtered one gets its translations planned (and is not filtered "
                              "again), an archived one goes back to discovered for the normal steps",
                  handler="entries:release_", django=MIGRATE, output=RESULT)  # fmt: skip
    er.add_argument("ids", type=int, nargs="+", metavar="ID", help="the entries' ids (entries list)")


def _budgets(sub) -> None:
    b = sub.add_parser("budgets", help="character limits per engine (or engine and source), per day and month",
                       description="character limits per engine, or per engine and source, per day and per month; "
                                   "without an action: list")  # fmt: skip
    b.set_defaults(handler="budgets:list_", django=MIGRATE, output=TABLE, format="text")
    bsub = b.add_subparsers(dest="budgets_command", metavar="ACTION", parser_class=Parser)
    bs = _command(bsub, "set", "set or change a budget's daily and monthly limits",
                  description="sets the daily and/or monthly character limit of an engine's budget, or of its budget "
                              "for one source; 0 removes a limit, --clear the budget; a batch that would exceed a "
                              "budget is not sent, its translation waits for the next day or month",
                  handler="budgets:set_", django=MIGRATE, output=RESULT)  # fmt: skip
    bs.add_argument("engine", metavar="ENGINE", help="the engine, one of `dragoman engines list`")
    bs.add_argument("--source", type=int, metavar="ID", default=None, help="only this source's articles (its id in `dragoman sources list`)")
    bs.add_argument("--daily-chars", type=characters, metavar="N", default=None, help="characters per day (0: no daily limit)")
    bs.add_argument("--monthly-chars", type=characters, metavar="N", default=None, help="characters per month (0: no monthly limit)")
    bs.add_argument("--clear", action="store_true", help="remove the budget (both limits)")
    bl = _command(bsub, "list", "list budgets with what is spent and left (the default action)",
                  description="lists budgets with their limits, what was spent today and this month, and what is left",
                  handler="budgets:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    add_format(bl, json_flag=True)


def _tokens(sub) -> None:
    tk = sub.add_parser("tokens", help="API tokens: create, list, revoke",
                        description="API tokens (for /api/v1/); without an action: list")  # fmt: skip
    tk.set_defaults(handler="tokens:list_", django=MIGRATE, output=TABLE, format="text")
    tksub = tk.add_subparsers(dest="tokens_command", metavar="ACTION", parser_class=Parser)
    tc = _command(tksub, "create", "create an API token for a user",
                  description="creates an API token for a user and prints it (only then: it is stored hashed); "
                              "requests signed with it may do what the user may; --read-only: only read",
                  handler="tokens:create", django=MIGRATE, output=RESULT)  # fmt: skip
    tc.add_argument("--user", required=True, metavar="NAME", help="the user the token acts as")
    tc.add_argument("--read-only", action="store_true", help="the token may only read")
    tc.add_argument("--name", metavar="TEXT", default="", help="what the token is for (a CMS, a script...)")
    tl = _command(tksub, "list", "list API tokens (the default action)",
                  description="lists API tokens: their id, prefix, user, name, reach, when made and last used, "
                              "and whether revoked",
                  handler="tokens:list_", django=MIGRATE, output=TABLE)  # fmt: skip
    add_format(tl)
    tr = _command(tksub, "revoke", "revoke an API token",
                  description="revokes an API token by its id (tokens list): it is refused from then on",
                  handler="tokens:revoke_", django=MIGRATE, output=RESULT)  # fmt: skip
    tr.add_argument("id", type=int, metavar="ID", help="the token's id (dragoman tokens list)")
