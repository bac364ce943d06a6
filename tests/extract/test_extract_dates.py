"""Publication dates: dates written in text and URLs (dates.py), and how dragoman.extract.metadata chooses the
published date (the date printed near the headline, UTC moments given in the page's own zone,
htmldate's extensive search as the last resort).

Every page here is invented for these tests (sites under .example domains)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from dragoman.extract.dates import date_from_url, find_dates, parse_datetime
from dragoman.extract.dom import absolutize_urls, parse_html
from dragoman.extract.metadata import extract_metadata

URL = "https://tidings.example.org/region/harbour-story"
PARAGRAPH = (
    "<p>The harbour board met on a grey morning to discuss the new ferry timetable, and the meeting ran "
    "long because every captain in the bay wanted to speak about the winter crossings.</p>"
)
BODY = PARAGRAPH * 3


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def meta_for(article: str, head: str = "", url: str = URL, lang: str = "en-GB"):
    html = (f'<html lang="{lang}"><head><title>Ferry timetable | Tidings</title>{head}</head><body>'
            f'<nav class="menu"><a href="/">Home</a> <a href="/region">Region</a></nav>'
            f"<article>{article}</article></body></html>")  # fmt: skip
    tree = parse_html(html)
    absolutize_urls(tree, url)
    return extract_metadata(tree, url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --------------------------------------------------------------------------------------------
# dates written in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in words, in many languages (the genitive month names of the Slavic languages included)
        ("Hamburg, 2. November 2026", datetime(2026, 11, 2)),
        ("опубликовано 7 октября 2025 г. в 14:05", datetime(2025, 10, 7, 14, 5)),
        ("7 жовтня 2025, 09:30", datetime(2025, 10, 7, 9, 30)),
        ("Warszawa, 7 października 2025", datetime(2025, 10, 7)),
        ("Praha 3. června 2025", datetime(2025, 6, 3)),
        ("الأربعاء، 07 أكتوبر 2025 - 12:09", datetime(2025, 10, 7, 12, 9)),
        ("7 Ekim 2025", datetime(2025, 10, 7)),
        ("2025. október 7.", datetime(2025, 10, 7)),
        ("2025年10月7日 12:00", datetime(2025, 10, 7, 12)),
        ("2025년 10월 7일", datetime(2025, 10, 7)),
        ("7 d'octubre de 2025", datetime(2025, 10, 7)),
        ("November 8, 2025 at 6:09 p.m.", datetime(2025, 11, 8, 18, 9)),
        ("the 7th of October 2025 at 9:05 am GMT", datetime(2025, 10, 7, 9, 5, tzinfo=timezone.utc)),
        ("à Lyon, le 12 mars 2025 à 14h30", datetime(2025, 3, 12, 14, 30)),
        # in numbers: day first with dots (spaces and two-digit years too), ISO order
        ("04.02.2026 | 15:33 Uhr", datetime(2026, 2, 4, 15, 33)),
        ("Von Anna Berg 4. 2. 2026", datetime(2026, 2, 4)),
        ("27.1.2026 - Bei der Gedenkfeier", datetime(2026, 1, 27)),
        ("Stand 02.12.25", datetime(2025, 12, 2)),
        ("2026-02-04", datetime(2026, 2, 4)),
        ("2026/02/04 08:00", datetime(2026, 2, 4, 8)),
        ("22/11/2025 - 04:30 - Fonte: Agência", datetime(2025, 11, 22, 4, 30)),
        ("10/27/2025", datetime(2025, 10, 27)),  # the month first: there is no 27th month
    ],
)
def test_find_dates(text: str, expected: datetime) -> None:
    found = find_dates(text)
    assert found and found[0].value == expected


@pytest.mark.parametrize(
    "text",
    ["in 2019 and 2020", "version 1.2.19 of the app", "8 juillet", "on 31 February 2025", "at 14:30", "Room 12/3"],
)
def test_no_date_in(text: str) -> None:
    assert find_dates(text) == []


def test_slashes_read_day_first_unless_the_page_writes_the_month_first() -> None:
    (date,) = find_dates("03/04/2026")
    assert (date.value, date.swapped) == (datetime(2026, 4, 3), datetime(2026, 3, 4))
    (date,) = find_dates("03/04/2026", month_first=True)
    assert (date.value, date.swapped) == (datetime(2026, 3, 4), datetime(2026, 4, 3))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a time alone, or a month alone, is no date (dateutil would fill in today's date)
        ("16:45", None),
        ("2:33 PM", None),
        ("March 2026", None),
        ("12 March", None),
        # what dateutil does not read: a weekday abbreviation, an Arabic month
        ("Di., 25.01.2026 - 14:45", datetime(2026, 1, 25, 14, 45)),
        ("الأربعاء، 07 أكتوبر 2025 - 12:09 م", datetime(2025, 10, 7, 12, 9)),
        ("Mon Jan 20 09:49:32 UTC 2025", datetime(2025, 1, 20, 9, 49, 32, tzinfo=timezone.utc)),
    ],
)
def test_parse_datetime(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://tidings.example.org/2025/10/07/story", datetime(2025, 10, 7)),
        ("https://tidings.example.org/news/meldungen/07-10-2025", datetime(2025, 10, 7)),
        ("https://tidings.example.org/news/story_07.10.2025.html", datetime(2025, 10, 7)),
        ("https://tidings.example.org/news/story-0710202512", None),
        ("https://tidings.example.org/news/31-02-2025", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


# --------------------------------------------------------------------------------------------
# the date printed near the headline


def test_a_dateline_under_the_headline_when_the_markup_has_no_date() -> None:
    meta = meta_for(f'<h1>Ferry timetable returns</h1><p class="tagline">22/11/2025 - 04:30 - Source: Harbour '
                    f"Board - Photo: Ana Sol</p>{BODY}")  # fmt: skip
    assert (meta.published, meta.sources["published"]) == (datetime(2025, 11, 22, 4, 30), "page")


def test_a_dateline_above_the_headline() -> None:
    meta = meta_for(f'<div class="kicker">In the media</div><span>02.12.25</span><h1>Ferry timetable returns</h1>{BODY}')
    assert (meta.published, meta.sources["published"]) == (datetime(2025, 12, 2), "page")


def test_the_day_in_the_site_s_masthead_is_the_visit_s() -> None:
    """A newspaper's page header prints today's date above every page; the article below is older
    and prints its own date under the headline."""
    html = ("<html><body><header class='site'><a href='/'>The Tidings</a> <span>Tuesday, 7 October 2025</span>"
            "</header><main><article><h1>Ferry timetable returns</h1>"
            f"<p class='byline'>By Anna Berg · 3 October 2025</p>{BODY}</article></main></body></html>")  # fmt: skip
    assert extract_metadata(parse_html(html), URL).published == datetime(2025, 10, 3)
    html = html.replace(" · 3 October 2025", "")
    assert extract_metadata(parse_html(html), URL).published != datetime(2025, 10, 7)


def test_a_date_starting_the_first_paragraph() -> None:
    lead = "<p>27.1.2026 - The harbour board met on a grey morning to discuss the new ferry timetable, and " \
           "the meeting ran long because every captain in the bay wanted to speak.</p>"
    meta = meta_for(f"<h1>Ferry timetable returns</h1><p>By Anna Berg</p>{lead}{BODY}")
    assert (meta.published, meta.sources["published"]) == (datetime(2026, 1, 27), "page")


def test_dates_inside_sentences_captions_and_quotes_are_the_story_s_not_its_own() -> None:
    article = (
        "<h1>Ferry timetable returns</h1>"
        "<figure><img src='/img/quay.jpg'><figcaption>The quay, March 6, 2002. Photo: Ana Sol</figcaption></figure>"
        "<p>The price of a crossing fell to its lowest level since 6 March 2002, the harbour board said on "
        "Tuesday after a long meeting about the new ferry timetable and the winter crossings.</p>"
        "<blockquote>We last saw such a winter on 12 January 2010.</blockquote>"
        f"<p class='date'>5 May 2025</p>{BODY}"
    )
    meta = meta_for(article)
    assert (meta.published, meta.sources["published"]) == (datetime(2025, 5, 5), "page")


def test_an_update_line_gives_way_to_the_publication_line() -> None:
    article = ('<h1>Ferry timetable returns</h1><p class="meta">Updated 14 March 2026, 10:02 · '
               f"Published 12 March 2026, 08:15</p>{BODY}")  # fmt: skip
    assert meta_for(article).published == datetime(2026, 3, 12, 8, 15)
    article = f'<h1>Ferry timetable returns</h1><p class="meta">Aktualisiert am 14.03.2026</p>{BODY}'
    assert meta_for(article).sources["published"] != "page"


def test_a_date_line_styled_as_a_row_of_links() -> None:
    """Bootstrap's "nav" class on the article's meta line is no navigation."""
    article = ('<h1>Ferry timetable returns</h1><ul class="nav meta"><li><a href="/time/2025-10-13">13 Oct 2025 '
               f'18:29</a></li><li><span class="views">1479</span></li></ul>{BODY}')  # fmt: skip
    assert meta_for(article).published == datetime(2025, 10, 13, 18, 29)


def test_a_forum_member_s_registration_date_is_not_the_post_s() -> None:
    article = f"<h1>Which ferry pass?</h1><dl><dt>Posts:</dt><dd>1626</dd><dd>Registered: 18.09.2018, 05:56</dd></dl>{BODY}"
    assert meta_for(article).sources["published"] != "page"


def test_the_headline_may_be_another_heading_than_h1() -> None:
    """A site whose <h1> is its section name, the story's title in an <h3>."""
    head = '<meta property="og:title" content="Come together">'
    article = f'<h1>News</h1><h3 class="newstitle">Come together</h3><div class="abstract"><p>06.05.2018</p></div>{BODY}'
    assert (meta_for(article, head).published, meta_for(article, head).sources["published"]) == (
        datetime(2018, 5, 6), "page")  # fmt: skip


