"""Stories: the grouper measured on the labelled set beside two baselines, in one run, and timed.

The labelled set (``bench/stories/labelled.jsonl``, written for the project: ``bench/stories/README.md``) holds
English and Spanish articles, each with its gold story and, for a wire copy, the article it copies;
``bench/stories/hard_negatives.json`` names the pairs of stories that share a person, a team, a place or a kind
of event and must stay apart.

Every article is brought into the comparison language (``--compare-in``, Spanish by default: the site's) with
Apertium, through one in-memory translation memory, cached for the run; then, in the order of publication:

* **the grouper**: :class:`dragoman.stories.grouping.StoryIndex` (4-day window), ``add`` after ``add``;
* **TF-IDF + average linkage**: scikit-learn's ``TfidfVectorizer`` (sublinear tf, title and text) and
  ``AgglomerativeClustering(metric="cosine", linkage="average")`` cut at the cosine distance ``--tfidf-cut``;
* **shingle Jaccard**: the Jaccard similarity of the 3-word shingle sets of title and text, connected components
  of the pairs at ``--jaccard-cut`` or above.

Scores, for each:

* B-cubed precision, recall and F1 (per article: the share of its predicted story that is of its gold story,
  the share of its gold story in its predicted story; averaged over the articles);
* hard negatives: of the article pairs across the two stories of a hard-negative pair, the share put in one
  predicted story (all such pairs pooled), and the share of hard-negative story pairs with at least one such
  article pair grouped;
* English-Spanish: of the article pairs of one gold story in the two languages, the share grouped;
* near-duplicates (the grouper only): precision and recall of ``duplicate_of`` against the gold copies (a copy
  found counts when the article it names is of the same gold wire text);
* translation cost of a copy: each gold copy translated after its original through one translation memory
  (Apertium, into the other language) against the copy translated alone, in engine characters.

Timings (``bench/stories/synthetic.py``'s ``generate(n, days=30, seed=1)``, texts taken as already in the
comparison language): 1,000 articles added one by one; one ``add`` against 10,000 articles restored from their
stored states in a 30-day window (the median of 50 adds, each forgotten again).

    .venv/bin/python bench/stories.py                  # everything
    .venv/bin/python bench/stories.py --no-timings     # the scores only
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dragoman.stories import grouping  # noqa: E402
from dragoman.stories.grouping import StoryDoc, StoryIndex  # noqa: E402
from dragoman.stories.text import shingles  # noqa: E402
from dragoman.translate.document import translate_text  # noqa: E402
from dragoman.translate.engines.apertium import ApertiumEngine  # noqa: E402
from dragoman.translate.memory import InMemoryMemory  # noqa: E402

DATA = REPO / "bench" / "stories"
TFIDF_CUT = 0.80  # cosine distance at which average linkage stops merging: its best B-cubed F1 on the set (0.6..0.95 tried)
JACCARD_CUT = 0.03  # shingle Jaccard similarity from which two articles are linked: its best B-cubed F1 (0.03..0.2 tried)


def when(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def load() -> tuple[list[dict], list[dict]]:
    rows = [json.loads(line) for line in (DATA / "labelled.jsonl").read_text().splitlines() if line.strip()]
    rows.sort(key=lambda r: (when(r["published"]), r["id"]))
    negatives = json.loads((DATA / "hard_negatives.json").read_text())
    return rows, negatives


class Translator:
    """Apertium into the comparison language, one memory, every text cached for the run."""

    def __init__(self, target: str):
        self.target = target
        self.engine = ApertiumEngine()
        self.memory = InMemoryMemory()
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, text: str, source: str) -> str:
        if source == self.target or not text.strip():
            return text
        if (source, text) not in self.cache:
            self.cache[source, text] = translate_text(text, source, self.target, self.engine, memory=self.memory).text
        return self.cache[source, text]


def story_docs(rows: list[dict], translate: Translator) -> list[StoryDoc]:
    docs = []
    for r in rows:
        other = r["language"] != translate.target
        docs.append(StoryDoc(
            id=r["id"], language=r["language"], title=translate(r["title"], r["language"]),
            text=translate(r["text"], r["language"]), published=when(r["published"]),
            original_title=r["title"] if other else "", original_text=r["text"] if other else "",
            source=r.get("source", ""),
        ))  # fmt: skip
    return docs


# --- the systems -----------------------------------------------------------------------------------------------


def grouper(docs: list[StoryDoc], language: str) -> tuple[dict[str, str], dict[str, str | None]]:
    index = StoryIndex(language=language)
    duplicates = {}
    for doc in docs:
        duplicates[doc.id] = index.add(doc).duplicate_of
    return {doc.id: index.story_of(doc.id) for doc in docs}, duplicates


def tfidf_average_linkage(docs: list[StoryDoc], cut: float) -> dict[str, str]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode").fit_transform([f"{d.title}\n{d.text}" for d in docs])
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=cut).fit_predict(matrix.toarray())
    return {d.id: f"c{label}" for d, label in zip(docs, labels)}


def shingle_jaccard(docs: list[StoryDoc], cut: float) -> dict[str, str]:
    sets = [shingles(f"{d.title}\n\n{d.text}", 3) for d in docs]
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(docs)), 2):
        a, b = sets[i], sets[j]
        if a and b and len(a & b) / len(a | b) >= cut:
            parent[root(i)] = root(j)
    return {d.id: f"c{root(i)}" for i, d in enumerate(docs)}


# --- the scores --------------------------------------------------------------------------------------------------


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    by_gold, by_predicted = defaultdict(set), defaultdict(set)
    for doc_id in gold:
        by_gold[gold[doc_id]].add(doc_id)
        by_predicted[predicted[doc_id]].add(doc_id)
    precision = recall = 0.0
    for doc_id in gold:
        mine, truth = by_predicted[predicted[doc_id]], by_gold[gold[doc_id]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def hard_negatives(rows, negatives, predicted) -> tuple[float, float, int, int]:
    members = defaultdict(list)
    for r in rows:
        members[r["story"]].append(r["id"])
    grouped_pairs = pairs = stories_grouped = stories = 0
    for negative in negatives:
        a, b = members.get(negative["a"], []), members.get(negative["b"], [])
        if not a or not b:
            continue
        stories += 1
        grouped = sum(predicted[x] == predicted[y] for x in a for y in b)
        pairs += len(a) * len(b)
        grouped_pairs += grouped
        stories_grouped += grouped > 0
    return grouped_pairs / max(pairs, 1), stories_grouped / max(stories, 1), pairs, stories


def across_languages(rows, predicted) -> tuple[float, int]:
    pairs = grouped = 0
    for x, y in itertools.combinations(rows, 2):
        if x["story"] == y["story"] and x["language"] != y["language"]:
            pairs += 1
            grouped += predicted[x["id"]] == predicted[y["id"]]
    return grouped / max(pairs, 1), pairs


def wire_text(rows) -> dict[str, str]:
    """Each article's wire text: the article a gold copy copies (followed to the first), else its own."""
    copies = {r["id"]: r.get("duplicate_of") for r in rows}

    def first(doc_id: str) -> str:
        seen = set()
        while copies.get(doc_id) and doc_id not in seen:
            seen.add(doc_id)
            doc_id = copies[doc_id]
        return doc_id

    return {r["id"]: first(r["id"]) for r in rows}


