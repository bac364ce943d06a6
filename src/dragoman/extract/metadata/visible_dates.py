"""Dates the page prints: the dateline blocks and ``<time>`` elements of the article header,
the date printed near the headline (within ``_PAGE_DATE_AFTER`` characters of text after it,
``_PAGE_DATE_BEFORE`` before it, standing on its own as datelines do), the date words call the
publication anywhere in the article ("Veröffentlicht am ..."), what the words before a date say it
is (a publication, a change, something else), the site's masthead that prints the day of the visit,
and whether a date htmldate's free-text search found is written in the page's text.

How a printed date is weighed against the structured ones is in ``combine`` (``_published_date``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.dates import date_from_url, date_in_text, dates_in_text, find_dates, parse_datetime
from dragoman.extract.dom import BLOCK_TAGS, class_id_text, class_tokens, same_page, text_length, text_of
from dragoman.extract.metadata.common import _EXCLUDED_ANCESTORS, _NOISE_TOKENS, _contains
from dragoman.extract.metadata.region import _Region, _is_wrapper


_DATELINE_TOKENS = frozenset(
    {"dateline", "timestamp", "date", "time", "published", "updated", "pubdate", "posted", "datetime"}
)
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
_VISIBLE_TEXT = etree.XPath("descendant::text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


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
    in_headline = {headline, *headline.iterdescendants()} if headline is not None else set()
    for owner, text in _text_runs(root, start_element):
        inside = owner in in_headline
        if mark < 0 and (inside or headline is None):
            mark = length
        if mark >= 0 and mark_end < 0 and not inside:
            mark_end = length
        if mark_end >= 0 and length - mark_end > _PAGE_DATE_AFTER:
            break
        text = " " + " ".join(text.split())  # whitespace collapsed (split() reads what \s matches)
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


def _month_first(tree: HtmlElement) -> bool:
    """Whether the page writes numeric dates month first (03/04/2026 is March 4th): American
    English, which a page without a region (``lang="en"``) is taken to be."""
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    lang = (root.get("lang") or "").strip().lower().replace("_", "-")
    return lang == "en" or lang.startswith(("en-us", "en-ph"))
