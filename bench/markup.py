"""Markup-safe translation against the bare engine: words per second of ``translate_html`` with Apertium
versus one raw ``apertium -u -f html eng-spa`` call on the same HTML.

    .venv/bin/python bench/markup.py            # a typical article and a long document
    .venv/bin/python bench/markup.py --words 20000

The ratio (ours / raw) is what matters: everything Dragoman adds (parsing, placeholders, checks, rebuilding)
should cost little next to the engine itself. No translation memory is used, and every paragraph is
distinct, so nothing is skipped.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

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

    raw, ours = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["apertium", "-u", "-f", "html", "eng-spa"], input=html, capture_output=True, text=True, check=True)
        raw.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = translate_html(html, "en", "es", engine)
        ours.append(time.perf_counter() - start)
    raw_s, ours_s = _best(raw), _best(ours)
    return {
        "words": word_count,
        "units": result.units,
        "raw_seconds": raw_s,
        "ours_seconds": ours_s,
        "ours_median_seconds": statistics.median(ours),
        "raw_words_per_second": word_count / raw_s,
        "ours_words_per_second": word_count / ours_s,
        "ratio": raw_s / ours_s,
        "engine_chars": result.engine_chars,
        "html_chars": len(html),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="*", default=[600, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'words':>7} {'units':>6} {'raw w/s':>9} {'ours w/s':>9} {'ratio':>6}   (best of {args.repeat})")
    for words in args.words:
        m = measure(words, args.repeat)
        print(
            f"{m['words']:>7} {m['units']:>6} {m['raw_words_per_second']:>9.0f} {m['ours_words_per_second']:>9.0f} "
            f"{m['ratio']:>6.2f}   raw {m['raw_seconds']:.3f} s, ours {m['ours_seconds']:.3f} s, "
            f"{m['engine_chars']} chars sent of {m['html_chars']} in the HTML"
        )


if __name__ == "__main__":
    main()