def test_a_printed_date_another_month_than_the_url_s_is_not_taken() -> None:
    article = f'<h1>Ferry timetable returns</h1><p class="date">4 March 2025</p>{BODY}'
    assert meta_for(article, url="https://tidings.example.org/2025/09/ferry/").published is None
    assert meta_for(article, url="https://tidings.example.org/2025/03/ferry/").published == datetime(2025, 3, 4)


def test_an_ambiguous_numeric_date_takes_the_reading_the_url_agrees_with() -> None:
    article = f'<h1>Ferry timetable returns</h1><p class="date">Posted 01/06/2025</p>{BODY}'
    # American English writes the month first: January 6th...
    assert meta_for(article, lang="en-US").published == datetime(2025, 1, 6)
    # ... unless the URL says June 1st, the other reading
    url = "https://tidings.example.org/2025/06/01/ferry"
    assert meta_for(article, lang="en-US", url=url).published == datetime(2025, 6, 1)
    # British English writes the day first
    assert meta_for(article, lang="en-GB").published == datetime(2025, 6, 1)


def test_microformats_abbr_title() -> None:
    """Blogger's hAtom markup: the time printed, the full date in the title attribute."""
    article = ("<h1>Ferry timetable returns</h1><div class='post-footer'>posted at <abbr class='published' "
               "itemprop='datePublished' title='2025-10-16T14:33:00-07:00'>2:33 PM</abbr></div>" + BODY)  # fmt: skip
    meta = meta_for(article)
    assert meta.published == datetime(2025, 10, 16, 14, 33, tzinfo=zone(-7))


