"""The rendered pages follow the rows they show, as the search index does: every ``save()`` of a translation
(an editor's correction, the admin) and every step's write (:func:`dragoman.leases.settle`, announced the same
way) marks the pages it changes in its own transaction, and renders the translation's own pages once it commits;
a story saved or removed (a placement, an editor's split or merge) marks the story's pages (its own once it has
two articles), and those of its members whose box of other reports changed."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from dragoman.articles.models import Translation
from dragoman.rendered import addresses, folder, pages
from dragoman.rendered.rendering import known_reads
from dragoman.stories import pages as story_pages
from dragoman.stories.models import Story, StoryMember
from dragoman.stories.placing import PLACED

#: The attribute of a story being saved that says whether what its members' boxes show changed.
_HEAD_CHANGED = "shown_head_changed"


@receiver(post_save, sender=Translation, dispatch_uid="dragoman-rendered-translation")
def _translation_saved(
    sender, instance: Translation, created: bool = False, raw: bool = False, settled: bool = False, **kwargs
) -> None:
    if raw:
        return
    if instance.state != Translation.State.PUBLISHED and (created or settled):
        return  # a step that leaves it unpublished changed no public page
    changed(instance, known_reads(instance))  # its pages take the row as saved instead of reading it again


def changed(translation: Translation, shared: dict | None = None) -> None:
    """Mark the pages that show ``translation`` (published, corrected, or taken off the site) and render its own
    once the transaction commits (``shared``: what they may take as read, for :func:`pages.render_now`)."""
    own = addresses.own_pages(translation)
    pages.mark([*own, *addresses.shared_pages(translation)])
    translation_id = translation.pk
    transaction.on_commit(lambda: _render_own(translation_id, own, shared), robust=True)


def _render_own(translation_id: int, own: list[str], shared: dict | None = None) -> None:
    # an address the translation no longer has (its slug made again): its folder goes, and Django redirects it
    current = {path.split("/")[3] for path in own}
    base = pages.root() / addresses.article_folder(translation_id)
    if base.is_dir():
        for other in base.iterdir():
            if other.name not in current:
                folder.remove_folder(base, other.name)
    pages.render_now(own, shared)


@receiver(post_delete, sender=Translation, dispatch_uid="dragoman-rendered-translation-gone")
def _translation_deleted(sender, instance: Translation, **kwargs) -> None:
    """A translation deleted (in the admin, or with its article): its pages go, the listings follow."""
    try:
        changed(instance)
    except ObjectDoesNotExist:  # its article went first: its own pages, and the pages every article is on
        own = addresses.own_pages(instance)
        pages.mark([*own, *addresses.site_pages()])
        transaction.on_commit(lambda: _render_own(instance.pk, own), robust=True)


@receiver(pre_save, sender=Story, dispatch_uid="dragoman-rendered-story-head")
def _story_saving(sender, instance: Story, raw: bool = False, update_fields=None, **kwargs) -> None:
    """What its members' boxes show (:func:`~dragoman.stories.pages.box_head`), saved with the story, and whether
    that changed (for :func:`_story_saved`)."""
    if raw or (update_fields is not None and "shown_head" not in update_fields):
        return
    head = story_pages.box_head(instance) if instance.pk is not None else [instance.title, False, []]
    instance.__dict__[_HEAD_CHANGED] = head != instance.shown_head
    instance.shown_head = head


@receiver(post_save, sender=Story, dispatch_uid="dragoman-rendered-story")
def _story_saved(sender, instance: Story, raw: bool = False, **kwargs) -> None:
    """A story saved: its pages, and the pages of the members whose box of other reports changed. That is every
    member when what the boxes show changed, else only the member just placed (:data:`PLACED`) and the original
    it is a copy of (its "also published by")."""
    if raw:
        return
    placed: StoryMember | None = instance.__dict__.pop(PLACED, None)  # said for this save only
    if instance.__dict__.pop(_HEAD_CHANGED, True):
        articles = StoryMember.objects.filter(story_id=instance.pk).values("article_id")
    elif placed is not None:
        articles = [placed.article_id, *([placed.duplicate_of_id] if placed.duplicate_of_id else [])]
    else:
        articles = []
    _mark_story(instance.pk, articles, page=instance.size > 1 or pages.is_written(addresses.story_page(instance.pk)))


@receiver(post_delete, sender=Story, dispatch_uid="dragoman-rendered-story-gone")
def _story_deleted(sender, instance: Story, **kwargs) -> None:
    _mark_story(instance.pk, StoryMember.objects.filter(story_id=instance.pk).values("article_id"), page=True)


def _mark_story(story_id: int, articles, *, page: bool) -> None:
    """Mark the story's pages and the own pages of ``articles`` (its members whose box changed). ``page``: the story's
    own page with them; a story of one article has none rendered ahead (no page links it, and it is not indexed:
    Django answers it), unless one was written while it had more, which must follow it then."""
    translations = Translation.objects.filter(article_id__in=articles, state=Translation.State.PUBLISHED)
    own = [path for t in translations.only("pk", "slug") for path in addresses.own_pages(t)]
    pages.mark(["/", *addresses.story_pages(story_id if page else None), *own])
