"""extract_article on whole pages: metadata, body structure, boilerplate, encodings, refusals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from dragoman.extract import Article, ExtractionError, extract_article

PAGES = Path(__file__).parent / "pages"


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def body_tree(body_html: str) -> lxml.html.HtmlElement:
    """The extracted body as a tree (wrapped in a <div>)."""
    return lxml.html.fragment_fromstring(body_html, create_parent="div")


def links(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(href, anchor text with collapsed whitespace) of every link under ``root``."""
    return [(a.get("href"), " ".join(a.text_content().split())) for a in root.iter("a")]

NEWS_URL = "https://courier.example.com/science/2024/03/12/harbour-kites"
PLUS_1 = timezone(timedelta(hours=1))
PLUS_2 = timezone(timedelta(hours=2))


@pytest.fixture(scope="module")
def news() -> Article:
    return extract_article(page_bytes("news_boilerplate.html"), NEWS_URL)


# --------------------------------------------------------------------------------------------
# a typical news page


def test_news_metadata(news: Article) -> None:
    assert news.title == "Harbour town tests tidal kites to light its streets"
    assert news.subtitle == "A pilot scheme moors three tethered kites off the breakwater to feed the municipal grid."
    assert news.authors == ["Ines Okafor"]
    assert news.published == datetime(2024, 3, 12, 8, 30, tzinfo=PLUS_1)
    assert news.published.utcoffset() == timedelta(hours=1)
    assert news.modified == datetime(2024, 3, 12, 14, 5, tzinfo=PLUS_1)
    assert news.language == "en"
    assert news.sitename == "The Meridian Courier"
    assert news.canonical_url == "https://courier.example.com/science/2024/03/12/harbour-kites"
    assert news.image == "https://courier.example.com/media/2024/kites-lead.jpg"
    assert news.image_caption == (
        "The three prototype kites fly on short tethers beyond the breakwater. Photo: Lars Brenning"
    )


def test_every_link_in_the_story_survives_with_absolute_href_and_same_text(news: Article) -> None:
    original = lxml.html.fromstring(page_bytes("news_boilerplate.html"))
    story = original.find_class("story-body")[0]
    for box in story.find_class("related") + story.find_class("newsletter-signup"):
        box.drop_tree()
    expected = [(urljoin(NEWS_URL, href), text) for href, text in links(story)]
    assert len(expected) == 4
    assert links(body_tree(news.body_html)) == expected
    # the page-relative link resolves against the page, not the site root
    assert ("https://courier.example.com/science/2024/03/reports/tidal-kites-2023.pdf",
            "feasibility report published last year") in expected  # fmt: skip


def test_links_sit_inside_their_sentences(news: Article) -> None:
    assert (
        'The project is run by the <a href="https://tidelab.example.org/projects/westerkamp" '
        'rel="noopener noreferrer">Tidelab cooperative</a> with money from the regional energy fund.'
    ) in news.body_html


@pytest.mark.parametrize(
    "boilerplate",
    [
        "We use cookies", "cookie policy", "Accept all",  # cookie banner
        "Politics", "Culture", "Search the Courier",  # navigation
        "Share on Chirper", "Email this story", "Copy link",  # share tools
        "Related stories", "Wave farm plan shelved", "Town grid batteries",  # related box
        "science briefing", "Sign up",  # newsletter prompt
        "Comments (2)", "Great idea", "winter storms",  # comments
        "Most read", "Council budget vote", "Buy a boat", "Advertisement",  # sidebar and ad
        "About us", "All rights reserved",  # footer
    ],
)  # fmt: skip
def test_boilerplate_is_absent(news: Article, boilerplate: str) -> None:
    assert boilerplate not in news.body_html
    assert boilerplate not in news.text


