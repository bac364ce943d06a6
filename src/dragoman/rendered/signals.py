"""The rendered pages follow the rows they show, as the search index does: every ``save()`` of a translation
(an editor's correction, the admin) and every step's write (:func:`dragoman.leases.settle`, announced the same
way) marks the pages it changes in its own transaction, and renders the translation's own pages once it commits;
a story saved or removed (a placement, an editor's split or merge) marks the stories' pages and its members'."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dragoman.articles.models import Translation
from dragoman.rendered import addresses, folder, pages
from dragoman.stories.models import Story, StoryMember


@receiver(post_save, sender=Translation, dispatch_uid="dragoman-rendered-translation")
def _translation_saved(
    sender, instance: Translation, created: bool = False, raw: bool = False, settled: bool = False, **kwargs
) -> None:
    if raw:
        return
    if instance.state != Translation.State.PUBLISHED and (created or settled):
        return  # a step that leaves it unpublished changed no public page
    changed(instance)


def changed(translation: Translation) -> None:
    """Mark the pages that show ``translation`` (published, corrected, or taken off the site) and render its own
    once the transaction commits."""
    own = addresses.own_pages(translation)
    pages.mark([*own, *addresses.shared_pages(translation)])
    translation_id = translation.pk
    transaction.on_commit(lambda: _render_own(translation_id, own), robust=True)


def _render_own(translation_id: int, own: list[str]) -> None:
    # an address the translation no longer has (its slug made again): its folder goes, and Django redirects it
    current = {path.split("/")[3] for path in own}
    base = pages.root() / addresses.article_folder(translation_id)
    if base.is_dir():
        for other in base.iterdir():
            if other.name not in current:
                folder.remove_folder(base, other.name)
    pages.render_now(own)


@receiver(post_delete, sender=Translation, dispatch_uid="dragoman-rendered-translation-gone")
def _translation_deleted(sender, instance: Translation, **kwargs) -> None:
    """A translation deleted (in the admin, or with its article): its pages go, the listings follow."""
    try:
        changed(instance)
    except ObjectDoesNotExist:  # its article went first: its own pages, and the pages every article is on
        own = addresses.own_pages(instance)
        pages.mark([*own, *addresses.site_pages()])
        transaction.on_commit(lambda: _render_own(instance.pk, own), robust=True)


@receiver(post_save, sender=Story, dispatch_uid="dragoman-rendered-story")
@receiver(post_delete, sender=Story, dispatch_uid="dragoman-rendered-story-gone")
def _story_changed(sender, instance: Story, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    members = StoryMember.objects.filter(story_id=instance.pk).values("article_id")
    translations = Translation.objects.filter(article_id__in=members, state=Translation.State.PUBLISHED)
    own = [path for t in translations.only("pk", "slug") for path in addresses.own_pages(t)]
    pages.mark(["/", *addresses.story_pages(instance.pk), *own])
