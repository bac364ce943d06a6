"""dragoman.extract.metadata: each source, the order of trust between them, title and language cleaning."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from dragoman.extract.dom import absolutize_urls, parse_html
from dragoman.extract.metadata import caption_credit, clean_title, extract_metadata, normalise_language

URL = "https://paper.example.net/world/2024/story-123"
BODY = (
    "<p>The first paragraph of the story is long enough to count as the start of the body text, "
    "which is what the header zone is measured against.</p>"
)


def meta_of(head: str = "", article: str = "", *, html_attrs: str = "", headers: dict | None = None):
    html = f"<html {html_attrs}><head>{head}</head><body><article>{article}{BODY}</article></body></html>"
    tree = parse_html(html)
    absolutize_urls(tree, URL)
    return extract_metadata(tree, URL, headers=headers)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --------------------------------------------------------------------------------------------
# order of trust


def test_jsonld_beats_opengraph_beats_meta() -> None:
    head = (
        ld({"@type": "NewsArticle", "headline": "From JSON-LD", "datePublished": "2024-01-02T03:04:05+05:30",
            "author": {"@type": "Person", "name": "Ada Ledger"}})
        + '<meta property="og:title" content="From OpenGraph">'
        + '<meta property="article:published_time" content="2024-01-01T00:00:00Z">'
        + '<meta name="author" content="Otto Meta">'
        + '<meta name="date" content="2023-12-31">'
    )  # fmt: skip
    meta = meta_of(head, '<h1>From the h1</h1><p class="byline">By Vera Visible</p>')
    assert meta.title == "From JSON-LD" and meta.sources["title"] == "jsonld"
    assert meta.authors == ["Ada Ledger"] and meta.sources["authors"] == "jsonld"
    assert meta.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert meta.sources["published"] == "jsonld"


def test_each_source_used_when_the_better_ones_are_silent() -> None:
    meta = meta_of('<meta property="og:title" content="From OpenGraph"><meta name="author" content="Otto Meta">')
    assert (meta.title, meta.sources["title"]) == ("From OpenGraph", "opengraph")
    assert (meta.authors, meta.sources["authors"]) == (["Otto Meta"], "meta")
    meta = meta_of('<meta name="twitter:title" content="From Twitter">', "<h1>From the h1</h1>")
    assert (meta.title, meta.sources["title"]) == ("From Twitter", "twitter")
    meta = meta_of("<title>From title | Paper</title>", "<h1>From the h1</h1>")
    assert (meta.title, meta.sources["title"]) == ("From the h1", "page")
    meta = meta_of("<title>Only the title | The Paper</title>")
    assert (meta.title, meta.sources["title"]) == ("Only the title", "page")


def test_microdata() -> None:
    article = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h2 itemprop="headline">Microdata headline</h2>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Mia Data</span></span>'
        '<meta itemprop="datePublished" content="2024-06-01T12:00:00+02:00">'
        "</div>"
    )  # fmt: skip
    meta = meta_of("", article)
    assert meta.title == "Microdata headline"
    assert meta.authors == ["Mia Data"] and meta.sources["authors"] == "microdata"
    assert meta.published == datetime(2024, 6, 1, 12, tzinfo=timezone(timedelta(hours=2)))


def test_naive_date_takes_the_zone_of_a_less_trusted_source_saying_the_same() -> None:
    head = (
        ld({"@type": "Article", "headline": "x", "datePublished": "2024-03-12T08:30:00"})
        + '<meta property="article:published_time" content="2024-03-12T08:30:00+01:00">'
    )
    meta = meta_of(head)
    assert meta.published.utcoffset() == timedelta(hours=1)
    assert meta.sources["published"] == "jsonld+opengraph"


def test_naive_date_stays_naive_when_nobody_gives_a_zone() -> None:
    meta = meta_of('<meta name="date" content="2024-03-12 08:30">')
    assert meta.published == datetime(2024, 3, 12, 8, 30) and meta.published.tzinfo is None


def test_site_name_as_author_gives_way_to_a_person() -> None:
    head = '<meta property="og:site_name" content="The Paper"><meta name="author" content="The Paper">'
    meta = meta_of(head, '<p class="byline">By Rita Moreno-Vidal and Sam Second</p>')
    assert meta.authors == ["Rita Moreno-Vidal", "Sam Second"] and meta.sources["authors"] == "page"


def _site(og: str, publisher: dict | None, url: str = URL, website: str = "") -> str:
    nodes = [{"@type": "NewsArticle", "headline": "x", **({"publisher": publisher} if publisher else {})}]
    if website:
        nodes.append({"@type": "WebSite", "name": website})
    head = ld({"@context": "https://schema.org", "@graph": nodes}) + f'<meta property="og:site_name" content="{og}">'
    html = f"<html><head>{head}</head><body><article>{BODY}</article></body></html>"
    tree = parse_html(html)
    absolutize_urls(tree, url)
    return extract_metadata(tree, url).sitename


def test_publisher_over_og_site_name_when_they_disagree() -> None:
    # og:site_name names a section of the site; the article's publisher names the site
    assert _site("U.S.", {"@type": "Organization", "name": "Reuters"}, "https://www.wire.example/us/story") == "Reuters"
    assert _site("Política", {"@type": "NewsMediaOrganization", "name": "Correio do Vale"}) == "Correio do Vale"


def test_og_site_name_kept_when_the_publisher_agrees_or_is_no_better() -> None:
    # the same name, longer: readers know the shorter one
    assert _site("Example", {"@type": "Organization", "name": "Example Media Group"}) == "Example"
    assert _site("Ośrodek Studiów", {"@type": "Organization", "name": "Osrodek Studiow"}) == "Ośrodek Studiów"
    # a company's legal name, a person: not the name readers know
    assert _site("Green Style", {"@type": "Organization", "name": "Style Media GmbH"}) == "Green Style"
    assert _site("Angler Weekly", {"@type": "Person", "name": "Chris Hale"}) == "Angler Weekly"
    # og:site_name names the host, the publisher does not
    owner = {"@type": "Organization", "name": "Société éditrice du Journal"}
    assert _site("Le Journal", owner, "https://www.lejournal.example/politique/x") == "Le Journal"
    # the WebSite node names the site first, whatever the others say
    assert _site("U.S.", {"@type": "Organization", "name": "Reuters"}, website="Wire Site") == "Wire Site"


def test_profile_url_is_not_an_author() -> None:
    meta = meta_of('<meta property="article:author" content="https://social.example/jane.roe">')
    assert meta.authors == []


def test_modified_before_published_is_dropped() -> None:
    head = ld({"@type": "NewsArticle", "headline": "x", "datePublished": "2024-05-02T10:00:00Z",
               "dateModified": "2024-05-01T10:00:00Z"})  # fmt: skip
    meta = meta_of(head)
    assert meta.published is not None and meta.modified is None


def test_htmldate_finds_a_date_the_other_sources_miss() -> None:
    article = f'<h1>Story</h1><p class="date">Last edited on 17 May 2024</p>{BODY}'
    tree = parse_html(f"<html><body><article>{article}</article></body></html>")
    meta = extract_metadata(tree, "https://paper.example.net/world/some-story")
    assert meta.published == datetime(2024, 5, 17) and meta.sources["published"] == "htmldate"


def test_date_in_the_url_is_the_last_resort() -> None:
    tree = parse_html(f"<html><body><article><h1>Story</h1>{BODY}</article></body></html>")
    meta = extract_metadata(tree, "https://paper.example.net/2024/05/17/some-story")
    assert meta.published == datetime(2024, 5, 17) and meta.sources["published"] == "url"
    assert meta.published.tzinfo is None  # a day, not a moment: no zone is invented


def test_date_in_the_url_gives_way_to_any_other_source() -> None:
    head = '<meta property="article:published_time" content="2024-05-16T23:10:00-04:00">'
    tree = parse_html(f"<html><head>{head}</head><body><article>{BODY}</article></body></html>")
    meta = extract_metadata(tree, "https://paper.example.net/2024/05/17/some-story")
    assert meta.published == datetime(2024, 5, 16, 23, 10, tzinfo=timezone(timedelta(hours=-4)))
    assert meta.sources["published"] == "opengraph"


def test_date_in_the_canonical_url() -> None:
    head = '<link rel="canonical" href="https://paper.example.net/2024-05-17/some-story">'
    tree = parse_html(f"<html><head>{head}</head><body><article>{BODY}</article></body></html>")
    meta = extract_metadata(tree, "https://paper.example.net/s/8841")
    assert (meta.published, meta.sources["published"]) == (datetime(2024, 5, 17), "url")


@pytest.mark.parametrize(
    "url",
    ["https://paper.example.net/2024/05/story", "https://paper.example.net/a/120240517",
     "https://2024.example.net/05/17/x", "https://paper.example.net/x?date=2024-05-17",
     "https://paper.example.net/2024/02/30/x"],
)  # fmt: skip
def test_no_date_in_these_urls(url: str) -> None:
    tree = parse_html(f"<html><body><article><h1>Story</h1>{BODY}</article></body></html>")
    assert extract_metadata(tree, url).published is None


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        # the publishing system puts its last edit in the attribute and prints the publication day
        ('<time datetime="2026-03-09T08:00:00Z">Publié le 2 mars 2026</time>', datetime(2026, 3, 2)),
        ('<time datetime="2026-03-09T08:00:00Z">am Montag, 2. März 2026</time>', datetime(2026, 3, 2)),
        ('<time datetime="2026-03-09T08:00:00Z">March 2, 2026</time>', datetime(2026, 3, 2)),
        # a day apart: the same date in another time zone, the attribute is more precise
        ('<time datetime="2026-03-02T23:30:00Z">3 March 2026</time>', datetime(2026, 3, 2, 23, 30, tzinfo=timezone.utc)),
        # no year printed: not a full date, the attribute stands
        ('<time datetime="2026-03-09T08:00:00Z">Publié le 2 mars</time>', datetime(2026, 3, 9, 8, tzinfo=timezone.utc)),
    ],
    ids=["fr", "de", "en", "a-day-apart", "no-year"],
)
def test_time_element_printing_another_day_than_its_attribute(time: str, expected: datetime) -> None:
    meta = meta_of(article=f'<h1>Headline of the story</h1><p class="dateline">{time}</p>')
    assert meta.published == expected


_FILED = ("This entry was written on {} at 6:40 pm and is filed under <a href='/c/harbour'>Harbour</a>. You can "
          "follow any responses to this entry through the <a href='/feed'>RSS 2.0</a> feed.")
_POSTED = "This entry was posted on {} at 6:40 pm and is filed under <a href='/c/harbour'>Harbour</a>."


def _crane_post(footer: str, month: str):
    html = (f"<html><head><title>A new crane</title></head><body><article><h1>A new crane</h1>{BODY * 8}"
            f"<p class='postmetadata alt'><small>{footer}</small></p></article></body></html>")  # fmt: skip
    return extract_metadata(parse_html(html), f"https://harbourlog.example.org/2025/{month}/new-crane/")


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("09", datetime(2025, 9, 6)),
        # a day of another month than the one the URL files the story under: not its date
        ("10", None),
    ],
    ids=["same-month", "other-month"],
)
def test_a_day_written_in_the_article_completes_a_year_and_month_url(month: str, expected: datetime | None) -> None:
    """The URL gives the year and month, a WordPress footer under a long post the day (in words
    htmldate does not read, and no word says it is the publication's)."""
    meta = _crane_post(_FILED.format("Saturday, September 6th, 2025"), month)
    assert meta.published == expected
    assert meta.sources["published"] == ("page+url" if expected else "")


@pytest.mark.parametrize(("month", "expected"), [("09", datetime(2025, 9, 6, 18, 40)), ("10", None)],
                         ids=["same-month", "other-month"])  # fmt: skip
def test_a_date_the_article_calls_its_publication_anywhere_in_it(month: str, expected: datetime | None) -> None:
    """"This entry was posted on ..." far below the headline: the publication date, with its time
    (but not against the URL's month)."""
    meta = _crane_post(_POSTED.format("Saturday, September 6th, 2025"), month)
    assert meta.published == expected
    assert meta.sources["published"] == ("page" if expected else "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Publié le 12 juin 2026", (2026, 6, 12)),
        ("Dieser Beitrag wurde am Samstag, 6. September 2025 veröffentlicht", (2025, 9, 6)),
        ("14 de junio de 2025", (2025, 6, 14)),
        ("Dec. 3rd, 2011", (2011, 12, 3)),
        ("1er mai 2020", (2020, 5, 1)),
        ("5 maart 2020", (2020, 3, 5)),
        ("12 gennaio 2024", (2024, 1, 12)),
        ("8 juillet", None),
        ("31 February 2020", None),
        ("in 2019 and 2020", None),
        ("Sun, 12 Mar 2017", (2017, 3, 12)),
        ("maart 5, 2020", (2020, 3, 5)),
    ],
)
def test_date_in_text(text: str, expected: tuple[int, int, int] | None) -> None:
    from dragoman.extract.dates import date_in_text

    assert date_in_text(text) == (datetime(*expected) if expected else None)


