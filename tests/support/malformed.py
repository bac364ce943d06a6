"""Malformed markup of the shapes public attack lists are made of, in pages and paragraphs written for
Dragoman's tests: each shape in an ordinary news article (``page``) and in a paragraph to translate
(``FRAGMENTS``). The same material goes through ``extract_article``, ``translate_html``, ``extract --jsonl``,
``translate --jsonl`` and the pipeline, which must read every one as a browser does: the article extracted
(all of its text, the words around the broken markup too), or refused with a reason; never a crash.

``Shape.body`` goes between the second and third paragraphs of the story, ``Shape.head`` into ``<head>``;
``Shape.words`` are words of the shape's own markup that must reach the article's text or body.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

STORY = [
    "The harbour authority confirmed on Tuesday that the northern quay will close for three weeks while "
    "engineers replace the timber fenders that protect the wall from ferries and fishing boats.",
    "Skippers were told to use the southern berths from Monday. The authority said the work had been "
    "planned for two years and that the cost would come from its maintenance budget.",
    "Local traders said they expected fewer visitors during the closure but welcomed the repairs, which "
    "follow a survey last spring that found rot in more than forty of the old oak fenders.",
    "A public meeting about the schedule will be held at the harbour office next Thursday evening, and the "
    "authority will publish weekly updates until the quay reopens.",
]
#: The last paragraph of every page: text after the broken markup, which must not be lost.
CLOSING = "The winter ferry timetable will be posted in the window of the harbour office from Friday."

#: An attribute of every shape a browser accepts in a tag: quotes, braces, ``=`` alone, unicode, control
#: characters (written and as references), duplicates, namespaced, event handlers, a very long value.
ODD_ATTRIBUTES = (
    '"quoted"="1" \'single\'=2 ="alone" = {brace}="3" on{x}="4" a{b}c=5 {http://www.w3.org/1999/xlink}href="6" '
    'été="oui" 名前="値" \U0001f600="smile" ::=7 x:y:z=8 xlink:href="https://harbour.example/xlink" '
    'xmlns:og="http://ogp.me/ns#" onclick="alert(1)" onmouseover=alert(2) data-\x01x="9" data-y="a&#1;b&#x1F;c" '
    f'data-long="{"long " * 4000}" title="Notice &#2;of closure" 1abc=10 -x=11 .y=12 @click="go" :class="c" '
    '[prop]=13 (event)=14 *ngIf=15 #ref=16 a"b=17 a\'c=18 a<d=19'
)


@dataclass(frozen=True)
class Shape:
    name: str
    body: str = ""
    head: str = ""
    words: tuple[str, ...] = ()
    #: the href of the shape's link in the article ("" for none; relative hrefs resolve against the page)
    href: str = ""


SHAPES = [
    Shape(
        "braces in an attribute name in a figcaption",
        '<figure><img src="/images/quay-at-dawn.jpg" alt="The quay at dawn" width="640" height="360">'
        "<figcaption><span {Opera}>Fishing boats moored along the quay at first light.</span></figcaption></figure>",
        words=("Fishing boats moored along the quay at first light.",),
    ),
    Shape(
        "braces as an attribute name",
        "<p>Divers will inspect the <i {a}=1>underwater piles</i> of the quay before the new fenders are bolted "
        "to the wall, a job the authority expects to take four days.</p>",
        words=("Divers will inspect the underwater piles of the quay",),
    ),
    Shape(
        "base href with a host that is no address",
        "<p>The full <a href=\"notices/closure.html\">closure notice</a> lists the berths that stay open and the "
        "hours when the crane on the southern pier can be booked.</p>",
        head='<base href="http://[not an address/">',
        words=("The full closure notice lists the berths",),
        href="notices/closure.html",
    ),
    Shape(
        "base href with an IPv4 address in brackets",
        "<p>The full <a href=\"notices/closure.html\">closure notice</a> lists the berths that stay open and the "
        "hours when the crane on the southern pier can be booked.</p>",
        head='<base href="http://[192.0.2.7]/harbour/">',
        words=("The full closure notice lists the berths",),
        href="notices/closure.html",
    ),
    Shape(
        "base href with a port out of range",
        "<p>The full <a href=\"notices/closure.html\">closure notice</a> lists the berths that stay open and the "
        "hours when the crane on the southern pier can be booked.</p>",
        head='<base href="http://harbour.example:99999/">',
        words=("The full closure notice lists the berths",),
        href="notices/closure.html",
    ),
    Shape(
        "a link to a host that is no address",
        '<p>Engineers published <a href="http://[192.0.2.9]/survey.pdf">the survey</a> and a second report, '
        '<a href="https://[not an address/report">the costs</a>, on the same afternoon.</p>',
        words=("Engineers published the survey and a second report, the costs, on the same afternoon.",),
    ),
    Shape(
        "control characters inside a tag",
        '<p class="story\x01 lede" data-\x02x="1" title="Quay\x03 works" id="p&#1;3" data-note="&#x1b;[0m">'
        "The night shift will work under floodlights so that the crane can lift the old timbers out before "
        "the spring tides.</p>",
        words=("The night shift will work under floodlights",),
    ),
    Shape(
        "control characters as character references in the text",
        "<p>Residents of the lower town asked&#7; for the noise to stop at ten in the evening&#x1F;, and the "
        "authority agreed to end the piling by then.</p>",
        words=("Residents of the lower town asked for the noise to stop",),
    ),
    Shape(
        "a stray </html> in the middle of the article",
        "</html><p>Harbour pilots will guide the larger ferries in at slack water while the fenders are "
        "missing from the northern wall.</p>",
        words=("Harbour pilots will guide the larger ferries",),
    ),
    Shape(
        "a stray </body> in the middle of the article",
        "</body><p>Harbour pilots will guide the larger ferries in at slack water while the fenders are "
        "missing from the northern wall.</p>",
        words=("Harbour pilots will guide the larger ferries",),
    ),
    Shape(
        "stray </body></html> inside a paragraph",
        "<p>Harbour pilots will guide the larger ferries in </body></HTML >at slack water while the fenders are "
        "missing from the northern wall.</p>",
        words=("Harbour pilots will guide the larger ferries in at slack water",),
    ),
    Shape(
        "attribute names and values of every shape",
        f'<p {ODD_ATTRIBUTES}>The authority\'s <a href="https://harbour.example/notices/7" {ODD_ATTRIBUTES} '
        'href="https://harbour.example/second" HREF="https://harbour.example/third">notice of closure</a> '
        f'was read out at the <b {ODD_ATTRIBUTES}>council meeting</b> on Wednesday.</p>',
        words=("notice of closure was read out at the council meeting on Wednesday.",),
        href="https://harbour.example/notices/7",
    ),
]


def page(shape: Shape, url: str) -> str:
    """An ordinary article page with ``shape`` in it (``url`` is its own address)."""
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    paragraphs.insert(2, shape.body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Northern quay closes for repairs | The Harbour Ledger</title>
{shape.head}
<link rel="canonical" href="{escape(url)}">
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-18T12:30:00+00:00">
</head>
<body>
<header><a href="/">The Harbour Ledger</a></header>
<main>
<article>
<h1>Northern quay closes for repairs</h1>
<p class="byline">By <span class="author">Ana Ruiz</span></p>
<time datetime="2026-11-18T12:30:00+00:00">18 November 2026</time>
{"".join(paragraphs)}
<p>{CLOSING}</p>
</article>
</main>
<footer><p>The Harbour Ledger, 1 Quay Street.</p></footer>
</body>
</html>
"""


