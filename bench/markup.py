"""Markup-safe translation, measured side by side in one run:

1. Quality, on every paragraph with inline links in the demo site's articles (written for this project):
   links kept (each href of the input exactly once in the output), and chrF agreement of the visible text
   with Apertium's translation of the paragraph's plain text, for Dragoman (``translate_html``) and for
   the node-by-node method (each text node translated alone: what LibreTranslate's HTML mode and many
   republishers do, and what this project exists to avoid).
2. Speed: words per second of ``translate_html`` with Apertium (its programs kept running, the engine's
   default) versus the same HTML sent raw through the same running programs with transfuse (what
   Apertium does with the page as it is, nothing of Dragoman's around it), and versus one
   ``apertium -u -f html eng-spa`` command per document (what a script calling Apertium gets).

    .venv/bin/python bench/markup.py            # both parts
    .venv/bin/python bench/markup.py --words 20000

The ratio (raw / ours, against the same running programs) is what matters: everything Dragoman adds
(parsing, placeholders, checks, rebuilding) should cost little next to the engine itself. No translation memory is used, and every paragraph is
distinct, so nothing is skipped.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from tests.support.metrics import chrf  # noqa: E402

from dragoman.translate.document import translate_html  # noqa: E402
from dragoman.translate.engines.apertium import ApertiumEngine  # noqa: E402

SUBJECTS = [
    "city's mayor", "school board", "health minister", "football club", "opposition leader", "railway company",
    "weather office", "art museum", "farmers' union", "central bank", "port authority", "film festival",
]
OBJECTS = [
    "new housing law", "bus network", "budget plan", "water supply", "summer schedule", "energy prices",
    "river pollution", "ticket sales", "road repairs", "hospital waiting lists", "tourist numbers", "rent prices",
]
TEMPLATES = [
    '<p>The <a href="https://news.example/{n}/a">{s}</a> said on Monday that the <a href="https://news.example/{n}/b" '
    'title="More on the {o}">{o}</a> would change in {year}, and that <em>more details</em> would follow soon.</p>',
    '<p>According to a <a href="https://news.example/{n}/c">report published last week</a>, the {o} rose by {pct} '
    "percent, the largest increase since the <strong>{s}</strong> began counting in {year}.</p>",
    '<h2>What the {s} plans for the {o}</h2>',
    '<p>Critics of the {s} say the <a href="https://news.example/{n}/d">{o}</a> will cost more than {pct} million '
    'euros; see https://news.example/{n}/data for the figures.</p>',
    '<ul><li>The {s} will meet again on Thursday.</li><li>A vote on the <a href="/{n}">{o}</a> is expected in {year}.</li></ul>',
    '<figure><img src="https://cdn.example/{n}.jpg" alt="The {s} at a press conference">'
    "<figcaption>The {s} spoke to reporters about the {o}.</figcaption></figure>",
]


def document(words: int) -> str:
    """Distinct news-like paragraphs adding up to about ``words`` words."""
    parts, count, n = [], 0, 0
    while count < words:
        template = TEMPLATES[n % len(TEMPLATES)]
        part = template.format(
            n=n, s=SUBJECTS[n % len(SUBJECTS)], o=OBJECTS[(n // len(SUBJECTS)) % len(OBJECTS)],
            year=1990 + n % 35, pct=3 + n % 97,
        )
        parts.append(part)
        count += len(_visible(part).split())
        n += 1
    return "\n".join(parts)


def _visible(html: str) -> str:
    from lxml import html as lxml_html

    return lxml_html.fragment_fromstring(html, create_parent="div").text_content()


def _best(seconds: list[float]) -> float:
    return min(seconds)


def measure(words: int = 5000, repeat: int = 5) -> dict[str, float]:
    html = document(words)
    word_count = len(_visible(html).split())
    engine = ApertiumEngine()

    engine.translate_batch(["Warm up."], "en", "es", markup=True)  # start the programs before the clock

    command, raw, ours = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["apertium", "-u", "-f", "html", "eng-spa"], input=html, capture_output=True, text=True, check=True)
        command.append(time.perf_counter() - start)
        start = time.perf_counter()
        engine._translate_running("eng-spa", engine._pipeline_command("eng-spa"), html, "the raw page")  # the page as it is, through the same programs
        raw.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = translate_html(html, "en", "es", engine)
        ours.append(time.perf_counter() - start)
    engine.close()
    command_s, raw_s, ours_s = _best(command), _best(raw), _best(ours)
    return {
        "words": word_count,
        "units": result.units,
        "command_seconds": command_s,
        "raw_seconds": raw_s,
        "ours_seconds": ours_s,
        "ours_median_seconds": statistics.median(ours),
        "command_words_per_second": word_count / command_s,
        "raw_words_per_second": word_count / raw_s,
        "ours_words_per_second": word_count / ours_s,
        "ratio": raw_s / ours_s,
        "engine_chars": result.engine_chars,
        "html_chars": len(html),
    }


def linked_paragraphs() -> list[str]:
    """Every body paragraph or list item with an inline link in the demo articles, as HTML."""
    from lxml import html as lxml_html

    found = []
    for page in sorted((REPO / "demo" / "site" / "articles").glob("*.html")):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        for block in tree.xpath('//div[contains(@class, "story-body")]//*[self::p or self::li][.//a]'):
            block.tail = None
            found.append(lxml_html.tostring(block, encoding="unicode"))
    return found


def _hrefs(html: str) -> list[str]:
    from lxml import html as lxml_html

    return lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")


def _text_nodes(html: str) -> list[str]:
    """The text nodes of a paragraph, in document order (what node-by-node translation sends)."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html, create_parent="div")
    nodes = []
    for element in root.iter():
        if element is not root and element.text:
            nodes.append(element.text)
        if element is not root and element.tail:
            nodes.append(element.tail)
    return nodes


