"""``extract_metadata``: every source of evidence asked for every field (JSON-LD in ``jsonld``,
``<meta>`` and microdata in ``meta_tags``, what the page shows in ``visible`` and ``visible_dates``,
the URL in ``url``; trafilatura and htmldate as fallbacks), and the most trusted usable value taken,
field by field, in the order of trust the package's docstring gives (``dragoman.extract.metadata``).
``PageMetadata.sources`` records which source gave each field.

The published date takes the most care (``_published_date``): a moment given in UTC is put back in the
page's own zone when the page says it, a story the site has re-dated keeps the date it prints, and a
date printed near the headline stands in when no structured source gives one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from lxml.html import HtmlElement

from dragoman.extract.bylines import clean_author_names
from dragoman.extract.dates import date_from_url, month_from_url, parse_datetime, same_moment_or_day
from dragoman.extract.dom import (
    absolute,
    class_tokens,
    find_article_region,
    is_same_image,
    norm_key,
    strip_fragment,
    text_of,
)
from dragoman.extract.metadata.common import (
    _as_text,
    _contains,
    _first,
    _has_noise_ancestor,
    _is_url,
    _keywords,
    normalise_language,
)
from dragoman.extract.metadata.jsonld import _JsonLd, _types
from dragoman.extract.metadata.meta_tags import (
    _META_AUTHOR,
    _META_DESCRIPTION,
    _META_LANGUAGE,
    _META_MODIFIED,
    _META_PUBLISHED,
    _META_SECTION,
    _META_TITLE,
    _collect_metas,
    _collect_microdata,
)
from dragoman.extract.metadata.region import _STANDFIRST_TOKENS, _Region, _is_wrapper
from dragoman.extract.metadata.titles import _publisher_first, _title_site_part, clean_title
from dragoman.extract.metadata.url import _fits_url, _host
from dragoman.extract.metadata.visible import (
    _credit_element_text,
    _figure_image,
    _figure_showing,
    _figures,
    _find_bylines,
    _find_headline,
    _find_lead_figure,
    _find_standfirsts,
    _rel_tag_links,
    _title_element,
    caption_credit,
    figure_caption,
)
from dragoman.extract.metadata.visible_dates import (
    _PageDate,
    _day_in_month,
    _extensive_date_holds,
    _find_datelines,
    _marked_date,
    _month_first,
    _only_in_masthead,
    _page_dates,
    _printed_date,
    _time_value,
)
from dragoman.sanitize import sanitize_text


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
