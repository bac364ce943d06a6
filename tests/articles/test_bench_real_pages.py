"""bench/real_pages.py puts a folder of saved pages through the whole pipeline and reports on it (a real
process: the feed served on a local port, `dragoman sources add` and `run --once`, Apertium)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "extract" / "pages"


@pytest.mark.slow
def test_a_folder_of_saved_pages_through_the_pipeline(tmp_path) -> None:
    (tmp_path / "html").mkdir()
    truth = {}
    for page_id, name in [("story", "news_boilerplate.html"), ("links", "index_page.html"), ("post", "byline_only.html")]:
        raw = (PAGES / name).read_bytes()
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(raw))
        truth[page_id] = {"url": f"https://saved.example.org/{page_id}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")

    result = subprocess.run([sys.executable, str(REPO / "bench" / "real_pages.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "3 entries from 3 saved pages" in out
    assert re.search(r"published: +2 of 3", out), out
    assert re.search(r"refused: +1 \(not an article", out), out
    assert re.search(r"    links: not an article: an index", out), out
    assert re.search(r"links exact: +2 of 2 published translations", out), out
    assert re.search(r"pages answering 500: 0 of \d+ crawled", out), out
