"""Extraction, measured side by side in one run: Dragoman, trafilatura and htmldate on the same pages.

Two modes.

1. The project's own pages (the default): every case of ``tests/extract/pages/expected.json`` (pages
   written for the project: JSON-LD in ``@graph``, an author only in a byline, a date only in the URL,
   windows-1256 and Shift_JIS pages declared every way and not at all, figures with captions, a
   consent wall, a paywall stub, an error page, index pages...) and the 16 articles of the demo site
   (``demo/expected.json``). Prints the per-field accuracy against the expected values for
   ``dragoman.extract.extract_article``, for trafilatura's own metadata and text
   (``bare_extraction(with_metadata=True)``) and, for the date, for htmldate (``find_date`` with
   ``original_date=True``); then the time per page of ``extract_article`` as a ratio to trafilatura's.

       .venv/bin/python bench/extract.py [--rounds 5]

2. An external corpus: ``--corpus DIR``, where DIR holds ``html/<id>.html`` (or ``.html.gz``) and a
   ``ground-truth.json`` mapping each id to ``{"articleBody": ..., "date": ..., "url": ...}`` (``date``
   and ``url`` optional), as the public article-extraction-benchmark lays it out. Prints the body's
   precision, recall and F1 for Dragoman and ``trafilatura.extract`` (over word tokens, and over
   4-token shingles as that benchmark scores them), the date accuracy of Dragoman, htmldate and
   trafilatura's metadata, and the time ratio.

       .venv/bin/python bench/extract.py --corpus ~/article-extraction-benchmark

How each tool is called: Dragoman gets the bytes, the URL and (where a case has them) the HTTP
headers; trafilatura and htmldate get the bytes and the URL (they take no headers: a charset given
only by the HTTP header is Dragoman's alone). Times are medians over ``--rounds`` runs of each page,
the tools interleaved so that a slow moment of the machine hits all of them alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import trafilatura  # noqa: E402
from htmldate import find_date  # noqa: E402
from trafilatura import bare_extraction  # noqa: E402

from dragoman.extract import Article, ExtractionError, extract_article  # noqa: E402
from dragoman.extract.dom import norm_key, parse_html, text_of  # noqa: E402
from dragoman.extract.encoding import decode_html  # noqa: E402

PAGES = REPO / "tests" / "extract" / "pages"
DEMO = REPO / "demo"
DEMO_BASE = "http://127.0.0.1:8001"
NOT_MEASURED = None  # a field a tool does not give


# --------------------------------------------------------------------------------------------
# the cases


@dataclass
class Case:
    id: str
    raw: bytes
    url: str
    headers: dict[str, str] | None
    expected: dict


def project_cases() -> list[Case]:
    """The test pages' cases and the demo site's articles, with their expected values."""
    cases = [
        Case(c["id"], (PAGES / c["file"]).read_bytes(), c["url"], c.get("headers"), c["expected"])
        for c in json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    ]
    demo_expected = DEMO / "expected.json"
    if demo_expected.exists():
        for entry in json.loads(demo_expected.read_text(encoding="utf-8")):
            path = DEMO / "site" / entry["url_path"].lstrip("/")
            raw = path.read_bytes().replace(b"{{BASE_URL}}", DEMO_BASE.encode())
            url = DEMO_BASE + entry["url_path"]
            expected = {
                "title": entry["title"],
                "subtitle": entry["standfirst"],
                "authors": [entry["author"]],
                "date": entry["published"],
                "language": "en",
                "sitename": "The Harbour Ledger",
                "canonical_url": url,
                "image": DEMO_BASE + entry["image_path"],
                "image_caption": entry["image_caption"],
                "body_excludes": [entry["title"], entry["standfirst"], entry["image_caption"], f"By {entry['author']}"],
            }
            cases.append(Case(f"demo/{entry['slug']}", raw, url, {"Content-Type": "text/html; charset=utf-8"}, expected))
    return cases


# --------------------------------------------------------------------------------------------
# what each tool says about a page, as comparable values


def _spaces(text: str | None) -> str:
    return " ".join((text or "").split())


def dragoman_values(case: Case) -> dict:
    try:
        article: Article = extract_article(case.raw, case.url, headers=case.headers)
    except ExtractionError as error:
        return {"refused": error.reason}
    return {
        "refused": None,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": article.authors,
        "date_day": article.published.date().isoformat() if article.published else None,
        "date": article.published.isoformat() if article.published else None,
        "modified": article.modified.isoformat() if article.modified else None,
        "language": article.language,
        "sitename": article.sitename,
        "canonical_url": article.canonical_url,
        "image": article.image,
        "image_caption": article.image_caption,
        "image_credit": article.image_credit,
        "tags": article.tags,
        "section": article.section,
        "text": article.text,
        "figures": article.body_html.count("<figure>"),
    }


def trafilatura_values(case: Case) -> dict:
    document = bare_extraction(case.raw, url=case.url, with_metadata=True)
    if document is None or not (document.text or "").strip():
        return {"refused": "nothing extracted"}
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    return {
        "refused": None,
        "title": document.title or "",
        "subtitle": document.description or "",
        "authors": authors,
        "date_day": (document.date or None) and document.date[:10],
        "date": NOT_MEASURED,
        "modified": NOT_MEASURED,
        "language": NOT_MEASURED,  # trafilatura only filters by a target language
        "sitename": document.sitename or "",
        "canonical_url": document.url or "",
        "image": document.image or "",
        "image_caption": NOT_MEASURED,
        "image_credit": NOT_MEASURED,
        "tags": list(document.tags or []),
        "section": (document.categories or [""])[0],
        "text": document.text or "",
        "figures": NOT_MEASURED,
    }


def htmldate_values(case: Case) -> dict:
    return {"date_day": find_date(case.raw, url=case.url, original_date=True, outputformat="%Y-%m-%d")}


# --------------------------------------------------------------------------------------------
# scoring against the expected values


def _same(expected, got) -> bool:
    if isinstance(expected, str) or isinstance(got, str):
        return _spaces(expected) == _spaces(got)
    return expected == got


def _same_day(expected, got) -> bool:
    return (expected[:10] if expected else None) == got


def _same_moment(expected, got) -> bool:
    if expected is None or got is None:
        return expected == got
    a, b = datetime.fromisoformat(expected), datetime.fromisoformat(got)
    return a == b and a.utcoffset() == b.utcoffset()


#: (row label, expected key, value key, how to compare)
FIELDS: list[tuple[str, str, str, Callable[[object, object], bool]]] = [
    ("title", "title", "title", _same),
    ("subtitle", "subtitle", "subtitle", _same),
    ("authors", "authors", "authors", _same),
    ("date (day)", "date", "date_day", _same_day),
    ("date (time and zone)", "date", "date", _same_moment),
    ("modified", "modified", "modified", _same_moment),
    ("language", "language", "language", _same),
    ("site name", "sitename", "sitename", _same),
    ("canonical URL", "canonical_url", "canonical_url", _same),
    ("lead image", "image", "image", _same),
    ("image caption", "image_caption", "image_caption", _same),
    ("image credit", "image_credit", "image_credit", _same),
    ("tags", "tags", "tags", _same),
    ("section", "section", "section", _same),
]


def body_ok(expected: dict, values: dict) -> bool | None:
    """Whether the body starts and ends as expected and holds none of the excluded strings."""
    checks = [key for key in ("body_starts", "body_ends", "body_excludes", "figures") if key in expected]
    if not checks:
        return None
    text = _spaces(values.get("text"))
    if "body_starts" in expected and not text.startswith(_spaces(expected["body_starts"])):
        return False
    if "body_ends" in expected and not text.endswith(_spaces(expected["body_ends"])):
        return False
    if any(_spaces(needle) in text for needle in expected.get("body_excludes", [])):
        return False
    if "figures" in expected and values.get("figures") is not NOT_MEASURED:
        return values.get("figures") == expected["figures"]
    return True


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def __str__(self) -> str:
        return f"{self.right}/{self.total} {self.right / self.total:4.0%}" if self.total else "—"


@dataclass
class Scores:
    rows: dict[str, dict[str, Tally]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, row: str, tool: str, ok: bool, case_id: str) -> None:
        self.rows.setdefault(row, {}).setdefault(tool, Tally()).add(ok)
        if not ok:
            self.misses.setdefault(tool, []).append(f"{case_id}: {row}")


TOOLS = ("Dragoman", "trafilatura", "htmldate")


def score(case: Case, found: dict[str, dict], scores: Scores) -> None:
    expected = case.expected
    refused = expected.get("refused")
    # the verdict: an article for an article, the right refusal for a page that is not one
    scores.add("article or not", "Dragoman", found["Dragoman"]["refused"] == refused, case.id)
    scores.add("article or not", "trafilatura", bool(found["trafilatura"]["refused"]) == bool(refused), case.id)
    if refused:
        return
    for label, expected_key, value_key, same in FIELDS:
        if expected_key not in expected:
            continue
        for tool in TOOLS:
            values = found[tool]
            if values.get("refused"):
                scores.add(label, tool, False, case.id)
            elif value_key in values and values[value_key] is not NOT_MEASURED:
                scores.add(label, tool, same(expected[expected_key], values[value_key]), case.id)
    for tool in ("Dragoman", "trafilatura"):
        ok = body_ok(expected, found[tool]) if not found[tool].get("refused") else False
        if ok is not None:
            scores.add("body", tool, ok, case.id)


# --------------------------------------------------------------------------------------------
# timing


def median_times(functions: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each function over ``rounds`` interleaved runs (after one warm-up run)."""
    timings: dict[str, list[float]] = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def _quiet(function: Callable[[], object]) -> Callable[[], object]:
    def call() -> object:
        try:
            return function()
        except ExtractionError:
            return None

    return call


