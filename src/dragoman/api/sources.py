"""/api/v1/sources: list, add (checked as `dragoman sources add` checks, by reading the source once), change,
disable, delete (refused while the source has published articles: disable it instead)."""

from django.conf import settings
from django.db import transaction
from ninja import Router

from dragoman.api.auth import require
from dragoman.api.errors import ApiError, conflict, invalid, not_found
from dragoman.api.schemas import Error, SourceChange, SourceIn, SourceOut
from dragoman.articles.models import Translation
from dragoman.sources.adding import NewSource, SourceError, add_source, change_source, editorial, engine_chain
from dragoman.sources.fetching import default_fetcher
from dragoman.sources.models import Source

router = Router(tags=["sources"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


def _source(pk: int) -> Source:
    source = Source.objects.filter(pk=pk).first()
    if source is None:
        raise not_found("source", pk)
    return source


def _refused(exc: SourceError) -> ApiError:
    return invalid(exc.field, exc.said_as(exc.field))


@router.get("/sources", response={200: list[SourceOut], **ERRORS}, summary="List the sources")
def list_sources(request):
    require(request, "sources.view_source")
    return list(Source.objects.order_by("pk"))


@router.post("/sources", response={201: SourceOut, 200: SourceOut, **ERRORS}, summary="Add a source (or update the one at its address)")
def add(request, payload: SourceIn):
    require(request, "sources.add_source", "sources.change_source")
    new = NewSource(url=payload.url, target_languages=payload.target_languages, source_language=payload.source_language,
                    engine=payload.engine or settings.DEFAULT_ENGINE, name=payload.name, kind=payload.kind,
                    poll_minutes=payload.poll_minutes, review=payload.review, mode=payload.mode,
                    priority=payload.priority, since_days=payload.since_days)  # fmt: skip
    try:
        with default_fetcher() as fetcher:
            added = add_source(new, fetcher)
    except SourceError as exc:
        raise _refused(exc) from None
    return (201 if added.created else 200), added.source


@router.get("/sources/{source_id}", response={200: SourceOut, **ERRORS}, summary="One source")
def get_source(request, source_id: int):
    require(request, "sources.view_source")
    return _source(source_id)


@router.patch("/sources/{source_id}", response={200: SourceOut, **ERRORS}, summary="Change a source")
def change(request, source_id: int, payload: SourceChange):
    require(request, "sources.change_source")
    source = _source(source_id)
    given = payload.model_dump(exclude_unset=True)
    if not given:
        raise invalid("body", "nothing to change: give at least one field")
    for name in ("name", "target_languages", "source_language", "engine", "review", "enabled"):
        if name in given and given[name] is None:
            raise invalid(name, f"{name} cannot be null")
    changes: dict = {}
    try:
        if given.get("poll_minutes", 1) is not None and given.get("poll_minutes", 1) < 1:
            raise SourceError("poll_minutes", "{field} must be at least 1")
        changes.update(editorial(given.get("mode"), given.get("priority"), given.get("since_days")))
        if {"engine", "target_languages", "source_language"} & given.keys():
            targets = given.get("target_languages", source.target_languages)
            language = given.get("source_language", source.source_language)
            chain = engine_chain(given.get("engine", source.engine), language, targets)
            changes.update(engine=",".join(chain), target_languages=targets, source_language=language)
    except SourceError as exc:
        raise _refused(exc) from None
    if given.get("poll_minutes") is not None:
        changes["poll_interval_minutes"] = given["poll_minutes"]
    if "since_days" in given and given["since_days"] is None:
        changes["since_days"] = None
    for name in ("name", "enabled"):
        if name in given:
            changes[name] = given[name]
    if "review" in given:
        changes["auto_publish"] = not given["review"]
    return change_source(source, **changes)


@router.post("/sources/{source_id}/disable", response={200: SourceOut, **ERRORS}, summary="Stop polling a source (its articles stay)")
def disable(request, source_id: int):
    require(request, "sources.change_source")
    return change_source(_source(source_id), enabled=False)


@router.delete("/sources/{source_id}", response={204: None, **ERRORS}, summary="Delete a source with nothing published")
def delete(request, source_id: int):
    require(request, "sources.delete_source")
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is None:
            raise not_found("source", source_id)
        published = Translation.objects.filter(article__entry__source=source, state=Translation.State.PUBLISHED).count()
        if published:
            raise conflict(f"source {source_id} has {published} published translation(s): deleting it would take them "
                           f"off the site; disable it instead (POST /api/v1/sources/{source_id}/disable)")  # fmt: skip
        source.delete()
    return 204, None
