"""The publish step: a translated article put out on the built-in site, then on the WordPress sites its
source publishes to; and, after an editor's correction, its WordPress posts brought up to date.

It needs no fetcher and no engine: a worker runs it as the last step (:mod:`dragoman.runtime.steps`), and an
editor's approval (:func:`dragoman.review.editing.approve`) calls it directly. The search index follows the
translation's row on its own (:mod:`dragoman.publish.search`).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dragoman.articles.models import Translation
from dragoman.leases import held, settle
from dragoman.publish.models import Publication, WordPressTarget
from dragoman.publish.wordpress import WordPressError, publish_translation
from dragoman.stories.placing import place_after_commit

log = logging.getLogger(__name__)


def publish(translation_id: int, *, approved: bool = False) -> bool:
    """Put a translated article out: on the built-in site, then on the WordPress sites its source publishes
    to. A source that does not auto-publish holds it for an editor instead (state ``review``), and so does a
    translation with more than ``DRAGOMAN_MAX_DEGRADED_SHARE`` of its units degraded; the editor's approval
    calls this with ``approved=True``. A translation into the site's language is then placed into a story
(:mod:`dragoman.stories.placing`), once committed; a failure there is logged and tried again by the next pass,
and never fails the step. A WordPress site that fails does not undo the rest: the failure is
    logged and `dragoman publish wordpress --pending` tries again."""
    with transaction.atomic():
        # locked for the transaction (an editor's approval and a worker may come at once), unless held
        translation = held(
            Translation.objects.select_for_update(of=("self",)).select_related("article__entry__source"),
            translation_id,
        )
        in_review = translation.state == Translation.State.REVIEW
        if not (translation.state == Translation.State.TRANSLATED or (approved and in_review)):
            settle(translation, [])
            return False
        if not approved and (not translation.article.entry.source.auto_publish or too_degraded(translation)):
            translation.state = Translation.State.REVIEW
            settle(translation, ["state"])
            return False
        if translation.target_language == settings.SITE_LANGUAGE:
            # now comparable: placed into a story once this commits, the article as this step read it (a failure
            # there is logged, never the step's; the next pass tries again). Asked before the publication is
            # settled, so that it comes before the rendering of the article's own pages, which then show the story.
            place_after_commit(translation.article_id, translation.article)
        translation.state = Translation.State.PUBLISHED
        translation.published_at = translation.published_at or timezone.now()
        settle(translation, ["state", "published_at"])  # the search index follows (publish.search)
        # one statement; a publication already there (published before, then edited) stays as it is
        Publication.objects.bulk_create(
            [Publication(translation=translation, target=Publication.Target.SITE, wordpress=None)], ignore_conflicts=True
        )
    _to_wordpress(translation, WordPressTarget.for_translation(translation), "translation %s not published to WordPress %s: %s")
    return True


def republish(translation: Translation) -> None:
    """After a correction to a published translation: bring its WordPress posts up to date (the site and its
    search index read the row)."""
    if translation.state != Translation.State.PUBLISHED:
        return
    targets = WordPressTarget.objects.filter(publications__translation=translation).distinct()
    _to_wordpress(translation, targets, "corrected translation %s not updated on WordPress %s: %s")


def unpublish(translation_id: int) -> bool:
    """Take a published translation off the built-in site: it goes back to review, where an editor may approve
    it again. Its pages, the listings and feeds that showed it follow (:mod:`dragoman.rendered`), and so does the
    search index; its WordPress posts stay as they are. Whether it was published."""
    with transaction.atomic():
        translation = (
            Translation.objects.select_for_update(of=("self",))
            .select_related("article__entry__source")
            .filter(pk=translation_id, state=Translation.State.PUBLISHED)
            .first()
        )
        if translation is None:
            return False
        translation.state = Translation.State.REVIEW
        translation.save(update_fields=["state"])
        Publication.objects.filter(translation=translation, target=Publication.Target.SITE).delete()
    return True


def too_degraded(translation: Translation) -> bool:
    """Whether more of the translation's units were degraded than ``DRAGOMAN_MAX_DEGRADED_SHARE`` allows."""
    return translation.degraded_units > 0 and translation.degraded_share > settings.MAX_DEGRADED_SHARE


def _to_wordpress(translation: Translation, targets, failure: str) -> None:
    for target in targets:
        try:
            publish_translation(translation, [target])
        except WordPressError as exc:
            log.warning(failure, translation.pk, target.name, exc)
