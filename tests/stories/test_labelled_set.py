"""The stories bench's data: the labelled set written for the project holds what it says it holds (bench/stories/
README.md), and the synthetic corpus of the timing benches is deterministic and shaped like the labelled set."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "bench" / "stories"
FIELDS = {"id", "language", "source", "title", "text", "published", "story", "duplicate_of"}
FIRST, LAST = datetime.fromisoformat("2026-11-01T00:00:00+00:00"), datetime.fromisoformat("2026-12-07T00:00:00+00:00")


def _load_synthetic():
    """bench/stories/synthetic.py by its path (``bench`` is no package, and bench/stories.py shares its name)."""
    spec = importlib.util.spec_from_file_location("stories_synthetic", DATA / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    rows = []
    for number, line in enumerate((DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert isinstance(row, dict) and set(row) == FIELDS, f"line {number}: fields {sorted(row)}"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def synthetic():
    return _load_synthetic()


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_every_line_is_an_article_of_the_set(labelled):
    ids = [row["id"] for row in labelled]
    assert len(ids) == len(set(ids)), "ids are not unique"
    assert len(labelled) >= 120
    for row in labelled:
        where = row["id"]
        assert row["language"] in ("en", "es"), where
        for field in ("id", "source", "title", "text", "story"):
            assert isinstance(row[field], str) and row[field].strip(), (where, field)
        published = datetime.fromisoformat(row["published"])
        assert published.tzinfo is not None and FIRST <= published < LAST, (where, row["published"])
        paragraphs = row["text"].split("\n\n")
        assert 2 <= len(paragraphs) <= 5 and all(p.strip() == p and p for p in paragraphs), where
        assert 80 <= len(row["text"].split()) <= 220, (where, len(row["text"].split()))
    assert {row["language"] for row in labelled} == {"en", "es"}
    assert min(sum(row["language"] == lang for row in labelled) for lang in ("en", "es")) >= 50


def test_outlets_write_in_one_language_each(labelled):
    languages = defaultdict(set)
    for row in labelled:
        languages[row["source"]].add(row["language"])
    assert len(languages) >= 10
    assert all(len(found) == 1 for found in languages.values()), languages
    assert {next(iter(found)) for found in languages.values()} == {"en", "es"}


def test_stories_are_told_by_several_outlets_within_three_days(labelled):
    members = defaultdict(list)
    for row in labelled:
        members[row["story"]].append(row)
    assert len(members) >= 35
    bilingual = [story for story, rows in members.items() if {row["language"] for row in rows} == {"en", "es"}]
    assert len(bilingual) >= 15
    assert sum(len(rows) == 1 for rows in members.values()) >= 3, "a handful of single-article stories"
    for story, rows in members.items():
        dates = [datetime.fromisoformat(row["published"]) for row in rows]
        assert max(dates) - min(dates) <= timedelta(days=3), story
        if len(rows) > 1:
            assert len({row["source"] for row in rows}) > 1, f"{story}: told by one outlet only"


def test_wire_copies_are_marked_and_are_copies(labelled):
    by_id = {row["id"]: row for row in labelled}
    copies = [row for row in labelled if row["duplicate_of"] is not None]
    assert len(copies) >= 12
    for copy in copies:
        original = by_id.get(copy["duplicate_of"])
        assert original is not None, f"{copy['id']}: duplicate_of {copy['duplicate_of']} does not exist"
        assert original["duplicate_of"] is None, f"{copy['id']}: copies a copy"
        assert (copy["story"], copy["language"]) == (original["story"], original["language"]), copy["id"]
        assert copy["source"] != original["source"], copy["id"]
        assert datetime.fromisoformat(copy["published"]) > datetime.fromisoformat(original["published"]), copy["id"]
        assert (copy["title"], copy["text"]) != (original["title"], original["text"]), f"{copy['id']}: not edited"
        assert _jaccard(_shingles(copy["text"]), _shingles(original["text"])) >= 0.5, copy["id"]


def test_articles_not_marked_as_copies_are_written_apart(labelled):
    """The gold is complete: no two articles share most of their text unless one is marked a copy of the other
    (or both copy the same original)."""
    root = {row["id"]: row["duplicate_of"] or row["id"] for row in labelled}
    shingles = {row["id"]: _shingles(row["text"]) for row in labelled}
    for a, b in itertools.combinations(labelled, 2):
        if root[a["id"]] != root[b["id"]]:
            assert _jaccard(shingles[a["id"]], shingles[b["id"]]) < 0.2, (a["id"], b["id"])


def test_hard_negatives_pair_two_different_stories_of_the_set(labelled):
    pairs = json.loads((DATA / "hard_negatives.json").read_text(encoding="utf-8"))
    stories = {row["story"] for row in labelled}
    languages = defaultdict(set)
    for row in labelled:
        languages[row["story"]].add(row["language"])
    assert len(pairs) >= 15
    seen = set()
    for pair in pairs:
        assert set(pair) == {"a", "b", "shares"} and pair["shares"].strip(), pair
        assert pair["a"] in stories and pair["b"] in stories and pair["a"] != pair["b"], pair
        key = frozenset((pair["a"], pair["b"]))
        assert key not in seen, pair
        seen.add(key)
    assert any(languages[p["a"]] == languages[p["b"]] == {"en"} for p in pairs)
    assert any(languages[p["a"]] == languages[p["b"]] == {"es"} for p in pairs)
    assert any(languages[p["a"]] | languages[p["b"]] == {"en", "es"} for p in pairs)


def test_the_synthetic_corpus_is_the_same_for_the_same_seed(synthetic):
    first = synthetic.generate(600, days=10, seed=3)
    assert first == synthetic.generate(600, days=10, seed=3)
    assert first != synthetic.generate(600, days=10, seed=4)


def test_the_synthetic_corpus_has_the_fields_of_the_labelled_set(synthetic):
    articles = synthetic.generate(3000, days=30, seed=1)
    assert len(articles) == 3000
    assert len({a["id"] for a in articles}) == 3000
    start = datetime.fromisoformat("2026-11-01T00:00:00+00:00")
    by_id = {a["id"]: a for a in articles}
    for article in articles:
        assert set(article) == FIELDS | {"original_title", "original_text"}, article["id"]
        published = datetime.fromisoformat(article["published"])
        assert start <= published <= start + timedelta(days=30), article["id"]
        assert 2 <= len(article["text"].split("\n\n")) <= 5 and article["title"], article["id"]
        if article["language"] == "es":
            assert (article["original_title"], article["original_text"]) == (article["title"], article["text"])
        else:  # an English original, told in Spanish (the comparison language) as its translation would
            assert article["language"] == "en" and article["original_text"] != article["text"]
            assert " the " in f" {article['original_text']} " and " de " in article["text"], article["id"]
        if article["duplicate_of"]:
            original = by_id[article["duplicate_of"]]
            assert (original["story"], original["language"]) == (article["story"], article["language"])
            assert original["published"] <= article["published"]
    per_story = len(articles) / len({a["story"] for a in articles})
    assert 2.5 <= per_story <= 3.5
    english = sum(a["language"] == "en" for a in articles) / len(articles)
    assert 0.2 <= english <= 0.45
    assert sum(a["duplicate_of"] is not None for a in articles) >= 0.03 * len(articles)


def test_the_synthetic_corpus_is_not_one_string_repeated(synthetic):
    """Articles of different events share the words of their kind but not their names and figures: an inverted
    index sees varied candidate sets."""
    articles = synthetic.generate(2000, seed=2)
    assert len({a["title"] for a in articles}) > 0.8 * len({a["story"] for a in articles})
    words = defaultdict(set)
    for article in articles:
        for word in set(re.findall(r"\w+", article["text"].lower())):
            words[word].add(article["story"])
    assert len(words) > 2000
    assert sum(len(stories) == 1 for stories in words.values()) > 500  # names and figures of one event


def test_the_command_writes_the_corpus_as_jsonl(synthetic, tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert synthetic.main(["--count", "40", "--days", "5", "--seed", "7", "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == synthetic.generate(40, days=5, seed=7)
    with pytest.raises(SystemExit):
        synthetic.main(["--count", "-3"])
