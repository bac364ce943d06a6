"""What the site's pages show of the stories (read by :mod:`dragoman.publish.views` and its feeds).

A member's link is to its published translation on this site (in the language asked for, else in the site's,
else in any), or to the original when none is published (an article written in the site's language is not
republished). Near-duplicates are shown once: an original's page says where its copies ran ("also published
by"), and a copy is listed only where its original is not published in the same language
(:func:`without_duplicates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from dragoman.articles.models import Article, Translation
from dragoman.stories.models import Story, StoryMember

#: Stories listed on the home page and in the feed.
HOME_STORIES, FEED_STORIES = 6, 50


@dataclass
class Shown:
    """A member as a page lists it."""

    article_id: int
    title: str
    title_language: str  # the language ``title`` is written in
    source: str
    language: str  # the original's
    published: datetime
    url: str
    on_site: bool  # the link is to a translation on this site (else to the original)
    url_language: str
    duplicate_of: int | None
    original_url: str


@dataclass
class Group:
    """The members of a story from one source in one language."""

    source: str
    language: str
    members: list[Shown] = field(default_factory=list)


def listed_stories() -> QuerySet:
    """Stories of two articles or more, the latest update first (one article alone is no story to list)."""
    return Story.objects.filter(size__gte=2).order_by("-last_update", "-pk")


def story_of(article_id: int) -> Story | None:
    member = StoryMember.objects.select_related("story").filter(article_id=article_id).first()
    return member.story if member else None


def shown_members(story: Story, language: str) -> list[Shown]:
    """Every member of ``story``, oldest first, each linked as the module says."""
    members = list(story.members.select_related("article").order_by("published", "pk"))
    return _shown(members, language)


def grouped(shown: list[Shown]) -> list[Group]:
    """Members by source and language (sources in the order they first reported it)."""
    groups: dict[tuple[str, str], Group] = {}
    for member in shown:
        key = (member.source, member.language)
        groups.setdefault(key, Group(member.source, member.language)).members.append(member)
    return list(groups.values())


def also_reported(article_id: int, language: str) -> list[Shown]:
    """The other members of the article's story, but the article's own near-duplicates (those say "also
    published by") and the copies of another member (their original stands for them)."""
    member = StoryMember.objects.filter(article_id=article_id).first()
    if member is None:
        return []
    others = (
        member.story.members.select_related("article")
        .exclude(article_id=article_id)
        .exclude(duplicate_of_id=article_id)
        .order_by("published", "pk")
    )
    members = list(others)
    present = {m.article_id for m in members} | {article_id}
    kept = [m for m in members if m.duplicate_of_id is None or m.duplicate_of_id not in present]
    return _shown(kept, language)


def also_published(article_id: int, language: str) -> list[Shown]:
    """The near-duplicates of the article (wire copies that ran elsewhere), each with where it ran."""
    copies = StoryMember.objects.select_related("article").filter(duplicate_of_id=article_id).order_by("published", "pk")
    return _shown(list(copies), language)


def without_duplicates(translations: QuerySet) -> QuerySet:
    """The translations but those of a near-duplicate whose original is published in the same language."""
    original_shown = Translation.objects.filter(
        article=OuterRef("article__story_member__duplicate_of"),
        target_language=OuterRef("target_language"),
        state=Translation.State.PUBLISHED,
    )
    return translations.exclude(Exists(original_shown))


def _shown(members: list[StoryMember], language: str) -> list[Shown]:
    links = _links([m.article_id for m in members], language)
    shown = []
    for m in members:
        article: Article = m.article
        link = links.get(m.article_id)
        if link is not None:  # its translation on this site
            url, url_language, title, title_language, on_site = link[0], link[1], link[2], link[1], True
        else:  # the original; its title as compared (in the site's language) where there is one
            url, url_language, on_site = article.original_url, m.language, False
            title = m.title or article.title
            title_language = settings.SITE_LANGUAGE if m.title else m.language
        shown.append(
            Shown(
                article_id=m.article_id,
                title=title or article.title,
                title_language=title_language,
                source=m.source_name,
                language=m.language,
                published=m.published,
                url=url,
                on_site=on_site,
                url_language=url_language,
                duplicate_of=m.duplicate_of_id,
                original_url=article.original_url,
            )
        )
    return shown


def _links(article_ids: list[int], language: str) -> dict[int, tuple[str, str, str]]:
    """(address, language, title) of each article's published translation: in ``language``, else the site's,
    else any."""
    rank = {language: 0, settings.SITE_LANGUAGE: 1}
    best: dict[int, tuple[int, Translation]] = {}
    for t in Translation.objects.filter(article_id__in=article_ids, state=Translation.State.PUBLISHED).order_by("pk"):
        score = rank.get(t.target_language, 2)
        if t.article_id not in best or score < best[t.article_id][0]:
            best[t.article_id] = (score, t)
    return {
        pk: (reverse("dragoman:article", kwargs={"pk": t.pk, "slug": t.path_slug}), t.target_language, t.title)
        for pk, (_, t) in best.items()
    }