def test_a_structured_date_beats_a_printed_one_of_another_day() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Ferry timetable returns", "datePublished": "2025-03-03T09:00:00+01:00"})
    article = f'<h1>Ferry timetable returns</h1><p class="date">9 March 2025</p>{BODY}'
    assert meta_for(article, head).published == datetime(2025, 3, 3, 9, tzinfo=zone(1))


_REDATED = ld({"@type": "NewsArticle", "headline": "Ten ferries compared", "datePublished": "2024-08-21T13:09:00Z",
                "dateModified": "2025-04-03T08:04:00Z"})  # fmt: skip


def test_a_story_the_site_has_re_dated() -> None:
    """A buyer's guide published in 2024, revised and put out again in 2025: the page prints only the
    new date, as the story's date, and the structured data has it as the modification date."""
    meta = meta_for(f'<h1>Ten ferries compared</h1><div class="meta">03.04.2025 | 10:04 Uhr</div>{BODY}', _REDATED,
                    lang="de")  # fmt: skip
    assert meta.published == datetime(2025, 4, 3, 10, 4, tzinfo=zone(2))
    assert meta.published.utcoffset() == timedelta(hours=2)  # the printed local time gives the zone
    assert meta.sources["published"] == "page+jsonld+page"


@pytest.mark.parametrize(
    "line",
    ["Aktualisiert am 03.04.2025, 10:04 Uhr", "21. August 2024"],
    ids=["printed-as-an-update", "printed-is-the-publication"],
)
def test_the_original_publication_when_the_page_says_so(line: str) -> None:
    meta = meta_for(f'<h1>Ten ferries compared</h1><div class="meta">{line}</div>{BODY}', _REDATED, lang="de")
    assert meta.published == datetime(2024, 8, 21, 13, 9, tzinfo=timezone.utc)
    assert meta.modified == datetime(2025, 4, 3, 8, 4, tzinfo=timezone.utc)


