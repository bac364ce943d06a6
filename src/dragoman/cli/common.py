"""The conventions every `dragoman` command follows, in one place.

* Errors: one line on standard error, ``dragoman: error: ...``, saying what to do; exit status 1 (2 for a
  usage error). A command raises ``CommandError``; ``main`` prints it.
* Input: a command that reads a document takes ``FILE``, where ``-`` (the default) is standard input
  (``add_input``, ``read_text``, ``read_bytes``).
* Output: data on standard output, hints and progress on standard error (``hint``). A command that prints
  data takes ``--format``: ``text`` (for people: aligned columns under a header line), ``tsv`` (a header
  line, then one tab-separated line per row) or ``json`` (``add_format``, ``write_table``, ``write_report``).
* ``--jsonl`` batches: one output line per non-blank input line, in order; a bad line gets an error line
  and the batch goes on; the exit status is 1 at the end if any line failed (``answer_jsonl``).
* Languages: ``--from`` is the source language, ``en`` when not given, ``--to`` the target (``add_from``).
* Every argument and option has help text (``tests/cli/test_conventions.py`` walks the parser).

This module imports nothing heavy: ``dragoman --help`` reads it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

EXIT_ERROR = 1
EXIT_USAGE = 2

#: The source language when ``--from`` is not given.
DEFAULT_SOURCE_LANGUAGE = "en"

#: What a command writes on standard output, declared on every command (``set_defaults(output=...)``):
#: TABLE and REPORT are data and take ``--format``; DOCUMENT is one document (a translation, an article,
#: OPML); RESULT is one line saying what was done; SERVICE runs until stopped.
TABLE, REPORT, DOCUMENT, RESULT, SERVICE = "table", "report", "document", "result", "service"
OUTPUTS = (TABLE, REPORT, DOCUMENT, RESULT, SERVICE)
TABLE_FORMATS = ("text", "tsv", "json")
#: What a command needs before it runs (``set_defaults(django=...)``; ``environment.prepare``): the database,
#: its schema brought up to date first; Django without touching the schema; only the settings; nothing.
MIGRATE, SETUP, SETTINGS, NONE = "migrate", "setup", "settings", "none"
REPORT_FORMATS = ("text", "json")


class CommandError(Exception):
    """A failure to report to the user in one line (no traceback)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def hint(message: str) -> None:
    """A hint for the person at the terminal: on standard error, never mixed with the data."""
    print(message, file=sys.stderr, flush=True)


# --- declaring options -------------------------------------------------------------------------------------


def add_input(parser: argparse.ArgumentParser, what: str, *, metavar: str = "FILE", urls: bool = False) -> None:
    """The document a command reads: FILE, or - (the default) for standard input."""
    also = ", an http(s) URL to fetch," if urls else ""
    parser.add_argument("file", metavar=metavar, nargs="?", default="-",
                        help=f"{what}: a file{also} or - for standard input (the default)")  # fmt: skip
    parser.set_defaults(reads_input=True)


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str] = TABLE_FORMATS, default: str = "text",
               help: str | None = None, *, json_flag: bool = False) -> None:  # fmt: skip
    """``--format``: how the command writes what it prints; ``json_flag``: and ``--json``, the same as
    ``--format json``."""
    described = {
        "text": "text: for people, columns under a header line",
        "tsv": "tsv: a header line, then tab-separated rows",
        "json": "json: one JSON document",
    }
    if help is None:
        help = "; ".join(described.get(c, c) for c in choices)
    parser.add_argument("--format", choices=choices, default=default, help=f"{help} (default {default})")
    if json_flag:
        parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")


def add_from(parser: argparse.ArgumentParser, help: str = "the language of the text") -> None:
    """``--from``: the source language, the same option and default in every command."""
    parser.add_argument("--from", dest="source_language", metavar="LANG", default=DEFAULT_SOURCE_LANGUAGE,
                        help=f"{help}, e.g. en or ar (default {DEFAULT_SOURCE_LANGUAGE})")  # fmt: skip


def languages(value: str) -> list[str]:
    """``es,ca`` -> ``["es", "ca"]`` (an option type)."""
    return [x.strip() for x in value.split(",") if x.strip()]