# --------------------------------------------------------------------------------------------
# JSON-LD shapes


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Jane Roe", ["Jane Roe"]),
        ("Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
        (["Jane Roe", "John Doe"], ["Jane Roe", "John Doe"]),
        ({"@type": "Person", "name": "Jane Roe"}, ["Jane Roe"]),
        ({"@type": "Person", "givenName": "Jane", "familyName": "Roe"}, ["Jane Roe"]),
        ([{"@type": "Person", "name": "Jane Roe"}, {"@type": "Organization", "name": "Coastal Press Agency"}],
         ["Jane Roe", "Coastal Press Agency"]),
        ("Staff Reporter", []),
        ({"@type": "Person", "name": ["Jane Roe"]}, ["Jane Roe"]),
        ("https://paper.example.net/authors/jane", []),
    ],
)  # fmt: skip
def test_jsonld_author_shapes(author: object, expected: list[str]) -> None:
    assert meta_of(ld({"@type": "NewsArticle", "headline": "x", "author": author})).authors == expected


def test_jsonld_list_at_top_level_and_type_list() -> None:
    data = [{"@type": "BreadcrumbList"}, {"@type": ["Article", "BlogPosting"], "headline": "In a list"}]
    assert meta_of(ld(data)).title == "In a list"


def test_jsonld_article_matching_the_page_url_wins() -> None:
    data = {"@graph": [
        {"@type": "NewsArticle", "headline": "Another story", "url": "https://paper.example.net/other"},
        {"@type": "NewsArticle", "headline": "This story", "mainEntityOfPage": URL},
    ]}  # fmt: skip
    assert meta_of(ld(data)).title == "This story"


