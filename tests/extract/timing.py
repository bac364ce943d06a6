"""Time ``extract_article`` against a bare ``trafilatura.extract`` on the same pages.

    PYTHONPATH=src .venv/bin/python tests/extract/timing.py [--rounds N] [--modes]   # from the repository's root

Pages: ``tests/extract/pages/*.html`` and, when present, ``demo/site/articles/*.html`` (with
``{{BASE_URL}}`` replaced as the demo server does).
Prints, per page, the median time of each and the ratio, then the ratio of the totals.
Two trafilatura baselines: its defaults (text output) and the options Dragoman uses (links,
images, formatting, tables, XML output), which do more work.

``--modes`` also compares trafilatura's balanced / precision / recall modes inside
``extract_article`` on the demo site, against ``demo/expected.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from dragoman.extract import (  # noqa: E402
    ExtractionError,
    extract_article,
    extractor,  # noqa: E402
)

DEMO_BASE = "http://127.0.0.1:8001"


def pages() -> list[tuple[str, bytes, str]]:
    """(name, bytes, url) of every page to time."""
    found = [
        (f"pages/{p.name}", p.read_bytes(), f"https://pages.example.org/{p.stem}/story.html")
        for p in sorted((HERE / "pages").glob("*.html"))
    ]
    demo = ROOT / "demo" / "site" / "articles"
    if demo.is_dir():
        found += [
            (f"demo/{p.name}", p.read_bytes().replace(b"{{BASE_URL}}", DEMO_BASE.encode()),
             f"{DEMO_BASE}/articles/{p.name}")
            for p in sorted(demo.glob("*.html"))
        ]  # fmt: skip
    return found


def median_time(function, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def ours(data: bytes, url: str) -> None:
    try:
        extract_article(data, url)
    except ExtractionError:
        pass


def bare(data: bytes, url: str) -> None:
    trafilatura.extract(data, url=url)


def same_options(data: bytes, url: str) -> None:
    trafilatura.extract(
        data, url=url, output_format="xml", include_links=True, include_images=True,
        include_formatting=True, include_tables=True, include_comments=False,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--modes", action="store_true")
    args = parser.parse_args()

    totals = {"ours": 0.0, "bare": 0.0, "same": 0.0}
    print(f"{'page':40} {'ours ms':>8} {'bare ms':>8} {'same ms':>8} {'ours/bare':>9} {'ours/same':>9}")
    for name, data, url in pages():
        for function in (ours, bare, same_options):  # warm caches and imports
            function(data, url)
        t_ours = median_time(lambda data=data, url=url: ours(data, url), args.rounds)
        t_bare = median_time(lambda data=data, url=url: bare(data, url), args.rounds)
        t_same = median_time(lambda data=data, url=url: same_options(data, url), args.rounds)
        totals["ours"] += t_ours
        totals["bare"] += t_bare
        totals["same"] += t_same
        print(f"{name[-40:]:40} {t_ours * 1e3:8.2f} {t_bare * 1e3:8.2f} {t_same * 1e3:8.2f} "
              f"{t_ours / t_bare:9.2f} {t_ours / t_same:9.2f}")  # fmt: skip
    print(f"{'TOTAL':40} {totals['ours'] * 1e3:8.2f} {totals['bare'] * 1e3:8.2f} {totals['same'] * 1e3:8.2f} "
          f"{totals['ours'] / totals['bare']:9.2f} {totals['ours'] / totals['same']:9.2f}")  # fmt: skip

    if args.modes:
        compare_modes()


def compare_modes() -> None:
    """Per trafilatura mode: demo articles whose body links all survive in order, and whose
    text holds none of the page's boilerplate (related stories, header lines)."""
    from urllib.parse import urljoin

    import lxml.html

    expected_path = ROOT / "demo" / "expected.json"
    if not expected_path.exists():
        print("no demo/expected.json: mode comparison skipped")
        return
    entries = json.loads(expected_path.read_text())
    print()
    for focus in ("balanced", "precision", "recall"):
        extractor.FOCUS = focus
        links_ok = clean = refused = 0
        for entry in entries:
            url = DEMO_BASE + entry["url_path"]
            path = ROOT / "demo" / "site" / entry["url_path"].lstrip("/")
            raw = path.read_bytes().replace(b"{{BASE_URL}}", DEMO_BASE.encode())
            try:
                article = extract_article(raw, url)
            except ExtractionError:
                refused += 1
                continue
            body = lxml.html.fragment_fromstring(article.body_html, create_parent="div")
            links_ok += [a.get("href") for a in body.iter("a")] == [urljoin(url, h) for h in entry["links"]]
            page = lxml.html.fromstring(raw)
            related = [a.text_content().strip() for a in page.xpath('//section[@class="related-stories"]//a')]
            needles = [entry["title"], entry["standfirst"], entry["image_caption"], *related]
            clean += not any(n in article.text for n in needles)
        print(f"{focus:10} links all kept: {links_ok}/{len(entries)}  boilerplate-free: {clean}/{len(entries)}"
              f"  refused: {refused}")  # fmt: skip
    extractor.FOCUS = "balanced"


if __name__ == "__main__":
    main()