def time_tools(cases: Iterable[tuple[bytes, str, dict | None]], rounds: int) -> dict[str, list[float]]:
    """Per page: median seconds of Dragoman, trafilatura.extract with its defaults, and trafilatura
    asked for what Dragoman gives (metadata, links, images, formatting, tables)."""
    per_page: dict[str, list[float]] = {"dragoman": [], "trafilatura": [], "trafilatura_full": []}
    for raw, url, headers in cases:
        medians = median_times(
            {
                "dragoman": _quiet(lambda: extract_article(raw, url, headers=headers)),
                "trafilatura": lambda: trafilatura.extract(raw, url=url),
                "trafilatura_full": lambda: bare_extraction(
                    raw, url=url, with_metadata=True, include_links=True, include_images=True,
                    include_formatting=True, include_tables=True, output_format="xml",
                ),  # fmt: skip
            },
            rounds,
        )
        for name, value in medians.items():
            per_page[name].append(value)
    return per_page


def print_times(per_page: dict[str, list[float]]) -> None:
    ours, bare, full = per_page["dragoman"], per_page["trafilatura"], per_page["trafilatura_full"]
    n = len(ours)
    ratios = sorted(o / b for o, b in zip(ours, bare))
    print(f"\nTime per page (medians of each page's runs, {n} pages):")
    print(f"  Dragoman extract_article            {sum(ours) / n * 1e3:7.2f} ms")
    print(f"  trafilatura.extract (defaults)      {sum(bare) / n * 1e3:7.2f} ms")
    print(f"  trafilatura with metadata + markup  {sum(full) / n * 1e3:7.2f} ms")
    print(f"  ratio to trafilatura.extract:           {sum(ours) / sum(bare):.2f}x  (total time); per page: median "
          f"{statistics.median(ratios):.2f}x, slowest {ratios[-1]:.2f}x")  # fmt: skip
    print(f"  ratio to trafilatura with metadata + markup: {sum(ours) / sum(full):.2f}x")


