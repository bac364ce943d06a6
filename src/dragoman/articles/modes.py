"""Translation modes: what of an article reaches the engine, and an editor's upgrade of a partial
translation to a full one.

A source's ``mode`` (:class:`~dragoman.sources.models.Source.Mode`) is copied onto each translation planned
for its articles (:meth:`dragoman.articles.pipeline.Pipeline.plan_translations`):

``full`` (the default)
    headline, standfirst, lead-image caption, tags and body.
``lead``
    the headline and the article's lead: its standfirst (``Article.subtitle``), or, for an article that has
    none, the text of its first paragraph (:func:`lead_of`). The translated lead is stored as the
    translation's standfirst (``Translation.subtitle``).
``title``
    the headline alone.

A partial translation never sends the body, the caption or the tags to the engine; its ``body_html`` stays
empty, and the site shows it as what it is (:mod:`dragoman.publish.partial`). :func:`upgrade_to_full` turns
it into a full translation that goes through the translate and publish steps again: the headline (and the
standfirst) come back from the translation memory, so only what was not translated yet is paid for.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from lxml import etree
from lxml import html as lxml_html

from dragoman.articles.models import Article, Translation

FULL, LEAD, TITLE = Translation.Mode.FULL, Translation.Mode.LEAD, Translation.Mode.TITLE
PARTIAL = (LEAD, TITLE)


class UpgradeError(Exception):
    """A translation that cannot be upgraded to full: the message says why, in one line."""


def lead_of(article: Article) -> str:
    """The article's lead as plain text: its standfirst, or the text of the first paragraph of its body that
    has any ("" when it has neither)."""
    if article.subtitle.strip():
        return article.subtitle.strip()
    if not article.body_html.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(article.body_html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for paragraph in root.iter("p"):
        text = " ".join(paragraph.text_content().split())
        if text:
            return text
    return ""


def partial_parts(article: Article, mode: str) -> list[tuple[str, str]]:
    """The parts of ``article`` a translation in ``mode`` (lead or title) sends to the engine, as (part,
    plain text): the headline, and in lead mode the lead (:func:`lead_of`) as the standfirst."""
    parts = [("title", article.title)]
    if mode == LEAD:
        parts.append(("subtitle", lead_of(article)))
    return [(name, value) for name, value in parts if value]


def upgrade_to_full(translation_id: int) -> Translation:
    """Make a partial (lead or title) translation a full one: its mode set to full and its state back to
    pending, so the translate step translates the whole article (the parts already translated come from
    the translation memory) and the publish step publishes it again, in place: the same translation, the
    same address (a new slug redirects from the old one), the same WordPress posts, its first publication
    time kept. A worker holding the row loses its claim (what it was writing is rolled back).

    Raises :class:`UpgradeError` for a translation that does not exist, is already full, was set aside (no
    engine here translates its language) or was rejected by an editor."""
    return retranslate(translation_id, full=True)


def retranslate(translation_id: int, *, engine: str | None = None, full: bool = False) -> Translation:
    """Translate a translation again, in place as :func:`upgrade_to_full` does: with ``engine`` (another engine
    than the one that made it, usable here for the pair), and/or in ``full`` when it was partial. An editor may
    retranslate a rejected translation with another engine (it comes back to review or is published, as its
    source says).

    Raises :class:`UpgradeError` saying why it cannot be done: no such translation, nothing asked, the same
    engine, an engine not usable for the pair, another translation of the article by that engine, a
    translation set aside, or (with no other engine) rejected."""
    from dragoman.translate.engines import EngineUnavailable, usable_engine

    if engine is None and not full:
        raise UpgradeError("nothing to do: give another engine, or ask for the full translation")
    with transaction.atomic():
        translation = Translation.objects.select_for_update().filter(pk=translation_id).first()
        if translation is None:
            raise UpgradeError(f"no translation {translation_id}")
        if full and engine is None and translation.mode == FULL:
            raise UpgradeError(f"translation {translation_id} is already a full translation")
        if translation.state == Translation.State.SET_ASIDE:
            raise UpgradeError(f"translation {translation_id} is set aside, nothing to translate: {translation.error}")
        if translation.state == Translation.State.REJECTED and engine is None:
            raise UpgradeError(f"translation {translation_id} was rejected by an editor")
        changes = {"mode": FULL} if full else {}
        if engine is not None:
            if engine == translation.engine:
                raise UpgradeError(f"translation {translation_id} was made by {engine} already; name another engine")
            article = Article.objects.select_related("entry__source").get(pk=translation.article_id)
            try:
                usable_engine(engine, article.source_language, translation.target_language)
            except EngineUnavailable as exc:
                raise UpgradeError(str(exc)) from None
            if Translation.objects.filter(article_id=translation.article_id, target_language=translation.target_language,
                                          engine=engine).exists():  # fmt: skip
                raise UpgradeError(f"the article already has a {translation.target_language} translation by {engine}")
            changes["engine"] = engine
        changes.update(state=Translation.State.PENDING, error="", attempts=0,
                       claimed_by="", lease_until=None)  # a worker's claim on the row is void  # fmt: skip
        for name, value in changes.items():
            setattr(translation, name, value)
        Translation.objects.filter(pk=translation.pk).update(**changes)
        # the search index and whatever follows the row hear of it, as of a save (it leaves the site until
        # the new translation is published)
        post_save.send(sender=Translation, instance=translation, created=False, raw=False, using=translation._state.db,
                       update_fields=frozenset(changes))  # fmt: skip
    return translation
