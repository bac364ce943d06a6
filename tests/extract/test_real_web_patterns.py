"""Patterns measured on real news pages (bench/extract.py --corpus), each shown here on a page written
for the project: invented sites under .example, invented stories. One test per general pattern."""

from __future__ import annotations

import html

from dragoman.extract import Article, extract_article

URL = "https://ferrytimes.example.org/news/2026/05/14/ferry-timetable-changes"

#: An invented story of eight paragraphs, long enough for any extractor to take it for an article.
PARAGRAPHS = [
    "The island ferry company will run two extra crossings on weekday mornings from June, after commuters "
    "complained for a year that the first boat left them standing on the quay.",
    "The new crossings leave the harbour at 6.40 and 7.10, the company said on Thursday, and will be served by "
    "the smaller of its two vessels while the larger one is refitted in the dry dock at Lanmouth.",
    "Commuters welcomed the change but said the evening timetable still ends too early for anyone who works "
    "a late shift on the mainland, where most of the island's nurses and carers are employed.",
    "The company's operations manager, Rhian Tolley, said evening crossings would be reviewed in the autumn, "
    "once the refit is finished and both vessels are back in service.",
    "Ticket prices will not change this year. A season ticket still costs the same as in 2024, and children "
    "under twelve travel free when they sail with an adult.",
    "The harbour master warned that the morning slipway will be busy and asked drivers to arrive ten minutes "
    "earlier than usual during the first weeks of the new timetable.",
    "Islanders have asked for years for a crossing that allows a full working day on the mainland; the parish "
    "council collected four hundred signatures for it last winter.",
    "The timetable will be printed in the parish newsletter and posted at both terminals before the change.",
]


def story_page(
    *, head: str = "", before: str = "", inside_top: str = "", inside: str = "", end: str = "", after: str = "",
    paragraphs: list[str] | None = None,
) -> bytes:
    """A news page: ``head`` goes into <head>; ``inside_top`` opens the article body, ``inside`` sits after
    its fourth paragraph, ``end`` closes it; ``before``/``after`` around the <article>."""
    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(4, inside)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Two more morning ferries from June | The Ferry Times</title>
<meta property="og:title" content="Two more morning ferries from June">
<meta property="og:site_name" content="The Ferry Times">
<meta property="article:published_time" content="2026-05-14T09:00:00+01:00">
{head}
</head><body>
<header class="site-header"><a href="/">The Ferry Times</a><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
{before}
<article>
<h1>Two more morning ferries from June</h1>
<p class="byline">By Owen Marsh</p>
<div class="article-body">
{inside_top}
{"".join(body)}
{end}
</div>
</article>
{after}
<footer class="site-footer"><p>© The Ferry Times</p></footer>
</body></html>""".encode()


def extract(page: bytes) -> Article:
    return extract_article(page, URL)


# --------------------------------------------------------------------------------------------
# the page's description is usually the first paragraph


def test_a_description_that_is_the_first_paragraph_stays_in_the_body_and_is_no_subtitle() -> None:
    page = story_page(head=f'<meta name="description" content="{html.escape(PARAGRAPHS[0])}">')
    article = extract(page)
    assert article.text.startswith(PARAGRAPHS[0])
    assert article.subtitle == ""


def test_a_description_cut_short_from_the_first_paragraph_is_no_subtitle_either() -> None:
    cut = PARAGRAPHS[0][:90].rsplit(" ", 1)[0] + "…"
    article = extract(story_page(head=f'<meta property="og:description" content="{html.escape(cut)}">'))
    assert article.text.startswith(PARAGRAPHS[0])
    assert article.subtitle == ""


def test_a_description_that_says_something_else_is_the_subtitle() -> None:
    summary = "Commuters get the early crossings they asked for; evenings are reviewed in the autumn."
    article = extract(story_page(head=f'<meta name="description" content="{summary}">'))
    assert article.subtitle == summary
    assert article.text.startswith(PARAGRAPHS[0])


def test_a_standfirst_shown_under_the_headline_is_the_subtitle_and_leaves_the_body() -> None:
    standfirst = "Commuters get the early crossings they asked for; evenings are reviewed in the autumn."
    page = story_page(
        head=f'<meta name="description" content="{standfirst}">',
        inside_top=f'<p class="standfirst">{standfirst}</p>',
    )
    article = extract(page)
    assert article.subtitle == standfirst
    assert standfirst not in article.text and article.text.startswith(PARAGRAPHS[0])


# --------------------------------------------------------------------------------------------
# captions: in the figures, not in the running text


GALLERY = """
<ul class="photo-gallery">
  <li class="gallery-item"><div class="img-wrap"><img src="/photos/quay-queue.jpg" alt=""></div>
    <div class="caption"><div class="caption-full"><p>Commuters queue on the quay for the first boat of the day, which
    often leaves some of them behind.</p></div><span class="credit">Photo: Mair Pryce</span></div></li>
  <li class="gallery-item"><div class="img-wrap"><img src="/photos/dry-dock.jpg" alt=""></div>
    <div class="caption"><div class="caption-full"><p>The larger ferry will spend the summer in the dry dock at
    Lanmouth for its refit.</p></div><span class="credit">Photo: Mair Pryce</span></div></li>