def test_header_parts_are_not_repeated_in_the_body(news: Article) -> None:
    body = body_tree(news.body_html)
    assert body.find(".//h1") is None
    assert news.title not in news.text
    assert news.subtitle not in news.text
    assert "Ines Okafor" not in news.text and "Energy correspondent" not in news.text
    assert "12 March 2024" not in news.text
    assert "kites-lead.jpg" not in news.body_html
    assert "prototype kites fly on short tethers" not in news.text
    assert news.text.startswith("The small harbour town of Westerkamp")


def test_structure_is_kept(news: Article) -> None:
    body = body_tree(news.body_html)
    assert [h.text_content() for h in body.iter("h2")] == ["Why kites rather than turbines"]
    quote = body.find(".//blockquote/p")
    assert quote is not None and quote.text_content().startswith("We are not fighting the sea.")
    items = body.findall(".//ul/li")
    assert len(items) == 3
    assert items[1].find("a").get("href") == "https://marine-watch.example.net/"
    assert body.find(".//strong").text == "1.5 metres per second"
    assert body.find(".//em").text == "multiplies"
    assert [child.tag for child in body] == ["p", "p", "h2", "p", "p", "blockquote", "p", "ul", "p", "p"]


def test_body_is_sanitized(news: Article) -> None:
    body = body_tree(news.body_html)
    assert all(a.get("rel") == "noopener noreferrer" for a in body.iter("a"))
    assert not any(el.get("class") or el.get("id") or el.get("style") for el in body.iter())
    assert "<script" not in news.body_html and "dataLayer" not in news.body_html


def test_text_has_blank_lines_between_paragraphs(news: Article) -> None:
    paragraphs = news.text.split("\n\n")
    assert paragraphs[2] == "Why kites rather than turbines"
    assert paragraphs[5] == (
        "We are not fighting the sea. We are letting it pull a string, and we sit at the other "
        "end of the string with a dynamo."
    )
    assert "\n\n\n" not in news.text


# --------------------------------------------------------------------------------------------
# metadata sources


def test_jsonld_in_graph() -> None:
    article = extract_article(page_bytes("jsonld_graph.html"), "https://altiplano.example.es/sociedad/cisternas-de-piedra")
    assert article.title == "El valle que guarda el agua de lluvia en cisternas de piedra"
    # the author list mixes an @id reference and an inline Person
    assert article.authors == ["Lucía Ferrer Ibáñez", "Tomás Gil"]
    assert article.published == datetime(2024, 7, 3, 6, 15, tzinfo=PLUS_2)
    assert article.modified == datetime(2024, 7, 3, 11, 40, tzinfo=PLUS_2)
    assert article.language == "es"  # from inLanguage: the page has no <html lang>
    assert article.sitename == "Diario del Altiplano"  # WebSite.name, not the publisher's legal name
    assert article.subtitle.startswith("Doce pueblos recuperan")  # JSON-LD beats <meta description>
    assert article.image == "https://cdn.altiplano.example.es/fotos/aljibe-principal.jpg"
    assert article.image_caption == "El aljibe mayor de Villaseca, restaurado en primavera."
    assert article.canonical_url == "https://altiplano.example.es/sociedad/cisternas-de-piedra"
    assert "Otra noticia" not in article.title
    body = body_tree(article.body_html)
    # the byline line is not in the body, the subheading trafilatura drops here is restored
    assert "Tomás Gil" not in article.text
    assert [h.text_content() for h in body.iter("h2")] == ["Cuánta agua cabe"]
    assert links(body) == [
        ("https://archivo.example.es/fondos/jalon-1890", "archivo provincial"),
        ("https://altiplano.example.es/sociedad/asociacion-de-regantes", "asociación de regantes"),
    ]


def test_author_only_in_a_visible_byline() -> None:
    article = extract_article(page_bytes("byline_only.html"), "https://fieldnotes.example.org/2024/moths")
    assert article.authors == ["Jane Roe"]
    assert "Jane Roe" not in article.text and "correspondent" not in article.text
    assert article.text.startswith("Researchers who spent two summers")


