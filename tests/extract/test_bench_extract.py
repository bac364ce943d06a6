"""bench/extract.py runs in both modes and prints what it promises (a real process, one round)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dragoman.extract import extract_article

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench" / "extract.py"
PAGES = Path(__file__).parent / "pages"


def bench(*args: str) -> str:
    result = subprocess.run([sys.executable, str(BENCH), "--rounds", "1", *args], capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_project_pages_mode() -> None:
    out = bench()
    cases = len(json.loads((PAGES / "expected.json").read_text(encoding="utf-8")))
    assert f"{cases + 16} cases ({cases} test pages" in out
    rows = {line.split("  ")[0].strip(): line for line in out.splitlines() if re.search(r"\d+/\d+ +\d+%", line)}
    for row in ("article or not", "title", "authors", "date (day)", "date (time and zone)", "body", "image credit"):
        assert row in rows, out
        # Dragoman's column: every expected value (test_expected_pages.py holds it to that)
        right, total = re.search(r"(\d+)/(\d+)", rows[row].split(row, 1)[1]).groups()
        assert right == total, rows[row]
    assert re.search(r"ratio to trafilatura\.extract: +\d+\.\d\dx", out)


@pytest.mark.slow
def test_corpus_mode(tmp_path) -> None:
    """A corpus laid out like the public article-extraction-benchmark: html/<id>.html(.gz) and
    ground-truth.json with articleBody (and here a date)."""
    (tmp_path / "html").mkdir()
    truth = {}
    for page_id, name, url, date in [
        ("p1", "byline_only.html", "https://fieldnotes.example.org/2024/moths", None),
        ("p2", "date_in_url.html", "https://harbourwatch.example.org/2026/11/05/pier-lights-restored", "2026-11-05"),
    ]:
        raw = (PAGES / name).read_bytes()
        if page_id == "p2":
            (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(raw))
        else:
            (tmp_path / "html" / f"{page_id}.html").write_bytes(raw)
        truth[page_id] = {"articleBody": extract_article(raw, url).text, "url": url, **({"date": date} if date else {})}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")

    out = bench("--corpus", str(tmp_path), "--misses")
    assert "2 pages, labelled with whole bodies, publication days" in out
    # the ground truth is Dragoman's own text here: perfect scores, trafilatura's beside them
    assert re.search(r"Dragoman, body, tokens +1\.000 +1\.000 +1\.000", out), out
    assert re.search(r"trafilatura\.extract, 4-token shingles +\d\.\d{3} +\d\.\d{3} +\d\.\d{3}", out)
    assert ("Publication day (1 pages, articles or not; no date counts as wrong; a refused page counts by the day its "
            "refusal records): Dragoman 1/1 100%, htmldate 1/1 100%") in out  # fmt: skip
    assert "counting every refused page as wrong: 1/1 100%" in out
    assert "Refused by Dragoman: 0 of 2 pages" in out
    assert "Pages where Dragoman is below the anchor" in out
    assert "ratio to trafilatura.extract" in out


@pytest.mark.slow
def test_snippet_corpus_mode(tmp_path) -> None:
    """A corpus laid out like trafilatura's evaluation: annotations.json with snippets that must and
    must not be in the body; a refused page is listed with its reason."""
    (tmp_path / "html").mkdir()
    annotations = {}
    for page_id, name, url in [
        ("story", "news_boilerplate.html", "https://courier.example.com/science/2024/03/12/harbour-kites"),
        ("index", "index_page.html", "https://courier.example.com/science"),
    ]:
        raw = (PAGES / name).read_bytes()
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(raw))
        annotations[page_id] = {"url": url, "with": [], "without": []}
    story = extract_article((PAGES / "news_boilerplate.html").read_bytes(), annotations["story"]["url"])
    first, last = story.text.split("\n\n")[0], story.text.split("\n\n")[-1]
    annotations["story"].update({"with": [first[:40], last[-40:]], "without": ["Get the Courier science briefing every Friday."]})
    annotations["index"].update({"with": ["this snippet is nowhere"], "without": ["nor is this one"]})
    (tmp_path / "annotations.json").write_text(json.dumps(annotations), encoding="utf-8")

    out = bench("--corpus", str(tmp_path), "--rounds", "0")
    assert "2 pages, labelled with snippets" in out
    # two of three wanted snippets found, no unwanted one: precision 1, recall 2/3
    assert re.search(r"Dragoman, body +1\.000 +0\.667 +0\.800", out), out
    assert re.search(r"index \[index\] not an article", out), out
    assert "Time per page" not in out  # --rounds 0: no timing
