"""Malformed markup is read as a browser reads it: the article is extracted whole (the words around the broken
markup too), or the page is refused with a reason; ``extract_article`` raises nothing but ``ExtractionError``.
The shapes are those of public attack lists, in pages written for these tests (``tests/support/malformed.py``)."""

import pytest
from lxml import html as lxml_html

from dragoman.extract import ExtractionError, SiteRules, extract_article
from dragoman.extract.dom import parse_html
from dragoman.sanitize import sanitize_html
from tests.support.malformed import CLOSING, NOT_AN_ARTICLE, SHAPES, STORY, Shape, page

URL = "https://ledger.example/harbour/quay.html"


def body_text(body_html: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(body_html, create_parent="div").text_content().split())


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
@pytest.mark.parametrize("how", ["text", "bytes", "site rule"])
def test_each_shape_is_extracted_whole(shape: Shape, how: str) -> None:
    """As text, as bytes, and with a site rule choosing the body (its elements are copied as they are)."""
    html = page(shape, URL)
    rules = SiteRules(body_selector="article") if how == "site rule" else None
    article = extract_article(html.encode("utf-8") if how == "bytes" else html, URL, rules=rules)
    assert article.title == "Northern quay closes for repairs" and article.author == "Ana Ruiz"
    for paragraph in [*STORY, CLOSING]:  # what comes after the broken markup is not lost
        assert paragraph in article.text, paragraph
    for words in shape.words:
        assert words in body_text(article.body_html)
    hrefs = lxml_html.fragment_fromstring(article.body_html, create_parent="div").xpath("//a/@href")
    if shape.href.startswith("https://"):
        assert hrefs == [shape.href]  # the first of the duplicates, once
    elif shape.href:  # a <base> no browser can use is ignored: relative links resolve against the page
        assert hrefs == ["https://ledger.example/harbour/" + shape.href]
    else:
        assert hrefs == []  # a link to an unreadable host is no link; its words stay
    assert sanitize_html(article.body_html) == article.body_html
    assert not any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in article.body_html + article.text)


def test_a_page_without_an_article_is_refused_with_its_reason() -> None:
    with pytest.raises(ExtractionError, match="no article body") as raised:
        extract_article(NOT_AN_ARTICLE, URL)
    assert raised.value.reason == "no_body"


@pytest.mark.parametrize("url", ["http://[not an address/x", "https://[192.0.2.1]/story", "http://[::ffff:999.1.1.1]/"])
def test_a_page_address_that_is_no_url_is_refused_naming_it(url: str) -> None:
    with pytest.raises(ExtractionError, match="the page's address is not a URL") as raised:
        extract_article(page(SHAPES[0], URL), url)
    assert raised.value.reason == "bad_url" and url in str(raised.value)


@pytest.mark.parametrize(
    "url", ["http://[not an address/", "http://[192.0.2.1]/x", "https://[a]/x.jpg", "//[192.0.2.1]/x", "http://a.example:99999/x"]
)
def test_unreadable_urls_anywhere_in_the_head_are_ignored(url: str) -> None:
    head = (
        f'<base href="{url}"><link rel="canonical" href="{url}"><meta property="og:url" content="{url}">'
        f'<meta property="og:image" content="{url}"><script type="application/ld+json">{{"@type": "NewsArticle", '
        f'"url": "{url}", "mainEntityOfPage": "{url}", "image": "{url}", "author": {{"name": "Ana Ruiz", "url": "{url}"}}}}'
        "</script>"
    )
    article = extract_article(page(Shape("head", head=head), URL), URL)
    assert CLOSING in article.text and article.image in ("", url) and article.canonical_url in (URL, "")
    assert "[" not in article.canonical_url and "[" not in article.image


def test_a_character_reference_lxml_cannot_hold_is_dropped() -> None:
    """``&#XB`` (a vertical tab) once failed the whole page ("could not be parsed"): now it is dropped,
    as a browser shows nothing for it, and the page is judged on its text."""
    page_bytes = b'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><H1>&#XB</body></html>'
    with pytest.raises(ExtractionError, match="no article body") as raised:
        extract_article(page_bytes, "https://news.example/a")
    assert raised.value.reason == "no_body"
    story = "".join(f"<p>{p}</p>" for p in STORY)
    article = extract_article(f"<html><body><h1>&#XB;Quay&#1; closes</h1>{story}</body></html>", URL)
    assert article.title == "Quay closes" and STORY[-1] in article.text


def test_the_parsed_tree_holds_what_lxml_and_xml_can_carry() -> None:
    tree = parse_html(page(SHAPES[-1], URL))
    names = {name for element in tree.iter() for name in element.keys()}
    assert "href" in names and "xlink:href" in names and "été" in names and "data-y" in names
    assert not any(set(name) & set('{}"\'=<@[]()*#') or name[0] in "-.:1" or name.count(":") > 1 for name in names)
    for element in tree.iter():
        dict(element.attrib)  # every name is readable through lxml's API
    assert tree.find(".//article//a").get("href") == "https://harbour.example/notices/7"
    assert tree.find(".//p[@data-y]").get("data-y") == "abc"


def test_lone_surrogates_are_read_as_replacement_characters() -> None:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    article = extract_article(f"<html><body><h1>Quay \ud800closes</h1>{story}<p>{CLOSING}\udfff</p></body></html>", URL)
    assert article.title == "Quay \ufffdcloses" and CLOSING in article.text
