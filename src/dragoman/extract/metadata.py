"""Page metadata: title, standfirst, authors, dates, language, site, canonical URL, lead image.

Every field is collected from several sources and the most trusted one that yields a usable
value wins. ``PageMetadata.sources`` records which source gave each field.

Order of trust (general rule, highest first)
--------------------------------------------
1. ``jsonld``      schema.org JSON-LD: NewsArticle, Article, ReportageNews, BlogPosting and
                   their kin, at the top level, in lists and in ``@graph``; ``@id`` references
                   resolved; author as a string, an object or a list of either.
2. ``opengraph``   ``og:*`` and ``article:published_time`` / ``article:modified_time`` /
                   ``article:author`` (an ``article:author`` that is a profile URL is ignored).
3. ``twitter``     Twitter cards (``twitter:title``, ``twitter:description``, ``twitter:image``).
4. ``meta``        other ``<meta name>``: author, description, date, pubdate, ``dc.*``,
                   ``dcterms.*``, ``parsely-*``, ``sailthru.*``, ``citation_*``...
5. ``microdata``   ``itemprop`` (headline, author, datePublished, dateModified, image...; the
                   ``title`` of a microformats ``<abbr>``) and ``<time datetime>`` in the
                   article header or byline.
6. ``page``        visible elements: the byline (``.byline``, ``rel=author``,
                   ``itemprop=author``, a "By ..." line under the headline), the ``<h1>``,
                   the ``<title>`` with its " | Site name" part removed; for the published date,
                   the date printed near the headline (see "Dates" below).
7. ``trafilatura`` trafilatura's own guess of the title, only asked when 1-6 found none. (Its
                   author guess is not asked: on real pages without an author it cost about a
                   quarter of the extraction time, a copy of the page searched with some fifty XPath
                   tests, and found no author that 1-6 had missed.)
8. ``htmldate``    the published date only, when 1-7 found none (markup and timestamps;
                   without its free-text search and without the URL, which come next).
9. ``url``         the published date only: a full date in the path of the page URL (or of its
                   canonical URL), ``/2026/11/05/story`` or ``/news/05-11-2026``. A day without a
                   time or zone: URLs keep the date a story was first filed under.
                   When the path has only the year and month (``/2025/09/story``), the first
                   date written in words in the article that falls in that month ("am Samstag,
                   6. September 2025", "March 2, 2026"); its source reads ``page+url``.
10. ``htmldate-extensive`` the published date only, the last resort: htmldate's free-text search
                   of the whole page. It may turn a lone "2025" into 1 January, and a page's
                   links carry other stories' dates: a first of the month not written as a full
                   date in the text, or a date found only in the path of a link to another page
                   ("/2025/09/02/other-story/"), is not taken. Measured on 508
                   real pages (htmldate's evaluation set): asked on the 14 pages 1-9 found no
                   date for, it gave the right day on 5 and a wrong one on 2; 3 of its answers
                   were set aside (all wrong: a date read only in a link, a 1 January, a 1 March
                   from "March"), 4 times it found none. It runs only there.

Dates
-----
The published date is the most trusted structured one (1-5, then a ``<time>`` anywhere in the
article, source ``page``), with two corrections. A moment given in UTC (``2023-11-09T01:09:55Z``)
is given in the page's own zone when the page says it: a naive local time of the same moment
written elsewhere (``<time datetime="2023-11-08 18:09:55">``, a second JSON-LD, the printed
"November 8, 2023 at 6:09 p.m.") gives the exact offset (``-07:00``; source
``"jsonld+microdata"``); else, when the day the page prints without a time, or the day in its
URL, is a day away from the UTC day, the moment is given in the offset nearest UTC that puts it
on that day (``"jsonld+page"``, ``"jsonld+url"``). Near midnight the UTC day is not the day the
story was published on.

A bare ``<meta name="date">`` does not say what date it is (publishing systems fill it with the
page's generation or last change too): a date printed after the headline on another day is taken
instead (source ``page``).

The original publication comes before the last change: a printed date the words before it call an
update ("Updated March 14, 2021") never replaces the published one. One exception, the story a
site has re-dated: when the structured data gives a publication date and a modification on
another day, and the page prints the modification's day under the headline as its date (nothing
calling it an update), the site publishes the story under that day (a buyer's guide revised and
put out again, "Test 2023"), and the modification date is taken (source ``"page+jsonld"``). On
the 508 real pages of htmldate's evaluation set, the 52 pages whose structured data gives both
dates on different days and that print one of them are all labelled with the printed one (44 the
publication, 8 the modification).

Without a structured date, the date printed near the headline (``page``): the first date after
the headline (within 700 characters of text) that stands on its own as datelines do (in a short
block, an element named for dates, or at the start of a paragraph; not inside a sentence, a
caption, a quote or a navigation, sharing or comments box), and that the words before it do not
call a change ("Updated", "Aktualisiert", "mis à jour"...) or something else ("Registered:",
"until"); else the nearest such date in the 250 characters before the headline; else the first
date that words anywhere in the article call its publication ("This entry was posted on ...",
"Veröffentlicht am ..." under a podcast's player). Dates are read
in words in some thirty languages ("7 октября 2020", "7 października 2020", "07 أكتوبر 2020",
"2020年10月7日"), and in numbers (day first with dots; with slashes American English writes the
month first, and a reading another source agrees with wins). Its time is kept when printed
("22/11/2020 - 04:30"), naive unless a zone is printed. A date found in the page (printed,
htmldate's) that is more than a day from the URL's date, or outside the URL's month, is another
story's and is not taken; neither is a date written only in the site's masthead (a ``<header>``
that does not hold the headline), which prints the day of the visit.

Site rules (``rules.SiteRules``), when the operator gave them for the site, come before all of
these: a title, author or date selector that matches wins, and its source reads ``rule``.

A source is skipped for a field when its value is unusable: an author equal to the site name
when another source names a person, a date that does not parse or is before 1990, a profile
URL given as an author. A date without a zone is replaced by a less trusted candidate saying
the same moment (or day) with a zone, so that ``published`` keeps the page's offset (its
source then reads like ``"jsonld+opengraph"``). A date string without a day ("14:30", "March
2026") is no date. Two more source names appear in ``sources``:
``http`` (the Content-Language response header) and ``url`` (the page URL or host name as the
last fallback for ``canonical_url`` and ``sitename``).

Exceptions to the general rule, each for a reason
-------------------------------------------------
- ``language``: ``<html lang>`` first (it is the page's own declaration for its text, the one
  browsers and screen readers use), then JSON-LD ``inLanguage``, ``og:locale``, the HTTP or
  ``<meta http-equiv>`` Content-Language, ``dc.language``. Normalised to ISO 639-1 ("en"). This is
  the page's declaration only: the extractor reconciles it with the language of the text
  (``dragoman.extract.language``), and ``Article.language`` is the result.
- ``canonical_url``: ``<link rel=canonical>`` first (the standard made for it), then
  ``og:url``, JSON-LD ``url``/``mainEntityOfPage``, then the page URL. Always absolute.
- ``title``: as the general rule, with the visible ``<h1>`` (page) before the ``<title>``
  element; the " | Site name" part is removed from whichever source wins.
- ``subtitle``: a standfirst the page marks up under its headline (``.standfirst``, ``.dek``,
  ``.subtitle``...) first: it is what readers see, and it is taken out of the body. Otherwise
  JSON-LD ``description`` > ``og:description`` > ``twitter:description`` > meta description.
- ``image`` and ``image_caption``: the lead figure at the top of the article first (the
  picture readers see, with the caption and credit that belong to it); when the metadata image
  (below) is the same picture in another size, its URL is used (usually the full-size file).
  Without a lead figure: JSON-LD ``image`` > ``og:image`` > ``twitter:image`` >
  ``link rel=image_src`` > microdata. The caption is the ``<figcaption>`` of the figure showing
  that picture, else the JSON-LD image ``caption``, else ``og:image:alt`` / ``twitter:image:alt``.
- ``image_credit``: the credit element of the lead figure (``.credit``, ``.copyright``,
  ``.photographer``...), else a credit written at the end of its caption ("... Photo: Jane Roe",
  "写真：...", "تصوير: ..."), else the JSON-LD image's ``creditText``, ``copyrightHolder`` or
  ``author``. A "Photo:" prefix is removed.
- ``tags``: JSON-LD ``keywords`` > ``article:tag`` > ``<meta name="news_keywords">`` >
  ``<meta name="keywords">`` > the article's ``rel="tag"`` links. ``section``: JSON-LD
  ``articleSection`` > ``article:section`` > ``<meta name="section">`` and its kin > the
  article's ``rel="category tag"`` link (as WordPress writes them).
- ``about``: the names of JSON-LD ``about`` and ``mentions`` (people, places, organisations the article
  is about), which the translation keeps as names.
- ``sitename``: JSON-LD ``WebSite.name`` > ``og:site_name`` > JSON-LD ``publisher.name`` (often
  a company's legal name, "Example Media Group GmbH", rather than the name readers know) >
  ``application-name`` > the site part of ``<title>`` > the host name. But when the article's
  ``publisher.name`` and ``og:site_name`` disagree (neither contains the other), the publisher
  goes first: ``og:site_name`` is then often a section ("U.S.", "Política"); unless
  ``og:site_name`` names the host and the publisher does not ("Le Monde" on lemonde.fr), or the
  publisher is a company's legal name ("... GmbH", "... Ltd") or a person.

For the not-an-article verdict (``refusal``), ``PageMetadata`` also carries what the page says
about itself: JSON-LD ``isAccessibleForFree``, the page types (``og:type`` and the JSON-LD
``@type`` of its top-level nodes: ``CollectionPage``, ``ItemList``...), and JSON-LD
``articleBody`` (a fallback body for pages whose text is drawn by scripts).

Besides values, ``extract_metadata`` locates the parts of the page that are metadata rather
than body (headline, standfirst, byline, dateline, lead figure): ``PageMetadata.header_parts``.
The extractor removes them before body extraction so they are not repeated in the body.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.bylines import clean_author_names, looks_like_byline
from dragoman.extract.dates import (
    date_from_url,
    date_in_text,
    dates_in_text,
    find_dates,
    month_from_url,
    parse_datetime,
    same_moment_or_day,
)
from dragoman.extract.dom import (
    BLOCK_TAGS,
    absolute,
    class_id_text,
    class_tokens,
    find_article_region,
    is_paragraph_sized,
    is_same_image,
    norm_key,
    same_page,
    split_url,
    strip_fragment,
    text_length,
    text_of,
)
from dragoman.sanitize import sanitize_text

__all__ = [
    "PageMetadata",
    "caption_credit",
    "clean_title",
    "extract_metadata",
    "normalise_language",
    "strip_credit_prefix",
]

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
        "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle",
        "SocialMediaPosting", "Review",
    }
)  # fmt: skip

_META_TITLE = ("dc.title", "dcterms.title", "parsely-title", "sailthru.title", "citation_title", "title")
_META_DESCRIPTION = ("description", "dc.description", "dcterms.description", "sailthru.description")
_META_AUTHOR = (
    "author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl",
    "citation_author", "article.author", "article:author_name", "cxenseparse:author",
)  # fmt: skip
_META_PUBLISHED = (
    "article:published_time", "og:published_time", "article.published", "datepublished",
    "date_published", "publish-date", "publish_date", "publishdate", "publication_date",
    "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.date",
    "dcterms.created", "dc.date.created", "sailthru.date", "parsely-pub-date",
    "original-publish-date", "citation_publication_date", "citation_date", "article.created",
)  # fmt: skip
_META_MODIFIED = (
    "article:modified_time", "og:updated_time", "article.updated", "datemodified",
    "date_modified", "last-modified", "lastmod", "dcterms.modified", "dc.date.modified",
    "revised", "article.modified",
)  # fmt: skip
_META_LANGUAGE = ("dc.language", "dcterms.language", "language", "content-language")
_META_SECTION = ("section", "article.section", "parsely-section", "sailthru.section", "category", "dc.subject")
_MAX_TAGS = 30
_CREDIT_TOKENS = frozenset({"credit", "credits", "copyright", "photographer", "photocredit", "byline", "source"})
# "Photo:" and its kin, at the start of a credit or before the credit at the end of a caption
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|picture|image|illustration|foto(?:s|grafía|grafia)?|bild|crédits?(?:\s+photo)?|"
    r"credits?|copyright|imagen|immagine|写真|撮影|画像|تصوير|صورة|عدسة)"
)
_CREDIT_LEAD = rf"(?:{_CREDIT_WORDS}(?:\s*[:：]|\s+(?:by|de|di|von|par)\b\s*[:：]?)|©)"
_CREDIT_PREFIX = re.compile(rf"(?i)^\(?\s*{_CREDIT_LEAD}\s*")
_CAPTION_CREDIT = re.compile(rf"(?i)(?:^|(?<=[.。!?！？)])\s*|\s)\(?{_CREDIT_LEAD}\s*([^()]{{2,80}}?)\)?\s*$")
_CREDIT_MAX_WORDS = 8

_STANDFIRST_TOKENS = frozenset(
    {
        "standfirst", "dek", "deck", "subtitle", "subheadline", "subhead", "sub", "strapline",
        "summary", "excerpt", "teaser", "description", "lead", "intro", "kicker",
    }
)  # fmt: skip
# tokens that alone are not enough ("lead"/"intro" may be the first body paragraph, "kicker" the
# section label): such elements count only when their text also equals the description
_WEAK_STANDFIRST_TOKENS = frozenset({"lead", "intro", "sub", "kicker", "description", "summary", "excerpt"})
_BYLINE_TOKENS = frozenset(
    {
        "byline", "byl", "author", "authors", "writer", "contributor", "contributors", "firma", "autor",
        "autores", "autore", "autori", "auteur", "auteurs", "verfasser",
    }
)  # fmt: skip
_DATELINE_TOKENS = frozenset(
    {"dateline", "timestamp", "date", "time", "published", "updated", "pubdate", "posted", "datetime"}
)
_LEAD_MEDIA_TOKENS = frozenset(
    {"lead", "hero", "featured", "feature", "main", "top", "header", "primary", "post", "article"}
)
_MEDIA_TOKENS = frozenset({"image", "img", "media", "photo", "picture", "figure", "visual", "thumbnail"})
_EXCLUDED_ANCESTORS = frozenset({"nav", "aside", "footer", "form", "menu"})
_NOISE_TOKENS = frozenset({"comment", "comments", "related", "nav", "menu", "sidebar", "share", "social"})
_DATELINE_WORDS = re.compile(
    r"(?i)\b(first|last|published|updated|update|posted|modified|on|at|am|pm|gmt|utc|bst|cet|cest|"
    r"est|edt|pst|pdt|publicado|actualizado|publié|mis|à|jour|le|veröffentlicht|aktualisiert|am|um|"
    r"uhr|pubblicato|aggiornato|il|alle|de|del|el|en|hours?|minutes?|ago|read|reading|min|mins|time)\b"
)
_MONTH_WORDS = re.compile(
    r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zé]*\.?|"
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember)\b"
)

# ISO 639-2/3 -> 639-1 for the languages news is published in; deprecated 639-1 codes renamed
_LANGUAGE_3_TO_1 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "slv": "sl", "hrv": "hr", "srp": "sr", "bos": "bs",
    "bul": "bg", "mkd": "mk", "mac": "mk", "ron": "ro", "rum": "ro", "hun": "hu", "ell": "el",
    "gre": "el", "tur": "tr", "ara": "ar", "heb": "he", "fas": "fa", "per": "fa", "urd": "ur",
    "hin": "hi", "ben": "bn", "pan": "pa", "tam": "ta", "tel": "te", "mar": "mr", "zho": "zh",
    "chi": "zh", "jpn": "ja", "kor": "ko", "vie": "vi", "tha": "th", "ind": "id", "msa": "ms",
    "may": "ms", "fil": "tl", "tgl": "tl", "swe": "sv", "nor": "no", "nob": "nb", "nno": "nn",
    "dan": "da", "fin": "fi", "est": "et", "lav": "lv", "lit": "lt", "isl": "is", "ice": "is",
    "gle": "ga", "cym": "cy", "wel": "cy", "eus": "eu", "baq": "eu", "cat": "ca", "glg": "gl",
    "epo": "eo", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "aze": "az", "kaz": "kk",
    "uzb": "uz", "swa": "sw", "amh": "am", "som": "so", "hau": "ha", "yor": "yo", "afr": "af",
    "sqi": "sq", "alb": "sq", "bel": "be", "mlt": "mt", "lat": "la", "kur": "ku", "pus": "ps",
}  # fmt: skip
_LANGUAGE_RENAMED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


@dataclass
class HeaderParts:
    """Elements of the page that carry metadata and must not be repeated in the body."""

    headline: HtmlElement | None = None
    standfirsts: list[HtmlElement] = field(default_factory=list)
    bylines: list[HtmlElement] = field(default_factory=list)
    datelines: list[HtmlElement] = field(default_factory=list)
    lead_figure: HtmlElement | None = None
    lead_duplicates: list[HtmlElement] = field(default_factory=list)

    def all(self) -> list[HtmlElement]:
        found = [self.headline, *self.standfirsts, *self.bylines, *self.datelines, self.lead_figure]
        found += self.lead_duplicates
        unique: list[HtmlElement] = []
        for element in found:
            if element is not None and all(element is not other for other in unique):
                unique.append(element)
        return unique


@dataclass
class PageMetadata:
    title: str = ""
    subtitle: str = ""
    description: str = ""  # the page's own summary (JSON-LD, OpenGraph, Twitter or meta description)
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    language: str = ""
    sitename: str = ""
    canonical_url: str = ""
    image: str = ""
    image_caption: str = ""
    image_credit: str = ""
    tags: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # names of JSON-LD about/mentions (people, places, bodies)
    section: str = ""
    accessible_for_free: bool | None = None  # JSON-LD isAccessibleForFree, when the page says
    page_types: set[str] = field(default_factory=set)  # og:type and top-level JSON-LD @types, lower case
    article_body: str = ""  # JSON-LD articleBody (plain text or HTML), for the fallback body
    sources: dict[str, str] = field(default_factory=dict)  # field -> source name
    header_parts: HeaderParts = field(default_factory=HeaderParts)
    region: HtmlElement | None = None  # the element holding the article


# --------------------------------------------------------------------------------------------
# small helpers


def normalise_language(code: str | None) -> str:
    """'en-GB' -> 'en', 'eng' -> 'en', 'pt_BR' -> 'pt', 'iw' -> 'he'; '' when not a language."""
    if not code:
        return ""
    code = code.strip().split(",")[0].strip().replace("_", "-").split("-")[0].lower()
    if len(code) == 3:
        code = _LANGUAGE_3_TO_1.get(code, "")
    code = _LANGUAGE_RENAMED.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _as_text(value: Any) -> str:
    value = _first(value)
    return sanitize_text(value) if isinstance(value, str) else ""


def _is_url(value: str) -> bool:
    return bool(re.match(r"^(https?:)?//|^www\.", value.strip(), re.I))


def _host(url: str) -> str:
    return split_url(url).netloc.lower().split("@")[-1].split(":")[0].removeprefix("www.")


def _has_ancestor(element: HtmlElement, tags: frozenset[str], stop: HtmlElement | None = None) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _has_noise_ancestor(element: HtmlElement, stop: HtmlElement | None) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in _EXCLUDED_ANCESTORS or class_tokens(ancestor) & _NOISE_TOKENS:
            return True
    return False


def _contains(ancestor: HtmlElement, element: HtmlElement | None) -> bool:
    if element is None:
        return False
    if ancestor is element:
        return True
    return any(a is ancestor for a in element.iterancestors())


# --------------------------------------------------------------------------------------------
# title


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•»«:/\\~-]|::|--)\s+")


def _site_keys(sitename: str, hostname: str) -> set[str]:
    keys = {norm_key(sitename)} if sitename else set()
    if hostname:
        labels = [label for label in hostname.split(".") if label]
        keys.add(norm_key(hostname))
        if len(labels) > 1:
            keys.add(norm_key(".".join(labels[:-1])))
        keys.update(norm_key(label) for label in labels[:-1] if len(label) > 3)
    return {key for key in keys if key}


def _is_site_part(part: str, keys: set[str]) -> bool:
    key = norm_key(part)
    if not key:
        return False
    if key in keys:
        return True
    return any(len(k) >= 4 and (k in key or key in k) and len(key) <= len(k) + 12 for k in keys)


def _names_host(name: str, hostname: str) -> bool:
    """Whether ``name`` is the host's name or contains it ("Reuters" on www.reuters.com)."""
    key = norm_key(name)
    return bool(key) and any(k == key or (len(k) >= 4 and k in key) for k in _site_keys("", hostname))


