"""Editors' review: correct a translation block by block beside its original, approve or reject it.

A correction is kept as a :class:`~dragoman.articles.models.Revision` (the engine's own text is kept too, as
the first revision, when an editor first changes it) and is taught to the translation memory: each edited
unit is stored as the translation of its source unit, under the same engine, version and language pair, so
when the same sentence comes again in another article the editor's wording is used instead of the
engine's. Names the editor marks go to the glossary of the pair, and a name whose form the editor changed is
offered for it (:mod:`dragoman.review.names`). Units are taught as the pipeline sent them: with their
names (and glossary terms) protected over the whole article (:mod:`dragoman.translate.names`).

Blocks are the top-level elements of a body (paragraphs, headings, lists, quotes, tables): translation keeps
the original's block structure, so block *n* of the translation is the translation of block *n* of the
original. The bilingual view pairs them the same way (:func:`dragoman.publish.blocks.paired_blocks`).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from lxml import html as lxml_html

from dragoman.articles.memory import DatabaseMemory
from dragoman.articles.models import GlossaryTerm, Revision, Translation
from dragoman.articles.pipeline import article_names, compose
from dragoman.publish.blocks import blocks, inner_html, outer_html
from dragoman.publish.publishing import publish, republish
from dragoman.review.names import offer
from dragoman.sanitize import sanitize_html, sanitize_text
from dragoman.translate.engines import get_engine
from dragoman.translate.markup import HtmlDocument
from dragoman.translate.memory import MemoryKey
from dragoman.translate.names import _rewrite, _visible, protect
from dragoman.translate.units import Atom, Close, Literal, Name, Open, Placeholder, Text, Unit, encode

log = logging.getLogger(__name__)


class ReviewError(Exception):
    """An editor's action that cannot be done (wrong state, a block count that does not match)."""


# --- blocks ---------------------------------------------------------------------------------------------------


def rebuild_body(translated_html: str, edited_inner: list[str]) -> str:
    """The translated body with block *n*'s content replaced by ``edited_inner[n]``: each block keeps its
    own element and attributes; the result is sanitized."""
    current = blocks(translated_html)
    if len(edited_inner) != len(current):
        raise ReviewError(f"the correction has {len(edited_inner)} blocks, the translation {len(current)}")
    out = []
    for element, content in zip(current, edited_inner):
        shell = element.makeelement(element.tag, dict(element.attrib))
        parsed = lxml_html.fragment_fromstring(content or "", create_parent="div") if content.strip() else None
        if _kept_note(element) and (parsed is None or not _kept_note(parsed)):
            # a unit kept in the original language, which the editor translated: no longer in that language
            shell.attrib.pop("lang", None)
            shell.attrib.pop("dir", None)
        if parsed is not None:
            shell.text = parsed.text
            for child in list(parsed):
                shell.append(child)
        out.append(lxml_html.tostring(shell, encoding="unicode"))
    return sanitize_html("\n".join(out))


def _kept_note(element) -> bool:
    """Whether ``element`` holds the note of a unit kept in the original language (a ``small`` in another
    language than the block's; see :mod:`dragoman.translate.degrade`)."""
    return any(
        isinstance(child.tag, str) and child.tag == "small" and child.get("lang") and child.get("lang") != element.get("lang")
        for child in element
    )


# --- corrections ---------------------------------------------------------------------------------------------


@dataclass
class Correction:
    revision: Revision | None
    learned: int = 0  # units taught to the translation memory
    terms: list[GlossaryTerm] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # units that could not be taught, and why
    names: list = field(default_factory=list)  # NameCorrection rows offered for the glossary


def save_correction(
    translation: Translation,
    *,
    title: str,
    subtitle: str,
    body_blocks: list[str],
    editor=None,
    note: str = "",
    glossary: list[tuple[str, str]] = (),
) -> Correction:
    """Store an editor's corrected title, standfirst and body blocks (inner HTML, one per block).

    Nothing changed: no revision. Otherwise the engine's text is kept as the first revision if it is not yet,
    the correction becomes a revision and the translation's text, the changed units go to the translation
    memory and ``glossary`` pairs (source term, target term) to the glossary of the language pair."""
    title, subtitle = sanitize_text(title).strip(), sanitize_text(subtitle).strip()
    body = rebuild_body(translation.body_html, body_blocks)
    source_language = translation.article.source_language
    correction = Correction(revision=None)
    with transaction.atomic():
        translation = Translation.objects.select_for_update().select_related("article__entry__source").get(pk=translation.pk)
        terms = []
        for source_term, target_term in glossary:
            source_term, target_term = sanitize_text(source_term).strip(), sanitize_text(target_term).strip()
            if source_term and target_term:
                term, _ = GlossaryTerm.objects.update_or_create(
                    source_language=source_language,
                    target_language=translation.target_language,
                    source_term=source_term,
                    defaults={"target_term": target_term},
                )
                terms.append(term)
        correction.terms = terms
        if (title, subtitle, body) == (translation.title, translation.subtitle, translation.body_html):
            return correction
        if not translation.revisions.exists():
            Revision.objects.create(
                translation=translation,
                kind=Revision.Kind.MACHINE,
                title=translation.title,
                subtitle=translation.subtitle,
                body_html=translation.body_html,
                created_at=translation.translated_at or translation.created_at,
            )
        before = {"title": translation.title, "subtitle": translation.subtitle, "body": translation.body_html}
        correction.revision = Revision.objects.create(
            translation=translation, kind=Revision.Kind.EDIT, title=title, subtitle=subtitle, body_html=body,
            editor=editor, note=note[:300],
        )  # fmt: skip
        translation.title, translation.subtitle, translation.body_html = title, subtitle, body
        translation.save(update_fields=["title", "subtitle", "body_html"])
        correction.learned, correction.skipped = teach_memory(translation, before)
        correction.names = offer(translation, before)  # names the editor spelled otherwise: for the glossary
    return correction


