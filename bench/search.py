"""The search index's normalisation: :func:`dragoman.publish.search.normalize` (whole strings: NFKD, patterns,
``str.translate``) against the character-by-character version it replaced, side by side in one run.

    .venv/bin/python bench/search.py [--rounds 7]

The texts: the 129 news articles of ``bench/stories/labelled.jsonl`` (65 English, 64 Spanish, titles and
bodies), the articles of ``bench/names/`` (English and Spanish), and short Arabic, Russian and Japanese news
paragraphs written here, each repeated to article length. Each group is normalised by both functions in
alternating rounds; the best round of each is kept, and the ratio old/new printed. The two outputs are
compared on every text first (``tests/publish/test_search_normalize.py`` holds them equal on every code point).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
django.setup()  # the module holds the index's models too; normalize itself is plain Python

from dragoman.publish import search  # noqa: E402

sys.path.insert(0, str(REPO))
from tests.support.search_reference import reference_normalize as old_normalize  # noqa: E402

ARABIC = (
    "قال المسؤولون في وزارة الصحة إنّ الحكومةَ ستفتتح مستشفى جديداً في العاصمة خلال الأشهر المقبلة، "
    "وأضافوا أنّ المشروع سيكلّف ١٢٠ مليون دولار وسيوفّر أكثر من ٥٠٠ سرير للمرضى. وأكّد الوزير للصحفيين "
    "بالأمس أنّ الإسلام والعلم لا يتعارضان، وأنّ الشعب ينتظر هذه الخطوة منذ سنوات طويلة. "
)
RUSSIAN = (
    "Министерство здравоохранения объявило, что новая больница откроется в столице в ближайшие месяцы. "
    "Проект обойдётся в 120 миллионов долларов и даст более 500 коек для пациентов, сообщил министр. "
)
JAPANESE = "厚生労働省は、首都に新しい病院を数か月以内に開設すると発表した。事業費は一億二千万ドルで、五百床以上を確保する。"


def texts() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"English": [], "Spanish": []}
    for line in (REPO / "bench" / "stories" / "labelled.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        groups["English" if item["language"] == "en" else "Spanish"] += [item["title"], item["text"]]
    for name, group in (("en-es.txt", "English"), ("es-en.txt", "Spanish")):
        groups[group] += [p for p in (REPO / "bench" / "names" / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]
    length = sum(map(len, groups["English"])) // len(groups["English"])
    for name, paragraph in (("Arabic", ARABIC), ("Russian", RUSSIAN), ("Japanese", JAPANESE)):
        article = paragraph * max(1, length // len(paragraph))
        groups[name] = [article] * 40
    return groups


def timed(function, group: list[str], results: dict) -> None:
    started = time.perf_counter()
    for text in group:
        function(text)
    results.setdefault(function, []).append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    groups = texts()
    search.normalize("é")  # the combining-marks patterns are made on the first call, once per process
    for name, group in groups.items():
        for text in group:
            assert search.normalize(text) == old_normalize(text), (name, text[:80])
    print(f"{'texts':<10} {'count':>5} {'characters':>11} {'old ms':>9} {'new ms':>9} {'old/new':>8}")
    total_old = total_new = 0.0
    for name, group in groups.items():
        results: dict = {}
        for _ in range(args.rounds):  # alternating, so both see the same machine
            timed(old_normalize, group, results)
            timed(search.normalize, group, results)
        old, new = min(results[old_normalize]), min(results[search.normalize])
        total_old, total_new = total_old + old, total_new + new
        characters = sum(map(len, group))
        print(f"{name:<10} {len(group):>5} {characters:>11,} {old * 1000:>9.1f} {new * 1000:>9.1f} {old / new:>7.1f}x")
    print(f"{'all':<10} {'':>5} {'':>11} {total_old * 1000:>9.1f} {total_new * 1000:>9.1f} {total_old / total_new:>7.1f}x")


if __name__ == "__main__":
    main()
