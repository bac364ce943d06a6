"""Time ``extract_article`` against a bare ``trafilatura.extract`` on the same pages.

    cd /work/main && PYTHONPATH=src .venv/bin/python tests/extract/timing.py [--rounds N] [--modes]

Pages: ``tests/extract/pages/*.html`` and, when present, ``demo/site/articles/*.html``.
Prints, per page, the median time of each and the ratio, then the ratio of the totals.
Two trafilatura baselines: its defaults (text output) and the options Dragoman uses (links,
images, formatting, tables, XML output), which do more work.

``--modes`` also compares trafilatura's balanced / precision / recall modes inside
``extract_article`` on the demo pages that have an ``expected.json`` entry.
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

from dragoman.extract import ExtractionError, extract_article  # noqa: E402
from dragoman.extract import extractor  # noqa: E402


def pages() -> list[tuple[Path, str]]:
    found = [(p, f"https://pages.example.org/{p.stem}/story.html") for p in sorted((HERE / "pages").glob("*.html"))]
    demo = ROOT / "demo" / "site" / "articles"
    if demo.is_dir():
        found += [(p, f"http://127.0.0.1:8000/articles/{p.name}") for p in sorted(demo.glob("*.html"))]
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
    for path, url in pages():
        data = path.read_bytes()
        for function in (ours, bare, same_options):  # warm caches and imports
            function(data, url)
        t_ours = median_time(lambda: ours(data, url), args.rounds)
        t_bare = median_time(lambda: bare(data, url), args.rounds)
        t_same = median_time(lambda: same_options(data, url), args.rounds)
        totals["ours"] += t_ours
        totals["bare"] += t_bare
        totals["same"] += t_same
        name = f"{path.parent.name}/{path.name}"[-40:]
        print(f"{name:40} {t_ours * 1e3:8.2f} {t_bare * 1e3:8.2f} {t_same * 1e3:8.2f} "
              f"{t_ours / t_bare:9.2f} {t_ours / t_same:9.2f}")  # fmt: skip
    print(f"{'TOTAL':40} {totals['ours'] * 1e3:8.2f} {totals['bare'] * 1e3:8.2f} {totals['same'] * 1e3:8.2f} "
          f"{totals['ours'] / totals['bare']:9.2f} {totals['ours'] / totals['same']:9.2f}")  # fmt: skip

    if args.modes:
        compare_modes()


def compare_modes() -> None:
    """Body links found and boilerplate-free bodies per trafilatura mode, on the demo site."""
    expected_path = ROOT / "demo" / "expected.json"
    if not expected_path.exists():
        print("no demo/expected.json: mode comparison skipped")
        return
    expected = json.loads(expected_path.read_text())
    entries = expected if isinstance(expected, list) else [dict(v, file=k) for k, v in expected.items()]
    for focus in ("balanced", "precision", "recall"):
        extractor.FOCUS = focus
        found = wanted = 0
        for entry in entries:
            path = ROOT / "demo" / "site" / "articles" / Path(entry.get("file", "")).name
            if not path.exists():
                continue
            article = extract_article(path.read_bytes(), entry.get("url") or f"http://127.0.0.1:8000/articles/{path.name}")
            for link in entry.get("body_links", []):
                wanted += 1
                href = link["href"] if isinstance(link, dict) else link[0]
                found += f'href="{href}"' in article.body_html
        print(f"{focus:10} body links kept {found}/{wanted}")
    extractor.FOCUS = "balanced"


if __name__ == "__main__":
    main()