#: States an editor may correct: held for review, or already out (a correction then updates the post).
EDITABLE = (Translation.State.REVIEW, Translation.State.TRANSLATED, Translation.State.PUBLISHED)


def correct(translation: Translation, *, title: str | None = None, subtitle: str | None = None,
            body_blocks: list[str] | None = None, editor=None, note: str = "",
            glossary: list[tuple[str, str]] = ()) -> Correction:  # fmt: skip
    """An editor's correction as the review queue makes it: what is not given stays as it is; a correction
    that changed something is published again where the translation is out (its page, its posts)."""
    if translation.state not in EDITABLE:
        raise ReviewError(f"translation {translation.pk} is {translation.state}: only a translation held for review, "
                          "translated or published can be corrected")  # fmt: skip
    current = [inner_html(block) for block in blocks(translation.body_html)]
    correction = save_correction(
        translation,
        title=translation.title if title is None else title,
        subtitle=translation.subtitle if subtitle is None else subtitle,
        body_blocks=current if body_blocks is None else body_blocks,
        editor=editor,
        note=note,
        glossary=glossary,
    )
    translation.refresh_from_db()
    if correction.revision is not None:
        republish(translation)
    return correction


def approve(translation: Translation, editor=None) -> bool:
    """Publish a translation held for review (on the site, and on its WordPress targets)."""
    if translation.state != Translation.State.REVIEW:
        raise ReviewError(f"translation {translation.pk} is {translation.state}, not waiting for review")
    return publish(translation.pk, approved=True)


def reject(translation: Translation, editor=None, reason: str = "") -> None:
    """Refuse a translation held for review: it is never published (the reason is kept)."""
    with transaction.atomic():
        translation = Translation.objects.select_for_update().get(pk=translation.pk)
        if translation.state != Translation.State.REVIEW:
            raise ReviewError(f"translation {translation.pk} is {translation.state}, not waiting for review")
        who = f" by {editor.get_username()}" if editor is not None and editor.is_authenticated else ""
        translation.state = Translation.State.REJECTED
        translation.error = f"rejected{who} on {timezone.now():%Y-%m-%d %H:%M}: {sanitize_text(reason).strip()}".rstrip(": ")
        translation.save(update_fields=["state", "error"])


# --- teaching the memory ---------------------------------------------------------------------------------------


def teach_memory(translation: Translation, before: dict[str, str]) -> tuple[int, list[str]]:
    """Store each unit the editor changed as the translation of its source unit. Returns how many were
    stored, and why the others could not be (a unit whose links or markup no longer match its source's)."""
    try:
        engine = get_engine(translation.engine)
    except Exception as exc:  # an engine no longer registered or configured: the correction stands alone
        return 0, [f"engine {translation.engine!r} unavailable ({exc}); the memory was not updated"]
    article = translation.article
    source_language = article.source_language
    terms = GlossaryTerm.terms_for(source_language, translation.target_language)
    native = bool(terms) and engine.native_glossary(source_language, translation.target_language, terms)
    version = translation.engine_version
    if native:  # the pipeline's key when the engine applies the glossary itself (translate.document._Run)
        digest = hashlib.sha256(json.dumps(sorted(terms.items()), ensure_ascii=False).encode()).hexdigest()
        version += f"; glossary {digest[:16]}"
    key = MemoryKey(translation.engine, version, source_language, translation.target_language)
    # The units as the pipeline sent them: names (and the glossary's terms) protected over the whole article.
    protected = _protected_units(translation, engine, terms, native)
    stand_in = engine.name_stand_in(source_language, translation.target_language)

    pairs: list[tuple[str, str, str]] = [
        ("title", article.title, translation.title if translation.title != before["title"] else ""),
        ("subtitle", article.subtitle, translation.subtitle if translation.subtitle != before["subtitle"] else ""),
    ]
    old_blocks = [outer_html(b) for b in blocks(before["body"])]
    for index, (original, new) in enumerate(zip(blocks(article.body_html), blocks(translation.body_html))):
        new_html = outer_html(new)
        if index >= len(old_blocks) or new_html != old_blocks[index]:
            pairs.append((f"block {index + 1}", outer_html(original), new_html))

    taught: dict[str, str] = {}
    skipped: list[str] = []
    for where, source_html, target_html in pairs:
        if not target_html:
            continue
        if where in ("title", "subtitle"):
            source_html, target_html = _as_paragraph(source_html), _as_paragraph(target_html)
        source_units = HtmlDocument(source_html, source=source_language).units
        source_units = [protected.get(unit.engine_text(markup=engine.handles_markup), unit) for unit in source_units]
        target_units = HtmlDocument(target_html, source=translation.target_language).units
        for source_unit, target_unit in zip(source_units, target_units):
            _mark_names(target_unit, source_unit, stand_in)
        if len(source_units) != len(target_units):
            skipped.append(f"{where}: {len(source_units)} units in the original, {len(target_units)} in the correction")
            continue
        for source_unit, target_unit in zip(source_units, target_units):
            tokens = _renumbered(source_unit, target_unit)
            if tokens is None:
                skipped.append(f"{where}: the markup of {target_unit.label} does not match the original's")
                continue
            taught[source_unit.engine_text(markup=engine.handles_markup)] = encode(tokens, markup=engine.handles_markup)
    if taught:
        DatabaseMemory().correct(key, taught)
    return len(taught), skipped