def quality() -> dict:
    from lxml import html as lxml_html

    engine = ApertiumEngine()
    paragraphs = linked_paragraphs()
    plain = [" ".join(_visible(p).split()) for p in paragraphs]
    reference = engine.translate_batch(plain, "en", "es", markup=False)

    # Dragoman: the paragraphs as one document; the output has the same blocks in the same order.
    translated = translate_html("".join(paragraphs), "en", "es", engine)
    root = lxml_html.fragment_fromstring(translated.html, create_parent="div")
    ours = [lxml_html.tostring(block, encoding="unicode") for block in root]
    assert len(ours) == len(paragraphs), "block structure changed"

    # Node by node: every text node alone (batched in one call so it costs the same start-up).
    nodes = [_text_nodes(p) for p in paragraphs]
    flat = [n for ns in nodes for n in ns]
    done = iter(engine.translate_batch([n.strip() for n in flat], "en", "es", markup=False))
    node_by_node = []
    for ns in nodes:
        pieces = []
        for node in ns:
            out = next(done)
            lead = " " if node[:1].isspace() else ""
            trail = " " if node[-1:].isspace() else ""
            pieces.append(lead + out + trail if node.strip() else node)
        node_by_node.append(" ".join("".join(pieces).split()))

    links_in = sum(len(_hrefs(p)) for p in paragraphs)
    links_kept = sum(
        sum(1 for h in set(_hrefs(p)) if _hrefs(o).count(h) == _hrefs(p).count(h)) for p, o in zip(paragraphs, ours)
    )
    ours_chrf = [chrf(" ".join(_visible(o).split()), r) for o, r in zip(ours, reference)]
    node_chrf = [chrf(n, r) for n, r in zip(node_by_node, reference)]
    return {
        "paragraphs": len(paragraphs),
        "links": links_in,
        "links_kept": links_kept,
        "ours_chrf": ours_chrf,
        "node_chrf": node_chrf,
        "narrowed": translated.narrowed,
    }


def _summary(scores: list[float]) -> str:
    ordered = sorted(scores)
    worst = ordered[: max(1, len(ordered) // 20)]
    return (
        f"median {statistics.median(scores):6.2f}  mean {statistics.fmean(scores):6.2f}  "
        f"worst 5% mean {statistics.fmean(worst):6.2f}  min {ordered[0]:6.2f}  identical {sum(s == 100 for s in scores)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="*", default=[600, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-quality", action="store_true", help="only the speed part")
    args = parser.parse_args()
    if not args.no_quality:
        q = quality()
        print(f"Quality on {q['paragraphs']} linked paragraphs of the demo site ({q['links']} links), Apertium en->es")
        print(f"  links kept exactly once (Dragoman): {q['links_kept']}/{q['links']}; links narrowed to one piece: {q['narrowed']}")
        print(f"  chrF vs plain-text translation, Dragoman:     {_summary(q['ours_chrf'])}")
        print(f"  chrF vs plain-text translation, node by node: {_summary(q['node_chrf'])}")
        gap = statistics.median(q["ours_chrf"]) - statistics.median(q["node_chrf"])
        print(f"  median advantage of Dragoman: {gap:+.2f} chrF points")
        print()
    print(f"{'words':>7} {'units':>6} {'command w/s':>12} {'raw w/s':>9} {'ours w/s':>9} {'raw/ours':>9}   (best of {args.repeat})")
    for words in args.words:
        m = measure(words, args.repeat)
        print(
            f"{m['words']:>7} {m['units']:>6} {m['command_words_per_second']:>12.0f} {m['raw_words_per_second']:>9.0f} "
            f"{m['ours_words_per_second']:>9.0f} {m['ratio']:>9.2f}   command {m['command_seconds']:.3f} s, "
            f"raw {m['raw_seconds']:.3f} s, ours {m['ours_seconds']:.3f} s, "
            f"{m['engine_chars']} chars sent of {m['html_chars']} in the HTML"
        )


if __name__ == "__main__":
    main()
