#!/usr/bin/env python3
"""The README's table of commands, generated from the `dragoman` parser.

    scripts/cli_reference.py --check   exit 1 (and say so) when README.md's table is not what the parser says
    scripts/cli_reference.py --write   rewrite the table in README.md
    scripts/cli_reference.py           print the table

The table lies between the lines ``<!-- cli-reference:start -->`` and ``<!-- cli-reference:end -->``: one
row per command, its synopsis from its arguments and options, its description from its ``description``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dragoman.cli.parser import build_parser  # noqa: E402

README = REPO / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
SKIPPED = (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command that runs something, as (its words after `dragoman`, its parser): a group that does
    something without an action (``sources``: list) is one too, before its actions."""
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if words and (not groups or parser.get_default("handler")):
        yield words, parser
    for group in groups:
        for name, sub in group.choices.items():
            yield from commands(sub, (*words, name))


def _value(action: argparse.Action) -> str:
    if action.choices:
        return "|".join(str(c) for c in action.choices)
    return action.metavar or action.dest.upper()


def synopsis(words: tuple[str, ...], parser: argparse.ArgumentParser) -> str:
    positionals, required, optional = [], [], []
    for action in parser._actions:
        if isinstance(action, SKIPPED) or action.help == argparse.SUPPRESS:
            continue
        if not action.option_strings:
            if action.nargs == argparse.REMAINDER:
                positionals.append(f"{_value(action)} ...")
            elif action.nargs == "?":
                positionals.append(f"[{_value(action)}]")
            else:
                positionals.append(_value(action))
            continue
        if isinstance(action, argparse.BooleanOptionalAction):
            text = "--[no-]" + action.option_strings[0].removeprefix("--")
        elif action.nargs == 0:
            text = action.option_strings[0]
        else:
            text = f"{action.option_strings[0]} {_value(action)}"
        (required if action.required else optional).append(text if action.required else f"[{text}]")
    return " ".join(["dragoman", *words, *positionals, *required, *optional])


def table() -> str:
    rows = ["| command | what it does |", "|---|---|"]
    for words, parser in commands(build_parser()):
        usage = synopsis(words, parser).replace("|", "\\|")
        about = (parser.description or "").replace("|", "\\|")
        rows.append(f"| `{usage}` | {about} |")
    return "\n".join(rows) + "\n"


def rewritten(readme: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md has no {START} ... {END} block")
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table()}{END}{after}"


def main(argv: list[str]) -> int:
    if "--write" in argv:
        README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if "--check" in argv:
        readme = README.read_text(encoding="utf-8")
        if rewritten(readme) != readme:
            print("README.md's command table is stale; run: scripts/cli_reference.py --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
