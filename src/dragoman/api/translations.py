"""/api/v1/translations: read, and what an editor does in the review queue (approve, reject, correct block
by block) and retranslate (in full, or with another engine). The same functions as the queue's and
`dragoman translate-article`'s."""

from ninja import Field, Query, Router
from ninja.pagination import CursorPagination, paginate

from dragoman.api.auth import require
from dragoman.api.errors import ApiError, conflict, invalid, not_found
from dragoman.api.reading import PAGE, Dates, dated
from dragoman.api.schemas import CorrectionOut, Error, Language, Rejection, Retranslation, TranslationDetail, TranslationEdit, TranslationOut  # noqa: E501
from dragoman.articles.models import Translation
from dragoman.articles.modes import UpgradeError, retranslate
from dragoman.publish.blocks import blocks, inner_html
from dragoman.review.editing import ReviewError, approve, correct, reject
from dragoman.translate.engines import EngineUnavailable, usable_engine

router = Router(tags=["translations"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}
REVIEWER = "articles.review_translation"


class TranslationFilter(Dates):
    state: Translation.State | None = None
    source: int | None = Field(None, description="a source's id")
    language: Language | None = Field(None, description="the target language")
    story: int | None = Field(None, description="a story's id")


def _rows():
    return Translation.objects.select_related("article__entry")


def _translation(pk: int) -> Translation:
    translation = _rows().select_related("article__entry__source").filter(pk=pk).first()
    if translation is None:
        raise not_found("translation", pk)
    return translation


def _detail(translation: Translation) -> Translation:
    """The translation with its blocks and its original's, as TranslationDetail shows them."""
    translation.blocks = [inner_html(b) for b in blocks(translation.body_html)]
    translation.original_blocks = [inner_html(b) for b in blocks(translation.article.body_html)]
    return translation


@router.get("/translations", response={200: list[TranslationOut], **ERRORS}, summary="Translations (since/until: when planned)")
@paginate(CursorPagination, **PAGE)
def list_translations(request, filters: Query[TranslationFilter]):
    require(request, "articles.view_translation")
    rows = _rows()
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    if filters.source is not None:
        rows = rows.filter(article__entry__source_id=filters.source)
    if filters.language is not None:
        rows = rows.filter(target_language=filters.language)
    if filters.story is not None:
        rows = rows.filter(article__story_member__story_id=filters.story)
    return dated(rows, "created_at", filters)


@router.get("/translations/{translation_id}", response={200: TranslationDetail, **ERRORS}, summary="One translation, with its blocks")
def get_translation(request, translation_id: int):
    require(request, "articles.view_translation")
    return _detail(_translation(translation_id))


@router.patch("/translations/{translation_id}", response={200: CorrectionOut, **ERRORS},
              summary="Correct the title, standfirst or blocks, as the review queue does")  # fmt: skip
def edit(request, translation_id: int, payload: TranslationEdit):
    require(request, REVIEWER)
    translation = _translation(translation_id)
    if payload.blocks is not None:
        count = len(blocks(translation.body_html))
        if len(payload.blocks) != count:
            raise invalid("blocks", f"blocks: the translation has {count} blocks, {len(payload.blocks)} were given")
    try:
        correction = correct(translation, title=payload.title, subtitle=payload.subtitle, body_blocks=payload.blocks,
                             editor=request.auth, note=payload.note,
                             glossary=[(pair.source, pair.target) for pair in payload.glossary])  # fmt: skip
    except ReviewError as exc:
        raise conflict(str(exc)) from None
    return {"translation": _detail(_translation(translation_id)), "changed": correction.revision is not None,
            "learned": correction.learned, "skipped": correction.skipped,
            "glossary": [str(term) for term in correction.terms]}  # fmt: skip


@router.post("/translations/{translation_id}/approve", response={200: TranslationDetail, **ERRORS}, summary="Publish a translation held for review")
def approve_translation(request, translation_id: int):
    require(request, REVIEWER)
    translation = _translation(translation_id)
    try:
        approve(translation, request.auth)
    except ReviewError as exc:
        raise conflict(str(exc)) from None
    return _detail(_translation(translation_id))


@router.post("/translations/{translation_id}/reject", response={200: TranslationDetail, **ERRORS}, summary="Refuse a translation held for review")
def reject_translation(request, translation_id: int, payload: Rejection):
    require(request, REVIEWER)
    translation = _translation(translation_id)
    try:
        reject(translation, request.auth, payload.note)
    except ReviewError as exc:
        raise conflict(str(exc)) from None
    return _detail(_translation(translation_id))


@router.post("/translations/{translation_id}/retranslate", response={202: TranslationDetail, **ERRORS},
             summary="Translate again: with another engine, and/or in full")  # fmt: skip
def retranslate_translation(request, translation_id: int, payload: Retranslation):
    require(request, REVIEWER)
    translation = _translation(translation_id)
    if payload.engine is None and not payload.full:
        raise invalid("engine", "engine: name another engine, or ask for full: true")
    if payload.engine is not None:
        try:  # the engine must be usable for the pair: a wrong value is the request's fault (400), not the row's
            usable_engine(payload.engine, translation.article.source_language, translation.target_language)
        except EngineUnavailable as exc:
            raise invalid("engine", f"engine: {exc}") from None
    try:
        retranslate(translation_id, engine=payload.engine, full=payload.full)
    except UpgradeError as exc:
        raise ApiError(409, "conflict", str(exc), "engine" if payload.engine else "full") from None
    return 202, _detail(_translation(translation_id))
