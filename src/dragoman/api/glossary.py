"""/api/v1/glossary: the forced translations of names, per language pair (as `dragoman glossary`)."""

from django.db import IntegrityError
from ninja import Field, Query, Router, Schema

from dragoman.api.auth import require
from dragoman.api.errors import conflict, invalid, not_found
from dragoman.api.schemas import Error, Language, TermChange, TermIn, TermOut
from dragoman.articles.models import GlossaryTerm

router = Router(tags=["glossary"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


class TermFilter(Schema):
    source_language: Language | None = Field(None)
    target_language: Language | None = Field(None)


def _term(pk: int) -> GlossaryTerm:
    term = GlossaryTerm.objects.filter(pk=pk).first()
    if term is None:
        raise not_found("glossary term", pk)
    return term


@router.get("/glossary", response={200: list[TermOut], **ERRORS}, summary="The glossary's terms")
def list_terms(request, filters: Query[TermFilter]):
    require(request, "articles.view_glossaryterm")
    terms = GlossaryTerm.objects.order_by("source_language", "target_language", "source_term")
    if filters.source_language:
        terms = terms.filter(source_language=filters.source_language)
    if filters.target_language:
        terms = terms.filter(target_language=filters.target_language)
    return list(terms)


@router.post("/glossary", response={201: TermOut, 200: TermOut, **ERRORS}, summary="Add a term (or change the pair's term for the same name)")
def add_term(request, payload: TermIn):
    require(request, "articles.add_glossaryterm", "articles.change_glossaryterm")
    if payload.source_language == payload.target_language:
        raise invalid("target_language", "target_language: must differ from source_language")
    term, created = GlossaryTerm.objects.update_or_create(
        source_language=payload.source_language, target_language=payload.target_language, source_term=payload.source,
        defaults={"target_term": payload.target, "kind": payload.kind, "note": payload.note},
    )  # fmt: skip
    return (201 if created else 200), term


@router.patch("/glossary/{term_id}", response={200: TermOut, **ERRORS}, summary="Change a term")
def change_term(request, term_id: int, payload: TermChange):
    require(request, "articles.change_glossaryterm")
    term = _term(term_id)
    given = payload.model_dump(exclude_unset=True)
    if not given:
        raise invalid("body", "nothing to change: give target, kind or note")
    for name, value in given.items():
        if value is None:
            raise invalid(name, f"{name} cannot be null")
        setattr(term, {"target": "target_term"}.get(name, name), value)
    try:
        term.save()
    except IntegrityError as exc:
        raise conflict(str(exc)) from None
    return term


@router.delete("/glossary/{term_id}", response={204: None, **ERRORS}, summary="Delete a term")
def delete_term(request, term_id: int):
    require(request, "articles.delete_glossaryterm")
    _term(term_id).delete()
    return 204, None