def test_date_only_in_time_element() -> None:
    article = extract_article(page_bytes("time_only.html"), "https://stadskrant.example.nl/zuid/fietsbrug")
    assert article.published == datetime(2024, 5, 2, 17, 45, tzinfo=PLUS_2)
    assert article.title == "Fietsbrug over het kanaal gaat een jaar later open"
    assert article.sitename == "Stadskrant Zuid"
    assert article.language == "nl"
    assert "Gepubliceerd" not in article.text and "17.45" not in article.text


def test_opengraph_only() -> None:
    article = extract_article(page_bytes("opengraph_only.html"), "https://observer.example.ch/c/123?ref=feed")
    assert article.title == "Glaciers on the northern ridge retreat by forty metres in one year"
    assert article.subtitle == "Survey teams measured the biggest single-year loss since records began on the ridge."
    assert article.authors == ["Mathieu Blanc"]  # the profile URL is not a name
    assert article.published == datetime(2024, 9, 18, 9, 0, tzinfo=PLUS_2)
    assert article.sitename == "Alpine Observer"
    assert article.canonical_url == "https://observer.example.ch/climate/ridge-glaciers-2024"
    assert article.image == "https://img.observer.example.ch/2024/ridge-glacier-wide.jpg"
    assert article.image_caption == "The snout of the glacier seen from the valley floor"
    assert article.language == "en"
    assert article.text.count("\n\n") == 2


def test_content_language_header_when_the_page_says_nothing() -> None:
    html = page_bytes("opengraph_only.html").replace(b'<meta property="og:locale" content="en_GB">', b"")
    undeclared = extract_article(html, "https://observer.example.ch/x")
    assert undeclared.declared_language == ""
    assert undeclared.language == "en"  # the text says so
    article = extract_article(html, "https://observer.example.ch/x", headers={"Content-Language": "en-US"})
    assert article.declared_language == "en"
    assert article.language == "en"


# --------------------------------------------------------------------------------------------
# body structure


@pytest.fixture(scope="module")
def figures() -> Article:
    return extract_article(page_bytes("figures_tables.html"), "https://city.example.de/news/bridge.html")


def test_figure_with_caption(figures: Article) -> None:
    body = body_tree(figures.body_html)
    figure = body.find("figure")
    assert figure is not None
    assert figure.find("img").get("src") == "https://city.example.de/news/img/girder-detail.png"
    assert figure.find("img").get("alt") == "Close-up of a rusted girder"
    caption = figure.find("figcaption")
    caption_text = " ".join(caption.text_content().split())
    assert caption_text == "A girder near the eastern pier, photographed in April. Photo: Kara Lind"
    assert links(caption) == [("https://photos.example.net/kara", "Kara Lind")]
    # the caption is not repeated as a paragraph; the running text leaves captions to the figures
    assert figures.body_html.count("Kara Lind") == 1
    assert "Kara Lind" not in figures.text and "eastern pier" not in figures.text


def test_table_keeps_caption_header_and_spans(figures: Article) -> None:
    table = body_tree(figures.body_html).find("table")
    assert table.find("caption").text == "Damage by class"
    assert [th.text for th in table.iter("th")] == ["Class", "Girders", "Deadline"]
    spanning = [td for td in table.iter("td") if td.get("colspan")]
    assert [(td.text, td.get("colspan")) for td in spanning] == [("C (urgent)", "2")]


def test_lists_quotes_code(figures: Article) -> None:
    body = body_tree(figures.body_html)
    items = body.findall("ol/li")
    assert len(items) == 3
    assert items[1].find("q").text == "before the summer break"
    assert [(e.tag, e.text) for e in body.find("dl")] == [("dt", "Girder"), ("dd", "A main horizontal support beam.")]
    assert body.find(".//p/code").text == "bridge_id=42"
    assert body.find("pre").text == "line one\n  line two"
    assert body.find(".//sub").text == "2" and body.find(".//sup").text == "2"
    assert links(body)[-1] == ("https://city.example.de/docs/report.pdf", "full report")
    assert "<span" not in figures.body_html  # u, s: text kept, no empty placeholders