#: The legal forms that end a company's registered name ("Example Media GmbH", "C.A. Ultimas Noticias").
_LEGAL_FORM = re.compile(
    r"(?:^|[\s,])(?:gmbh|ag|kg|se|e\.?\s?v|ltd|llc|l\.?l\.?c|inc|corp|co|plc|s\.?a|s\.?l|c\.?a|s\.?p\.?a|"
    r"s\.?r\.?l|b\.?v|n\.?v|sp\.?\s?z\s?o\.?\s?o|s\.?a\.?s|oy|ab|as|a/s|pty)\.?(?=$|[\s,&])",
    re.IGNORECASE,
)


def _folded_key(text: str) -> str:
    """``norm_key`` without accents: "Ośrodek Studiów" and "Osrodek Studiow" are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return norm_key("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _publisher_first(og_site_name: str, publisher: str, hostname: str, *, person: bool = False) -> bool:
    """Whether the article's JSON-LD ``publisher.name`` goes before ``og:site_name``: when the two disagree
    (neither contains the other: "U.S." and "Reuters", not "Example" and "Example Media"), since
    ``og:site_name`` is then often a section's name ("U.S.", "Política"). Unless ``og:site_name`` names
    the host and the publisher does not ("Le Monde" on lemonde.fr), or the publisher is a company's legal
    name ("FOGS Media GmbH") or a person: those are not the name readers know."""
    a, b = _folded_key(og_site_name), _folded_key(publisher)
    if not a or not b or a in b or b in a or person or _LEGAL_FORM.search(publisher):
        return False
    return not (_names_host(og_site_name, hostname) and not _names_host(publisher, hostname))


def _title_site_part(title: str, hostname: str) -> str:
    """The site name at the end of a ``<title>``: after a " | ", or after another separator
    when it names the host or looks like a name ("BBC News", not "a look at the data")."""
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 2 or len(pieces[-1]) > 40:
        return ""
    last = pieces[-1].strip()
    if _TITLE_SEPARATOR.findall(title)[-1].strip() == "|" or _is_site_part(last, _site_keys("", hostname)):
        return last
    words = last.split()
    if len(words) <= 4 and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words if w[0].isalpha()):
        return last
    return ""


_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "da", "di", "do", "du", "la", "le", "van", "von", "the", "of", "and"}
)


def clean_title(title: str, *, sitename: str = "", hostname: str = "", title_tag: bool = False) -> str:
    """Remove the " | Site name" (or "Site name - ") part of a title.

    A part is removed when it names the site (its name or host). For a ``<title>`` element,
    whose last " | " part is by convention the site, that part also goes when no name is known.
    """
    title = sanitize_text(title)
    if not title:
        return ""
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 2:
        return title
    separators = _TITLE_SEPARATOR.findall(title)
    keys = _site_keys(sitename, hostname)
    start, end = 0, len(pieces)
    while end - start > 1 and _is_site_part(pieces[end - 1], keys):
        end -= 1
    while end - start > 1 and _is_site_part(pieces[start], keys):
        start += 1
    if (start, end) == (0, len(pieces)) and title_tag and separators[-1].strip() == "|":
        if len(pieces[-1]) < len(" ".join(pieces[:-1])):
            end -= 1
    if (start, end) == (0, len(pieces)):
        return title
    # rebuild with the original separators between the kept pieces
    result = pieces[start]
    for index in range(start + 1, end):
        result += separators[index - 1] + pieces[index]
    return result.strip()


# --------------------------------------------------------------------------------------------
# JSON-LD


def _load_json(text: str | None) -> Any:
    if not text:
        return None
    text = text.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)  # trailing commas
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def _types(node: dict) -> set[str]:
    types = node.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return set()
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if isinstance(t, str)}


@dataclass
class _LdNode:
    data: dict
    nested: bool  # found as the value of a property rather than at the top level / @graph
    in_list: bool  # inside an ItemList / hasPart: another article, not this page


def _walk_jsonld(value: Any, out: list[_LdNode], nested: bool, in_list: bool, depth: int) -> None:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            _walk_jsonld(item, out, nested, in_list, depth + 1)
        return
    if not isinstance(value, dict):
        return
    out.append(_LdNode(value, nested, in_list))
    for key, child in value.items():
        if key == "@graph":
            _walk_jsonld(child, out, nested, in_list, depth + 1)
        elif isinstance(child, (dict, list)) and key not in ("@context",):
            listed = in_list or key in ("itemListElement", "hasPart", "relatedLink", "citation", "isBasedOn")
            _walk_jsonld(child, out, True, listed, depth + 1)


class _JsonLd:
    """The JSON-LD of a page: its nodes, the ``@id`` index, and the article node."""

    def __init__(self, tree: HtmlElement, page_urls: list[str]):
        self.nodes: list[_LdNode] = []
        for script in tree.iter("script"):
            if "ld+json" in (script.get("type") or "").lower():
                data = _load_json(script.text)
                if data is not None:
                    _walk_jsonld(data, self.nodes, False, False, 0)
        self.ids = {
            node.data["@id"]: node.data
            for node in self.nodes
            if isinstance(node.data.get("@id"), str) and len(node.data) > 1
        }
        self.article = self._choose_article(page_urls)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.ids:
            return self.ids[value["@id"]]
        return value

    def _node_urls(self, node: dict) -> list[str]:
        urls = []
        for key in ("url", "@id", "mainEntityOfPage"):
            value = _first(node.get(key))
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str):
                urls.append(value)
        return urls

    def _choose_article(self, page_urls: list[str]) -> dict | None:
        articles = [n for n in self.nodes if _types(n.data) & ARTICLE_TYPES and not n.in_list]
        if not articles:
            return None
        for node in articles:
            if any(same_page(u, p) for u in self._node_urls(node.data) for p in page_urls if p):
                return node.data
        with_headline = [n for n in articles if n.data.get("headline") or n.data.get("name")]
        top_level = [n for n in with_headline if not n.nested]
        return (top_level or with_headline or articles)[0].data

    def names(self, value: Any, depth: int = 0) -> list[str]:
        """Author names from a JSON-LD author value: string, object, @id reference or list."""
        if depth > 3 or value is None:
            return []
        if isinstance(value, list):
            return [name for item in value for name in self.names(item, depth + 1)]
        if isinstance(value, str):
            return [] if _is_url(value) else [value]
        if isinstance(value, dict):
            value = self.resolve(value)
            name = _first(value.get("name"))
            if not isinstance(name, str) or not name.strip():
                parts = [_first(value.get(k)) for k in ("givenName", "additionalName", "familyName")]
                name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
            return [name] if name else []
        return []

    def image(self) -> tuple[str, str, str]:
        """(url, caption, credit) of the article's image."""
        if self.article is None:
            return "", "", ""
        value = self.article.get("image") or self.article.get("thumbnailUrl")
        value = _first(value)
        value = self.resolve(value)
        if isinstance(value, str):
            return value, "", ""
        if isinstance(value, dict):
            url = _first(value.get("url") or value.get("contentUrl") or value.get("@id"))
            caption = _first(value.get("caption"))
            if isinstance(caption, dict):
                caption = caption.get("text") or caption.get("@value")
            credit = _as_text(value.get("creditText")) or self.named(value.get("copyrightHolder"))
            credit = credit or next(iter(self.names(value.get("author"))), "")
            return (
                url if isinstance(url, str) else "",
                caption if isinstance(caption, str) else "",
                sanitize_text(credit),
            )
        return "", "", ""

    def top_level_types(self) -> set[str]:
        """The ``@type``s of the nodes at the top level or in ``@graph`` (what the page is)."""
        return {t.lower() for node in self.nodes if not node.nested for t in _types(node.data)}

    def accessible_for_free(self) -> bool | None:
        """The article's ``isAccessibleForFree`` (true, false, or None when it does not say)."""
        value = _first((self.article or {}).get("isAccessibleForFree"))
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return None

    def named(self, value: Any) -> str:
        value = self.resolve(_first(value))
        if isinstance(value, dict):
            return _as_text(value.get("name"))
        return _as_text(value) if isinstance(value, str) and not _is_url(value) else ""

    def website_name(self) -> str:
        for node in self.nodes:
            if "WebSite" in _types(node.data) and (name := _as_text(node.data.get("name"))):
                return name
        return ""


