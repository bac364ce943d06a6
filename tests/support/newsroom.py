"""A local news site of any size, written from a template: ``write_newsroom(folder, count)`` writes a
``feed.xml`` listing ``count`` articles and one page per article, for :class:`dragoman.demosite.DemoSite`
to serve (it fills in ``{{BASE_URL}}``).

Every article is different (its sentences are drawn from word lists with a fixed seed), so a translation
memory saves nothing across them and an engine really translates each one; the pages are shaped like the
demo site's (masthead, navigation, byline, time, body with links, footer), so extraction does its real work.
"""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

_PLACES = ["Wrenport", "Saltmere", "the Alder Coast", "the lower town", "the harbour", "the old rope works",
           "the river valley", "the northern villages", "the city centre", "the university district"]
_SUBJECTS = ["The council", "The regional government", "A group of residents", "The port authority",
             "The health service", "Local teachers", "The bus company", "Scientists at the university",
             "The fishing cooperative", "The mayor's office", "Farmers in the valley", "The football club"]
_VERBS = ["approved", "rejected", "announced", "criticised", "studied", "proposed", "delayed", "welcomed",
          "published", "questioned"]
_OBJECTS = ["a new plan for housing", "the budget for next year", "a report on water quality",
            "changes to the night buses", "the repair of the sea wall", "a study of local schools",
            "the price of electricity", "a programme for young workers", "the opening of a new library",
            "the rules for fishing boats"]
_WHENS = ["on Tuesday", "last week", "this morning", "after a long debate", "in a public meeting",
          "before the winter", "at the end of the month", "during the summer"]
_CLAUSES = ["because costs continued to rise", "although many people disagreed", "after months of talks",
            "when the vote was taken", "while the work continued", "as more families moved to the area"]
_QUOTES = ["We have listened to the people of the city", "This is a difficult choice for everyone",
           "The numbers do not support the plan", "We will continue to work with residents",
           "Nobody expected the decision so soon"]
_NAMES = ["Maren Holloway", "Isla Marchetti", "Owen Pryce", "Gwen Talbot", "Frank Oduya", "Idris Maclean"]  # fmt: skip


def _sentence(rng: random.Random) -> str:
    number = rng.randint(2, 990)
    return (
        f"{rng.choice(_SUBJECTS)} in {rng.choice(_PLACES)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
        f"{rng.choice(_WHENS)}, {rng.choice(_CLAUSES)}, and {number} people took part."
    )


def _article(rng: random.Random, number: int) -> tuple[str, str, str, str]:
    """(slug, title, author, body HTML) of article ``number``."""
    title = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (report {number})"
    slug = f"story-{number:05d}"
    author = rng.choice(_NAMES)
    paragraphs = []
    for p in range(6):
        sentences = [_sentence(rng) for _ in range(3)]
        if p == 1:
            sentences[1] = f'"{rng.choice(_QUOTES)}," said {rng.choice(_NAMES)} {rng.choice(_WHENS)}.'
        if p == 2:
            link = f'<a href="https://council.wrenport.example/documents/{number}-{p}">the full report</a>'
            sentences[0] = f"Readers can find {link} on the council's website {rng.choice(_WHENS)}."
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    return slug, title, author, "\n".join(paragraphs)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Test Ledger</title>
<meta name="author" content="{author}">
<link rel="canonical" href="{{{{BASE_URL}}}}/articles/{slug}.html">
<meta property="og:site_name" content="The Test Ledger">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
</head>
<body>
<header class="site-header"><a class="logo" href="../index.html">The Test Ledger</a>
<nav><ul><li><a href="../index.html">Home</a></li><li><a href="../index.html#politics">Politics</a></li>
<li><a href="../index.html#economy">Economy</a></li><li><a href="../index.html#world">World</a></li></ul></nav>
</header>
<main id="main">
<article class="story">
<h1>{title}</h1>
<div class="story-meta"><span class="byline">By {author}</span>
<time datetime="{published}">{day} November 2026</time></div>
<div class="story-body">
{body}
</div>
</article>
</main>
<footer class="site-footer"><p>Copyright 2026 The Test Ledger. All rights reserved.</p>
<p><a href="../index.html#about">About us</a> <a href="../index.html#contact">Contact</a></p></footer>
</body>
</html>
"""


def write_newsroom(root: Path, count: int, *, seed: int = 6) -> list[str]:
    """Write ``count`` articles, a feed listing them all and a robots.txt allowing everything under
    ``root``; returns the articles' paths (``/articles/story-00000.html``, ...), in the feed's order."""
    rng = random.Random(seed)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    items, paths = [], []
    for number in range(count):
        slug, title, author, body = _article(rng, number)
        day = 1 + number % 28
        published = f"2026-11-{day:02d}T{number % 24:02d}:{number % 60:02d}:00+00:00"
        page = _PAGE.format(title=escape(title), author=escape(author), slug=slug, published=published, day=day, body=body)
        (root / "articles" / f"{slug}.html").write_text(page, encoding="utf-8")
        paths.append(f"/articles/{slug}.html")
        items.append(
            f"<item><title>{escape(title)}</title><link>{{{{BASE_URL}}}}/articles/{slug}.html</link>"
            f"<guid>{{{{BASE_URL}}}}/articles/{slug}.html</guid></item>"
        )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>The Test Ledger</title>'
        "<link>{{BASE_URL}}/</link><description>Generated test news</description>"
        + "".join(items)
        + "</channel></rss>",
        encoding="utf-8",
    )
    return paths