def test_broken_jsonld_is_repaired_or_skipped() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Trailing comma",}</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    )
    assert meta_of(head).title == "Trailing comma"


def test_jsonld_image_object_and_caption() -> None:
    data = {"@type": "NewsArticle", "headline": "x",
            "image": [{"@type": "ImageObject", "url": "/img/a.jpg", "caption": "A caption"}]}  # fmt: skip
    meta = meta_of(ld(data))
    assert meta.image == "https://paper.example.net/img/a.jpg"
    assert meta.image_caption == "A caption"


# --------------------------------------------------------------------------------------------
# header parts located for removal


def test_header_parts_are_located() -> None:
    article = (
        "<header><h1>Ferry strike ends</h1>"
        '<p class="dek">Crews accept a new rota after a week.</p>'
        '<div class="meta"><span class="byline">By <a rel="author" href="/p/ana">Ana Sol</a></span>'
        '<time datetime="2024-02-03T09:00:00+01:00">3 February 2024</time></div></header>'
        '<figure><img src="/img/ferry.jpg" alt=""><figcaption>The ferry at dawn. Photo: Lu Wen</figcaption></figure>'
    )
    meta = meta_of('<meta property="og:image" content="/img/ferry-1200x630.jpg">', article)
    parts = meta.header_parts
    assert parts.headline is not None and parts.headline.text == "Ferry strike ends"
    assert [p.get("class") for p in parts.standfirsts] == ["dek"]
    assert meta.subtitle == "Crews accept a new rota after a week."
    assert meta.authors == ["Ana Sol"]
    assert meta.published == datetime(2024, 2, 3, 9, tzinfo=timezone(timedelta(hours=1)))
    assert parts.lead_figure is not None and parts.lead_figure.tag == "figure"
    # the og:image is the same picture in another size: its URL, the figure's caption
    assert meta.image == "https://paper.example.net/img/ferry-1200x630.jpg"
    assert meta.image_caption == "The ferry at dawn. Photo: Lu Wen"


