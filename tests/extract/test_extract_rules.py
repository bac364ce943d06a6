"""Site rules (rules.py): an operator's selectors override the automatic choices."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest

from dragoman.extract import ExtractionError, extract_article
from dragoman.extract.rules import SelectorError, SiteRules

PAGES = Path(__file__).parent / "pages"
URL = "https://kuestenbote.example.de/region/faehre-lindholm-fahrplan"
LEDE = "Nach drei Wochen mit Ausfällen und Verspätungen fährt die Fähre"
FACTBOX = "Abfahrt Festland stündlich"
RULES = SiteRules(
    body_selector=".lede, .text",
    remove_selectors=".infokasten\n.dachzeile\n",
    title_selector=".titel",
    author_selector=".kuerzel",
    date_selector=".stempel",
)


@pytest.fixture(scope="module")
def page() -> bytes:
    return (PAGES / "site_rules.html").read_bytes()


def test_the_page_needs_rules(page: bytes) -> None:
    """Without rules: the lede (a <div>) is lost, the fact box and the sign-off are in the body, the
    author is unknown ("Redaktion" is a role) and the date is the site template's."""
    article = extract_article(page, URL)
    assert LEDE not in article.text
    assert FACTBOX in article.text and article.text.endswith("Tilde Marsch")
    assert article.authors == []
    assert article.published == datetime.fromisoformat("2019-04-01T00:00:00+02:00")


def test_rules_override_body_title_author_and_date(page: bytes) -> None:
    article = extract_article(page, URL, rules=RULES)
    assert article.title == "Fähre nach Lindholm fährt wieder nach Fahrplan"
    assert article.authors == ["Tilde Marsch"]
    assert article.published == datetime(2026, 11, 5, 14, 30)  # "Stand: 05.11.2026, 14:30 Uhr", day first
    assert article.text.startswith(LEDE)  # the lede <div> became a paragraph
    assert article.text.endswith("ein älteres Schiff aus dem Ruhestand zurückzuholen.")
    assert FACTBOX not in article.text  # removed by remove_selectors
    assert article.removed_by == [".infokasten", ".dachzeile"]  # each selector that removed something, in order
    assert "Tilde Marsch" not in article.text and "Stand:" not in article.text  # author and date are fields
    assert article.body_html.count("<p>") == 4


def test_remove_selectors_apply_before_the_metadata(page: bytes) -> None:
    """Removing the template's JSON-LD takes its wrong date away: the date printed under the
    headline, the visible "Stand" line, is read instead."""
    rules = SiteRules(remove_selectors=['script[type="application/ld+json"]', "aside.nothing-here"])
    article = extract_article(page, URL, rules=rules)
    assert article.published == datetime(2026, 11, 5, 14, 30)
    assert article.removed_by == ['script[type="application/ld+json"]']  # a selector that matched nothing is not named


def test_a_rule_that_matches_nothing_leaves_the_automatic_choice(page: bytes, caplog) -> None:
    rules = SiteRules(body_selector="div.no-such-box", author_selector=".nobody")
    with caplog.at_level(logging.WARNING, logger="dragoman.extract.rules"):
        article = extract_article(page, URL, rules=rules)
    assert article.text == extract_article(page, URL).text
    assert "matched nothing" in caplog.text and "div.no-such-box" in caplog.text


def test_a_rule_body_is_still_judged(page: bytes) -> None:
    """A body selector pointing at a one-line element gives no article, and says so."""
    with pytest.raises(ExtractionError) as caught:
        extract_article(page, URL, rules=SiteRules(body_selector=".lede"))
    assert caught.value.reason == "no_body"


def test_nested_matches_are_taken_once() -> None:
    text = "The harbour master said the new buoys would be laid before the winter storms arrive. " * 4
    html = f'<html><body><div class="story"><p>{text}</p><div class="story"><p>{text[::-1]}</p></div></div></body></html>'
    article = extract_article(html, "https://news.example.org/buoys", rules=SiteRules(body_selector=".story"))
    assert article.body_html.count("<p>") == 2


def test_a_meta_element_can_be_pointed_at() -> None:
    body = "<p>" + "Dredging of the channel starts next week and will last until the spring tides. " * 5 + "</p>"
    html = (f'<html><head><meta name="sailthru.author" content="By Ada Quay"><meta name="pubdate" content="20261104">'
            f"</head><body><article>{body}</article></body></html>")  # fmt: skip
    rules = SiteRules(author_selector='meta[name="sailthru.author"]', date_selector='meta[name="pubdate"]')
    article = extract_article(html, "https://news.example.org/dredging", rules=rules)
    assert article.authors == ["Ada Quay"] and article.published == datetime(2026, 11, 4)


def test_text_between_line_breaks_becomes_paragraphs() -> None:
    lines = ["The lifeboat crew were called out three times on Sunday.", "Nobody was hurt in any of the rescues.",
             "The station asks walkers to check the tide tables before crossing the sands."]  # fmt: skip
    html = f'<html><body><td class="copy"><font>{"<br><br>".join(line * 2 for line in lines)}</font></td></body></html>'
    article = extract_article(html, "https://news.example.org/lifeboat", rules=SiteRules(body_selector=".copy"))
    assert article.text.split("\n\n") == [line * 2 for line in lines]


# --------------------------------------------------------------------------------------------
# the SiteRules value


def test_remove_selectors_accept_lines_or_a_sequence() -> None:
    assert SiteRules(remove_selectors=" .ad \n\n.promo\n").remove_selectors == (".ad", ".promo")
    assert SiteRules(remove_selectors=[".ad", " ", ".promo"]).remove_selectors == (".ad", ".promo")


def test_empty_rules_are_false() -> None:
    assert not SiteRules() and not SiteRules(body_selector="  ")
    assert SiteRules(date_selector="time")


@pytest.mark.parametrize(
    ("field", "selector"),
    [("body_selector", "div["), ("author_selector", "p::text"), ("date_selector", "!!"),
     ("title_selector", "h1:nth-child("), ("remove_selectors", ".ad\n.promo >")],
)  # fmt: skip
def test_invalid_selectors_are_refused_naming_the_field(field: str, selector: str) -> None:
    with pytest.raises(SelectorError) as caught:
        SiteRules(**{field: selector})
    assert caught.value.field_name == field
    assert str(caught.value).startswith(f"{field}: ")
    assert "is not a valid CSS selector" in str(caught.value)
