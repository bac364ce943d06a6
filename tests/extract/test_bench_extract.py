"""bench/extract.py runs in both modes and prints what it promises (a real process, one round)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

from dragoman.extract import extract_article

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench" / "extract.py"
PAGES = Path(__file__).parent / "pages"


def bench(*args: str) -> str:
    result = subprocess.run([sys.executable, str(BENCH), "--rounds", "1", *args], capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


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

    out = bench("--corpus", str(tmp_path))
    assert "2 pages" in out
    # the ground truth is Dragoman's own text here: perfect scores, trafilatura's beside them
    assert re.search(r"Dragoman, tokens +1\.000 +1\.000 +1\.000", out), out
    assert re.search(r"trafilatura, 4-token shingles +\d\.\d{3} +\d\.\d{3} +\d\.\d{3}", out)
    assert "publication date (day): Dragoman 1/1 100%, htmldate 1/1 100%" in out
    assert "ratio to trafilatura.extract" in out