</ul>"""


def test_gallery_captions_in_caption_boxes_are_not_running_text() -> None:
    article = extract(story_page(inside=GALLERY))
    assert "queue on the quay" not in article.text and "dry dock at Lanmouth for" not in article.text
    assert "Mair Pryce" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_picture_with_a_caption_box_becomes_a_figure_with_its_caption() -> None:
    box = """<div class="wp-caption aligncenter"><img src="/photos/slipway.jpg" alt="The slipway" width="800">
      <p class="wp-caption-text">Drivers queue at the morning slipway, which the harbour master expects to be
      busy in June.</p></div>"""
    article = extract(story_page(inside=box))
    assert "<figure>" in article.body_html and "<figcaption>Drivers queue at the morning slipway" in article.body_html
    assert "Drivers queue" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_gallery_of_figures_keeps_each_caption_once_in_its_figure() -> None:
    """trafilatura emits a figcaption in a list item again as text after the picture."""
    captions = [
        "The new pontoon seen from the harbour wall at low tide, with the fuel berth on the left. Credit: Ferry Times",
        "Crews practise the new berthing manoeuvre with the smaller ferry in calm weather. Credit: Ferry Times",
    ]
    gallery = '<ul class="article-gallery">' + "".join(
        f'<li><figure class="article-img"><img src="/photos/g{n}.jpg" alt="Pontoon"><figcaption>{c}</figcaption>'
        "</figure></li>" for n, c in enumerate(captions)
    ) + "</ul>"
    article = extract(story_page(inside=gallery))
    for caption in captions:
        assert caption[:40] not in article.text
        assert article.body_html.count(caption[:40]) == 1
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_lead_caption_repeating_the_first_paragraph_leaves_the_paragraph_in_the_body() -> None:
    lead = f"""<figure class="lead-picture"><img src="/photos/ferry-lead.jpg" alt="" width="1200">
      <figcaption><p class="picture-title">{html.escape(PARAGRAPHS[0])}</p></figcaption></figure>"""
    article = extract(story_page(inside_top=lead))
    assert article.text.startswith(PARAGRAPHS[0])


def test_a_video_description_under_its_poster_stays_in_the_text() -> None:
    video = """<div class="featured-video video-box"><div class="player-wrap"><img src="/video/poster.jpg" alt="">
      </div><div class="info"><div class="caption"><p>Harbour master explains the new slipway rules for the first
      weeks of the timetable.</p></div></div></div>"""
    article = extract(story_page(inside=video))
    assert "explains the new slipway rules" in article.text


# --------------------------------------------------------------------------------------------
# walls


def test_the_text_a_page_wraps_in_a_paywall_box_after_its_first_paragraphs_is_kept() -> None:
    """Publishers mark the part behind the wall with a box named "paywall" (as Google's paywall markup
    suggests) and still send all of it: the long box is the rest of the article, not a prompt."""
    rest = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS[3:])
    page = story_page(paragraphs=PARAGRAPHS[:3], inside=f'<div class="paywall">{rest}</div>')
    article = extract(page)
    assert all(p in article.text for p in PARAGRAPHS)



# --------------------------------------------------------------------------------------------
# a body cut into chunks


def test_a_body_cut_into_twin_containers_is_read_from_all_of_them() -> None:
    """Some sites cut a long story into chunks, one container each, with advertising between them;
    trafilatura takes the first container that looks like a body and stops there."""
    chunk = '<div class="story-grid grid-items"><div class="grid-item body article__body">{}</div></div>'
    first = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS[:4])
    second = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS[4:])
    chunks = (chunk.format(first) + '<div class="ad-rail"><p>Advertisement</p></div>' + chunk.format(second))
    page = story_page(paragraphs=[]).replace(b'<div class="article-body">', f'<div class="article-chunks">{chunks}'.encode())
    article = extract(page)
    assert all(p in article.text for p in PARAGRAPHS)
    assert article.text.index(PARAGRAPHS[3]) < article.text.index(PARAGRAPHS[4])
    assert "Advertisement" not in article.text


# --------------------------------------------------------------------------------------------
# the edges of the body: "see also" lines, calls to follow or subscribe


def test_see_also_lines_inside_the_story_go_in_any_language() -> None:
    lines = [
        '<p>Read also: <a href="/news/2026/05/01/harbour-fees">Harbour fees rise for the second year</a></p>',
        '<p><strong>LEA TAMBIÉN:</strong> <a href="/es/puerto">El puerto sube sus tarifas otra vez</a></p>',
        '<p>Lesen Sie auch: <a href="/de/hafen">Hafengebühren steigen erneut</a></p>',
        '<p>Zobacz także: <a href="/pl/port">Opłaty portowe znów w górę</a></p>',
    ]
    article = extract(story_page(inside="".join(lines)))
    for needle in ("Harbour fees rise", "El puerto sube", "Hafengebühren", "Opłaty portowe"):
        assert needle not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_see_also_label_goes_with_its_list_of_stories() -> None:
    related = """<p><strong>Temas relacionados</strong></p>
      <p><a href="/news/2026/04/12/new-pontoon">A new pontoon for the island's fishing boats is ready</a></p>
      <p><a href="/news/2026/03/02/ferry-strike">Ferry crews vote on a strike over the new rotas</a></p>"""
    article = extract(story_page(end=related))
    assert "relacionados" not in article.text and "pontoon" not in article.text and "strike" not in article.text
    assert article.text.endswith(PARAGRAPHS[-1])


def test_a_see_also_heading_goes_with_its_teaser_cards() -> None:
    cards = "".join(
        f'<figure><img src="/photos/card-{n}.jpg" alt="" width="300"></figure><p>{html.escape(summary)}</p>'
        for n, summary in enumerate([
            "The lighthouse keeper's cottage opens to visitors for the first time in forty years, with a small "
            "exhibition about the families who lived there.",
            "Anglers report the best mackerel season in a decade, and the harbour association plans a competition "
            "for the last weekend of August.",
        ])
    )
    article = extract(story_page(end=f"<h3>You may also like…</h3>{cards}"))
    assert "lighthouse keeper" not in article.text and "mackerel" not in article.text
    assert article.text.endswith(PARAGRAPHS[-1])


def test_headlines_of_a_related_stories_box_between_two_paragraphs_stay_out() -> None:
    """Subheadings that trafilatura drops between two paragraphs are put back, but not those of a box
    taken out of the page as boilerplate."""
    box = """<div class="article-widget article-related-stories"><ul>
      <li><a href="/news/2026/04/12/new-pontoon"><h4>A new pontoon for the island's fishing boats</h4></a></li>
      <li><a href="/news/2026/03/02/ferry-strike"><h4>Ferry crews vote on a strike over rotas</h4></a></li></ul></div>"""
    article = extract(story_page(inside=box))
    assert "pontoon" not in article.text and "strike" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_a_label_ending_with_a_colon_inside_a_container_goes_with_its_links() -> None:
    """A label may run on for a few words up to a colon, and sit in a container of its own."""
    box = """<div class="further"><p><strong>Weitere Beiträge aus der Kolumne:</strong></p>
      <p><a href="/kolumne/hafen">Warum der Hafen eine zweite Rampe braucht und wer sie bezahlen soll</a></p></div>"""
    article = extract(story_page(end=box))
    assert "Kolumne" not in article.text and "zweite Rampe" not in article.text
    assert article.text.endswith(PARAGRAPHS[-1])


def test_a_sentence_that_starts_like_a_label_stays() -> None:
    """Only a line that is mostly a link, or the label alone, is a "see also" line."""
    sentence = ("Read more carefully, the timetable shows that the 7.10 crossing will not run on bank holidays, "
                "which the company confirmed on Friday.")
    article = extract(story_page(inside=f"<p>{sentence}</p>"))
    assert sentence in article.text


def test_calls_to_follow_or_subscribe_at_the_end_go() -> None:
    calls = [
        "<p>Never miss a sailing: sign up for our free weekly newsletter.</p>",
        '<p>Follow The Ferry Times on <a href="https://social.example/ft">Instagram</a> and Telegram.</p>',
        "<p>Download our app for iOS and Android to get the timetable on your phone.</p>",
    ]
    article = extract(story_page(end="".join(calls)))
    assert article.text.endswith(PARAGRAPHS[-1])


def test_a_newsletter_prompt_goes_anywhere_and_the_site_s_own_channel_at_the_end() -> None:
    prompt = "<p>Never miss a crossing: sign up to our newsletter today!</p>"
    channel = "<p>¡Mira lo que tiene nuestro canal de YouTube!</p>"
    article = extract(story_page(inside=prompt, end=channel))
    assert "sign up to our newsletter" not in article.text and "YouTube" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)


def test_someone_s_own_account_at_the_end_is_news() -> None:
    last = "The harbour master has since set her Instagram account to private, the company said."
    article = extract(story_page(end=f"<p>{last}</p>"))
    assert article.text.endswith(last)


def test_a_paragraph_about_social_networks_inside_the_story_stays() -> None:
    """The same words in the middle of the story are the story."""
    middle = ("The parish council will announce changes on Facebook and Twitter as well as in the newsletter, "
              "and residents can follow the refit on the company's Instagram page.")
    article = extract(story_page(inside=f"<p>{middle}</p>"))
    assert middle in article.text


def test_a_way_back_to_the_list_goes() -> None:
    article = extract(story_page(end='<p><a href="/news">Zurück zur Listenansicht</a></p>'))
    assert "Listenansicht" not in article.text


# --------------------------------------------------------------------------------------------
# characters


def test_soft_hyphens_go_and_text_is_composed() -> None:
    """A soft hyphen only tells a browser where it may break a word; an engine would see two words.
    Text is in Unicode's composed form (NFC), whatever form the page used."""
    hyphenated = "Die Fähr\u00adge\u00adsell\u00adschaft fährt ab Juni zweimal mehr am Morgen."
    decomposed = "Die Fa\u0308hre nach Lanmouth wird im Sommer u\u0308berholt."
    article = extract(story_page(inside=f"<p>{hyphenated}</p><p>{decomposed}</p>"))
    assert "Die Fährgesellschaft fährt ab Juni zweimal mehr am Morgen." in article.text
    assert "Die Fähre nach Lanmouth wird im Sommer überholt." in article.text
    assert "\u00ad" not in article.body_html and "\u0308" not in article.body_html


# --------------------------------------------------------------------------------------------
# boxes named for print


def test_a_print_header_goes_but_an_article_marked_print_only_stays() -> None:
    header = ('<div class="print-header"><img src="/img/print-logo.png" alt="print logo">'
              f"<span>{URL}</span></div>")
    article = extract(story_page(inside_top=header))
    assert URL not in article.text and "print logo" not in article.body_html
    wrapped = story_page().replace(b'<div class="article-body">', b'<div class="article-body print-only">')
    assert all(p in extract(wrapped).text for p in PARAGRAPHS)


def test_a_short_paywall_prompt_beside_the_article_is_not_text() -> None:
    prompt = '<div class="paywall-prompt"><p>Subscribers read on without limits. Subscribe today.</p></div>'
    article = extract(story_page(inside=prompt))
    assert "Subscribers read on" not in article.text
    assert all(p in article.text for p in PARAGRAPHS)