# --------------------------------------------------------------------------------------------
# <meta> and microdata


def _collect_metas(tree: HtmlElement) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """{name-or-property: [contents]} and {http-equiv: [contents]}, keys lower-cased."""
    metas: dict[str, list[str]] = {}
    equivs: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        content = content.strip()
        for attr in ("property", "name"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                metas.setdefault(key, []).append(content)
        if key := (meta.get("http-equiv") or "").strip().lower():
            equivs.setdefault(key, []).append(content)
    return metas, equivs


def _itemprop_value(element: HtmlElement, base: str) -> str:
    tag = element.tag
    if tag == "meta":
        return element.get("content", "")
    if tag in ("img", "audio", "video", "source", "embed", "iframe", "track"):
        return absolute(element.get("src"), base)
    if tag in ("a", "link", "area"):
        return absolute(element.get("href"), base)
    if tag == "time":
        return element.get("datetime") or text_of(element)
    if tag == "abbr":  # microformats: <abbr class="published" title="2026-03-02T14:33:00-07:00">2:33 PM</abbr>
        return element.get("title") or text_of(element)
    if tag in ("data", "meter"):
        return element.get("value", "")
    return element.get("content") or text_of(element)


_ITEMPROP = etree.XPath("//*[@itemprop]")


def _collect_microdata(tree: HtmlElement, base: str) -> dict[str, list[Any]]:
    """{itemprop: [values]}; author values are lists of names."""
    props: dict[str, list[Any]] = {}
    wanted = {"headline", "description", "author", "creator", "datepublished", "datemodified",
              "datecreated", "image", "inlanguage", "publisher"}  # fmt: skip
    for element in _ITEMPROP(tree):
        for prop in element.get("itemprop", "").split():
            key = prop.lower()
            if key not in wanted:
                continue
            if key in ("author", "creator", "publisher"):
                names = [_itemprop_value(n, base) for n in element.iterfind(".//*[@itemprop]")
                         if "name" in n.get("itemprop", "").split()]  # fmt: skip
                if not names and element.get("itemscope") is None:
                    names = [_itemprop_value(element, base)]
                elif not names:
                    names = [text_of(element)]
                props.setdefault(key, []).append([n for n in names if n])
            elif key == "image" and element.get("itemscope") is not None:
                url = next((_itemprop_value(n, base) for n in element.iterfind(".//*[@itemprop]")
                            if {"url", "contenturl"} & set(n.get("itemprop", "").lower().split())), "")  # fmt: skip
                if not url and (img := element.find(".//img")) is not None:
                    url = absolute(img.get("src"), base)
                props.setdefault(key, []).append(url)
            else:
                props.setdefault(key, []).append(_itemprop_value(element, base))
    return props


# --------------------------------------------------------------------------------------------
# the article header: headline, standfirst, byline, dateline, lead figure


_FIGURE_TAGS = frozenset({"figure", "figcaption", "picture"})
_PARAGRAPH_SKIP_TAGS = frozenset({"figure", "figcaption", "header", "blockquote"}) | _EXCLUDED_ANCESTORS


class _Region:
    """The article region, walked once: document order, the end of its header zone (everything
    before the first real body paragraph), and the header elements that are not inside a
    navigation, sharing or comments box."""

    def __init__(self, region: HtmlElement):
        self.root = region
        self.order: dict[HtmlElement, int] = {}
        noisy: dict[HtmlElement, bool] = {}  # inside a nav/aside/share/comments box
        in_header_tag: dict[HtmlElement, bool] = {}
        candidates: list[HtmlElement] = []  # paragraphs that may start the body
        stack: list[tuple[HtmlElement, bool, bool, bool]] = [(region, False, False, False)]
        index = 0
        while stack:
            element, inherited_noise, inside_header, skip = stack.pop()
            self.order[element] = index
            index += 1
            noisy[element] = inherited_noise
            in_header_tag[element] = inside_header or element.tag == "header"
            tag = element.tag
            if tag == "p" and not skip:
                candidates.append(element)
            if element is region:
                own_noise, own_skip = False, False
            else:
                own_noise = tag in _EXCLUDED_ANCESTORS or bool(
                    (element.get("class") or element.get("id")) and class_tokens(element) & _NOISE_TOKENS
                )
                own_skip = tag in _PARAGRAPH_SKIP_TAGS
            children = [child for child in element if isinstance(child.tag, str)]
            for child in reversed(children):
                stack.append((child, inherited_noise or own_noise, in_header_tag[element], skip or own_skip))
        self.first_paragraph = self._first_paragraph(candidates)
        self.zone_end = self.order[self.first_paragraph] if self.first_paragraph is not None else 0
        # elements themselves, not id()s: a set of ids would not keep the lxml proxies alive
        first_ancestors = set(self.first_paragraph.iterancestors()) if self.first_paragraph is not None else set()
        self._in_header = {
            element
            for element, position in self.order.items()
            if (position < self.zone_end and element not in first_ancestors) or in_header_tag[element]
        }
        self._header_list = [
            element for element in self.order if element in self._in_header and not noisy[element]
        ]

    @staticmethod
    def _first_paragraph(candidates: list[HtmlElement]) -> HtmlElement | None:
        for p in candidates:
            if p.get("class") or p.get("id"):
                tokens = class_tokens(p)
                if tokens & (_STANDFIRST_TOKENS - {"lead", "intro"}) or tokens & _BYLINE_TOKENS:
                    continue
            if is_paragraph_sized(p):
                return p
        return None

    def in_header(self, element: HtmlElement) -> bool:
        """Before the first body paragraph, or inside a <header> of the region."""
        return element in self._in_header

    def header_elements(self, *tags: str) -> Iterator[HtmlElement]:
        """Header elements (in document order) outside navigation/sharing/comment boxes."""
        if not tags:
            return iter(self._header_list)
        return (element for element in self._header_list if element.tag in tags)


def _find_headline(tree: HtmlElement, region: _Region, title: str) -> HtmlElement | None:
    key = norm_key(title)
    candidates = list(region.root.iter("h1"))
    body = tree.find("body")
    if body is not None and body is not region.root:
        candidates += [h for h in body.iter("h1") if not _contains(region.root, h)]
    if key:
        for h1 in candidates:
            h1_key = norm_key(text_of(h1))
            if h1_key and (h1_key == key or (len(h1_key) > 10 and (h1_key in key or key in h1_key))):
                return h1
    inside = [h for h in region.root.iter("h1") if region.in_header(h)]
    return inside[0] if inside else None


def _is_wrapper(element: HtmlElement, region: _Region, parts: Iterable[HtmlElement | None]) -> bool:
    """True if removing ``element`` would take body text or other parts with it."""
    if _contains(element, region.first_paragraph) or element is region.root:
        return True
    return any(p is not None and p is not element and _contains(element, p) for p in parts)


def _find_standfirsts(region: _Region, description: str, headline: HtmlElement | None) -> list[HtmlElement]:
    key = norm_key(description)
    found: list[HtmlElement] = []
    for element in region.header_elements("p", "div", "h2", "h3", "span", "section"):
        if element is headline or any(_contains(f, element) for f in found):
            continue
        tokens = class_tokens(element) | {(element.get("itemprop") or "").lower()}
        if "kicker" in tokens:
            continue
        strong = bool(tokens & (_STANDFIRST_TOKENS - _WEAK_STANDFIRST_TOKENS))
        weak = bool(tokens & _WEAK_STANDFIRST_TOKENS)
        length = text_length(element)
        if not 15 <= length <= 800:
            continue
        # without a class hint, only an element whose text is the description can be one
        if not (strong or weak) and not (key and abs(length - len(description)) <= 0.2 * len(description) + 5):
            continue
        text_key = norm_key(text_of(element))
        same_text = bool(key) and text_key == key
        weak = weak and bool(key) and text_key.startswith(key[:60])
        if not (strong or same_text or weak):
            continue
        if _is_wrapper(element, region, [headline]) or element.find(".//h1") is not None:
            continue
        if length <= _DATE_LINE_MAX and _is_date_line(text_of(element)):
            continue  # "Hamburg, 2. November 2026" under the headline is a dateline
        if element.find(".//figure") is None:
            found.append(element)
    return found


def _byline_block(element: HtmlElement, region: _Region, avoid: list[HtmlElement | None]) -> HtmlElement:
    """Widen a byline match to its line: the nearest small block around it."""
    own_length = text_length(element)
    best = element
    for ancestor in element.iterancestors():
        if ancestor is region.root or ancestor.tag in ("header", "article", "main", "body", "section"):
            break
        length = text_length(ancestor)
        if length > max(250, own_length + 80) or _is_wrapper(ancestor, region, avoid):
            break
        if ancestor.find(".//h1") is not None or ancestor.find(".//figure") is not None:
            break
        best = ancestor
        if ancestor.tag in ("p", "address", "li"):
            break
    return best


def _is_byline_element(element: HtmlElement) -> bool:
    if element.get("rel") == "author" or "author" in (element.get("itemprop") or "").lower():
        return True
    tokens = class_tokens(element)
    if tokens & _BYLINE_TOKENS and not tokens & {"bio", "avatar", "image", "img", "photo", "picture"}:
        return True
    return "byline" in class_id_text(element)


def _find_bylines(
    region: _Region, avoid: list[HtmlElement | None], known_names: list[str]
) -> tuple[list[HtmlElement], list[str]]:
    """Byline blocks in the article header and the author names they give.

    A byline is an element marked up as one (class byline/author..., ``rel=author``,
    ``itemprop=author``), else a short line in the header that starts with "By ..." or that
    names the authors the structured metadata gave (``known_names``).
    """
    matches = [
        e for e in region.header_elements()
        if e.tag not in ("img", "picture", "figure", "meta", "link") and _is_byline_element(e)
        and 2 < text_length(e) <= 250 and not _has_ancestor(e, _FIGURE_TAGS, region.root)
    ]  # fmt: skip
    if not matches:
        known = [norm_key(name) for name in known_names if len(norm_key(name)) >= 4]
        for element in region.header_elements("p", "div", "span", "address", "li"):
            if any(child.tag in BLOCK_TAGS for child in element) or element is region.first_paragraph:
                continue
            text = text_of(element)
            if looks_like_byline(text) or (known and len(text) <= 200 and any(k in norm_key(text) for k in known)):
                matches.append(element)
                break
    outermost = [m for m in matches if not any(o is not m and _contains(o, m) for o in matches)]
    blocks: list[HtmlElement] = []
    names: list[str] = []
    for match in outermost:
        block = _byline_block(match, region, avoid)
        if not any(_contains(b, block) for b in blocks):
            blocks = [b for b in blocks if not _contains(block, b)] + [block]
        linked = [text_of(a) for a in match.iter() if a is not match and _is_author_link(a)]
        if match.get("rel") == "author" or (match.tag == "a" and match.get("itemprop")):
            linked = [text_of(match)]
        names += clean_author_names(linked, strict=True) if linked else clean_author_names(text_of(match), strict=True)
    return blocks, clean_author_names(names)


_AUTHOR_PAGE = re.compile(r"/(author|authors|autor|autores|auteur|profile|people|staff|journalist)s?/")


def _is_author_link(element: HtmlElement) -> bool:
    """A link or element naming one author inside a byline."""
    if element.get("rel") == "author" or "author" in (element.get("itemprop") or "").lower():
        return True
    return element.tag == "a" and bool(_AUTHOR_PAGE.search(element.get("href", "")))


_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _day_in_month(region: HtmlElement, month: tuple[int, int]) -> datetime | None:
    """The first date written in words in the region's visible text that falls in ``month``."""
    text = " ".join(_VISIBLE_TEXT(region))
    return next((d for d in dates_in_text(text) if (d.year, d.month) == month), None)


# words that mark a date as the last change rather than the publication
_UPDATED_WORDS = re.compile(
    r"(?i)(?<!\w)(updated?|modified|edited|revised|revision|changed|aktualisiert|geändert|bearbeitet|actualizad[oa]|"
    r"actualización|mis à jour|mise à jour|modifié|aggiornat[oa]|aggiornamento|atualizad[oa]|atualização|"
    r"bijgewerkt|gewijzigd|обновлено|обновлен|оновлено|zaktualizowano|aktualizacja|güncellendi|güncelleme|"
    r"uppdaterad|opdateret|oppdatert|päivitetty|aktualizováno|تحديث|更新)"
)
# words that make a date something else than the story's (a forum member's registration, a birth)
_OTHER_DATE_WORDS = re.compile(
    r"(?i)\b(registered|registriert|joined|member since|mitglied seit|dabei seit|inscrit|registrado|iscritto|"
    r"born|geboren|né|née|nacid[oa]|nat[oa]|died|gestorben|deadline|einsendeschluss|anmeldeschluss|bis|until|"
    r"till|to|au|al|hasta|seit|since)\W*$"
)
_PUBLISHED_WORDS = re.compile(
    r"(?i)(?<!\w)(published|posted|publicado|publicada|publié|publiée|pubblicato|veröffentlicht|erschienen|"
    r"gepubliceerd|опубликовано|опубліковано|opublikowano|publikováno|yayınlanma|yayınlandı|publicerad|"
    r"نشر|発行|公開|发布|發佈|게재|등록)"
)
_DATE_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "select", "option", "textarea", "button",
                             "figure", "figcaption", "blockquote"}) | _EXCLUDED_ANCESTORS  # fmt: skip
