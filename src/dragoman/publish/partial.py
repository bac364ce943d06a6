"""How a partial translation (a source's ``lead`` or ``title`` mode: :mod:`dragoman.articles.modes`) is shown:
honestly. The translated headline (and, in lead mode, the translated standfirst), then in place of a body a
note in the reader's language saying that only the headline (and standfirst) was translated, the original's
lead in the original's language (marked with its ``lang`` and ``dir``), and a prominent link to the original.
No body is made up, none is left empty-looking, and there is no side-by-side view of a body that was not
translated.

The article page, the feeds (Atom, RSS, JSON Feed) and the WordPress posts all show the same block
(``dragoman/_partial.html``); the search index has the translated headline and the original's text.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from dragoman.articles.models import Translation
from dragoman.articles.modes import lead_of
from dragoman.publish.attribution import render_phrase, site_name
from dragoman.publish.languages import direction, language_name
from dragoman.publish.phrases import phrases


def is_partial(translation: Translation) -> bool:
    return translation.mode != Translation.Mode.FULL


def partial_context(translation: Translation) -> dict | None:
    """What the partial block shows (None for a full translation)."""
    if not is_partial(translation):
        return None
    article = translation.article
    target, original = translation.target_language, article.source_language
    words = phrases(target)
    values = {"site": site_name(article), "source_language": language_name(original, target)}
    note = words["partial_lead"] if translation.mode == Translation.Mode.LEAD else words["partial_title"]
    return {
        "mode": translation.mode,
        "note": render_phrase(note, values),
        "lead_label": render_phrase(words["original_lead"], values),
        "lead": lead_of(article),
        "lead_lang": original,
        "lead_dir": direction(original),
        "link": render_phrase(words["read_original"], values),
        "url": article.original_url,
        "lang": target,
    }


def partial_html(translation: Translation) -> str:
    """The partial block as HTML (for the feeds and WordPress posts)."""
    return render_to_string("dragoman/_partial.html", {"partial": partial_context(translation)}).strip()


def shown_body(translation: Translation) -> str:
    """What stands for the body wherever a translation is put out: the translated body, or the partial block."""
    return partial_html(translation) if is_partial(translation) else translation.body_html