@pytest.mark.parametrize(("name", "expected"), [("date", datetime(2026, 4, 28, 18)),
                                                 ("pubdate", datetime(2026, 4, 29, 11, 52, 23))])  # fmt: skip
def test_a_bare_meta_date_gives_way_to_the_printed_date(name: str, expected: datetime) -> None:
    """<meta name="date"> does not say which date it is (here the page's generation, the morning
    after); a meta that says "published" stays more trusted than the printed line."""
    head = f'<meta name="{name}" content="2026-04-29T11:52:23">'
    article = f'<h1>Ferry timetable returns</h1><p><span class="stand">Stand: 28.04.2026 18:00 Uhr</span></p>{BODY}'
    assert meta_for(article, head, lang="de").published == expected


# --------------------------------------------------------------------------------------------
# a moment stored in UTC, the day the page says


def test_a_naive_local_time_of_the_same_moment_gives_the_offset() -> None:
    """The publishing system writes UTC in its JSON-LD and local time in the <time> element."""
    head = ld({"@type": "NewsArticle", "headline": "Ferry timetable returns", "datePublished": "2025-11-09T01:09:55Z"})
    article = ('<header><h1>Ferry timetable returns</h1><div class="time"><time datetime="2025-11-08 18:09:55">'
               f"November 8, 2025 at 6:09 p.m.</time></div></header>{BODY}")  # fmt: skip
    meta = meta_for(article, head, lang="en-US")
    assert meta.published == datetime(2025, 11, 8, 18, 9, 55, tzinfo=zone(-7))
    assert meta.published.utcoffset() == timedelta(hours=-7)
    assert meta.sources["published"] == "jsonld+microdata"


def test_the_printed_local_time_gives_the_offset() -> None:
    head = '<meta property="article:published_time" content="2025-11-09T05:30:59+00:00">'
    article = f'<h1>Ferry timetable returns</h1><p>PUBLISHED: November 8, 2025 at 11:30 p.m.</p>{BODY}'
    meta = meta_for(article, head, lang="en-US")
    assert meta.published == datetime(2025, 11, 8, 23, 30, 59, tzinfo=zone(-6))
    assert meta.published.utcoffset() == timedelta(hours=-6)
    assert meta.sources["published"] == "opengraph+page"


