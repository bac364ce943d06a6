"""What each translation mode costs: the demo feed (demo/site, sixteen articles) through the whole pipeline in
each mode, a source per mode, each with an empty translation memory, and for each mode the characters sent to
the engine, the units, and the cost at a price per million characters (set as `dragoman engines price` sets it,
and priced by ``dragoman.budgets.prices.cost`` as `dragoman status` prices it), beside full translation.

    .venv/bin/python bench/modes.py                 # Apertium, at 20.00 per million characters
    .venv/bin/python bench/modes.py --price 25 --counting   # the counting engine, even with Apertium here

The engine is Apertium (offline, what `make demo` uses). Where Apertium is not installed a counting engine
stands in (it upper-cases the text, so every unit passes the checks) and the output says so: the characters
are what Dragoman sends, whatever the engine, so the figures are the same. The default price, 20.00 per
million characters, is the level of DeepL's published API price; Apertium itself costs nothing.

The run is in a temporary DRAGOMAN_HOME (SQLite), with the demo site served on a free local port.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # the tests' engines

from dragoman.demosite import DemoSite  # noqa: E402

MODES = ("full", "lead", "title")


#: Tags and character references, left as they are by the counting engine.
def counting_engine():
    """The stand-in for Apertium: the tests' HTML-aware engine that upper-cases the text between tags."""
    from tests.support.engines import UpperCaseEngine

    class CountingEngine(UpperCaseEngine):
        name = "bench-count"
        label = "a counting engine (upper case)"

    return CountingEngine()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--price", type=float, default=20.00, help="price per million characters (default 20.00)")
    parser.add_argument("--counting", action="store_true", help="use the counting engine even where Apertium is installed")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="dragoman-modes-"))
    try:
        with DemoSite(port=0) as site:
            os.environ.update({"DRAGOMAN_HOME": str(home), "DRAGOMAN_FETCH_ALLOW": site.netloc, "DRAGOMAN_LOG_LEVEL": "ERROR"})
            os.environ.pop("DRAGOMAN_DATABASE_URL", None)
            from dragoman.cli.environment import migrate, prepare

            prepare("setup")
            migrate()
            rows, engine_name = measure(site.feed_url, counting=args.counting, price=args.price)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    report(rows, engine_name, args.price)
    return 0


def measure(feed_url: str, *, counting: bool, price: float) -> tuple[dict[str, dict], str]:
    from decimal import Decimal

    from dragoman.articles.models import Translation, TranslationMemoryEntry
    from dragoman.budgets.models import EnginePrice
    from dragoman.budgets.prices import cost
    from dragoman.articles.pipeline import Pipeline
    from dragoman.names.models import KnownName
    from dragoman.runtime.passes import run_once
    from dragoman.sources.models import Source
    from dragoman.translate.engines.apertium import ApertiumEngine

    apertium = ApertiumEngine()
    usable = apertium.availability()[0] and not counting
    engine = apertium if usable else counting_engine()
    # the price configured as `dragoman engines price ENGINE PRICE` configures it: the cost is the product's own
    EnginePrice.objects.update_or_create(engine=engine.name, defaults={"per_million": Decimal(str(price))})
    rows = {}
    for mode in MODES:
        Source.objects.all().delete()
        TranslationMemoryEntry.objects.all().delete()  # each mode pays for what it sends
        KnownName.objects.all().delete()
        Source.objects.create(url=feed_url, target_languages=["es"], engine=engine.name, mode=mode, since_days=None)
        with Pipeline(engines={engine.name: engine}) as pipeline:
            summary = run_once(pipeline)
        if summary.failures:
            raise SystemExit(f"{mode}: {summary.failures[0][0]}: {summary.failures[0][1]}")
        translations = Translation.objects.filter(mode=mode)
        rows[mode] = {
            "articles": translations.count(),
            "published": translations.filter(state=Translation.State.PUBLISHED).count(),
            "units": sum(t.units for t in translations),
            "chars": sum(t.engine_chars for t in translations),
            "sent": summary.engine_chars,
        }
        rows[mode]["cost"] = cost(engine.name, rows[mode]["chars"])
    if usable:
        return rows, engine.label
    return rows, f"{engine.label}, " + ("as asked (--counting)" if counting else "as Apertium is not installed here")


def report(rows: dict[str, dict], engine: str, price: float) -> None:
    full = rows["full"]["chars"] or 1
    print(f"demo feed, {rows['full']['articles']} articles, engine: {engine}; price {price:.2f} per million characters")
    print(f"{'mode':<6} {'published':>9} {'units':>6} {'engine chars':>12} {'cost':>8} {'of full':>8}")
    for mode, row in rows.items():
        print(f"{mode:<6} {row['published']:>9} {row['units']:>6} {row['chars']:>12,} {row['cost']:>8.4f} {row['chars'] / full:>8.1%}")
        assert row["chars"] == row["sent"], (mode, row)  # what the translations count is what reached the engine


if __name__ == "__main__":
    raise SystemExit(main())
