"""Refusals need evidence: pages that only look like walls, indexes or scraps are kept, the real
ones are still refused, and every refusal names what it saw (see ``dragoman.extract.refusal``).

Pages written for these tests (``pages/``, invented sites under ``.example``) and small pages
built here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from dragoman.extract import ExtractionError, extract_article
from dragoman.extract.dom import parse_html
from dragoman.extract.metadata import extract_metadata
from dragoman.extract.refusal import Evidence, judge

PAGES = Path(__file__).parent / "pages"

WIDGETS_URL = "https://lakesidegazette.example.com/news/2026/10/21/ferry-rescue"
OFFER_URL = "https://lakesidegazette.example.com/news/2026/10/23/village-hall-solar"
SECTION_URL = "https://corrieredelgolfo.example.it/cronaca/400/traghetto-torna-in-servizio.html"
LINK_POST_URL = "https://ablagenord.example.de/2026/03/12/fundstuecke-2026-03-12/"
TEASER_URL = "https://talbote.example.ch/region/dorfladen-lehrstellen"
FERRY_TEXT = (
    "The crew of the evening ferry to Holm Island pulled a kayaker from the water off Gull Point on Tuesday "
    "after his boat capsized in a sudden squall.\n\n"
    "The man, in his sixties, was wearing a buoyancy aid and was taken to the county hospital as a precaution.\n\n"
    "The coastguard thanked the crew and reminded paddlers to check the forecast before setting out."
)


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def refusal(html: str, url: str) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_article(html, url)
    return caught.value


def with_jsonld(html: str, **fields: object) -> str:
    """The page with more fields in its JSON-LD object."""
    extra = "".join(f"{json.dumps(name)}: {json.dumps(value)}, " for name, value in fields.items())
    return html.replace('"@type": "NewsArticle",', '"@type": "NewsArticle", ' + extra, 1)


# --------------------------------------------------------------------------------------------
# paywall: class names, login boxes and offers are no wall


def test_a_short_complete_news_item_among_wall_named_widgets_is_kept() -> None:
    """350 characters on a page with a login box named ``paywall-header-wrap``, an empty Piano
    container and a meter's debugger box: names, not a wall (this page was refused as a paywall
    stub when any box named like a paywall counted)."""
    article = extract_article(page("short_news_wall_widgets.html"), WIDGETS_URL)
    assert article.text == FERRY_TEXT


def test_a_subscription_offer_beside_a_whole_story_is_kept() -> None:
    """"Already a subscriber? Sign in" in the header and a box offering a subscription in the
    middle of a complete story of 740 characters: no sentence says the text goes on behind a wall."""
    article = extract_article(page("subscribe_offer_beside_story.html"), OFFER_URL)
    assert article.text.startswith("Volunteers in Low Fenwick switched on the solar panels")
    assert article.text.endswith("the choir at last year's level.")
    assert "Subscribe" not in article.text


def test_a_page_marked_free_is_no_paywall_stub() -> None:
    """JSON-LD ``isAccessibleForFree: true`` outweighs a prompt: the page says the text is free."""
    html = page("paywall_stub.html").replace('"isAccessibleForFree": false', '"isAccessibleForFree": true')
    html = html.replace('"isAccessibleForFree": false', '"isAccessibleForFree": true')
    article = extract_article(html, "https://estuarypost.example.com/business/container-terminal")
    assert article.text.startswith("The port authority will decide before Christmas")


def test_a_short_item_marked_not_free_whose_article_body_is_that_text_is_kept() -> None:
    """``isAccessibleForFree: false`` on every page of a site, but the JSON-LD ``articleBody`` (the
    whole text as the publisher states it) is what the page shows: a short but complete item."""
    html = with_jsonld(page("short_news_wall_widgets.html"), isAccessibleForFree="False", articleBody=FERRY_TEXT)
    assert extract_article(html, WIDGETS_URL).text == FERRY_TEXT


def test_a_teaser_of_a_longer_article_body_marked_not_free_is_refused() -> None:
    longer = FERRY_TEXT + "\n\n" + " ".join(["The ferry company said the crew had trained for such a rescue."] * 12)
    html = with_jsonld(page("short_news_wall_widgets.html"), isAccessibleForFree=False, articleBody=longer)
    error = refusal(html, WIDGETS_URL)
    assert error.reason == "paywall"
    assert str(error) == (
        "not an article: a paywall stub (350 characters of teaser; JSON-LD says isAccessibleForFree: false, "
        f"its articleBody holds {len(longer)} characters)"
    )


def test_a_very_short_body_marked_not_free_is_still_a_teaser() -> None:
    """No articleBody to compare with: the flag and 350 characters are enough."""
    html = with_jsonld(page("short_news_wall_widgets.html"), isAccessibleForFree=False)
    error = refusal(html, WIDGETS_URL)
    assert error.reason == "paywall" and "JSON-LD says isAccessibleForFree: false" in str(error)


def test_the_whole_text_under_paywall_markup_is_kept_when_the_article_body_repeats_it() -> None:
    """Google's paywall markup: the page marked not free shows the whole text, and its JSON-LD
    ``articleBody`` holds the same text. The body found equals the articleBody, but the page shows
    it: it was not read from the script alone (this page was refused with 0 characters)."""
    html = page("paywall_markup_full_text.html")
    paragraphs = re.findall(r"<p>(.*?)</p>", html)
    html = html.replace('"isAccessibleForFree": false,', '"isAccessibleForFree": false, '
                        f'"articleBody": {json.dumps(chr(10).join(paragraphs))},', 1)  # fmt: skip
    article = extract_article(html, "https://estuarypost.example.com/news/ice-rink-dropped")
    assert article.text.startswith("Plans for an open-air ice rink")
    assert article.text.endswith("with stalls offered first to traders from the quay.")


@pytest.mark.parametrize("prompt", ["", '<p class="premium-prompt">Subscribe to continue reading</p>'])
def test_a_page_holding_the_rest_of_its_text_in_paywall_markup_is_no_stub(prompt: str) -> None:
    """Marked not free, two paragraphs shown, the other four in ``<div class="paywall">`` (Google's
    paywall markup), with or without a prompt for those who cannot see them: the page holds the
    text, so it is no stub, and the body keeps all of it (the box is longer than a prompt)."""
    html = page("paywall_markup_full_text.html")
    paragraphs = re.findall(r"  <p>.*?</p>\n", html)
    box = '<div class="paywall">\n'
    html = html.replace(box + paragraphs[0] + paragraphs[1], paragraphs[0] + paragraphs[1] + prompt + box)
    article = extract_article(html, "https://estuarypost.example.com/news/ice-rink-dropped")
    assert article.text.startswith("Plans for an open-air ice rink")
    assert article.text.endswith("with stalls offered first to traders from the quay.")


def test_a_teaser_cut_off_under_a_read_on_question_is_refused_with_it() -> None:
    error = refusal(page("paywall_teaser_cut_off.html"), TEASER_URL)
    assert error.reason == "paywall"
    assert str(error) == (
        "not an article: a paywall stub (323 characters of teaser; the page says “Möchten Sie weiterlesen”)"
    )


def test_a_teaser_cut_off_beside_a_wall_offering_a_subscription_is_refused() -> None:
    """No sentence asks to read on, but the teaser stops at "…" and the box named like a paywall
    offers a subscription: both are named."""
    html = page("paywall_teaser_cut_off.html").replace("Möchten Sie weiterlesen?", "Unser Angebot für Sie")
    message = str(refusal(html, TEASER_URL))
    assert "the teaser is cut off with “…”" in message
    assert "a box <div “paywall-template-container”> offers a subscription" in message


def test_a_whole_text_beside_the_same_box_is_kept() -> None:
    """The same box beside a text that ends its last sentence: an offer, not a wall."""
    html = page("paywall_teaser_cut_off.html").replace("Möchten Sie weiterlesen?", "Unser Angebot für Sie")
    html = html.replace("und dafür …", "und dafür einen Preis erhielt.")
    assert extract_article(html, TEASER_URL).text.endswith("und dafür einen Preis erhielt.")


@pytest.mark.parametrize(
    "prompt",
    ["Subscribe to continue reading", "To read the full story, become a member",
     "Dieser Artikel ist exklusiv für Abonnenten", "Mit Talbote+ weiterlesen", "Pour lire la suite, abonnez-vous",
     "Il vous reste 80% de cet article à lire",
     "Suscríbete para seguir leyendo", "Assine para continuar lendo", "Questo articolo è riservato agli abbonati",
     "Lees verder met een digitaal abonnement", "You have reached your limit of free articles"],
)  # fmt: skip
def test_read_on_prompts_in_several_languages(prompt: str) -> None:
    html = page("paywall_teaser_cut_off.html").replace("Möchten Sie weiterlesen?", prompt)
    html = html.replace("und dafür …", "und dafür einen Preis erhielt.")
    error = refusal(html, TEASER_URL)
    assert error.reason == "paywall" and "the page says “" in str(error)


@pytest.mark.parametrize(
    "words",
    ["Already a subscriber? Sign in", "Jetzt abonnieren", "Subscribers only", "Continue reading below",
     "Article continues after this advertisement", "Jetzt weiterlesen", "Exklusiv für Abonnenten",
     "Article réservé aux abonnés", "Contenido exclusivo para suscriptores", "Conteúdo Exclusivo para Assinantes"],
)  # fmt: skip
def test_offers_login_boxes_and_labels_are_no_prompt(words: str) -> None:
    """An offer, a login box, an ad marker, or a label (a menu entry, a tag on other stories'
    cards, an item in a list of a subscription's benefits): none says this text goes on."""
    html = page("paywall_teaser_cut_off.html").replace("Möchten Sie weiterlesen?", words)
    html = html.replace("und dafür …", "und dafür einen Preis erhielt.")
    assert extract_article(html, TEASER_URL).title == "Wie der Dorfladen seine Lehrstellen füllt"


def test_a_prompt_in_a_script_is_not_on_the_page() -> None:
    """A site may ship its wall's templates in a script on every page: only visible text counts."""
    script = '<script>var wall = {"title": "Subscribe to continue reading"};</script></body>'
    html = page("short_news_wall_widgets.html").replace("</body>", script)
    assert extract_article(html, WIDGETS_URL).text == FERRY_TEXT


# --------------------------------------------------------------------------------------------
# index: link-heavy articles are not lists of links


def test_a_short_story_outweighed_by_section_links_is_kept() -> None:
    """A wire item of 270 characters between lists of the section's stories: two thirds of what
    trafilatura extracts is link text, but a paragraph of the article stands outside the links
    (this page was refused as an index)."""
    article = extract_article(page("story_among_section_links.html"), SECTION_URL)
    assert "GOLFO, 5 DIC - La nave traghetto per l'isola tornerà in servizio domani mattina" in article.text


def test_a_dated_post_of_links_to_other_sites_is_kept() -> None:
    """A link post: eighty percent of its text is links, all to other sites (this page was
    refused as an index)."""
    article = extract_article(page("link_post.html"), LINK_POST_URL)
    assert article.text.startswith("Fahrradstraße am Kai: Stadt zieht erste Bilanz via Hafenblatt")
    assert article.text.count("\n\n") == 6


def test_the_same_list_of_the_sites_own_pages_is_an_index() -> None:
    """The same page, its links leading to the blog's own pages: a list of links, no article text."""
    html = re.sub(r'href="https://[a-z]+\.example\.(?:com|net|org|at)/', 'href="https://ablagenord.example.de/',
                  page("link_post.html"))  # fmt: skip
    error = refusal(html, LINK_POST_URL)
    assert error.reason == "index"
    assert "and the page holds no paragraph of article text outside them" in str(error)


def test_a_list_of_links_calling_itself_a_dated_article_is_still_an_index() -> None:
    html = page("index_page.html").replace(
        '<meta property="og:type" content="website">',
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-12T08:00:00+00:00">',
    )
    assert refusal(html, "https://courier.example.com/science").reason == "index"


LINKS_BODY = "".join(f'<p><a href="/music/{n}">Another album of the band, number {n}</a></p>' for n in range(12))
ARTICLE_WITH_MISSED_TEXT = f"""<html><head><title>The band presents its fourth album</title>
<meta property="og:type" content="article"></head><body>
<nav><a href="/">Home</a></nav>
<h1>The band presents its fourth album</h1>
<div class="text">The fourth album of the band comes out on 4 February. Before it, the singer founded her own label,
put a new team together and wrote some of the most striking songs of her career in a freeing creative process.</div>
<div class="more">{LINKS_BODY}</div>
</body></html>"""


@pytest.mark.parametrize("has_text", [True, False])
def test_an_article_whose_text_the_body_missed_is_no_index(has_text: bool) -> None:
    """The body found is a list of other albums (the extraction missed the text), but the page,
    which calls itself an article, holds a paragraph of article text: not a list of links. Without
    that paragraph, it is one."""
    html = ARTICLE_WITH_MISSED_TEXT
    if not has_text:
        html = re.sub(r'<div class="text">.*?</div>', "", html, flags=re.S)
    url = "https://music.example.org/band/fourth-album"
    tree = parse_html(html)
    evidence = Evidence(tree, extract_metadata(tree, url), [], {}, url=url)
    body = lxml.html.fragment_fromstring(LINKS_BODY, create_parent="div")
    text = "\n\n".join(p.text_content() for p in body.iter("p"))
    verdict = judge(text, 1.0, evidence, body)
    if has_text:
        assert verdict is None
    else:
        assert verdict is not None and verdict.reason == "index"


# --------------------------------------------------------------------------------------------
# no_body: short complete posts


BLOG_ARCHIVE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Notes: March 2026</title>
<meta content="Harbour Notes" property="og:title"></head>
<body>
<div class="header"><h1><a href="https://harbournotes.example.net/">Harbour Notes</a></h1></div>
<div class="blog-posts hfeed">
<h2 class="date-header"><span>Tuesday, 3 March 2026</span></h2>
<div class="post hentry" itemscope itemtype="http://schema.org/BlogPosting">
<h3 class="post-title entry-title" itemprop="name">Moving house</h3>
<div class="post-body entry-content" itemprop="description articleBody">This blog moves to a new address next week;
the old posts stay here for anyone who still wants them. Thanks for reading all these years!</div>
<div class="post-footer">Posted by <span itemprop="author">Ann Mercer</span> at
<abbr class="published" itemprop="datePublished" title="2026-03-03T21:05:00+00:00">9:05 PM</abbr></div>
</div>
</div>
<div class="blog-pager"><a href="https://harbournotes.example.net/">Home</a>
<a href="https://harbournotes.example.net/2026/">Newer Posts</a></div>
<div class="feed-links">Subscribe to:
<a href="https://harbournotes.example.net/feeds/posts/default">Posts (Atom)</a></div>
</body></html>"""


def test_a_short_post_marked_up_in_microdata_is_kept() -> None:
    """A blog page in the Blogger way: no og:type, no JSON-LD, but schema.org microdata says
    BlogPosting and its description is the post; the body holds a date line and the pager too."""
    article = extract_article(BLOG_ARCHIVE, "https://harbournotes.example.net/2026/03/")
    assert "This blog moves to a new address next week" in article.text


def test_the_same_post_without_its_microdata_type_is_no_body_and_says_why() -> None:
    html = BLOG_ARCHIVE.replace(' itemscope itemtype="http://schema.org/BlogPosting"', "")
    error = refusal(html, "https://harbournotes.example.net/2026/03/")
    assert error.reason == "no_body"
    assert "not a whole short post: " in str(error) and "no article type" in str(error)


# --------------------------------------------------------------------------------------------
# every refusal names its evidence


@pytest.mark.parametrize(
    ("name", "url", "says"),
    [
        ("paywall_stub.html", "https://estuarypost.example.com/business/container-terminal",
         "(482 characters of teaser; the page says “Subscribe to continue reading”, "
         "JSON-LD says isAccessibleForFree: false)"),
        ("cookie_wall.html", "https://zeitung.example.de/artikel/1", "; a consent box <div “consent-wall”>)"),
        ("consent_notice.html", "https://news.example.org/x", "that read like a consent notice: "),
        ("error_page_200.html", "https://estuarypost.example.com/news/old-story", "(titled “Page not found”, "),
        ("section_index.html", "https://estuarypost.example.com/environment",
         "(6 story teasers make 94% of its text; JSON-LD calls it collectionpage)"),
        ("index_page.html", "https://courier.example.com/science", "(100% of its 563 characters are links"),
    ],
)  # fmt: skip
def test_refusals_name_their_evidence(name: str, url: str, says: str) -> None:
    assert says in str(refusal(page(name), url))


def test_a_refusal_still_says_the_pages_headline_and_day() -> None:
    """A refused page is listed with what it was: the headline and the publication date its metadata
    gives (the pipeline keeps them on the refused entry); a page with no date says none."""
    stub = refusal(page("paywall_stub.html"), "https://estuarypost.example.com/business/container-terminal")
    assert stub.title == "Port authority weighs a second container terminal"
    assert stub.published is not None and stub.published.isoformat() == "2026-11-04T07:30:00+00:00"
    index = refusal(page("index_page.html"), "https://courier.example.com/science")
    assert index.published is None


def test_an_unreadable_page_has_no_headline_or_day() -> None:
    error = refusal("", "https://courier.example.com/science")
    assert (error.reason, error.title, error.published) == ("empty", "", None)