# --------------------------------------------------------------------------------------------
# mode 1: the project's pages


def run_project(rounds: int, show_misses: bool) -> None:
    cases = project_cases()
    scores = Scores()
    for case in cases:
        found = {"Dragoman": dragoman_values(case), "trafilatura": trafilatura_values(case),
                 "htmldate": htmldate_values(case)}  # fmt: skip
        score(case, found, scores)
    demo = sum(1 for c in cases if c.id.startswith("demo/"))
    print(f"Per-field accuracy against expected values: {len(cases)} cases ({len(cases) - demo} test pages "
          f"in tests/extract/pages, {demo} demo articles)\n")  # fmt: skip
    print(f"{'field':24} {'Dragoman':>12} {'trafilatura':>12} {'htmldate':>12}")
    for row, tallies in scores.rows.items():
        print(f"{row:24} " + " ".join(f"{str(tallies.get(tool, Tally())):>12}" for tool in TOOLS))
    print("  (— : the tool does not give that field. trafilatura's 'article or not': it returned a text, or nothing.)")
    if show_misses:
        for tool, misses in scores.misses.items():
            print(f"\n{tool} missed: " + "; ".join(misses))
    if rounds:
        print_times(time_tools(((c.raw, c.url, c.headers) for c in cases), rounds))


