"""What the extract step stores of an article besides its text: the lead image's credit and the section, as
``dragoman.extract`` finds them (tests/extract/pages holds the page, written for the project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dragoman.articles.models import Article, Entry, Page
from dragoman.articles.pipeline import Pipeline
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parents[1] / "extract" / "pages"


def test_extract_stores_the_image_credit_and_the_section(monkeypatch):
    case = next(c for c in json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
                if c["file"] == "ja_shift_jis_meta.html")  # fmt: skip
    monkeypatch.setattr(Pipeline, "_download_image", lambda self, url: "")  # the page's host is invented
    source = Source.objects.create(url="https://minatogawa.example.jp/feed.xml", target_languages=["es"])
    entry = Entry.objects.create(source=source, key=case["url"], url=case["url"], state=Entry.State.FETCHED)
    Page.objects.create(entry=entry, final_url=case["url"], status_code=200, headers=case.get("headers") or {},
                        content=(PAGES / case["file"]).read_bytes())  # fmt: skip

    with Pipeline() as pipeline:
        assert pipeline.extract(entry.pk)

    article = Article.objects.get(entry=entry)
    assert article.image_credit == case["expected"]["image_credit"] != ""
    assert article.section == case["expected"]["section"] != ""
    assert article.image_caption == case["expected"]["image_caption"]