def test_a_different_social_image_does_not_replace_the_lead_figure() -> None:
    article = '<figure><img src="/img/crowd.jpg" alt=""><figcaption>The crowd.</figcaption></figure>'
    meta = meta_of('<meta property="og:image" content="/img/brand-card.png">', article)
    assert meta.image == "https://paper.example.net/img/crowd.jpg"
    assert meta.image_caption == "The crowd."


def test_first_body_paragraph_is_never_a_standfirst() -> None:
    description = BODY[3:-4]
    meta = meta_of(f'<meta name="description" content="{description}">', "<h1>Story</h1>")
    assert meta.subtitle == description
    assert meta.header_parts.standfirsts == []


# --------------------------------------------------------------------------------------------
# language, canonical URL, title cleaning


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en-GB", "en"), ("pt_BR", "pt"), ("ES", "es"), ("eng", "en"), ("fre", "fr"), ("iw", "he"),
     ("zh-Hant-TW", "zh"), ("de, en", "de"), ("x-default", ""), ("", ""), ("english", "")],
)  # fmt: skip
def test_normalise_language(code: str, expected: str) -> None:
    assert normalise_language(code) == expected


def test_language_order() -> None:
    head = ld({"@type": "Article", "headline": "x", "inLanguage": "fr-FR"})
    head += '<meta property="og:locale" content="de_DE">'
    assert meta_of(head, html_attrs='lang="es"').language == "es"
    assert meta_of(head).language == "fr"
    assert meta_of('<meta property="og:locale" content="de_DE">').language == "de"
    assert meta_of("", headers={"Content-Language": "it"}).language == "it"
    assert meta_of('<meta http-equiv="content-language" content="nl-BE">').language == "nl"