def test_base_href_is_honoured() -> None:
    paragraphs = "".join(
        f"<p>Read the <a href=\"data/rain-{n}.csv\">raw data for {n}</a>: rainfall kept by lighthouse keepers.</p>"
        for n in (1890, 1900, 1910, 1920)
    )
    html = f"""<html><head><base href="https://mirror.example.net/archive/"><title>Records</title></head>
    <body><article><h1>Lighthouse rainfall records go online</h1>{paragraphs}</article></body></html>"""
    article = extract_article(html, "https://news.example.org/2024/records")
    first_link = links(body_tree(article.body_html))[0]
    assert first_link == ("https://mirror.example.net/archive/data/rain-1890.csv", "raw data for 1890")


def test_script_in_body_never_reaches_output() -> None:
    sentence = "The council approved the new harbour wall after a long debate about its height. "
    html = f"""<html lang="en"><head><title>Wall</title></head><body><article><h1>Wall approved</h1>
    <p onclick="steal()">{sentence * 2}<a href="javascript:alert(1)">click</a>
    <img src="x.jpg" onerror="alert(2)"></p><script>alert(3)</script>
    <p style="color:red">{sentence * 2}</p><iframe src="https://evil.example/"></iframe></article></body></html>"""
    body_html = extract_article(html, "https://news.example.org/wall").body_html
    for needle in ("onclick", "onerror", "javascript:", "alert", "<script", "<iframe", "style="):
        assert needle not in body_html


# --------------------------------------------------------------------------------------------
# encodings


LATIN1_TEXT = "l’expresso coûte désormais 2,10 €"  # trafilatura turns no-break spaces into spaces


def test_windows_1252_declared_as_iso_8859_1_by_meta() -> None:
    article = extract_article(page_bytes("latin1_meta.html"), "https://port.example.fr/cafe")
    assert article.title == "Le café du port rouvre après deux ans de travaux"
    assert LATIN1_TEXT in article.text  # € and ’ exist only in windows-1252, as browsers read it
    assert "“hors saison”" in article.text


def test_windows_1252_declared_by_http_header() -> None:
    headers = {"Content-Type": "text/html; charset=windows-1252"}
    article = extract_article(page_bytes("cp1252_http.html"), "https://tram.example.de/linie-3", headers=headers)
    assert article.title == "Straßenbahn fährt wieder über die Brücke"
    assert "3,2 Millionen €" in article.text
    assert "„Wir sind froh, dass alles rechtzeitig fertig wurde“" in article.text


def test_http_header_wins_over_a_wrong_meta() -> None:
    html = page_bytes("cp1252_http.html").replace(b"<head>", b'<head><meta charset="utf-8">')
    headers = {"content-type": "text/html;charset=windows-1252"}
    article = extract_article(html, "https://tram.example.de/linie-3", headers=headers)
    assert "Straßenbahnlinie" in article.text


def test_utf8_bom_wins_over_meta() -> None:
    headers = {"Content-Type": "text/html; charset=iso-8859-2"}
    article = extract_article(page_bytes("utf8_bom.html"), "https://lodz.example.pl/biblioteka", headers=headers)
    assert article.title == "Nowa biblioteka w Łodzi otwarta w starej przędzalni"
    assert "żeliwnymi kolumnami" in article.text
    assert not article.text.startswith("\ufeff")


def test_text_input_is_used_as_is() -> None:
    text = page_bytes("latin1_meta.html").decode("cp1252")
    assert LATIN1_TEXT in extract_article(text, "https://port.example.fr/cafe").text


# --------------------------------------------------------------------------------------------
# pages that are not articles