# Bootstrap's "nav" class styles any row of links, the article's date line too ("ul.nav.meta"): the
# <nav> element and menu classes are navigation
_DATE_NOISE_TOKENS = (_NOISE_TOKENS - {"nav"}) | {"breadcrumb", "breadcrumbs", "footer"}
#: how much text after the headline (and before it) is read for a date the page prints
_PAGE_DATE_AFTER = 700
_PAGE_DATE_BEFORE = 250


@dataclass
class _PageDate:
    value: datetime
    kind: str  # "published", "modified" or "" (nothing says)
    after_headline: bool
    distance: int  # characters of text between the headline and the date
    swapped: datetime | None = None  # the other reading of an ambiguous 03/04/2026
    has_time: bool = False


def _text_runs(root: HtmlElement, keep: HtmlElement | None = None) -> Iterator[tuple[HtmlElement, str]]:
    """The visible text of ``root`` in document order as (element the text belongs to, text),
    without navigation, sharing, comments, captions and quotes (but never without ``keep``: a
    post's classes may name its tags, "tag-comments")."""
    kept = set(keep.iterancestors()) | {keep} if keep is not None else set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            if event == "end" and element.tail and element is not root:
                yield element.getparent(), element.tail
            continue
        if event == "start":
            if element is not root and element not in kept and (
                element.tag in _DATE_SKIP_TAGS
                or ((element.get("class") or element.get("id")) and class_tokens(element) & _DATE_NOISE_TOKENS)
            ):
                walker.skip_subtree()
                if element.tail:
                    yield element.getparent(), element.tail
                continue
            if element.text:
                yield element, element.text
        elif element.tail and element is not root:
            yield element.getparent(), element.tail