def test_canonical_order_and_absolute() -> None:
    head = '<link rel="canonical" href="/world/story-123"><meta property="og:url" content="https://paper.example.net/og">'
    assert meta_of(head).canonical_url == "https://paper.example.net/world/story-123"
    assert meta_of('<meta property="og:url" content="https://paper.example.net/og">').canonical_url.endswith("/og")
    assert meta_of().canonical_url == URL


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Harbour kites light streets | The Courier", "The Courier", "Harbour kites light streets"),
        ("The Courier - Harbour kites light streets", "The Courier", "Harbour kites light streets"),
        ("Harbour kites light streets – courier.example.com", "", "Harbour kites light streets"),
        ("Covid-19 cases fall - a look at the data", "The Courier", "Covid-19 cases fall - a look at the data"),
        ("Harbour kites: a year later", "The Courier", "Harbour kites: a year later"),
    ],
)
def test_clean_title(title: str, site: str, expected: str) -> None:
    assert clean_title(title, sitename=site, hostname="courier.example.com") == expected


def test_clean_title_tag_drops_the_last_pipe_part_without_a_site_name() -> None:
    assert clean_title("Harbour kites light streets | Courier", title_tag=True) == "Harbour kites light streets"
    assert clean_title("Harbour kites light streets | Courier") == "Harbour kites light streets | Courier"


# --------------------------------------------------------------------------------------------
# image credit, tags and section


def test_image_credit_from_the_figure_credit_element() -> None:
    article = (
        '<figure><img src="/img/quay.jpg" alt=""><figcaption>Boats at the quay. '
        '<span class="credit">Photo: Ana Sol/Coastline Images</span></figcaption></figure>'
    )
    meta = meta_of("", article)
    assert meta.image_caption == "Boats at the quay. Photo: Ana Sol/Coastline Images"
    assert (meta.image_credit, meta.sources["image_credit"]) == ("Ana Sol/Coastline Images", "page")


def test_image_credit_at_the_end_of_the_caption() -> None:
    meta = meta_of("", '<figure><img src="/img/quay.jpg" alt=""><figcaption>Boats at the quay. Photograph: Ana Sol'
                       "</figcaption></figure>")  # fmt: skip
    assert meta.image_credit == "Ana Sol"


