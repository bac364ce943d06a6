"""extract_article on the demo site (demo/site/articles), checked against demo/expected.json.

The demo server replaces ``{{BASE_URL}}`` with the address it serves on; so does this test.
Skipped when the demo site is not there.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from dragoman.extract import extract_article

DEMO = Path(__file__).resolve().parents[2] / "demo"
BASE = "http://127.0.0.1:8001"
EXPECTED = json.loads((DEMO / "expected.json").read_text()) if (DEMO / "expected.json").exists() else []

pytestmark = pytest.mark.skipif(not EXPECTED, reason="demo site not present")


@pytest.fixture(scope="module", params=EXPECTED, ids=[entry["slug"] for entry in EXPECTED])
def case(request):
    entry = request.param
    url = BASE + entry["url_path"]
    raw = (DEMO / "site" / entry["url_path"].lstrip("/")).read_bytes().replace(b"{{BASE_URL}}", BASE.encode())
    return entry, url, raw, extract_article(raw, url, headers={"Content-Type": "text/html; charset=utf-8"})


def test_metadata(case) -> None:
    entry, url, _, article = case
    assert article.title == entry["title"]
    assert article.authors == [entry["author"]]
    assert article.published == datetime.fromisoformat(entry["published"])
    assert article.published.utcoffset() == datetime.fromisoformat(entry["published"]).utcoffset()
    assert article.image == BASE + entry["image_path"]
    assert article.image_caption == entry["image_caption"]
    assert article.subtitle == entry["standfirst"]
    assert article.sitename == "The Harbour Ledger"
    assert article.language == "en"
    assert article.canonical_url == url


def test_body_links_in_order_with_their_anchor_text(case) -> None:
    entry, url, raw, article = case
    body = lxml.html.fragment_fromstring(article.body_html, create_parent="div")
    assert [a.get("href") for a in body.iter("a")] == [urljoin(url, href) for href in entry["links"]]
    story = lxml.html.fromstring(raw).find_class("story-body")[0]
    expected_text = [" ".join(a.text_content().split()) for a in story.iter("a")]
    assert [" ".join(a.text_content().split()) for a in body.iter("a")] == expected_text


def test_no_boilerplate_or_repeated_header(case) -> None:
    entry, _, raw, article = case
    page = lxml.html.fromstring(raw)
    related = [" ".join(a.text_content().split()) for a in page.xpath('//section[@class="related-stories"]//a')]
    for needle in [entry["title"], entry["standfirst"], entry["image_caption"], f"By {entry['author']}", *related]:
        assert needle not in article.text
    body = lxml.html.fragment_fromstring(article.body_html, create_parent="div")
    assert body.find(".//h1") is None and body.find(".//h2") is not None
    assert entry["image_path"] not in article.body_html
