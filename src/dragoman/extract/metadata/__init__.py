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

Where each source is read
-------------------------
- ``jsonld``: schema.org JSON-LD (the article node, ``@id`` references, names, image, page types).
- ``meta_tags``: ``<meta>`` (OpenGraph, Twitter cards, ``dc.*``...) and microdata (``itemprop``).
- ``visible``: what the page shows at the top of the article: headline, standfirst, byline, lead
  figure with caption and credit, tag and category links; ``visible_dates``: the dates it prints
  (datelines, ``<time>``, the date near the headline); ``region``: the article region and its header
  zone, where both look.
- ``url``: the host name, and whether a date found in the page agrees with the URL's.
- ``titles``: the site part of titles, and which site name goes first.
- ``combine``: ``extract_metadata``, which asks them all and keeps, field by field, the most trusted
  usable value in the order above; ``common``: small helpers they share.

"""

from __future__ import annotations

from dragoman.extract.metadata.combine import HeaderParts, PageMetadata, extract_metadata
from dragoman.extract.metadata.common import normalise_language
from dragoman.extract.metadata.titles import clean_title
from dragoman.extract.metadata.visible import caption_credit, figure_caption, strip_credit_prefix

__all__ = [
    "HeaderParts",
    "PageMetadata",
    "caption_credit",
    "clean_title",
    "extract_metadata",
    "figure_caption",
    "normalise_language",
    "strip_credit_prefix",
]