def characters(value: str) -> int:
    """A number of characters, 0 or more, ``500000``, ``500,000`` or ``500_000`` (an option type)."""
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of characters: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"a number of characters cannot be negative: {value}")
    return number


def price(value: str):
    """A price, a decimal number 0 or more, e.g. ``20`` or ``7.50`` (an option type; a ``Decimal``)."""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number.is_finite() or number < 0:
        raise argparse.ArgumentTypeError(f"a price must be a number, 0 or more: {value}")
    if number >= 10**8:
        raise argparse.ArgumentTypeError(f"a price must be under 100,000,000: {value}")
    return number.quantize(Decimal("0.0001"))


# --- reading ------------------------------------------------------------------------------------------------


def url_scheme(argument: str) -> str:
    """The scheme of an argument written as a URL ("gopher" for ``gopher://host/``), lower-cased; "" for a
    path (a one-letter "scheme" is a drive letter)."""
    match = _SCHEME.match(argument)
    return match.group(1).lower() if match else ""


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")


def read_bytes(path: str) -> bytes:
    """FILE's bytes, or standard input's for ``-``; a missing file, a directory or a URL is a one-line error."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        if url_scheme(path):
            raise CommandError(f"{path} is a URL; this command reads a file, or - for standard input") from None
        raise CommandError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a directory; give a file, or - for standard input") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None


def read_text(path: str) -> str:
    """FILE (or standard input for ``-``) as UTF-8 text."""
    if path == "-":
        return sys.stdin.read()
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


# --- writing ------------------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ",".join(_cell(v) for v in value)
    return " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")


def write_table(rows: Iterable[dict], columns: Sequence[str], fmt: str, *, empty_hint: str = "") -> None:
    """Rows (dicts with the keys ``columns``) as an aligned table, TSV (both with a header line) or a JSON
    array of objects; ``empty_hint`` goes to standard error when there is no row."""
    rows = list(rows)
    if fmt == "json":
        print(json.dumps([{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2,
                         default=str))  # fmt: skip
    else:
        cells = [list(columns)] + [[_cell(row.get(c)) for c in columns] for row in rows]
        if fmt == "tsv":
            for line in cells:
                print("\t".join(line))
        else:
            widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
            for line in cells:
                print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    sys.stdout.flush()
    if not rows and empty_hint:
        hint(empty_hint)


def write_report(data, fmt: str, text: Callable[[], None]) -> None:
    """A report: ``data`` as one JSON document for ``--format json``, else what ``text()`` prints."""
    if fmt == "json":
        print(json.dumps(data, default=str, ensure_ascii=False, indent=2))
    else:
        text()


# --- JSON-lines batches ---------------------------------------------------------------------------------------


class LineFailed(Exception):
    """One line of a ``--jsonl`` batch got no result; ``reason`` is a short code for programs."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def answer_jsonl(text: str, answer: Callable[[dict], dict]) -> None:
    """Answer every non-blank line of a JSON-lines batch with exactly one line on standard output, in order:
    the record's ``id`` and what ``answer(record)`` returns; or, when the line is not a JSON object with an
    ``id`` or ``answer`` raises, an error object ``{"id", "line", "error", "reason"}`` (``id`` only when the
    line has one). A bad line never stops the batch; at the end, if any failed, ``CommandError`` with a
    one-line summary naming the first failure (the exit status says a line failed)."""
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
    if failures:
        number, message = failures[0]
        raise CommandError(f"{len(failures)} of {answered} lines failed (the first, line {number}: {message})")


def _record(line: str) -> dict:
    """One line of a JSON-lines batch: a JSON object with an ``id``."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineFailed(f"not JSON: {exc.msg}", "not_json") from None
    if not isinstance(record, dict) or "id" not in record:
        raise LineFailed('not a JSON object with an "id"', "no_id")
    return record


def string_field(record: dict, *keys: str) -> tuple[str, str]:
    """The first of ``keys`` the record holds, and its value, which must be a string."""
    key = next((k for k in keys if k in record), None)
    if key is None:
        raise LineFailed("lacks " + " or ".join(f'"{k}"' for k in keys), "bad_record")
    if not isinstance(record[key], str):
        raise LineFailed(f'"{key}" is not a string', "bad_record")
    return key, record[key]
