"""/api/v1/entries and /api/v1/articles: what the sources brought, filtered, newest first, by cursor.

Pages are cut by the row's id (newest first), so a cursor keeps its place while new rows arrive: they come
before the first page, never inside the pages a client is walking through."""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import CursorPagination, paginate

from dragoman.api.auth import require
from dragoman.api.errors import not_found
from dragoman.api.schemas import ArticleDetail, ArticleOut, EntryOut, Error, Language
from dragoman.articles.models import Article, Entry

router = Router(tags=["entries and articles"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
PAGE = {"ordering": ("-pk",), "page_size": 50, "max_page_size": 200}


class Dates(Schema):
    since: datetime | None = Field(None, description="from this moment on (ISO 8601)")
    until: datetime | None = Field(None, description="before this moment (ISO 8601)")


class EntryFilter(Dates):
    state: Entry.State | None = None
    source: int | None = Field(None, description="a source's id")


class ArticleFilter(Dates):
    source: int | None = Field(None, description="a source's id")
    language: Language | None = Field(None, description="the original's language")
    story: int | None = Field(None, description="a story's id")


def dated(rows, field: str, dates: Dates):
    if dates.since is not None:
        rows = rows.filter(**{f"{field}__gte": dates.since})
    if dates.until is not None:
        rows = rows.filter(**{f"{field}__lt": dates.until})
    return rows


@router.get("/entries", response={200: list[EntryOut], **ERRORS}, summary="Entries (since/until: when discovered)")
@paginate(CursorPagination, **PAGE)
def list_entries(request, filters: Query[EntryFilter]):
    require(request, "articles.view_entry")
    rows = Entry.objects.all()
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.source is not None:
        rows = rows.filter(source_id=filters.source)
    return dated(rows, "created_at", filters)


@router.get("/entries/{entry_id}", response={200: EntryOut, **ERRORS}, summary="One entry")
def get_entry(request, entry_id: int):
    require(request, "articles.view_entry")
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise not_found("entry", entry_id)
    return entry


def _articles():
    return Article.objects.select_related("entry__source", "story_member").prefetch_related("translations")


@router.get("/articles", response={200: list[ArticleOut], **ERRORS}, summary="Articles (since/until: the original's date)")
@paginate(CursorPagination, **PAGE)
def list_articles(request, filters: Query[ArticleFilter]):
    require(request, "articles.view_article")
    rows = _articles()
    if filters.source is not None:
        rows = rows.filter(entry__source_id=filters.source)
    if filters.language is not None:
        rows = rows.filter(language=filters.language)
    if filters.story is not None:
        rows = rows.filter(story_member__story_id=filters.story)
    return dated(rows, "published_at", filters)


@router.get("/articles/{article_id}", response={200: ArticleDetail, **ERRORS}, summary="One article, its body too")
def get_article(request, article_id: int):
    require(request, "articles.view_article")
    article = _articles().filter(pk=article_id).first()
    if article is None:
        raise not_found("article", article_id)
    return article