def _page_dates(tree: HtmlElement, headline: HtmlElement | None, area: _Region, month_first: bool) -> list[_PageDate]:
    """The dates the page prints near its headline: up to ``_PAGE_DATE_AFTER`` characters of text
    after it and ``_PAGE_DATE_BEFORE`` before it (without a headline: the start of the article).

    A date counts when it stands on its own, as datelines do: in a short block ("Hamburg, 2.
    November 2021", "22/11/2020 - 04:30 - Source: ...") or at the start of a paragraph ("27.1.2022 -
    At the memorial..."); a date inside a sentence is what the story is about ("the lowest price
    since 6 March 2002"). Each with its kind, read from the words just before it: "modified"
    ("Updated", "Aktualisiert am"), "published" ("Publié le"), "other" ("Registered:", "born")
    or "" (nothing said)."""
    body = tree.find("body")
    if body is None:
        return []
    start_element, root = (headline, body) if headline is not None else (area.root, area.root)
    pieces: list[str] = []
    starts: list[int] = []
    owners: list[HtmlElement] = []
    length = 0
    mark = mark_end = -1  # where the headline starts and ends in the joined text
    for owner, text in _text_runs(root, start_element):
        inside = headline is not None and (owner is headline or _contains(headline, owner))
        if mark < 0 and (inside or headline is None):
            mark = length
        if mark >= 0 and mark_end < 0 and not inside:
            mark_end = length
        if mark_end >= 0 and length - mark_end > _PAGE_DATE_AFTER:
            break
        text = " " + re.sub(r"\s+", " ", text).strip()
        if len(text) > 1:
            pieces.append(text)
            starts.append(length)
            owners.append(owner)
            length += len(text)
    if mark < 0:
        return []
    if mark_end < 0:
        mark_end = length
    joined = "".join(pieces)
    start = max(0, mark - _PAGE_DATE_BEFORE)
    window = joined[start : mark_end + _PAGE_DATE_AFTER]
    found: list[_PageDate] = []
    for date in find_dates(window, month_first=month_first):
        position = start + date.start
        if mark <= position < mark_end:
            continue  # a date in the headline is what the story is about
        run = bisect_right(starts, position) - 1
        date_text = window[date.start : date.end]
        # a text node that holds the date alone ("<em>01.11.2023 11:35</em>") or a short block
        alone = len(pieces[run]) - len(date_text) <= _DATELINE_SLACK
        if not alone and not _stands_alone(owners[run], date_text):
            continue
        kind = _date_kind(window[max(0, date.start - 40) : date.start])
        after = position >= mark_end - 1
        distance = position - mark_end if after else mark - position
        if not after and headline is not None and _in_masthead(owners[run], headline):
            continue  # the site's header above the article prints the day of the visit
        found.append(_PageDate(date.value, kind, after, max(0, distance), date.swapped, date.has_time))
    return found


def _marked_date(region: HtmlElement, month_first: bool) -> _PageDate | None:
    """The first date in the article that words call its publication, wherever it is ("Veröffentlicht
    am 16.08.2019" under a podcast's player, "This entry was posted on Saturday, September 6th,
    2025" in a blog's footer), outside comments and other boxes."""
    text = " ".join(re.sub(r"\s+", " ", t) for _, t in _text_runs(region))
    for match in _PUBLISHED_WORDS.finditer(text):
        after = text[match.end() : match.end() + 60]
        dates = find_dates(after, month_first=month_first)
        if dates and len(re.findall(r"\w+", after[: dates[0].start])) <= 4:
            date = dates[0]
            return _PageDate(date.value, "published", True, match.start(), date.swapped, date.has_time)
    return None


def _only_in_masthead(tree: HtmlElement, day: datetime, headline: HtmlElement | None) -> bool:
    """True when ``day`` is written in the page's masthead (see ``_in_masthead``) and nowhere else
    in its text: the day of the visit, not the story's."""
    body = tree.find("body")
    if body is None or headline is None:
        return False
    in_masthead = elsewhere = False
    for owner, text in _text_runs(body, headline):
        if not re.search(r"[0-9]", text) or all(d.value.date() != day.date() for d in find_dates(text)):
            continue
        if _in_masthead(owner, headline):
            in_masthead = True
        else:
            elsewhere = True
    return in_masthead and not elsewhere