def near_duplicates(rows, found: dict[str, str | None]) -> tuple[float, float, int, int]:
    wire = wire_text(rows)
    gold = {r["id"] for r in rows if r.get("duplicate_of")}
    claimed = {doc_id: of for doc_id, of in found.items() if of}
    right = sum(1 for doc_id, of in claimed.items() if doc_id in gold and wire[of] == wire[doc_id])
    caught = sum(1 for doc_id in gold if claimed.get(doc_id) and wire[claimed[doc_id]] == wire[doc_id])
    return right / max(len(claimed), 1), caught / max(len(gold), 1), len(claimed), len(gold)


def copy_cost(rows) -> tuple[int, int, int, int]:
    """Engine characters of the gold copies: after their original through one memory, and alone; and the
    characters of the copies' paragraphs that differ from their original's."""
    by_id = {r["id"]: r for r in rows}
    engine = ApertiumEngine()
    through = alone = differing = copies = 0
    for r in rows:
        of = r.get("duplicate_of")
        if not of or of not in by_id:
            continue
        source = r["language"]
        target = "en" if source == "es" else "es"
        original = by_id[of]
        memory = InMemoryMemory()
        translate_text(original["text"], original["language"], target, engine, memory=memory)
        through += translate_text(r["text"], source, target, engine, memory=memory).engine_chars
        alone += translate_text(r["text"], source, target, engine, memory=InMemoryMemory()).engine_chars
        kept = {p.strip() for p in original["text"].split("\n\n")}
        differing += sum(len(p.strip()) for p in r["text"].split("\n\n") if p.strip() and p.strip() not in kept)
        copies += 1
    return through, alone, differing, copies


# --- timings -------------------------------------------------------------------------------------------------------


def synthetic(n: int):
    spec = importlib.util.spec_from_file_location("stories_synthetic", DATA / "synthetic.py")
    if spec is None or not (DATA / "synthetic.py").exists():
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.generate(n, days=30, seed=1)
    docs = [StoryDoc(id=str(r["id"]), language=r["language"], title=r["title"], text=r["text"], published=when(r["published"]),
                     source=r.get("source", "")) for r in rows]  # fmt: skip
    return sorted(docs, key=lambda d: (d.published, d.id))


