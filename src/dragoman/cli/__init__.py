"""The `dragoman` command. Every error is one line that says what to do, and a non-zero exit.

One module per command group (``sources``, ``run``, ``worker``, ``status``, ``serve``, ``demo``,
``translate``, ``extract``, ``engines``, ``glossary``, ``budgets``, ``publish``, ``admin``), the conventions they share
in ``common``, Django's set-up in ``environment``, and every command's arguments in ``parser``. ``main``
parses, sets up what the command declared it needs, then imports the command's module: `dragoman --help`
and `dragoman extract` load no more than they use.
"""

from __future__ import annotations

import importlib
import sys

from dragoman.cli.common import EXIT_ERROR, NONE, CommandError
from dragoman.cli.parser import build_parser

__all__ = ["CommandError", "build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = args.handler(args) if callable(args.handler) else args.handler
    need = args.django(args) if callable(args.django) else args.django
    try:
        if need != NONE:
            from dragoman.cli import environment  # Django, for the commands that need it

            environment.prepare(need)
            if getattr(args, "engine", "") is None:
                args.engine = environment.default_engine()
        module, function = handler.split(":")
        return getattr(importlib.import_module(f"dragoman.cli.{module}"), function)(args)
    except CommandError as exc:
        print(f"dragoman: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