def test_the_printed_day_puts_a_utc_moment_on_the_local_day() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Ferry timetable returns", "datePublished": "2025-02-18T02:18:11Z"})
    article = f'<h1>Ferry timetable returns</h1><p class="fecha">17 de febrero de 2025</p>{BODY}'
    meta = meta_for(article, head, lang="es")
    assert meta.published.date() == datetime(2025, 2, 17).date()
    assert meta.published == datetime(2025, 2, 18, 2, 18, 11, tzinfo=timezone.utc)  # the same moment
    assert meta.sources["published"] == "jsonld+page"


def test_the_url_day_puts_a_utc_moment_on_the_local_day() -> None:
    head = '<meta property="article:published_time" content="2025-12-31T23:11:59+00:00">'
    meta = meta_for(f"<h1>Into the new year</h1>{BODY}", head, url="https://tidings.example.org/2026/01/01/new-year/")
    assert meta.published == datetime(2026, 1, 1, 0, 11, 59, tzinfo=zone(1))
    assert (meta.published.date(), meta.published.utcoffset()) == (datetime(2026, 1, 1).date(), timedelta(hours=1))
    assert meta.sources["published"] == "opengraph+url"


def test_a_local_midnight_stored_in_utc() -> None:
    """A day-only field stored as UTC: 23:00Z is midnight in UTC+1, the day the page prints."""
    head = ('<meta property="article:published_time" content="2025-11-04T23:00Z">'
            '<meta property="article:modified_time" content="2025-11-05T12:42Z">')  # fmt: skip
    article = f'<h1>Local elections</h1><span class="metadata-date">5. November 2025</span>{BODY}'
    meta = meta_for(article, head, lang="de")
    assert meta.published == datetime(2025, 11, 5, tzinfo=zone(1))
    assert (meta.published.date(), meta.published.utcoffset()) == (datetime(2025, 11, 5).date(), timedelta(hours=1))


def test_a_page_s_own_offset_is_kept_whatever_the_url_says() -> None:
    """A story filed on the evening before (URL) and published at 18:37 in the page's zone."""
    head = '<meta property="article:published_time" content="2025-02-19T18:37:32+01:00">'
    meta = meta_for(f"<h1>Ferry timetable returns</h1>{BODY}", head, url="https://tidings.example.org/2025/02/18/x")
    assert meta.published == datetime(2025, 2, 19, 18, 37, 32, tzinfo=zone(1))


# --------------------------------------------------------------------------------------------
# htmldate's extensive search, the last resort


def test_extensive_search_finds_a_date_printed_far_below_the_headline() -> None:
    credits = "<ul class='credits'><li><p class='title'>Online since</p><p class='content'>23 May 2025</p></li></ul>"
    meta = meta_for(f"<h1>Ferry timetable returns</h1>{BODY * 4}{credits}")
    assert (meta.published, meta.sources["published"]) == (datetime(2025, 5, 23), "htmldate-extensive")


def test_a_date_only_in_links_to_other_stories_is_not_taken() -> None:
    sidebar = ("<aside><h2>Recent posts</h2><ul><li><a href='https://tidings.example.org/2025/09/02/ducks/'>Ducks</a>"
               "</li><li><a href='https://tidings.example.org/2025/09/17/rain/'>Rain</a></li></ul></aside>")  # fmt: skip
    html = (f"<html><body><article><h1>Ferry timetable returns</h1>{BODY}</article>{sidebar}</body></html>")
    assert extract_metadata(parse_html(html), URL).published is None


def test_a_year_is_not_read_as_the_first_of_january() -> None:
    """A product page with nothing but a copyright year: htmldate's free-text search would make it
    1 January; a first of the month counts only written as a full date."""
    footer = "<footer>© 2019 Harbour Supplies</footer>"
    html = f"<html><body><article><h1>Rope, 20 m</h1>{BODY * 4}</article><p>Since 2013 in the harbour.</p>{footer}</body></html>"
    assert extract_metadata(parse_html(html), "https://shop.example.com/rope-20").published is None
    html = html.replace("Since 2013 in the harbour.", "Price list of 1 March 2025.")
    meta = extract_metadata(parse_html(html), "https://shop.example.com/rope-20")
    assert (meta.published, meta.sources["published"]) == (datetime(2025, 3, 1), "htmldate-extensive")