def _protected_units(translation: Translation, engine, terms: dict[str, str], native: bool) -> dict[str, Unit]:
    """The article's units as the pipeline protected them (:func:`dragoman.translate.names.protect` over the
    whole article), by the engine text each had before."""
    article = translation.article
    composed = compose(article)
    plain = HtmlDocument(composed, source=article.source_language).units
    document = HtmlDocument(composed, source=article.source_language)
    protect(
        document.units, article.source_language, translation.target_language, article_names(article),
        glossary=None if native else terms, leave=terms if native else (),
        stand_in=engine.name_stand_in(article.source_language, translation.target_language),
    )  # fmt: skip
    return {p.engine_text(markup=engine.handles_markup): q for p, q in zip(plain, document.units)}


def _mark_names(target: Unit, source: Unit, stand_in: str | None) -> None:
    """In an editor's corrected unit, the names (and glossary terms) of the source unit where their forms are
    written, as the same placeholders; a name the editor spelled otherwise is left as text."""
    wanted: list[tuple[str, Placeholder]] = []
    for placeholder in source.placeholders.values():
        if isinstance(placeholder, Name):
            wanted.append((placeholder.build(), placeholder))
        elif isinstance(placeholder, Literal) and not _URL_LIKE.match(placeholder.text):
            wanted.append((placeholder.text, placeholder))
    if not wanted:
        return
    text, pieces = _visible(target)
    taken: list[tuple[int, int, Placeholder]] = []
    for form, placeholder in wanted:
        for match in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            if not any(s < match.end() and match.start() < e for s, e, _ in taken):
                taken.append((match.start(), match.end(), placeholder))
                break
    taken = [(s, e, p) for s, e, p in taken if any(a <= s and e <= b for _, a, b in pieces)]
    if taken:
        _rewrite(target, pieces, sorted(taken, key=lambda t: t[0]), stand_in)


_URL_LIKE = re.compile(r"(?:https?://|ftp://|www\.)|[\w.+-]+@|</?x\d", re.IGNORECASE)


def _as_paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>" if text else ""


def _signature(placeholder: Placeholder) -> tuple:
    """What identifies a placeholder across languages: the element and where it points (Wrap, Keep, Frozen),
    or a literal's text (a URL, a glossary term)."""
    if isinstance(placeholder, Literal):
        return ("literal", placeholder.text)
    if isinstance(placeholder, Name):
        return ("name", placeholder.entry.key)
    element = placeholder.element
    kind = type(placeholder).__name__
    return (kind, element.tag, element.get("href"), element.get("src"))


def _renumbered(source: Unit, target: Unit):
    """The target unit's tokens with its placeholders numbered as their counterparts in the source unit,
    or None when the two do not hold the same elements."""
    available: dict[tuple, list[int]] = {}
    for number, placeholder in source.placeholders.items():
        available.setdefault(_signature(placeholder), []).append(number)
    mapping: dict[int, int] = {}
    for number, placeholder in target.placeholders.items():
        candidates = available.get(_signature(placeholder))
        if not candidates:
            return None
        mapping[number] = candidates.pop(0)
    if any(available.values()):
        return None
    renumbered = []
    for token in target.tokens:
        match token:
            case Open(n):
                renumbered.append(Open(mapping[n]))
            case Close(n):
                renumbered.append(Close(mapping[n] if n is not None else None))
            case Atom(n):
                renumbered.append(Atom(mapping[n]))
            case Text():
                renumbered.append(token)
            case _:
                return None
    return renumbered


__all__ = ["EDITABLE", "Correction", "ReviewError", "approve", "correct", "rebuild_body", "reject", "save_correction", "teach_memory"]