# --------------------------------------------------------------------------------------------
# mode 2: an external corpus


_TOKEN = re.compile(r"\w+")


def _grams(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall((text or "").lower())
    if n == 1:
        return Counter(tokens)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def overlap(truth: str, predicted: str, n: int) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over the multisets of n-token grams
    (lower-cased ``\\w+`` tokens)."""
    t, p = _grams(truth, n), _grams(predicted, n)
    common = sum((t & p).values())
    return common, sum(p.values()) - common, sum(t.values()) - common


def prf(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Mean precision over pages with a prediction, mean recall over pages with a truth, and the
    F1 of the two means (the public benchmark's aggregate)."""
    precisions = [tp / (tp + fp) if tp + fp else 0.0 for tp, fp, fn in counts if tp + fp > 0 or fn == 0]
    recalls = [tp / (tp + fn) if tp + fn else 1.0 for tp, fp, fn in counts if tp + fn > 0 or fp == 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _page_f1(counts: tuple[int, int, int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def snippet_counts(texts: list[str], item: dict) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page, as trafilatura's ``tests/evaluate.py`` counts them: a ``with``
    snippet found in the text (whitespace collapsed) is a true positive, else a false negative; a
    ``without`` snippet found is a false positive, else a true negative. ``texts`` are searched
    one by one (a snippet never spans two of them)."""
    normed = [_spaces(text) for text in texts if text]
    tp = sum(1 for s in item["with"] if any(_spaces(s) in t for t in normed))
    fp = sum(1 for s in item["without"] if any(_spaces(s) in t for t in normed))
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def snippet_scores(counts: list[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass
class CorpusPage:
    id: str
    raw: bytes
    url: str
    body: str | None = None  # the whole labelled body
    date: str | None = None  # YYYY-MM-DD
    snippets: dict | None = None  # {"with": [...], "without": [...]}


def _read_page(directory: Path, page_id: str) -> bytes | None:
    for name in (f"{page_id}.html", f"{page_id}.html.gz", page_id):
        path = directory / "html" / name
        if path.is_file():
            raw = path.read_bytes()
            return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return None


def load_corpus(directory: Path) -> tuple[list[CorpusPage], list[str]]:
    """The pages of a corpus and the layouts found: ``ground-truth.json`` with ``articleBody``
    (whole bodies) and/or ``date`` (publication days), ``annotations.json`` with ``with`` and
    ``without`` snippets."""
    labels: dict[str, dict] = {}
    layouts: list[str] = []
    for name in ("ground-truth.json", "annotations.json"):
        if (directory / name).is_file():
            for page_id, entry in json.loads((directory / name).read_text(encoding="utf-8")).items():
                labels.setdefault(page_id, {}).update(entry)
    if not labels:
        raise SystemExit(f"{directory}: no ground-truth.json or annotations.json")
    pages = []
    for page_id, entry in sorted(labels.items()):
        raw = _read_page(directory, page_id)
        if raw is None:
            print(f"  skipped {page_id}: no html/{page_id}.html(.gz)", file=sys.stderr)
            continue
        snippets = {"with": entry["with"], "without": entry.get("without", [])} if "with" in entry else None
        body = entry.get("articleBody")
        pages.append(CorpusPage(page_id, raw, entry.get("url") or "", body, entry.get("date"), snippets))
    for layout, present in (("whole bodies", any(p.body is not None for p in pages)),
                            ("snippets", any(p.snippets for p in pages)),
                            ("publication days", any(p.date for p in pages))):  # fmt: skip
        if present:
            layouts.append(layout)
    return pages, layouts


def visible_subtitle(article: Article, raw: bytes) -> str:
    """The subtitle when the page shows it (in its ``<body>``, as a standfirst under the headline
    usually), else "": a meta description readers never see is no part of the text."""
    if not article.subtitle:
        return ""
    body = parse_html(decode_html(raw, None).text).find("body")
    shown = norm_key(text_of(body)) if body is not None else ""
    return article.subtitle if norm_key(article.subtitle) in shown else ""


@dataclass
class PageResult:
    page: CorpusPage
    article: Article | None
    refusal: ExtractionError | None
    theirs: str  # trafilatura's text
    htmldate: str | None = None
    trafilatura_date: str | None = None

    @property
    def ours(self) -> str:
        return self.article.text if self.article else ""

    @cached_property
    def ours_with_subtitle(self) -> str:
        if self.article is None:
            return ""
        subtitle = visible_subtitle(self.article, self.page.raw)
        return f"{subtitle}\n\n{self.article.text}" if subtitle else self.article.text

    @property
    def our_date(self) -> str | None:
        """The day Dragoman finds: the article's, or for a refused page the one its refusal records (the
        pipeline keeps it on the refused entry), as htmldate answers for every page, article or not."""
        published = self.article.published if self.article else self.refusal.published if self.refusal else None
        return published.date().isoformat() if published else None


def run_tools(page: CorpusPage) -> PageResult:
    article, refusal = None, None
    try:
        article = extract_article(page.raw, page.url)
    except ExtractionError as error:
        refusal = error
    if page.snippets is not None and page.body is None:
        # as trafilatura's own evaluation (tests/evaluate.py) runs it: its best settings for this set
        theirs = trafilatura.extract(page.raw, fast=False, include_comments=False, include_tables=True,
                                     include_formatting=False) or ""  # fmt: skip
    else:
        theirs = trafilatura.extract(page.raw, url=page.url or None) or ""
    result = PageResult(page, article, refusal, theirs)
    if page.date:
        result.htmldate = find_date(page.raw, url=page.url or None, original_date=True, outputformat="%Y-%m-%d")
        document = bare_extraction(page.raw, url=page.url or None, with_metadata=True, only_with_metadata=False)
        result.trafilatura_date = (document.date or "")[:10] if document else None
    return result


def run_corpus(directory: Path, rounds: int, show_misses: bool) -> None:
    pages, layouts = load_corpus(directory)
    if not pages:
        raise SystemExit(f"no pages in {directory} (expected html/<id>.html(.gz) beside the labels)")
    results = [run_tools(page) for page in pages]
    print(f"Corpus {directory}: {len(pages)} pages, labelled with {', '.join(layouts)}")
    misses: list[str] = []

    bodies = [r for r in results if r.page.body is not None]
    if bodies:
        print(f"\nWhole body ({len(bodies)} pages): precision averaged over pages with a text, recall over pages "
              "with a truth, F1 of the two; a refused page is an empty text")  # fmt: skip
        print(f"{'':44} {'precision':>9} {'recall':>9} {'F1':>9}")
        rows = (("Dragoman, body", lambda r: r.ours), ("Dragoman, standfirst + body", lambda r: r.ours_with_subtitle),
                ("trafilatura.extract", lambda r: r.theirs))  # fmt: skip
        for n, label in ((4, "4-token shingles"), (1, "tokens")):
            for tool, text in rows:
                p, r_, f = prf([overlap(r.page.body, text(r), n) for r in bodies])
                print(f"{tool + ', ' + label:44} {p:9.3f} {r_:9.3f} {f:9.3f}")
        print("  (the standfirst counts where the page shows it under the headline; Dragoman keeps it in `subtitle`)")
        for r in bodies:
            ours, theirs = (_page_f1(overlap(r.page.body, t, 4)) for t in (r.ours, r.theirs))
            if ours < theirs:
                misses.append(f"{r.page.id}: body shingle F1 {ours:.3f} < trafilatura {theirs:.3f}")

    with_snippets = [r for r in results if r.page.snippets]
    if with_snippets:
        print(f"\nSnippets ({len(with_snippets)} pages, {sum(len(r.page.snippets['with']) for r in with_snippets)} "
              f"that must be in the text, {sum(len(r.page.snippets['without']) for r in with_snippets)} that must "
              "not), counted over all pages as trafilatura's tests/evaluate.py does")  # fmt: skip
        print(f"{'':44} {'precision':>9} {'recall':>9} {'F1':>9}")
        rows = (("Dragoman, body", lambda r: [r.ours]), ("Dragoman, standfirst + body", lambda r: [r.ours_with_subtitle]),
                ("trafilatura.extract (its evaluation's settings)", lambda r: [r.theirs]))  # fmt: skip
        for tool, texts in rows:
            p, r_, f = snippet_scores([snippet_counts(texts(r), r.page.snippets) for r in with_snippets])
            print(f"{tool:44} {p:9.3f} {r_:9.3f} {f:9.3f}")
        print("  (the standfirst counts where the page shows it under the headline; Dragoman keeps it in `subtitle`)")
        for r in with_snippets:
            ours = snippet_counts([r.ours_with_subtitle], r.page.snippets)
            theirs = snippet_counts([r.theirs], r.page.snippets)
            if ours[0] - ours[1] < theirs[0] - theirs[1]:
                lost = [s for s in r.page.snippets["with"] if _spaces(s) not in _spaces(r.ours_with_subtitle)
                        and _spaces(s) in _spaces(r.theirs)]
                kept = [s for s in r.page.snippets["without"] if _spaces(s) in _spaces(r.ours_with_subtitle)
                        and _spaces(s) not in _spaces(r.theirs)]  # fmt: skip
                misses.append(f"{r.page.id}: snippets {ours[0]} in, {ours[1]} unwanted < trafilatura {theirs[0]} in, "
                              f"{theirs[1]} unwanted; missing {lost!r}; kept {kept!r}")  # fmt: skip

    dated = [r for r in results if r.page.date]
    if dated:
        tallies = {"Dragoman": Tally(), "htmldate": Tally(), "trafilatura": Tally()}
        articles_only = Tally()
        none = wrong = 0
        for r in dated:
            want = str(r.page.date)[:10]
            tallies["Dragoman"].add(r.our_date == want)
            articles_only.add(r.article is not None and r.our_date == want)
            tallies["htmldate"].add(r.htmldate == want)
            tallies["trafilatura"].add(r.trafilatura_date == want)
            if r.our_date != want:
                none += r.our_date is None
                wrong += r.our_date is not None
                if r.htmldate == want:
                    misses.append(f"{r.page.id}: date {r.our_date or 'none'}{' (refused)' if r.refusal else ''}, "
                                  f"htmldate {r.htmldate} is right ({r.page.url})")  # fmt: skip
        print(f"\nPublication day ({len(dated)} pages, articles or not; no date counts as wrong; a refused page "
              "counts by the day its refusal records): "
              + ", ".join(f"{tool} {tally}" for tool, tally in tallies.items()))  # fmt: skip
        print(f"  Dragoman: {none} without a date, {wrong} with another day; "
              f"counting every refused page as wrong: {articles_only}")

    refused = [r for r in results if r.refusal]
    print(f"\nRefused by Dragoman: {len(refused)} of {len(results)} pages"
          + (": " + ", ".join(f"{reason} {n}" for reason, n in Counter(r.refusal.reason for r in refused).items())
             if refused else ""))  # fmt: skip
    for r in refused:
        print(f"  {r.page.id} [{r.refusal.reason}] {r.refusal}")
    if show_misses:
        print(f"\nPages where Dragoman is below the anchor ({len(misses)}):")
        for line in misses:
            print(f"  {line}")
    if rounds:
        print_times(time_tools(((p.raw, p.url, None) for p in pages), rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a directory with html/<id>.html(.gz) and ground-truth.json")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each page (default 5; 0: no timing)")
    parser.add_argument("--misses", action="store_true", help="list each case a tool got wrong")
    args = parser.parse_args()
    if args.corpus:
        run_corpus(args.corpus, args.rounds, args.misses)
    else:
        run_project(args.rounds, args.misses)


if __name__ == "__main__":
    main()
