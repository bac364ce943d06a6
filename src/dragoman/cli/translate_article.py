"""`dragoman translate-article ID --full`: an editor's upgrade of a partial (lead or title) translation to a
full one (:func:`dragoman.articles.modes.upgrade_to_full`)."""

from __future__ import annotations

from dragoman.articles.modes import UpgradeError, upgrade_to_full
from dragoman.cli.common import CommandError


def translate_article(args) -> int:
    try:
        translation = upgrade_to_full(args.id)
    except UpgradeError as exc:
        raise CommandError(str(exc)) from None
    print(f"translation {translation.pk} ({translation.target_language}) will be translated in full: "
          "the next `dragoman run`, or a running worker, translates and publishes it")  # fmt: skip
    return 0
