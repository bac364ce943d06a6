"""Names that are also words, kept: measured beside raw Apertium on paragraphs written for the project.

The paragraphs (``bench/names/*.txt``, described in ``bench/names/README.md``) are invented news articles
full of names that are also English or Spanish words (Theresa May, Trump, Liu He, Reading, Bush, Cook,
Rice, Turkey, Moody's, BED…), in headings written in title case, in link text and in possessives, beside
the same words used as ordinary words ("you may", "the rice harvest", "a black car"). Every occurrence is
marked by hand. Each article is translated as one document, in order, by:

* raw Apertium: the article's HTML through ``apertium -u -f html`` (the same running programs and
  transfuse), nothing of Dragoman's around it;
* Dragoman without names (``translate_html(..., names=False)``: what it did before names were protected);
* Dragoman: ``translate_html`` with the article's own names (its ``known:`` line stands for bylines, tags
  and JSON-LD) and one names memory for the whole run, as the pipeline does.

It prints, per language pair and in all: name occurrences intact (the name as written, or the form the
marker gives: a country's name in the target language), ordinary uses translated (the source word is not
left in the output, beyond the names written with it), and links kept (each href exactly once).

    .venv/bin/python bench/names.py              # every pair whose Apertium mode is installed
    .venv/bin/python bench/names.py --misses     # and every occurrence a system got wrong
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from lxml import html as lxml_html  # noqa: E402

from dragoman.translate.document import translate_html  # noqa: E402
from dragoman.translate.engines.apertium import ApertiumEngine  # noqa: E402
from dragoman.translate.names import InMemoryNames, Names  # noqa: E402

DATA = REPO / "bench" / "names"
_NAME = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
_WORD = re.compile(r"\{\{([^}]+)\}\}")


@dataclass
class Block:
    html: str  # markers removed
    names: list[tuple[str, str]]  # (as written, expected form)
    words: list[str]  # ordinary uses


@dataclass
class Article:
    label: str
    known: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def html(self) -> str:
        return "\n".join(block.html for block in self.blocks)


def load(path: Path) -> list[Article]:
    articles: list[Article] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("==="):
            articles.append(Article(line[3:].strip()))
        elif line.startswith("known:"):
            articles[-1].known = [name.strip() for name in line[6:].split(";") if name.strip()]
        else:
            names = [(m.group(1), m.group(2) or m.group(1)) for m in _NAME.finditer(line)]
            words = [m.group(1) for m in _WORD.finditer(line)]
            html = _WORD.sub(lambda m: m.group(1), _NAME.sub(lambda m: m.group(1), line))
            articles[-1].blocks.append(Block(html, names, words))
    return articles


def _count(text: str, form: str, *, ignore_case: bool = False) -> int:
    flags = re.IGNORECASE if ignore_case else 0
    return len(re.findall(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text, flags))


def _hrefs(html: str) -> list[str]:
    return lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")


@dataclass
class Score:
    names: int = 0
    names_intact: int = 0
    words: int = 0
    words_translated: int = 0
    links: int = 0
    links_kept: int = 0
    failed_articles: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("names", "names_intact", "words", "words_translated", "links", "links_kept", "failed_articles"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses


def score(block: Block, output_html: str, label: str) -> Score:
    s = Score()
    text = " ".join(lxml_html.fragment_fromstring(output_html or "<p></p>", create_parent="div").text_content().split())
    expected = Counter(block.names)
    for (written, form), count in expected.items():
        found = _count(text, written) + (_count(text, form) if form != written else 0)
        s.names += count
        s.names_intact += min(count, found)
        if found < count:
            s.misses.append(f"{label}: name {written!r} ({count - found} of {count} lost) in: {text}")
    for word, count in Counter(w.lower() for w in block.words).items():
        left = _count(text, word, ignore_case=True)
        by_names = sum(c * _count(w, word, ignore_case=True) for (w, _), c in expected.items())
        untranslated = min(count, max(0, left - by_names))
        s.words += count
        s.words_translated += count - untranslated
        if untranslated:
            s.misses.append(f"{label}: word {word!r} ({untranslated} of {count} left) in: {text}")
    hrefs_in = _hrefs(block.html)
    hrefs_out = _hrefs(output_html) if output_html else []
    s.links += len(hrefs_in)
    s.links_kept += sum(1 for href in hrefs_in if hrefs_out.count(href) == hrefs_in.count(href))
    return s


def _blocks(html: str) -> list[str]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    out = []
    for child in root:
        child.tail = None
        out.append(lxml_html.tostring(child, encoding="unicode"))
    return out


def run(pair: str, engine: ApertiumEngine, *, systems: list[str]) -> dict[str, Score]:
    source, target = pair.split("-")
    articles = load(DATA / f"{pair}.txt")
    mode = engine.mode_for(source, target)
    command = engine._pipeline_command(mode)
    memory = InMemoryNames()
    scores = {system: Score() for system in systems}
    seconds = {system: 0.0 for system in systems}
    for article in articles:
        for system in systems:
            started = time.perf_counter()
            try:
                if system == "raw Apertium":
                    html = engine._translate_running(mode, command, article.html, "the raw article")
                elif system == "Dragoman without names":
                    html = translate_html(article.html, source, target, engine, names=False).html
                else:
                    names = Names(known=article.known, memory=memory)
                    html = translate_html(article.html, source, target, engine, names=names).html
            except Exception as exc:  # a failed article loses every name and word in it
                print(f"  {system}: {article.label} failed: {exc}", file=sys.stderr)
                html = ""
                scores[system].failed_articles += 1
            seconds[system] += time.perf_counter() - started
            outputs = _blocks(html) if html else []
            for index, block in enumerate(article.blocks):
                output = outputs[index] if index < len(outputs) else ""
                scores[system].add(score(block, output, f"{article.label} #{index + 1}"))
    for system in systems:
        scores[system].seconds = seconds[system]  # type: ignore[attr-defined]
    return scores


def _pct(part: int, whole: int) -> str:
    return f"{part:>4}/{whole:<4} {100 * part / whole:5.1f}%" if whole else "     —     "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", nargs="*", default=None, help="e.g. en-es es-en (default: every file)")
    parser.add_argument("--misses", action="store_true", help="list every occurrence a system got wrong")
    args = parser.parse_args()
    engine = ApertiumEngine()
    installed = engine.pairs()
    pairs = args.pairs or sorted(path.stem for path in DATA.glob("*.txt"))
    systems = ["raw Apertium", "Dragoman without names", "Dragoman"]
    totals = {system: Score() for system in systems}
    for pair in pairs:
        source, target = pair.split("-")
        if (source, target) not in installed:
            print(f"{pair}: no Apertium mode installed, skipped")
            continue
        articles = load(DATA / f"{pair}.txt")
        blocks = sum(len(a.blocks) for a in articles)
        scores = run(pair, engine, systems=systems)
        print(f"\n{pair}: {len(articles)} articles, {blocks} blocks (paragraphs and headings)")
        print(f"  {'':<24} {'names intact':>17} {'ordinary translated':>20} {'links kept':>17} {'time':>7}")
        for system in systems:
            s = scores[system]
            print(
                f"  {system:<24} {_pct(s.names_intact, s.names):>17} {_pct(s.words_translated, s.words):>20} "
                f"{_pct(s.links_kept, s.links):>17} {s.seconds:6.2f}s"  # type: ignore[attr-defined]
                + (f"  ({s.failed_articles} articles failed)" if s.failed_articles else "")
            )
            totals[system].add(s)
            if args.misses and s.misses:
                for miss in s.misses:
                    print(f"      [{system}] {miss}")
    if len(pairs) > 1:
        print("\nall pairs")
        for system in systems:
            s = totals[system]
            print(
                f"  {system:<24} {_pct(s.names_intact, s.names):>17} {_pct(s.words_translated, s.words):>20} "
                f"{_pct(s.links_kept, s.links):>17}"
            )
    engine.close()


if __name__ == "__main__":
    main()
