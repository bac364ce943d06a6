"""`dragoman publish wordpress`: translations as WordPress posts (targets are set up in the admin:
Publishing → WordPress targets); publishing again updates the same post. (``--plugin``: see
``wordpress_plugin``.)"""

from __future__ import annotations

import sys

from dragoman.articles.models import Translation
from dragoman.cli.common import EXIT_ERROR, CommandError
from dragoman.publish.models import WordPressTarget
from dragoman.publish.wordpress import WordPressError, WordPressPublisher


def wordpress(args) -> int:
    if not args.translation and not args.pending:
        raise CommandError("say what to publish: --translation ID (repeatable) or --pending")
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
