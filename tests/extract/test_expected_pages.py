"""Every page of tests/extract/pages/expected.json comes out as written there.

The same file feeds ``bench/extract.py``: this test keeps the benchmark's expected values true
(Dragoman scores them all), the benchmark compares with trafilatura and htmldate.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from dragoman.extract import ExtractionError, extract_article

PAGES = Path(__file__).parent / "pages"
CASES = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))

METADATA = ("title", "subtitle", "authors", "language", "sitename", "canonical_url", "image", "image_caption",
            "image_credit", "tags", "section")  # fmt: skip


def test_every_page_has_a_case_or_a_reason() -> None:
    """A fixture page is in expected.json, or is exercised by a test of its own (site rules)."""
    covered = {case["file"] for case in CASES}
    own_tests = {"site_rules.html"}
    assert {p.name for p in PAGES.glob("*.html")} == covered | own_tests


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_page_matches_expected(case: dict) -> None:
    raw = (PAGES / case["file"]).read_bytes()
    expected = case["expected"]
    if "refused" in expected:
        with pytest.raises(ExtractionError) as refusal:
            extract_article(raw, case["url"], headers=case.get("headers"))
        assert refusal.value.reason == expected["refused"], str(refusal.value)
        return
    article = extract_article(raw, case["url"], headers=case.get("headers"))
    for name in METADATA:
        if name in expected:
            assert getattr(article, name) == expected[name], name
    for name, value in (("date", article.published), ("modified", article.modified)):
        if name in expected:
            want = expected[name]
            assert value == (datetime.fromisoformat(want) if want else None), name
            if want:  # the same offset, not merely the same instant
                assert value.utcoffset() == datetime.fromisoformat(want).utcoffset(), name
    if "body_starts" in expected:
        assert article.text.startswith(expected["body_starts"])
    if "body_ends" in expected:
        assert article.text.endswith(expected["body_ends"])
    for needle in expected.get("body_excludes", []):
        assert needle not in article.text, needle
    if "figures" in expected:
        assert article.body_html.count("<figure>") == expected["figures"]