def refusal(page: str | bytes, url: str = "https://news.example.org/x", **kwargs) -> ExtractionError:
    """The error refusing ``page`` (a fixture's file name, or the page itself)."""
    if isinstance(page, str) and page.endswith(".html"):
        page = page_bytes(page)
    with pytest.raises(ExtractionError) as caught:
        extract_article(page, url, **kwargs)
    return caught.value


def test_index_page_of_links_is_refused() -> None:
    error = refusal("index_page.html", "https://courier.example.com/science")
    assert error.reason == "index"
    assert str(error) == (
        "not an article: an index or navigation page (100% of its 563 characters are links, "
        "and the page holds no paragraph of article text outside them)"
    )


def test_section_page_of_story_cards_is_refused() -> None:
    """Six cards, each a linked headline with a one-sentence summary: the summaries would pass for
    a body of 800 characters with few links, but they are teasers."""
    error = refusal("section_index.html", "https://estuarypost.example.com/environment")
    assert error.reason == "index"
    assert "6 story teasers" in str(error)


def test_a_listing_page_with_a_long_introduction_is_still_an_index() -> None:
    """A section front with an introduction as long as its teasers: its JSON-LD says CollectionPage,
    and teasers that make about 40% of the text are enough then (without it, half)."""
    intro = "<p>" + "This page gathers our reporting on the estuary, the coast and the weather that shapes them. " * 11
    html = page_bytes("section_index.html").replace(b'<div class="stream">', intro.encode() + b'</p><div class="stream">')
    error = refusal(html, "https://estuarypost.example.com/environment")
    assert error.reason == "index" and "story teasers" in str(error)


APP_PROMPT = (
    '<div class="app-box"><p style="text-align:center"><b>Get our stories on your phone with the Field Notes app.'
    '</b></p><div><a href="https://play.google.com/store/apps/details?id=org.example.fieldnotes">'
    '<img src="/badges/android.png"></a>'
    '<a href="https://apps.apple.com/app/field-notes/id000000"><img src="/badges/ios.png"></a></div></div>'
)


def test_an_app_download_prompt_is_not_body_text() -> None:
    """A box around app-store badges (links holding only an image) goes with its one-line prompt;
    a sentence linking to a store in words stays."""
    sentence = ('<p>The counts are in the <a href="https://apps.apple.com/app/moth-tally/id000001">Moth Tally</a> '
                "app, which volunteers will use next summer.</p>")  # fmt: skip
    html = page_bytes("byline_only.html").decode()
    anchor = "when both groups are least active on the crop.</p>"
    html = html.replace(anchor, anchor + sentence + APP_PROMPT)
    article = extract_article(html, "https://fieldnotes.example.org/2024/moths")
    assert "Field Notes app" not in article.text
    assert article.text.endswith("app, which volunteers will use next summer.")


def test_a_related_stories_box_does_not_make_an_article_an_index() -> None:
    cards = "".join(
        f'<li class="card"><h3><a href="/s/{n}">Another story number {n} about the harbour</a></h3>'
        f"<p>A one-line summary of story {n}, long enough to count as a teaser.</p></li>"
        for n in range(5)
    )
    html = page_bytes("byline_only.html").replace(b"</body>", f'<ul class="more">{cards}</ul></body>'.encode())
    article = extract_article(html, "https://fieldnotes.example.org/2024/moths")
    assert article.text.startswith("Researchers who spent two summers")


SHORT_POST_URL = "https://kanalnotizen.example.de/2025/09/14/fahrradklingel/"


def test_a_whole_short_post_is_kept() -> None:
    """80 characters, under MIN_BODY_CHARS: the page's description is that very text, so it is the
    whole post (the fallbacks do not go looking for more: they would add the site's tagline)."""
    article = extract_article(page_bytes("short_post.html"), SHORT_POST_URL)
    assert article.text.split("\n\n") == [
        "„Darf ich mal vorbei?“", "– „Sie haben doch eine Klingel.“", "– „Die ist nur zur Zierde.“"
    ]  # fmt: skip
    assert article.subtitle == ""


