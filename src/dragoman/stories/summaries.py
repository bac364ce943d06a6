"""A story's summary as the site stores it (:attr:`Story.summary`: sentence by sentence, each with its article
and source).

Extractive by default: sentences chosen from the members in the site's language by the grouping's
:func:`~dragoman.stories.summary.extractive_summary`, made again as members join (at every join while the story
is small, then as it grows by a fifth) and whenever an editor changes the story
(:func:`dragoman.stories.refresh.refresh_story`). Near-duplicates are left out: a wire copy would only
repeat its original's sentences.

Machine-written where ``DRAGOMAN_STORY_SUMMARY_ENGINE=openai``: an OpenAI-compatible model, configured as the
``openai`` translation engine is (``DRAGOMAN_OPENAI_URL``, ``DRAGOMAN_OPENAI_API_KEY``, ``DRAGOMAN_OPENAI_MODEL``;
:mod:`dragoman.translate.engines.openai`), is asked for a short neutral summary in the site's language from the
members' titles and texts (:data:`PROMPT`). It is stored marked machine-written, with the model's name; when the
model fails (unreachable, misconfigured, an empty or cut answer), the extractive summary stays, and the failure
is logged. What the model is sent is counted and held to the ``openai`` engine's budgets like a translation's
batches (:func:`dragoman.budgets.spending.reserve`, under no source): a spent budget keeps the extractive
summary. The model is asked again only as the story grows by half since its last summary (at 1, 2, 3, 5, 8,
12... members), so a story of n articles costs about log(n) requests, not n.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.utils import timezone

from dragoman.budgets.spending import reserve
from dragoman.stories.documents import member_doc
from dragoman.stories.models import Story, StoryMember
from dragoman.stories.summary import extractive_summary
from dragoman.translate.engines.openai import OpenAIEngine, language_name

log = logging.getLogger(__name__)

PROMPT = """\
You write the summary of a news story for a news site in {language}. The user sends several articles, from \
different sources, about the same event.
- Write a short, neutral summary in {language}: at most {sentences} sentences, one paragraph.
- Say only what the articles report; where they disagree, say who reports what. No opinion, no headline, \
no list, no preamble.
- Reply with the summary only."""

#: Characters of each member's text sent to the model, and of all of them together.
MEMBER_CHARS, PROMPT_CHARS = 1_500, 12_000


def extractive_rows(members: list[StoryMember]) -> list[dict]:
    """The extractive summary of ``members`` (those that are not near-duplicates), as stored."""
    docs = [member_doc(member) for member in members if member.duplicate_of_id is None] or [
        member_doc(member) for member in members
    ]
    chosen = extractive_summary(docs, sentences=settings.STORY_SUMMARY_SENTENCES)
    return [{"text": s.text, "article": _article_id(s.doc_id), "source": s.source} for s in chosen]


def summary_engine() -> OpenAIEngine:
    """The model that writes summaries, configured as the openai translation engine is."""
    return OpenAIEngine()


def write_machine_summary(story_id: int, engine: OpenAIEngine | None = None) -> bool:
    """Ask the model for the story's summary and store it, marked machine-written; False (the extractive
    summary kept, the failure logged) when it fails. Nothing is asked when the story's machine summary is
    already made from its current members; nothing is stored if members joined meanwhile (the placement
    that added them asks again)."""
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return False
    if story.summary_kind == Story.SummaryKind.MACHINE and story.size < next_summary_at(story.summary_members):
        return True
    members = list(story.members.select_related("article").order_by("published", "pk"))
    try:
        engine = engine or summary_engine()
        available, why = engine.availability()
        if not available:
            raise RuntimeError(why)
        instructions, articles = prompt(), members_text(members)
        reserve(engine.name, len(instructions) + len(articles), source_pk=0)  # counted, and held to its budgets
        text = " ".join(engine.complete(instructions, articles).split())
        if not text:
            raise RuntimeError("the model answered with nothing")
    except Exception as exc:
        log.warning("story %s: no machine-written summary, the extractive one stays: %s", story_id, exc)
        return False
    written = Story.objects.filter(pk=story_id, size=story.size).update(
        summary=[{"text": text, "article": None, "source": ""}],
        summary_kind=Story.SummaryKind.MACHINE,
        summary_engine=engine.model[:200],
        summary_members=story.size,
        summary_at=timezone.now(),
    )
    return bool(written)


def next_summary_at(members: int) -> int:
    """The story's size at which the model is asked again, its last summary made from ``members``: grown by half."""
    return max(members + 1, math.ceil(members * 1.5))


def prompt() -> str:
    return PROMPT.format(language=language_name(settings.SITE_LANGUAGE), sentences=settings.STORY_SUMMARY_SENTENCES)


def members_text(members: list[StoryMember]) -> str:
    """What the model reads: each member (near-duplicates left out) as its source, title and text."""
    parts, used = [], 0
    for number, member in enumerate((m for m in members if m.duplicate_of_id is None), 1):
        text = member.text[:MEMBER_CHARS]
        part = f"Article {number} ({member.source_name or 'unknown source'}): {member.title}\n{text}".strip()
        if used + len(part) > PROMPT_CHARS and parts:
            break
        parts.append(part)
        used += len(part)
    return "\n\n".join(parts)


def _article_id(doc_id: str) -> int | None:
    try:
        return int(doc_id)
    except (TypeError, ValueError):
        return None
