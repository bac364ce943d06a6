"""A hostile news site: a feed and one article page per payload, each payload where ``payload.where`` says.

The pages are ordinary news articles (a headline, a byline, a lead image with a caption, a few paragraphs
of story) so that extraction takes them as articles and the payloads travel the whole pipeline.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tests.security.payloads import Payload
from tests.security.servers import LocalServer, text

REPO = Path(__file__).resolve().parents[2]
LEAD_IMAGE = (REPO / "demo" / "site" / "images" / "oyster-festival-returns.png").read_bytes()

STORY = [
    "The harbour authority confirmed on Tuesday that the northern quay will close for three weeks while "
    "engineers replace the timber fenders that protect the wall from ferries and fishing boats.",
    "Skippers were told to use the southern berths from Monday. The authority said the work had been "
    "planned for two years and that the cost, about 1.4 million, would come from its maintenance budget.",
    "Local traders said they expected fewer visitors during the closure but welcomed the repairs, which "
    "follow a survey last spring that found rot in more than forty of the old oak fenders.",
    "A public meeting about the schedule will be held at the harbour office next Thursday evening, and the "
    "authority will publish weekly updates on its website until the quay reopens.",
]


def article_page(payload: Payload, base_url: str) -> str:
    """The page of ``payload``: a normal article with the payload in its place."""
    n, where, raw = payload.number, payload.where, payload.html
    url = f"{base_url}/articles/p{n}.html"
    title = raw if where == "title" else f"Harbour quay closes for repairs, report {n}"
    author = raw if where == "author" else "Ana Ruiz"
    caption = raw if where == "caption" else "Fishing boats at the northern quay at dawn."
    site = raw if where == "site" else "The Harbour Ledger"
    canonical = raw if where == "canonical" else url
    image = raw if where == "image-url" else f"{base_url}/images/lead.png"
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    if where == "body":
        paragraphs.insert(2, raw)
    head_title = "" if where == "feed-title" else f"<title>{title} | The Harbour Ledger</title>"
    og_title = "" if where == "feed-title" else f'<meta property="og:title" content="{escape(title)}">'
    headline = "" if where == "feed-title" else f"<h1>{title}</h1>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
{head_title}
<meta name="author" content="{escape(author)}">
<link rel="canonical" href="{escape(canonical)}">
<meta property="og:site_name" content="{escape(site)}">
<meta property="og:type" content="article">
{og_title}
<meta property="og:url" content="{escape(canonical)}">
<meta property="og:image" content="{escape(image)}">
<meta property="article:published_time" content="2026-11-18T12:30:00+00:00">
</head>
<body>
<header><a href="{base_url}/">The Harbour Ledger</a></header>
<main>
<article>
{headline}
<p class="byline">By <span class="author">{author}</span></p>
<time datetime="2026-11-18T12:30:00+00:00">18 November 2026</time>
<figure class="lead"><img src="{escape(image)}" alt="Boats" width="640" height="360"><figcaption>{caption}</figcaption></figure>
{"".join(paragraphs)}
</article>
</main>
<footer><p>The Harbour Ledger, 1 Quay Street.</p></footer>
</body>
</html>
"""


def feed(payloads: list[Payload], base_url: str) -> str:
    """An RSS feed with one item per payload; the channel's title and link carry their payloads."""
    channel_title = next((p.html for p in payloads if p.where == "channel-title"), "The Harbour Ledger")
    channel_link = next((p.html for p in payloads if p.where == "channel-link"), f"{base_url}/")
    items = []
    for p in payloads:
        if p.where in ("title", "feed-title"):
            title = p.html if p.kind == "cdata" else escape(p.html, quote=False)
        else:
            title = f"Harbour quay closes for repairs, report {p.number}"
        link = f"{base_url}/articles/p{p.number}.html"
        items.append(
            f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>Wed, 18 Nov 2026 12:30:00 +0000</pubDate><description>Report {p.number}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(channel_title, quote=False)}</title><link>{escape(channel_link, quote=False)}</link>"
        f"<description>Hostile test feed</description><language>en</language>{''.join(items)}</channel></rss>"
    )


def serve(server: LocalServer, payloads: list[Payload]) -> str:
    """Add the feed, the pages and the lead image to ``server``'s routes; returns the feed's URL."""
    base = f"http://{server.netloc}"
    server.routes["/feed.xml"] = text(feed(payloads, base), "application/rss+xml; charset=utf-8")
    server.routes["/images/lead.png"] = text(LEAD_IMAGE, "image/png")
    for p in payloads:
        server.routes[f"/articles/p{p.number}.html"] = text(article_page(p, base))
    return f"{base}/feed.xml"


def plain_page(number: int, base_url: str) -> str:
    """An ordinary article page with nothing hostile in it."""
    return article_page(Payload(number, "nowhere", "", "none"), base_url)


def rss(items: list[tuple[str, str, str]], title: str = "The Harbour Ledger") -> str:
    """An RSS feed of ``(title, link, pubDate)`` items, each value written as given (not escaped)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate></item>"
        for t, link, date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.org/</link><description>test</description>{entries}</channel></rss>"
    )