def test_image_credit_from_jsonld_only_for_the_same_picture() -> None:
    image = {"@type": "ImageObject", "url": "/img/quay.jpg", "creditText": "Coastline Images"}
    meta = meta_of(ld({"@type": "NewsArticle", "headline": "x", "image": image}))
    assert (meta.image_credit, meta.sources["image_credit"]) == ("Coastline Images", "jsonld")
    image = {"@type": "ImageObject", "url": "/img/quay.jpg", "copyrightHolder": {"@type": "Organization", "name": "Harbour Board"}}
    assert meta_of(ld({"@type": "NewsArticle", "headline": "x", "image": image})).image_credit == "Harbour Board"
    figure = '<figure><img src="/img/crowd.jpg" alt=""><figcaption>The crowd.</figcaption></figure>'
    assert meta_of(ld({"@type": "NewsArticle", "headline": "x", "image": image}), figure).image_credit == ""


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Councillors during the vote. Photo: Owen Pryce/Harbour Ledger", "Owen Pryce/Harbour Ledger"),
        ("Crowds at the quay (Photo: Ana Sol)", "Ana Sol"),
        ("The harbour at dusk © Coastline Images", "Coastline Images"),
        ("Boats at dawn. Photograph by Jo Bell", "Jo Bell"),
        ("自分たちの花火を見上げる高校生。写真：山本 拓也", "山本 拓也"),
        ("خزانات المحطة الجديدة قرب الميناء. تصوير: كريم منصور", "كريم منصور"),
        ("The snout of the glacier seen from the valley floor", ""),
        ("Photo: the harbour at dawn, when the fishing fleet comes home and the gulls follow it in", ""),
    ],
)  # fmt: skip
def test_caption_credit(caption: str, credit: str) -> None:
    assert caption_credit(caption) == credit


def test_tags_and_section_order() -> None:
    head = (
        ld({"@type": "NewsArticle", "headline": "x", "keywords": "ferries, strikes", "articleSection": ["Transport"]})
        + '<meta property="article:tag" content="boats"><meta property="article:section" content="Business">'
        + '<meta name="keywords" content="news, ferry, cheap flights">'
    )
    meta = meta_of(head)
    assert (meta.tags, meta.sources["tags"]) == (["ferries", "strikes"], "jsonld")
    assert (meta.section, meta.sources["section"]) == ("Transport", "jsonld")
    meta = meta_of(head.split("</script>")[1])
    assert (meta.tags, meta.section) == (["boats"], "Business")
    assert meta_of('<meta name="news_keywords" content="ferry; strike、port">').tags == ["ferry", "strike", "port"]


def test_tags_and_section_from_rel_tag_links() -> None:
    footer = ('<footer><a href="/c/transport/" rel="category tag">Transport</a> '
              '<a href="/t/ferry/" rel="tag">ferry</a> <a href="/t/strike/" rel="tag">strike</a></footer>')  # fmt: skip
    meta = meta_of("", footer)
    assert (meta.tags, meta.section) == (["ferry", "strike"], "Transport")
    assert meta.sources["tags"] == meta.sources["section"] == "page"


def test_a_photo_box_above_the_text_is_the_lead_figure() -> None:
    """A <div class="photo"> (no "lead" in its name) between headline and first paragraph."""
    article = ('<h1>Ferry strike ends</h1><div class="photo"><img src="/img/ferry.jpg" width="800" height="500">'
               '<p class="caption">The ferry at dawn</p><p class="credit">Photo: Lu Wen</p></div>')  # fmt: skip
    meta = meta_of("", article)
    assert meta.header_parts.lead_figure is not None and meta.header_parts.lead_figure.get("class") == "photo"
    assert (meta.image_caption, meta.image_credit) == ("The ferry at dawn Photo: Lu Wen", "Lu Wen")


def test_page_facts_for_the_not_an_article_checks() -> None:
    head = ld({"@context": "https://schema.org", "@graph": [
        {"@type": "CollectionPage", "name": "Science"},
        {"@type": "NewsArticle", "headline": "x", "isAccessibleForFree": "False", "articleBody": "Para one.\nPara two."},
    ]}) + '<meta property="og:type" content="website">'  # fmt: skip
    meta = meta_of(head)
    assert meta.accessible_for_free is False
    assert {"collectionpage", "newsarticle", "website"} <= meta.page_types
    assert meta.article_body == "Para one.\nPara two."
    assert meta_of().accessible_for_free is None
