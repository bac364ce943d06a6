"""The conventions every `dragoman` command follows (``dragoman.cli.common``), checked by walking the parser,
and the README's command table is what the parser says."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path

import pytest

from dragoman.cli.common import MIGRATE, NONE, OUTPUTS, REPORT, REPORT_FORMATS, SETTINGS, SETUP, TABLE, TABLE_FORMATS
from dragoman.cli.parser import build_parser

REPO = Path(__file__).resolve().parents[2]
#: The commands that read a document; each takes FILE, - (the default) for standard input.
READERS = {"translate", "extract", "stories", "sources import", "glossary import"}
SKIPPED = (argparse._HelpAction, argparse._VersionAction)


def parsers(parser: argparse.ArgumentParser | None = None, words: tuple[str, ...] = ()):
    """(words, parser) of every command and group, `dragoman` itself first."""
    parser = parser or build_parser()
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*words, name))


def runnable():
    """Every command that runs (a group that runs an action when given none too)."""
    return [(w, p) for w, p in parsers() if w and p.get_default("handler")]


def option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in parser._actions if flag in a.option_strings), None)


def test_every_command_argument_and_option_has_help():
    missing = []
    for words, parser in parsers():
        for action in parser._actions:
            if isinstance(action, SKIPPED):
                continue
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{' '.join((*words, c.dest))}" for c in action._choices_actions if not c.help]
            elif not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{' '.join(words)} {action.option_strings or action.dest}")
    assert missing == []


def test_every_command_says_what_it_needs_and_prints_and_its_handler_exists():
    for words, parser in runnable():
        assert parser.get_default("output") in OUTPUTS, words
        assert parser.get_default("django") in (MIGRATE, SETUP, SETTINGS, NONE) or callable(parser.get_default("django"))
        handler = parser.get_default("handler")
        for name in ([handler] if isinstance(handler, str) else [handler(argparse.Namespace(plugin=p)) for p in (True, False)]):
            module, function = name.split(":")
            assert callable(getattr(importlib.import_module(f"dragoman.cli.{module}"), function)), (words, name)


def test_every_command_that_prints_data_offers_format():
    for words, parser in runnable():
        output = parser.get_default("output")
        if output not in (TABLE, REPORT):
            continue
        flag = option(parser, "--format")
        if flag is None:  # a group that lists without an action: its list action has the option
            assert parser.get_default("format") == "text", words
            continue
        expected = TABLE_FORMATS if output == TABLE else REPORT_FORMATS
        assert tuple(flag.choices) == expected and flag.default == "text", words


def test_every_command_that_reads_a_document_takes_a_file_or_standard_input():
    readers = set()
    for words, parser in runnable():
        files = [a for a in parser._actions if not a.option_strings and a.dest == "file"]
        if files or parser.get_default("reads_input"):
            readers.add(" ".join(words))
            [file] = files
            assert file.nargs == "?" and file.default == "-" and "standard input" in file.help, words
    assert readers == READERS


def test_from_is_the_same_option_everywhere():
    seen = 0
    for words, parser in parsers():
        flag = option(parser, "--from")
        if flag is None:
            continue
        seen += 1
        assert flag.dest == "source_language" and flag.metavar == "LANG", words
        assert flag.default == ("" if words == ("glossary", "list") else "en"), words  # a filter there
    assert seen >= 6


def test_groups_without_an_action_list():
    for words in (("sources",), ("glossary",), ("engines",)):
        args = build_parser().parse_args(list(words))
        assert args.handler.endswith(":list_") and args.format == "text", words


def test_run_needs_no_flag_and_still_takes_once():
    assert build_parser().parse_args(["run"]).handler == "run:run"
    assert build_parser().parse_args(["run", "--once"]).once is True


def test_status_json_is_format_json():
    assert build_parser().parse_args(["status", "--json"]).format == "json"
    assert build_parser().parse_args(["status"]).format == "text"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit:
        build_parser().parse_args(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"dragoman {importlib.import_module('dragoman').__version__}"


def test_the_readme_table_is_the_parsers():
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert reference.rewritten(readme) == readme, "README.md's command table is stale: scripts/cli_reference.py --write"


def test_tables_have_a_header_line_in_every_format(capsys):
    from dragoman.cli.common import write_table

    rows = [{"name": "a\tb", "langs": ["es", "ca"], "on": True}, {"name": "c", "langs": [], "on": False}]
    write_table(rows, ("name", "langs", "on"), "tsv")
    assert capsys.readouterr().out.splitlines() == ["name\tlangs\ton", "a b\tes,ca\tyes", "c\t\tno"]
    write_table(rows, ("name", "langs", "on"), "text")
    assert capsys.readouterr().out.splitlines() == ["name  langs  on", "a b   es,ca  yes", "c            no"]
    write_table([], ("name",), "json", empty_hint="nothing yet")
    out, err = capsys.readouterr()
    assert out.strip() == "[]" and err.strip() == "nothing yet"  # hints on standard error, never in the data
