"""Search over the published translations and their originals.

Both the texts and the query go through :func:`normalize`, so spelling variants find each other: case and
Latin accents are folded, and Arabic is normalized the way Arabic search engines do it: diacritics
(harakat, shadda, sukun, superscript alef) and tatweel removed; alef with hamza or madda and alef wasla
folded to bare alef; waw and ya with hamza to waw and ya, a lone hamza dropped; ta marbuta folded to ha,
alef maqsura to ya; the definite article (with its attached conjunctions and prepositions: وال، بال، كال،
فال، لل) taken off; Arabic-Indic digits read as digits. A reader who types مسوول or الاسلام without hamza, or
leaves out the vowels, finds مسؤول and الإسلام; one who writes "medico" finds "médico".

The index: a :class:`~dragoman.publish.models.SearchEntry` row per published translation, kept in step by a
signal on :class:`~dragoman.articles.models.Translation` (sent by ``save()`` and by a step's
:func:`~dragoman.leases.settle`), and by nothing else. On SQLite (the default) an FTS5 table over those
rows answers queries, ranked by BM25 with titles weighing most; on PostgreSQL, full-text search with a GIN
index (``simple`` configuration: the normalization above does the language work). Both match every word of
the query, each as a prefix.

    from dragoman.publish.search import search
    translations = search("مسوول", language="ar")
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models.signals import post_save
from django.dispatch import receiver

from dragoman.articles.models import Translation
from dragoman.marks import combining_marks
from dragoman.publish.models import SearchEntry

#: Arabic letters folded to one form (after NFKD has split hamza and madda off alef, waw and ya).
_FOLD = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0629": "\u0647",  # ta marbuta -> ha
        "\u0649": "\u064a",  # alef maqsura -> ya
        "\u06cc": "\u064a",  # Farsi yeh -> ya
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0640": None,  # tatweel
        "\u0621": None,  # a lone hamza
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic digits
    }
)
#: The definite article and the particles written joined to it, longest first, at the start of a word.
_ARTICLE = re.compile(r"(?<!\w)(?:وال|بال|كال|فال|لل|ال)(?=\w{2,})")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Either of the two above: one scan tells whether either step is needed at all.
_ARABIC_OR_ASTRAL = re.compile("[\u0600-\u06ff\U00010000-\U0010ffff]")
_NON_WORD = re.compile(r"\W+")


def normalize(text: str) -> str:
    """The searchable form of a text: words separated by single spaces, folded as the module describes.

    Each step works on the whole string (NFKD, combining marks removed by a pattern, the Arabic folding by
    ``str.translate`` and the article by a pattern only when there is Arabic, ``casefold``, the words joined);
    ``tests/publish/test_search_normalize.py`` holds it to the character-by-character version it replaced."""
    folded = unicodedata.normalize("NFKD", text or "")
    if not folded.isascii():
        within, beyond = combining_marks()
        folded = within.sub("", folded)
        special = _ARABIC_OR_ASTRAL.search(folded) is not None
        if special and _ASTRAL.search(folded):
            folded = beyond.sub("", folded)
        if special and _ARABIC.search(folded):
            folded = _ARTICLE.sub("", folded.translate(_FOLD).casefold())
        else:
            folded = folded.casefold()
    else:
        folded = folded.lower()  # casefold() of ASCII
    return _NON_WORD.sub(" ", folded).strip(" ")


def plain_text(html: str) -> str:
    from lxml import html as lxml_html

    if not html or not html.strip():
        return ""
    return lxml_html.fragment_fromstring(html, create_parent="div").text_content()


def tag_slugs(tags: list[str]) -> str:
    """Tags as the tag pages' slugs, each between bars, so that ``contains="|slug|"`` finds exactly one."""
    from django.utils.text import slugify

    slugs = [slugify(tag, allow_unicode=True) for tag in tags]
    return "|" + "|".join(s for s in slugs if s) + "|" if any(slugs) else ""


# --- keeping the index in step ---------------------------------------------------------------------------------


_ENTRY_FIELDS = ["language", "title", "body", "original_title", "original_body", "tags"]


def index(translation: Translation) -> None:
    """Add, refresh or remove the translation's entry: only published translations are found."""
    if translation.state != Translation.State.PUBLISHED:
        SearchEntry.objects.filter(translation=translation).delete()
        return
    article = translation.article
    entry = SearchEntry(
        translation=translation,
        language=translation.target_language,
        title=normalize(translation.title),
        body=normalize(f"{translation.subtitle} {plain_text(translation.body_html)}"),
        original_title=normalize(article.title),
        original_body=normalize(f"{article.subtitle} {plain_text(article.body_html)}"),
        tags=tag_slugs(article.tags),
    )
    # one statement, insert or update (INSERT ... ON CONFLICT DO UPDATE; the FTS5 triggers follow either way)
    SearchEntry.objects.bulk_create(
        [entry], update_conflicts=True, unique_fields=["translation"], update_fields=_ENTRY_FIELDS
    )


def reindex() -> int:
    """Rebuild every entry (after an import, or a change to the normalization). Returns the count."""
    SearchEntry.objects.exclude(translation__state=Translation.State.PUBLISHED).delete()
    published = Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article")
    for translation in published.iterator():
        index(translation)
    return published.count()


@receiver(post_save, sender=Translation, dispatch_uid="dragoman-search-index")
def _translation_saved(
    sender, instance: Translation, created: bool = False, raw: bool = False, settled: bool = False, **kwargs
) -> None:
    """The one place the index follows the translations: every ``save()`` (an editor's correction, the admin)
    and every step's write (:func:`dragoman.leases.settle`, which announces itself the same way)."""
    if raw:
        return
    if instance.state != Translation.State.PUBLISHED and (created or settled):
        return  # a new row has no entry to remove, and no step takes a translation out of published
    index(instance)


# --- querying --------------------------------------------------------------------------------------------------

#: Most results one query returns (enough pages for a reader; the rest is noise).
MAX_RESULTS = 500


def search(query: str, *, language: str | None = None) -> list[Translation]:
    """Published translations matching every word of ``query`` (in the translation or its original), best
    first; ``language`` limits them to one target language."""
    words = normalize(query).split()
    if not words:
        return []
    if connection.vendor == "postgresql":
        ids = _postgresql(words, language)
    else:
        ids = _sqlite(words, language)
    found = Translation.objects.select_related("article__entry__source").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def _sqlite(words: list[str], language: str | None) -> list[int]:
    match = " ".join(f'"{word}"*' for word in words)  # words are \w+ only: nothing to escape
    sql = (
        "SELECT e.translation_id FROM publish_search_fts f JOIN publish_searchentry e ON e.id = f.rowid "
        "WHERE publish_search_fts MATCH %s" + (" AND e.language = %s" if language else "") +
        " ORDER BY bm25(publish_search_fts, 10.0, 1.0, 5.0, 1.0) LIMIT %s"
    )  # fmt: skip
    params = [match, *([language] if language else []), MAX_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _postgresql(words: list[str], language: str | None) -> list[int]:
    tsquery = " & ".join(f"{word}:*" for word in words)  # words are \w+ only: nothing to escape
    sql = (
        "SELECT translation_id FROM publish_searchentry WHERE document @@ to_tsquery('simple', %s)"
        + (" AND language = %s" if language else "")
        + " ORDER BY ts_rank(document, to_tsquery('simple', %s)) DESC LIMIT %s"
    )
    params = [tsquery, *([language] if language else []), tsquery, MAX_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