def timings(language: str) -> None:
    docs = synthetic(10_050)
    if docs is None:
        print("timings: bench/stories/synthetic.py is not there yet")
        return
    thousand = docs[:: max(1, len(docs) // 1000)][:1000]
    index = StoryIndex(language=language)
    start = time.perf_counter()
    for doc in thousand:
        index.add(doc)
    took = time.perf_counter() - start
    print(f"1,000 articles added one by one: {took:.1f} s ({took:.3g}/30 s goal = {took / 30:.2f}); "
          f"{len(index.stories())} stories")  # fmt: skip

    probes, stored = docs[-50:], docs[:-50]
    start = time.perf_counter()
    states = [(doc, grouping.features(doc, language)) for doc in stored]
    featured = time.perf_counter() - start
    index = StoryIndex(window_days=30, language=language)
    start = time.perf_counter()
    for doc, state in states:
        index.restore(doc, f"s{doc.id}", state)
    restored = time.perf_counter() - start
    times = []
    for doc in probes:
        start = time.perf_counter()
        index.add(doc)
        times.append(time.perf_counter() - start)
        index.forget(doc.id)
    median = statistics.median(times) * 1000
    span = (max(d.published for d in stored) - min(d.published for d in stored)).days
    print(f"one add against {len(stored):,} restored articles ({span} days, 30-day window): median {median:.1f} ms of 50 "
          f"(max {max(times) * 1000:.1f} ms; goal 100 ms = {median / 100:.2f}); features of the {len(stored):,} "
          f"computed in {featured:.1f} s, restored in {restored:.1f} s")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare-in", default="es", help="the comparison language (default es)")
    parser.add_argument("--tfidf-cut", type=float, default=TFIDF_CUT, help=f"average linkage's cosine distance cut ({TFIDF_CUT})")
    parser.add_argument("--jaccard-cut", type=float, default=JACCARD_CUT, help=f"the shingle Jaccard link ({JACCARD_CUT})")
    parser.add_argument("--no-timings", action="store_true", help="the scores only")
    args = parser.parse_args()

    rows, negatives = load()
    gold = {r["id"]: r["story"] for r in rows}
    translate = Translator(args.compare_in)
    start = time.perf_counter()
    docs = story_docs(rows, translate)
    translated = time.perf_counter() - start
    counts = defaultdict(int)
    for r in rows:
        counts[r["language"]] += 1
    print(f"labelled set: {len(rows)} articles ({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))}), "
          f"{len(set(gold.values()))} stories, {sum(1 for r in rows if r.get('duplicate_of'))} wire copies, "
          f"{len(negatives)} hard-negative story pairs; compared in {args.compare_in} (Apertium, {translated:.1f} s)")  # fmt: skip

    placed, found = grouper(docs, args.compare_in)
    systems = [
        ("grouper (StoryIndex)", placed),
        (f"TF-IDF average linkage (cut {args.tfidf_cut})", tfidf_average_linkage(docs, args.tfidf_cut)),
        (f"shingle Jaccard (>= {args.jaccard_cut})", shingle_jaccard(docs, args.jaccard_cut)),
    ]
    header = f"{'system':44} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'hard-neg pairs':>15} {'hard-neg stories':>17} {'en-es pairs':>12}"
    print(header)
    for name, predicted in systems:
        p, r, f = bcubed(gold, predicted)
        share, stories_share, pairs, stories = hard_negatives(rows, negatives, predicted)
        cross, cross_pairs = across_languages(rows, predicted)
        print(f"{name:44} {p:6.3f} {r:6.3f} {f:6.3f} {share:14.1%} {stories_share:16.1%} {cross:11.1%}")
    print(f"(hard-negative article pairs: {pairs} in {stories} story pairs; en-es same-story pairs: {cross_pairs})")
    print("goals: B3 F1 >= 0.90, hard-negative pairs grouped <= 10%, en-es pairs grouped >= 80%")

    precision, recall, claimed, copies = near_duplicates(rows, found)
    print(f"near-duplicates: precision {precision:.3f} ({claimed} claimed), recall {recall:.3f} ({copies} gold copies)")
    through, alone, differing, n = copy_cost(rows)
    if n:
        print(f"a copy's engine characters through the memory, after its original: {through:,} for {n} copies "
              f"({through / max(alone, 1):.1%} of the {alone:,} they cost alone; their differing paragraphs hold {differing:,})")  # fmt: skip
    if not args.no_timings:
        timings(args.compare_in)
    return 0


if __name__ == "__main__":
    sys.exit(main())