_PUBLISHED_META = '<meta property="article:published_time" content="2025-09-14T18:22:40+00:00">'
_MODIFIED_META = '<meta property="article:modified_time" content="2025-09-14T18:22:40+00:00">'


@pytest.mark.parametrize(
    "changes",
    [
        [("„Die ist nur zur Zierde.“\">", "„Die ist nur…\">")],  # a description cut off: a teaser
        [('<meta property="og:type" content="article">', '<meta property="og:type" content="website">')],
        [(_PUBLISHED_META, ""), (_MODIFIED_META, ""), ("2025/09/14/", "")],
    ],
    ids=["description-cut-off", "not-an-article-type", "no-date"],
)
def test_a_short_body_without_all_the_signs_of_a_whole_post_is_refused(changes: list[tuple[str, str]]) -> None:
    html = page_bytes("short_post.html").decode()
    time = '<time class="entry-date published" datetime="2025-09-14T18:22:40+00:00">14. September 2025</time>'
    html = html.replace(time, "")
    for old, new in changes:
        assert old in html
        html = html.replace(old, new)
    assert refusal(html, SHORT_POST_URL.replace("2025/09/14/", "")).reason == "no_body"


def test_cookie_wall_is_refused() -> None:
    error = refusal("cookie_wall.html", "https://zeitung.example.de/artikel/1")
    assert error.reason == "consent_wall"
    assert str(error).startswith("not an article: a cookie or consent wall")


def test_consent_notice_without_consent_markup_is_refused() -> None:
    """680 characters in ordinary <div>s and <p>s: long enough for a body, but a consent notice."""
    assert refusal("consent_notice.html").reason == "consent_wall"


def test_paywall_stub_is_refused_with_its_prompt() -> None:
    error = refusal("paywall_stub.html", "https://estuarypost.example.com/business/container-terminal")
    assert error.reason == "paywall"
    assert "“Subscribe to continue reading”" in str(error)


def test_paywall_prompt_alone_refuses_a_teaser() -> None:
    """No JSON-LD flag: the prompt in the page is enough when the body is a teaser."""
    html = page_bytes("paywall_stub.html").replace(b'"isAccessibleForFree": false,', b"")
    assert refusal(html.decode(), "https://estuarypost.example.com/b").reason == "paywall"


def test_a_long_article_marked_not_free_is_accepted() -> None:
    """The page says isAccessibleForFree: false and wraps its text in <div class="paywall">, but
    serves the whole text: the boilerplate pass removes the box, the recall fallback puts it back."""
    article = extract_article(page_bytes("paywall_markup_full_text.html"), "https://estuarypost.example.com/n/ice")
    assert len(article.text) > 1000
    assert article.text.count("\n\n") == 5


def test_error_page_served_with_200_is_refused() -> None:
    error = refusal("error_page_200.html", "https://estuarypost.example.com/news/old-story")
    assert error.reason == "error_page"
    assert "“Page not found”" in str(error)


@pytest.mark.parametrize(
    "title",
    ["Error 404", "404 - Page not found", "Seite nicht gefunden", "Página no encontrada", "ページが見つかりません",
     "الصفحة غير موجودة", "Oops! That page can’t be found | Site"],
)  # fmt: skip
def test_error_titles_in_several_languages(title: str) -> None:
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>Try the search box.</p></body></html>"
    assert refusal(html).reason == "error_page"


def test_an_article_about_not_found_pages_is_not_an_error_page() -> None:
    """The title names an error, but the body is a whole article."""
    html = page_bytes("byline_only.html").replace(
        b"<title>Night-flying moths pollinate more crops than expected</title>", b"<title>Page not found</title>"
    )
    body = b"".join(b"<p>" + b"Museums keep their old error pages as a record of the early web. " * 4 + b"</p>"
                    for _ in range(6))  # fmt: skip
    html = html.replace(b"</div>\n</div>", body + b"</div>\n</div>")
    assert extract_article(html, "https://fieldnotes.example.org/x").title


