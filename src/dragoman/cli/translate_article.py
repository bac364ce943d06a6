"""`dragoman translate-article ID [--full] [--engine NAME]`: an editor's upgrade of a partial (lead or title)
translation to a full one, or a retranslation with another engine (:func:`dragoman.articles.modes.retranslate`)."""

from __future__ import annotations

import sys

from dragoman.articles.modes import UpgradeError, retranslate
from dragoman.cli.common import EXIT_USAGE, CommandError


def translate_article(args) -> int:
    if not args.full and not args.new_engine:  # a usage error, as argparse reports one: what to do is not assumed
        print("dragoman translate-article: error: give --full, --engine NAME, or both (see --help)", file=sys.stderr)
        return EXIT_USAGE
    try:
        translation = retranslate(args.id, engine=args.new_engine, full=args.full)
    except UpgradeError as exc:
        raise CommandError(str(exc)) from None
    how = " ".join(filter(None, ["in full" if args.full else "", f"with {args.new_engine}" if args.new_engine else ""]))
    print(f"translation {translation.pk} ({translation.target_language}) will be translated {how}: "
          "the next `dragoman run`, or a running worker, translates and publishes it")  # fmt: skip
    return 0