#: A page that holds no article, as broken as the others: refused with its reason ("no article body").
NOT_AN_ARTICLE = (
    '<!DOCTYPE html><html><head><title>Harbour</title></head><body><nav {menu}="1"><a href="/">Home</a> '
    '<a href="/ferries">Ferries</a></nav></html><p x\x01="&#1;">Closed.</p></body></html>'
)

#: Paragraphs to translate, one per shape, and the words of each (upper-cased by the test engine).
FRAGMENTS: dict[str, str] = {
    "braces in an attribute name": '<p>The <i {a}=1>northern</i> quay <span {Opera}>closes</span> today.</p>',
    "braces in a figcaption": '<figure><img src="https://harbour.example/quay.jpg" alt="The quay">'
    "<figcaption><span {Opera}>Boats at dawn.</span></figcaption></figure>",
    "control characters inside a tag": '<p class="a\x01b" title="Quay&#2; works">The <b data-x="&#x1b;">crane</b> '
    "lifts timbers&#7;.</p>",
    "a stray </html>": "<p>The quay closes.</p></html><p>The ferries wait.</p>",
    "a stray </body>": "<p>The quay <b>closes</b></body> tonight.</p><p>The ferries wait.</p>",
    "attribute names and values of every shape": f'<p {ODD_ATTRIBUTES}>Read the <a href="https://harbour.example/n/7" '
    f'{ODD_ATTRIBUTES} href="https://harbour.example/second">notice</a> and the '
    f'<a href="https://harbour.example/n/8" {ODD_ATTRIBUTES}>map</a>.</p>',
    "a lone surrogate": "<p>The quay \ud800closes today.</p>",
}