def _in_masthead(element: HtmlElement, headline: HtmlElement) -> bool:
    """Inside a page header (``<header>``, ``role=banner``) that does not hold the headline: the
    site's masthead, whose date is today's."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag == "header" or ancestor.get("role") == "banner":
            return not _contains(ancestor, headline)
    return False


def _date_kind(before: str) -> str:
    """What the words just before a date say it is: "other" when they are about something else
    (a date that ends a span, "until 5 May"; a registration), else "modified" or "published",
    else "". The word nearest the date decides; at most a few words may come between
    ("Last edited on", "Updated 2010 GMT (0410 HKT)")."""
    if _OTHER_DATE_WORDS.search(before):
        return "other"
    best, kind = -1, ""
    for pattern, name in ((_UPDATED_WORDS, "modified"), (_PUBLISHED_WORDS, "published")):
        for match in pattern.finditer(before):
            rest = before[match.end() :]
            if len(re.findall(r"\w+", rest)) <= 4 and match.end() > best:
                best, kind = match.end(), name
    return kind


#: a date in a block of text at most this long stands on its own; in a longer one, it must start it
_DATELINE_BLOCK = 160
_DATELINE_START = 40
_DATELINE_SLACK = 12


def _extensive_date_holds(tree: HtmlElement, day: datetime, page_urls: list[str]) -> bool:
    """Whether a date htmldate's free-text search found is the page's own: not a year or a month
    read as its first day ("© 2013" as 1 January 2013, "March 2020" as 1 March 2020: a first of
    the month must be written as a full date in the page's text), and not a date written only in
    the path of links to other pages ("/2025/09/02/other-story/", a sidebar's recent posts)."""
    body = tree.find("body")
    text = " ".join(_VISIBLE_TEXT(body)) if body is not None else ""
    written = any(d.value.date() == day.date() for d in find_dates(text))
    if written:
        return True
    if day.day == 1:
        return False
    for link in tree.iter("a"):
        href = link.get("href") or ""
        if (linked_day := date_from_url(href)) is not None and linked_day.date() == day.date():
            if not any(same_page(href, u) for u in page_urls):
                return False
    return True


def _title_element(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The heading (``<h1>`` to ``<h6>``) that shows the title, for pages whose headline is not an
    ``<h1>`` ("<h1>News</h1> ... <h3>The story's title</h3>")."""
    key = norm_key(title)
    body = tree.find("body")
    if not key or body is None:
        return None
    for heading in body.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        heading_key = norm_key(text_of(heading))
        if heading_key and (heading_key == key or (len(heading_key) > 10 and heading_key in key)):
            return heading
    return None


def _stands_alone(owner: HtmlElement, date_text: str) -> bool:
    """Whether a date whose text belongs to ``owner`` stands on its own: in a ``<time>`` or an
    element named for dates, in a short block, or at the start of a longer one."""
    block = owner
    while block.tag not in BLOCK_TAGS and block.tag != "time":
        parent = block.getparent()
        if parent is None:
            break
        block = parent
    if block.tag == "time" or class_tokens(owner) & _DATELINE_TOKENS:
        return True  # an element made for the date ("<span class='date'>")
    block_text = text_of(block)
    if len(block_text) <= _DATELINE_BLOCK:
        return True
    index = block_text.find(date_text.strip())
    return 0 <= index <= _DATELINE_START


def _printed_date(dates: list[_PageDate]) -> _PageDate | None:
    """The page's own printed publication date among the dates near its headline: the first after
    the headline that is not said to be a change, else the nearest before it."""
    usable = [d for d in dates if d.kind in ("", "published")]
    marked = [d for d in usable if d.kind == "published"]
    after = [d for d in marked or usable if d.after_headline]
    if after:
        return after[0]
    before = [d for d in marked or usable if not d.after_headline]
    return min(before, key=lambda d: d.distance) if before else None


def _time_value(element: HtmlElement) -> datetime | None:
    """The date of a ``<time>`` (or ``content``-carrying) element: its machine-readable attribute,
    unless the element's visible text spells out a full date more than a day away from it. Some
    publishing systems put another date (of the last edit, of the upload) in the attribute than the
    one they print ("<time datetime="2026-03-09T08:00Z">Publié le 2 mars 2026</time>"): readers
    see the printed one. A day apart is the same date in two time zones."""
    attribute = element.get("datetime") or element.get("content")
    if not attribute:
        return parse_datetime(text_of(element))
    value = parse_datetime(attribute)
    if value is not None and element.tag == "time":
        shown = date_in_text(text_of(element))
        if shown is not None and abs((shown.date() - value.date()).days) > 1:
            return shown
    return value


#: a line of at most this many characters may be a dateline
_DATE_LINE_MAX = 80


def _is_date_line(text: str) -> bool:
    """A line that is a date and little more: "Hamburg, 2. November 2026", "Published 3 May 2026,
    14:05" (at most two other words: a place, a news agency)."""
    if not re.search(r"[0-9]", text):
        return False
    dates = find_dates(text)
    if not dates:
        return False
    rest = text
    for date in reversed(dates):
        rest = rest[: date.start] + " " + rest[date.end :]
    rest = _DATELINE_WORDS.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 2


def _is_dateline(block: HtmlElement, time_texts: list[str]) -> bool:
    text = text_of(block)
    if len(text) > 160:
        return False
    for time_text in time_texts:
        text = text.replace(time_text, " ")
    text = _MONTH_WORDS.sub(" ", text)
    text = _DATELINE_WORDS.sub(" ", text)
    return not re.search(r"[^\W\d_]{2,}", text)


def _find_datelines(
    region: _Region, bylines: list[HtmlElement], avoid: list[HtmlElement | None]
) -> tuple[list[HtmlElement], list[tuple[str, datetime]]]:
    """Dateline blocks in the article header and the dates they give as (kind, datetime),
    kind being "published" or "modified"."""
    blocks: list[HtmlElement] = []
    dates: list[tuple[str, datetime]] = []
    seen: list[HtmlElement] = []
    for time in region.header_elements("time"):
        value = _time_value(time)
        context = " ".join([class_id_text(time), (time.get("itemprop") or "").lower(),
                            text_of(time.getparent()) if time.getparent() is not None else ""]).lower()  # fmt: skip
        kind = "modified" if re.search(r"updat|modif|actualiz|aktualis|aggiorn|mis à jour", context) else "published"
        if time.get("pubdate") is not None or "datepublished" in context:
            kind = "published"
        if value is not None:
            dates.append((kind, value))
        seen.append(time)
    candidates = list(seen)
    for element in region.header_elements("p", "div", "span", "li"):
        tokens = class_tokens(element)
        if tokens & _DATELINE_TOKENS and re.search(r"\d", text_of(element)) and text_length(element) <= 120:
            candidates.append(element)
        elif (
            text_length(element) <= _DATE_LINE_MAX
            and not any(child.tag in BLOCK_TAGS for child in element)
            and not any(_contains(a, element) for a in avoid if a is not None)
            and _is_date_line(text_of(element))
        ):
            # a line that is a date and a place ("Hamburg, 2. November 2026"): a dateline as it is
            if not any(_contains(b, element) for b in bylines + blocks):
                blocks = [b for b in blocks if not _contains(element, b)] + [element]
    for candidate in candidates:
        if any(_contains(b, candidate) for b in bylines + blocks):
            continue
        block = candidate
        for ancestor in candidate.iterancestors():
            if ancestor is region.root or ancestor.tag in ("header", "article", "main", "body", "section"):
                break
            if _is_wrapper(ancestor, region, avoid) or text_length(ancestor) > 160:
                break
            block = ancestor
            if ancestor.tag in ("p", "li", "address"):
                break
        times = [text_of(t) for t in block.iter("time")] or [text_of(candidate)]
        if _is_dateline(block, times) and not _is_wrapper(block, region, avoid):
            blocks = [b for b in blocks if not _contains(block, b)] + [block]
    return blocks, dates


def _figure_image(figure: HtmlElement) -> str:
    img = figure if figure.tag == "img" else figure.find(".//img")
    return img.get("src", "") if img is not None else ""


def figure_caption(figure: HtmlElement) -> str:
    """The visible caption of a figure (its ``<figcaption>`` or caption/credit element)."""
    caption = figure.find(".//figcaption")
    if caption is not None:
        return sanitize_text(text_of(caption))
    parts = [
        text_of(e) for e in figure.iter()
        if e is not figure and class_tokens(e) & {"caption", "credit", "credits", "copyright", "source"}
        and not any(_contains(o, e) for o in figure.iter() if o is not e and o is not figure
                    and class_tokens(o) & {"caption", "credit", "credits", "copyright", "source"})
    ]  # fmt: skip
    return sanitize_text(" ".join(p for p in parts if p))


def _is_small_image(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < 120:
            return True
    return False


def _find_lead_figure(region: _Region, avoid: list[HtmlElement | None]) -> HtmlElement | None:
    for element in region.header_elements("figure", "picture", "div", "span", "p"):
        if element.tag in ("div", "span", "p"):
            # a media box ("photo", "media") above the first body paragraph is the lead picture;
            # its name need not say "lead" ("lead-image", "hero-media" say it twice)
            if not class_tokens(element) & _MEDIA_TOKENS:
                continue
            if text_length(element) > 400:
                continue
        img = element.find(".//img")
        if img is None or not img.get("src") or _is_small_image(img):
            continue
        if any(_contains(b, element) for b in avoid if b is not None):
            continue
        if element.tag == "picture":
            parent = element.getparent()
            return parent if parent is not None and parent.tag == "figure" else element
        return element
    return None


# --------------------------------------------------------------------------------------------
# resolution


class _Field:
    """Candidates for one field, in order of trust."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Any]] = []

    def add(self, source: str, value: Any) -> None:
        if value not in (None, "", []):
            self.items.append((source, value))

    def first(self) -> tuple[str, Any]:
        """(source, value) of the most trusted candidate; ("", "") when there is none."""
        return self.items[0] if self.items else ("", "")


def _parsed_dates(candidates: _Field) -> list[tuple[str, datetime]]:
    """The candidates that parse as dates, in order of trust."""
    return [(source, value) for source, raw in candidates.items if (value := parse_datetime(raw)) is not None]


def _pick_date(candidates: _Field | list[tuple[str, datetime]]) -> tuple[str, datetime | None]:
    parsed = _parsed_dates(candidates) if isinstance(candidates, _Field) else candidates
    if not parsed:
        return "", None
    source, value = parsed[0]
    if value.tzinfo is None:
        for other_source, other in parsed[1:]:
            if other.tzinfo is not None and same_moment_or_day(value, other):
                return f"{source}+{other_source}", other
    return source, value


def _month_first(tree: HtmlElement) -> bool:
    """Whether the page writes numeric dates month first (03/04/2026 is March 4th): American
    English, which a page without a region (``lang="en"``) is taken to be."""
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    lang = (root.get("lang") or "").strip().lower().replace("_", "-")
    return lang == "en" or lang.startswith(("en-us", "en-ph"))


#: the offsets local times are written in (UTC-12 to UTC+14), in quarter hours
_MAX_WEST, _MAX_EAST, _QUARTER = timedelta(hours=-12), timedelta(hours=14), timedelta(minutes=15)


def _local_offset(moment: datetime, local: datetime, with_seconds: bool) -> timedelta | None:
    """The zone offset that makes the aware ``moment`` read as the naive ``local`` time, when
    there is one (whole quarter hours, UTC-12 to UTC+14, the same minute)."""
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    if not with_seconds:
        utc = utc.replace(second=0, microsecond=0)
    delta = local.replace(microsecond=0) - utc.replace(microsecond=0)
    if delta and _MAX_WEST <= delta <= _MAX_EAST and delta % _QUARTER == timedelta(0):
        return delta
    return None


def _on_day(moment: datetime, day: datetime) -> datetime | None:
    """The aware ``moment`` in the offset nearest UTC (whole hours) at which it falls on ``day``'s
    date; None when none does."""
    for hours in sorted(range(-12, 15), key=abs):
        local = moment.astimezone(timezone(timedelta(hours=hours)))
        if local.date() == day.date():
            return local
    return None


def _published_date(
    candidates: _Field,
    read_printed: Callable[[], _PageDate | None],
    modified_candidates: list[tuple[str, datetime]],
    url_day: datetime | None,
    url_month: tuple[int, int] | None,
    vague: frozenset[datetime] = frozenset(),
) -> tuple[str, datetime | None, bool]:
    """(source, date, whether its zone was found exact): the publication date from the structured
    sources (JSON-LD, OpenGraph, meta, microdata and ``<time>``), in the page's own zone when they
    give the moment in UTC; else the date printed near the headline; else ("", None, False).
    ``read_printed`` reads the printed date, only when it is needed (it walks the text around the
    headline).

    Many sites store the moment in UTC (``2023-11-09T01:09:55Z``) and print the local time
    ("November 8, 2023 at 6:09 p.m."); near midnight the two are on different days, and the
    publication day is the local one. The local offset is exact when a naive local time of the
    same moment is written somewhere (a ``<time datetime>`` without a zone, a second JSON-LD, the
    printed date): the moment is given in it. When the page's own day (printed without a time, or
    in the URL) is a day away from the UTC day, the moment is given in the offset nearest UTC that
    puts it on that day: the same moment, on the day the page says.

    A story the site has re-dated: the structured data gives a publication date and a later
    modification date, and the page prints the modification's day as its date (nothing calls it
    an update): the printed date, with the modification's time, is the one the site publishes
    the story under.

    ``vague``: dates only a bare ``<meta name="date">`` gives, which does not say what date it is
    (publishing systems fill it with the page's generation or last change too): a date printed
    after the headline on another day wins over it."""
    parsed = _parsed_dates(candidates)
    source, value = _pick_date(parsed)
    modified_source, modified = _pick_date(modified_candidates)
    other_day = value is not None and modified is not None and modified.date() != value.date()
    is_vague = value is not None and source == "meta" and value in vague
    if value is not None and value.utcoffset() != timedelta(0) and not other_day and not is_vague:
        return source, value, False  # the page's own offset, or naive: no zone to correct
    printed = read_printed()
    if printed is not None and printed.swapped is not None:
        # 03/04/2026 read one way or the other: the reading another source agrees with
        references = [d for d in (value, url_day, modified) if d is not None]
        if references and not _near_any(printed.value, references) and _near_any(printed.swapped, references):
            printed = _PageDate(printed.swapped, printed.kind, printed.after_headline, printed.distance,
                                None, printed.has_time)  # fmt: skip
    if value is None:
        if printed is None or not _fits_url(printed.value, url_day, url_month):
            return "", None, False  # a printed date far from the URL's is another story's
        return "page", printed.value, False
    if is_vague and printed is not None and printed.after_headline and printed.value.date() != value.date():
        return "page", printed.value, False
    if other_day and printed is not None and modified is not None and _same_day(printed.value, modified):
        gap = abs((printed.value.date() - value.date()).days)
        # a day away from a UTC moment may be the same day in the page's zone (below)
        if gap > 1 or (gap == 1 and value.utcoffset() != timedelta(0)):
            # re-dated: the page prints the day of its last change as its date
            source, value, parsed, modified = f"page+{modified_source}", modified, modified_candidates, None
    if value.utcoffset() != timedelta(0):
        return source, value, False
    extra = [("page", printed.value)] if printed is not None and printed.has_time else []
    if (local := _in_local_zone(source, value, parsed + extra)) is not None:
        return *local, True
    for day_source, day in (("page", printed.value if printed and not printed.has_time else None), ("url", url_day)):
        if day is None or abs((value.date() - day.date()).days) != 1 or (local := _on_day(value, day)) is None:
            continue
        if day_source == "page" and modified is not None and modified.date() == day.date():
            # the printed day may be that of the last change, unless the moment is the local
            # midnight of the printed day (a day-only field stored in UTC: 23:00Z for UTC+1)
            if local.time() != datetime.min.time():
                continue
        return f"{source}+{day_source}", local, False
    return source, value, False


def _in_local_zone(
    source: str, value: datetime, candidates: list[tuple[str, datetime]]
) -> tuple[str, datetime] | None:
    """A UTC ``value`` in the zone a naive local time of the same moment among ``candidates``
    gives exactly, with both sources named; None when none does."""
    for local_source, local in candidates:
        if local.tzinfo is None and local.time() != datetime.min.time():
            if (offset := _local_offset(value, local, with_seconds=local.second != 0)) is not None:
                return f"{source}+{local_source}", value.astimezone(timezone(offset))
    return None


def _fits_url(value: datetime, url_day: datetime | None, url_month: tuple[int, int] | None) -> bool:
    """Whether a date found in the page agrees with the date in its URL, if any: the same day or
    a day away (time zones), or the URL's month (/2025/09/story)."""
    if url_day is not None:
        return abs((value.date() - url_day.date()).days) <= 1
    return url_month is None or _in_month(value, url_month)


def _in_month(value: datetime, month: tuple[int, int]) -> bool:
    """In the month, or a day away from it (the same moment in another time zone)."""
    return any((d.year, d.month) == month for d in (value, value - timedelta(days=1), value + timedelta(days=1)))


def _same_day(printed: datetime, moment: datetime) -> bool:
    """The printed day is the moment's day, or, for a moment in UTC, a day away from it (the
    same day in some zone)."""
    gap = abs((printed.date() - moment.date()).days)
    return gap == 0 or (gap == 1 and moment.utcoffset() == timedelta(0))


def _near_any(value: datetime, references: list[datetime]) -> bool:
    """Within a day of one of the references (the same day in some time zone)."""
    return any(abs((value.date() - r.date()).days) <= 1 for r in references)


def extract_metadata(
    tree: HtmlElement,
    url: str,
    *,
    base: str | None = None,
    headers: Mapping[str, str] | None = None,
    region: HtmlElement | None = None,
) -> PageMetadata:
    """Collect the metadata of a parsed page (see the module docstring for the order of trust).

    ``tree`` should have absolute URLs already (``dom.absolutize_urls``); it is not modified.
    ``base`` is the URL relative references resolve against (default: ``url``).
    """
    base = base or url
    result = PageMetadata()
    metas, equivs = _collect_metas(tree)

    def meta(*names: str) -> list[str]:
        return [value for name in names for value in metas.get(name, [])]

    head_canonical = ""
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and not head_canonical:
            head_canonical = absolute(link.get("href"), base)
    og_url = absolute(next(iter(meta("og:url")), ""), base)
    ld = _JsonLd(tree, [url, head_canonical, og_url])
    article = ld.article or {}
    microdata = _collect_microdata(tree, base)
    hostname = _host(url)

    # ---- site name (needed to clean titles)
    sitename = _Field()
    sitename.add("jsonld", ld.website_name())
    og_site_name, publisher = _as_text(meta("og:site_name")), ld.named(article.get("publisher"))
    publisher_node = ld.resolve(_first(article.get("publisher")))
    person = isinstance(publisher_node, dict) and "Person" in _types(publisher_node)
    if _publisher_first(og_site_name, publisher, hostname, person=person):
        sitename.add("jsonld", publisher)
    sitename.add("opengraph", og_site_name)
    sitename.add("jsonld", publisher)
    sitename.add("meta", _as_text(meta("application-name", "apple-mobile-web-app-title")))
    title_element = tree.find(".//head/title")
    if title_element is None:
        title_element = tree.find(".//title")
    title_tag = sanitize_text(title_element.text_content()) if title_element is not None else ""
    sitename.add("page", _title_site_part(title_tag, hostname))
    sitename.add("url", hostname)
    result.sources["sitename"], result.sitename = sitename.first()

    # ---- title
    titles = _Field()
    titles.add("jsonld", _as_text(article.get("headline") or article.get("name")))
    titles.add("opengraph", _as_text(meta("og:title")))
    titles.add("twitter", _as_text(meta("twitter:title")))
    titles.add("meta", _as_text(meta(*_META_TITLE)))
    titles.add("microdata", _as_text(microdata.get("headline")))
    region_element = region if region is not None else find_article_region(tree)
    area = _Region(region_element)
    result.region = region_element
    source, title = titles.first()
    headline = _find_headline(tree, area, title or "")
    if headline is not None:
        titles.add("page", text_of(headline))
    if title_tag:
        titles.add("page", clean_title(title_tag, sitename=result.sitename, hostname=hostname, title_tag=True))
    source, title = titles.first()
    if not title:
        from trafilatura.metadata import extract_title

        source, title = "trafilatura", extract_title(tree) or ""
    result.title = clean_title(title, sitename=result.sitename, hostname=hostname)
    result.sources["title"] = source
    if headline is None:
        headline = _find_headline(tree, area, result.title)
    parts = result.header_parts
    parts.headline = headline if headline is not None and not _is_wrapper(headline, area, []) else None

    # ---- standfirst / subtitle
    descriptions = _Field()
    descriptions.add("jsonld", _as_text(article.get("description") or article.get("alternativeHeadline")))
    descriptions.add("opengraph", _as_text(meta("og:description")))
    descriptions.add("twitter", _as_text(meta("twitter:description")))
    descriptions.add("meta", _as_text(meta(*_META_DESCRIPTION)))
    descriptions.add("microdata", _as_text(microdata.get("description")))
    _, description = descriptions.first()
    result.description = description or ""
    parts.standfirsts = _find_standfirsts(area, description or "", parts.headline)
    marked = [s for s in parts.standfirsts if class_tokens(s) & _STANDFIRST_TOKENS]
    if marked:
        result.subtitle, result.sources["subtitle"] = sanitize_text(text_of(marked[0])), "page"
    else:
        result.sources["subtitle"], result.subtitle = descriptions.first()
        result.subtitle = result.subtitle or ""

    # ---- lead figure (before bylines: a byline must not swallow it, and vice versa)
    parts.lead_figure = _find_lead_figure(area, [parts.headline])

    # ---- byline and authors
    avoid = [parts.headline, parts.lead_figure, *parts.standfirsts]
    authors = _Field()
    authors.add("jsonld", clean_author_names(ld.names(article.get("author") or article.get("creator"))))
    authors.add("opengraph", clean_author_names([a for a in meta("article:author") if not _is_url(a)]))
    authors.add("meta", clean_author_names(meta(*_META_AUTHOR)))
    authors.add("microdata", clean_author_names([n for names in microdata.get("author", []) for n in names]))
    _, structured_names = authors.first()
    parts.bylines, byline_names = _find_bylines(area, avoid, structured_names or [])
    authors.add("page", byline_names)
    site_key = norm_key(result.sitename)
    publisher_key = norm_key(ld.named(article.get("publisher")))
    people = [
        (source, [n for n in names if norm_key(n) not in (site_key, publisher_key)]) for source, names in authors.items
    ]
    people = [(source, names) for source, names in people if names]
    if people:
        result.sources["authors"], result.authors = people[0]
    elif authors.items:
        result.sources["authors"], result.authors = authors.first()

    # ---- dates
    avoid = [parts.headline, parts.lead_figure, *parts.standfirsts, *parts.bylines]
    parts.datelines, time_dates = _find_datelines(area, parts.bylines, avoid)
    published, modified = _Field(), _Field()
    published.add("jsonld", _first(article.get("datePublished")) or _first(article.get("dateCreated")))
    modified.add("jsonld", _first(article.get("dateModified")))
    for name in _META_PUBLISHED:
        for value in metas.get(name, []):
            published.add("opengraph" if name.startswith(("article:", "og:")) else "meta", value)
    for name in _META_MODIFIED:
        for value in metas.get(name, []):
            modified.add("opengraph" if name.startswith(("article:", "og:")) else "meta", value)
    for value in microdata.get("datepublished", []) + microdata.get("datecreated", []):
        published.add("microdata", value)
    for value in microdata.get("datemodified", []):
        modified.add("microdata", value)
    for kind, value in time_dates:
        (modified if kind == "modified" else published).add("microdata", value)
    if not time_dates:
        for time in region_element.iter("time"):
            if not _has_noise_ancestor(time, region_element) and (value := _time_value(time)) is not None:
                published.add("page", value)
                break
    modified_dates = _parsed_dates(modified)
    result.sources["modified"], result.modified = _pick_date(modified_dates)
    page_urls = [u for u in (url, head_canonical, og_url) if u]
    url_day = next((d for u in page_urls if (d := date_from_url(u)) is not None), None)
    url_month = next((m for u in page_urls if (m := month_from_url(u)) is not None), None)

    def printed() -> _PageDate | None:
        title_element = parts.headline if parts.headline is not None else _title_element(tree, result.title)
        month_first = _month_first(tree)
        found = _printed_date(_page_dates(tree, title_element, area, month_first))
        return found if found is not None else _marked_date(region_element, month_first)

    specific = {
        d for name in _META_PUBLISHED if name != "date" for v in metas.get(name, []) if (d := parse_datetime(v))
    }
    vague = frozenset(d for v in metas.get("date", []) if (d := parse_datetime(v)) is not None and d not in specific)
    result.sources["published"], result.published, exact_zone = _published_date(
        published, printed, modified_dates, url_day, url_month, vague
    )
    if result.modified is not None and result.modified.utcoffset() == timedelta(0):
        # the last change in the page's zone too: from a naive local time of the same moment, or
        # the offset the published date was found to be in
        local = _in_local_zone(result.sources["modified"], result.modified, modified_dates)
        if local is not None:
            result.sources["modified"], result.modified = local
        elif exact_zone and result.published is not None and (offset := result.published.utcoffset()):
            result.modified = result.modified.astimezone(timezone(offset))
    if result.published is None:
        from htmldate import find_date

        # url="": htmldate would read the URL first (and the canonical link when given None);
        # the URL is our own source, below
        found = find_date(
            tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z", url=""
        )
        if (
            found
            and (value := parse_datetime(found)) is not None
            and _fits_url(value, url_day, url_month)
            and not _only_in_masthead(tree, value, parts.headline)
        ):
            result.sources["published"], result.published = "htmldate", value
    if result.published is None and url_day is not None:
        result.sources["published"], result.published = "url", url_day
    if result.published is None and url_month is not None:
        # a URL with only the year and month (/2025/09/story), and a day of that month written in
        # the article ("am Samstag, 6. September 2025 veröffentlicht"): the URL vouches for it
        if (value := _day_in_month(region_element, url_month)) is not None:
            result.sources["published"], result.published = "page+url", value
    if result.published is None:
        # htmldate's free-text search over the whole page, last: it may turn a lone "2025" into
        # the first of January, but on pages that print their date where nothing above looks
        # (a credits box at the end, a footer) it finds it
        from htmldate import find_date

        found = find_date(tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d", url="")
        if (
            found
            and (value := parse_datetime(found)) is not None
            and _fits_url(value, url_day, url_month)
            and _extensive_date_holds(tree, value, page_urls)
            and not _only_in_masthead(tree, value, parts.headline)
        ):
            result.sources["published"], result.published = "htmldate-extensive", value
    if result.modified and result.published:
        try:
            if result.modified < result.published:
                result.modified, result.sources["modified"] = None, ""
        except TypeError:  # one naive, one aware: cannot compare, keep both
            pass

    # ---- language
    languages = _Field()
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    languages.add("page", normalise_language(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")))
    in_language = _first(article.get("inLanguage"))
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    languages.add("jsonld", normalise_language(in_language if isinstance(in_language, str) else ""))
    languages.add("opengraph", normalise_language(next(iter(meta("og:locale")), "")))
    header_language = next((v for k, v in (headers or {}).items() if k.lower() == "content-language"), "")
    languages.add("http", normalise_language(header_language))
    languages.add("meta", normalise_language(next(iter(equivs.get("content-language", [])), "")))
    languages.add("meta", normalise_language(next(iter(meta(*_META_LANGUAGE)), "")))
    languages.add("microdata", normalise_language(_as_text(microdata.get("inlanguage"))))
    result.sources["language"], result.language = languages.first()
    result.language = result.language or ""

    # ---- canonical URL
    canonicals = _Field()
    canonicals.add("page", head_canonical)
    canonicals.add("opengraph", og_url)
    for key in ("url", "mainEntityOfPage"):
        value = _first(article.get(key))
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            canonicals.add("jsonld", strip_fragment(absolute(value, base)) if absolute(value, base) else "")
    canonicals.add("url", url)
    result.sources["canonical_url"], result.canonical_url = canonicals.first()

    # ---- lead image and caption
    ld_image, ld_caption, ld_credit = ld.image()
    images = _Field()
    images.add("jsonld", absolute(ld_image, base))
    images.add("opengraph", absolute(next(iter(meta("og:image:secure_url", "og:image", "og:image:url")), ""), base))
    images.add("twitter", absolute(next(iter(meta("twitter:image", "twitter:image:src")), ""), base))
    for link in tree.iter("link"):
        if "image_src" in (link.get("rel") or "").lower().split():
            images.add("page", absolute(link.get("href"), base))
    images.add("microdata", next((u for u in microdata.get("image", []) if u), ""))
    meta_source, meta_image = images.first()
    if parts.lead_figure is not None and (figure_src := _figure_image(parts.lead_figure)):
        if meta_image and is_same_image(meta_image, figure_src):
            # the same picture: the metadata URL is usually the full-size rendition
            result.image, result.sources["image"] = meta_image, meta_source
        else:
            result.image, result.sources["image"] = figure_src, "page"
    else:
        result.sources["image"], result.image = meta_source, meta_image or ""
    captions = _Field()
    showing = parts.lead_figure
    if showing is None and result.image:
        showing = _figure_showing(region_element, result.image)
    if showing is not None:
        captions.add("page", figure_caption(showing))
    if ld_caption and is_same_image(absolute(ld_image, base), result.image):
        captions.add("jsonld", sanitize_text(ld_caption))
    og_image = absolute(next(iter(meta("og:image:secure_url", "og:image", "og:image:url")), ""), base)
    if is_same_image(og_image, result.image):
        captions.add("opengraph", _as_text(meta("og:image:alt")))
    tw_image = absolute(next(iter(meta("twitter:image", "twitter:image:src")), ""), base)
    if is_same_image(tw_image, result.image):
        captions.add("twitter", _as_text(meta("twitter:image:alt")))
    result.sources["image_caption"], result.image_caption = captions.first()
    result.image_caption = result.image_caption or ""

    credits = _Field()
    if showing is not None:
        credits.add("page", _credit_element_text(showing))
    credits.add("page", caption_credit(result.image_caption))
    if ld_credit and is_same_image(absolute(ld_image, base), result.image):
        credits.add("jsonld", ld_credit)
    result.sources["image_credit"], result.image_credit = credits.first()
    result.image_credit = result.image_credit or ""

    # ---- tags and section
    tags = _Field()
    tags.add("jsonld", _keywords(article.get("keywords")))
    tags.add("opengraph", _keywords(meta("article:tag")))
    tags.add("meta", _keywords(meta("news_keywords")))
    tags.add("meta", _keywords(meta("keywords")))
    rel_tags, rel_categories = _rel_tag_links(region_element)
    tags.add("page", rel_tags)
    result.sources["tags"], result.tags = tags.first()
    result.tags = result.tags or []
    # ---- what the article is about: JSON-LD about/mentions, by name (the translation keeps these names)
    about = [sanitize_text(name).strip() for key in ("about", "mentions") for name in ld.names(article.get(key))]
    result.about = list(dict.fromkeys(name for name in about if name and len(name) <= 200))[:50]
    sections = _Field()
    sections.add("jsonld", _as_text(article.get("articleSection")))
    sections.add("opengraph", _as_text(meta("article:section")))
    sections.add("meta", _as_text(meta(*_META_SECTION)))
    sections.add("page", rel_categories[0] if rel_categories else "")
    result.sources["section"], result.section = sections.first()
    result.section = result.section or ""

    # ---- what the page says about itself (for the not-an-article verdict and the fallback body)
    result.accessible_for_free = ld.accessible_for_free()
    result.page_types = ld.top_level_types() | {t.lower() for t in meta("og:type")[:1]}
    body_value = _first(article.get("articleBody") or article.get("text"))
    result.article_body = body_value.strip() if isinstance(body_value, str) else ""

    # figures elsewhere in the article that show the lead picture again
    if result.image:
        for figure in _figures(region_element):
            if figure is not parts.lead_figure and is_same_image(_figure_image(figure), result.image):
                if not _contains(figure, area.first_paragraph) and not any(
                    _contains(p, figure) for p in parts.all()
                ):
                    parts.lead_duplicates.append(figure)
    return result


def _keywords(value: Any) -> list[str]:
    """Tags from a JSON-LD ``keywords`` value or meta contents: a list, or comma-separated text."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    tags: list[str] = []
    seen: set[str] = set()
    for item in value:
        item = _first(item)
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for piece in re.split(r"[,;、，،]", item):
            tag = sanitize_text(piece)
            if tag and len(tag) <= 80 and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags[:_MAX_TAGS]


def _rel_tag_links(region: HtmlElement) -> tuple[list[str], list[str]]:
    """Tag and category links of the article (``rel="tag"``, ``rel="category tag"``, as
    WordPress writes them), outside navigation and sidebars: (tags, categories)."""
    tags: list[str] = []
    categories: list[str] = []
    for link in region.iterfind(".//a[@rel]"):
        rel = link.get("rel", "").lower().split()
        if "tag" not in rel or _has_ancestor(link, _EXCLUDED_ANCESTORS - {"footer"}, region):
            continue
        if text := sanitize_text(text_of(link)):
            (categories if "category" in rel else tags).append(text)
    return _keywords(tags), categories


def strip_credit_prefix(text: str) -> str:
    """'Photo: Jane Roe' -> 'Jane Roe'; '(© Agency)' -> 'Agency'."""
    text = sanitize_text(text)
    return _CREDIT_PREFIX.sub("", text, count=1).strip(" ()[]") if text else ""


def caption_credit(caption: str) -> str:
    """The credit written at the end of a caption: '... chamber. Photo: Owen Pryce/Ledger' ->
    'Owen Pryce/Ledger'; '' when the caption names none."""
    match = _CAPTION_CREDIT.search(caption or "")
    credit = sanitize_text(match.group(1)).strip(" .") if match else ""
    return credit if len(credit.split()) <= _CREDIT_MAX_WORDS else ""


def _credit_element_text(figure: HtmlElement) -> str:
    """The text of a figure's credit element (``.credit``, ``.copyright``...), prefix removed."""
    for element in figure.iter():
        if element is not figure and isinstance(element.tag, str) and class_tokens(element) & _CREDIT_TOKENS:
            if credit := strip_credit_prefix(text_of(element)):
                return credit
    return ""


def _figures(region: HtmlElement) -> Iterator[HtmlElement]:
    """Figures of the region: ``<figure>`` elements and bare images outside any figure."""
    for element in region.iter("figure", "img"):
        if element.tag == "figure":
            yield element
        elif not _has_ancestor(element, frozenset({"figure"}), region):
            yield element


def _figure_showing(region: HtmlElement, image: str) -> HtmlElement | None:
    for figure in region.iter("figure"):
        if is_same_image(_figure_image(figure), image):
            return figure
    return None