def test_body_drawn_by_scripts_comes_from_jsonld_article_body() -> None:
    article = extract_article(page_bytes("script_rendered.html"), "https://valleycourier.example.net/t/night-buses")
    assert article.text.count("\n\n") == 3  # four paragraphs, as the articleBody's blank lines say
    assert [p.text for p in body_tree(article.body_html).iter("p")][-1] == (
        "The board will review passenger numbers in spring before deciding whether to add weeknight journeys."
    )


def test_jsonld_article_body_is_not_used_when_the_article_is_not_free() -> None:
    html = page_bytes("script_rendered.html").replace(b'"headline"', b'"isAccessibleForFree": "False", "headline"')
    assert refusal(html.decode()).reason == "paywall"


def test_refusal_reasons_are_codes() -> None:
    assert refusal("<html><body><p>Too short.</p></body></html>").reason == "no_body"
    assert refusal(b"").reason == "empty"


@pytest.mark.parametrize(
    "content", [b"", b"   ", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"<html><body></body></html>"]
)
def test_empty_or_not_html_is_refused(content: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_article(content, "https://example.org/x")


def test_wordpress_like_page() -> None:
    url = "https://jornaldabaia.example.com.br/2024/08/cooperativa-abre-peixaria/"
    article = extract_article(page_bytes("wordpress_like.html"), url)
    assert article.title == "Cooperativa de pescadores abre peixaria própria no cais"
    assert article.authors == ["Pedro Alves"]  # JSON-LD @id reference; the meta "Redação" is not used
    assert article.published == datetime(2024, 8, 21, 10, 5, 22, tzinfo=timezone(timedelta(hours=-3)))
    assert article.modified == datetime(2024, 8, 21, 15, 40, 3, tzinfo=timezone(timedelta(hours=-3)))
    assert article.language == "pt"
    assert article.sitename == "Jornal da Baía"
    # the post thumbnail is the og:image in another size: the full-size URL, not repeated in the body
    assert article.image == "https://jornaldabaia.example.com.br/wp-content/uploads/2024/08/peixaria-cais.jpg"
    assert "peixaria-cais" not in article.body_html
    body = body_tree(article.body_html)
    assert [h.text for h in body.iter("h3")] == ["Gelo e fiscalização"]
    assert body.find("figure/figcaption").text == "Os barcos chegam ao cais antes das cinco da manhã."
    assert links(body) == [
        ("https://procon.example.gov.br/pesquisas/pescado-agosto-2024", "pesquisa de preços do Procon"),
        ("https://bancodopovo.example.com.br/credito/cooperativas", "programa de crédito para cooperativas"),
    ]
    for boilerplate in ("Compartilhe", "Relacionado", "Mercado municipal", "Finalmente", "Posts recentes",
                        "Marcado", "WordPress", "Pular para o conteúdo", "Publicado em"):  # fmt: skip
        assert boilerplate not in article.text


def test_links_in_awkward_places_survive() -> None:
    """Formatting inside a link, a link across line breaks, adjacent links, links in a quote,
    a heading and a table cell, a query string, a link wrapping an icon."""
    url = "https://site.example/news/edge.html"
    raw = page_bytes("links_edge_cases.html")
    article = extract_article(raw, url)
    original = lxml.html.fromstring(raw).find(".//article")
    expected = [(urljoin(url, href), text) for href, text in links(original)]
    assert links(body_tree(article.body_html)) == expected
    formatted = '<a href="https://site.example/docs/a.pdf" rel="noopener noreferrer"><em>the full</em> decree</a>'
    assert formatted in article.body_html
    assert "icon.png" not in article.body_html  # a 16-pixel icon is not content
