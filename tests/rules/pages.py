"""Article pages written for the rules' tests."""

from __future__ import annotations


def story(title: str, *, paragraphs: int = 6, advert: bool = True, published: str = "2026-12-05T08:00:00+00:00",
          author: str = "Ann Lee", tags: str = "Transport, Council", box: bool = False) -> bytes:  # fmt: skip
    """A news article of ``paragraphs`` paragraphs about a bridge, with a promotion quoted in its body; ``box``:
    and a reading-club notice in a ``<div class="club-box">`` after the first paragraph, which the extraction
    keeps as a paragraph of the body (its class gone)."""
    sentences = [
        "The county council voted on Monday to build a new bridge across the river Wend at Millford.",
        "Engineers said the crossing would take three years to finish and cost about 40 million pounds.",
        "Residents have waited two decades for a second crossing, and the ferry service closes each winter.",
        "The council leader said the bridge would carry buses, bicycles and pedestrians as well as cars.",
        "Opponents said the money should go to repairing the roads the county already has instead.",
        "A public consultation on the design of the bridge opens next month in the town library.",
        "The ferry company said it would keep running boats until the new crossing is open.",
    ]
    blocks = [f"<p>{sentences[i % len(sentences)]}</p>" for i in range(paragraphs)]
    if advert:  # a promotion in the middle of the text, as the extraction keeps it
        blocks.insert(paragraphs // 2, "<blockquote><p>Sponsored: buy the Millford Gazette calendar for only 9 pounds "
                                       "today, with a photograph of the river for every month.</p></blockquote>")
    if box:
        blocks.insert(1, '<div class="club-box"><p>The Millford reading club meets in the library on Thursday '
                         "evenings; new members are welcome and the first meeting is free.</p></div>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta name="keywords" content="{tags}">
<meta property="article:published_time" content="{published}">
</head><body><header><nav><a href="/">Home</a></nav></header>
<article><h1>{title}</h1><p class="byline">By {author}</p>
{"".join(blocks)}
</article><footer><p>Copyright The Millford Gazette</p></footer></body></html>""".encode()
