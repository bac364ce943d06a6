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
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from dragoman.articles.models import Article, Translation
from dragoman.stories.models import Story, StoryMember

#: Stories listed on the home page and in the feed.
HOME_STORIES, FEED_STORIES = 6, 50
#: Other reports of its story that an article's page lists, the earliest first (the story's page lists them all):
#: a bounded box, which a new report changes only while the story is small.
ALSO_REPORTED = 8

#: What a listed member needs of its row and its article (not the article's body).
_LISTED = ("article", "story", "published", "duplicate_of", "language", "source_name", "title",
           "article__title", "article__url", "article__canonical_url")  # fmt: skip


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


def shown_members(story: Story, language: str) -> list[Shown]:
    """Every member of ``story``, oldest first, each linked as the module says."""
    return shown_members_of([story], language)[story.pk]


def shown_members_of(stories: list[Story], language: str) -> dict[int, list[Shown]]:
    """:func:`shown_members` of each of ``stories`` (by pk), in two reads for all of them (a feed of stories)."""
    chosen = StoryMember.objects.filter(story_id__in=[story.pk for story in stories])
    members = list(chosen.select_related("article").only(*_LISTED).order_by("published", "pk"))
    by_story: dict[int, list[Shown]] = {story.pk: [] for story in stories}
    for member, shown in zip(members, _shown(members, language)):
        by_story[member.story_id].append(shown)
    return by_story


def grouped(shown: list[Shown]) -> list[Group]:
    """Members by source and language (sources in the order they first reported it)."""
    groups: dict[tuple[str, str], Group] = {}
    for member in shown:
        key = (member.source, member.language)
        groups.setdefault(key, Group(member.source, member.language)).members.append(member)
    return list(groups.values())


def listed_order(story_id: int) -> list[int]:
    """The articles of the story as its pages list them: oldest first, but the copies of another member (their
    original stands for them)."""
    members = StoryMember.objects.filter(story_id=story_id).order_by("published", "pk")
    rows = list(members.values_list("article_id", "duplicate_of_id"))
    present = {article_id for article_id, _ in rows}
    return [article_id for article_id, original in rows if original is None or original not in present]


@dataclass
class Box:
    """What an article's page shows of its story."""

    story: Story | None  # its story, when it has other members
    also_reported: list[Shown]  # the earliest ALSO_REPORTED other members, but copies (their original stands for them)
    also_published: list[Shown]  # the article's near-duplicates (wire copies that ran elsewhere), with where they ran


def article_box(article_id: int, language: str) -> Box:
    """The article's story, its earliest :data:`ALSO_REPORTED` other members (but the article's own copies,
    which say "also published by", and the copies of another member) and its copies: three reads (the earliest
    members are the story's :attr:`~Story.shown_head`, kept with it; read again where it has none), one when the
    article is its story's only member."""
    story = Story.objects.filter(members__article_id=article_id).only("pk", "title", "size", "shown_head").first()
    if story is None or story.size < 2:  # the article alone (its copies would be members): nothing more to read
        return Box(None, [], [])
    head = story.shown_head[2] if len(story.shown_head or []) == 3 else listed_order(story.pk)
    ids = [other for other in head if other != article_id][:ALSO_REPORTED]
    rows = list(
        StoryMember.objects.select_related("article").only(*_LISTED)
        .filter(Q(article_id__in=ids) | Q(duplicate_of_id=article_id)).order_by("published", "pk")
    )  # fmt: skip
    shown = {m.article_id: m for m in _shown(rows, language)}
    copies = [m for m in shown.values() if m.duplicate_of == article_id]  # never listed: their original is
    return Box(story, [shown[other] for other in ids if other in shown], copies)


def box_head(story: Story) -> list:
    """What every member's box is made of (:func:`article_box`'s "also reported by" and the story's link): the
    story's title, whether it is listed, and its first :data:`ALSO_REPORTED` + 1 articles. While it stays the
    same, a new member changes no other member's page."""
    return [story.title, story.size > 1, listed_order(story.pk)[: ALSO_REPORTED + 1]]


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
    found = Translation.objects.filter(article_id__in=article_ids, state=Translation.State.PUBLISHED)
    for t in found.only("pk", "article_id", "target_language", "slug", "title").order_by("pk"):
        score = rank.get(t.target_language, 2)
        if t.article_id not in best or score < best[t.article_id][0]:
            best[t.article_id] = (score, t)
    return {
        pk: (reverse("dragoman:article", kwargs={"pk": t.pk, "slug": t.path_slug}), t.target_language, t.title)
        for pk, (_, t) in best.items()
    }
