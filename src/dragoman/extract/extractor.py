"""HTML page -> ``Article``.

The steps, on one parsed tree:

1. decode the bytes as a browser would (``encoding.decode_html``);
2. parse once with lxml (``dom.parse_html``) and make every link and image URL absolute
   against the page URL (or its ``<base href>``), so nothing downstream resolves URLs again
   (trafilatura resolves them against the site root only, which breaks ``../x`` links);
3. read the metadata (``metadata.extract_metadata``) and locate the headline, standfirst,
   byline, dateline and lead figure;
4. remove those parts and the boilerplate boxes (``boilerplate.prune_boilerplate``) from the
   tree, so that trafilatura does not put them in the body, and fix the inline images it would
   mishandle (``body.prepare_images``);
5. let trafilatura find the body in that same tree (``body.trafilatura_body``): in the article
   region alone when the region clearly holds the article, else in the whole page; then rebuild
   the body's structure (``body.build_body``);
6. refuse pages that are not articles (too little text, or mostly links);
7. sanitize the body HTML last (``dragoman.sanitize.sanitize_html``).

trafilatura receives the parsed tree, never the HTML string, so the page is parsed once
(trafilatura copies the tree it is given; htmldate, only asked when no date was found, too).
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml.etree import SubElement
from lxml.html import Element, HtmlElement

from dragoman.extract.article import Article, ExtractionError
from dragoman.extract.body import (
    BodyResult,
    anchor_keys,
    build_body,
    collect_original_parts,
    prepare_images,
    trafilatura_body,
)
from dragoman.extract.boilerplate import prune_boilerplate
from dragoman.extract.dom import absolutize_urls, base_url, parse_html, text_length
from dragoman.extract.encoding import decode_html
from dragoman.extract.metadata import extract_metadata
from dragoman.sanitize import sanitize_html, sanitize_text

__all__ = ["MIN_BODY_CHARS", "MAX_LINK_SHARE", "extract_article"]

#: A body with fewer characters of text is not an article (teaser, consent wall, error page).
MIN_BODY_CHARS = 250
#: A body where more of the text than this sits inside links is a list of links (index page).
MAX_LINK_SHARE = 0.5
#: Search the article region alone when it holds at least this share of the page's paragraph text.
REGION_SHARE = 0.6
#: trafilatura's mode ("balanced", "precision" or "recall"). Measured with
#: ``tests/extract/timing.py --modes`` and the tests: the three keep every body link of the demo
#: site with no boilerplate; on the test pages "recall" let an unmarked byline line into a body
#: (before bylines in the header were located by the names the metadata gives) and "precision"
#: reduced an index page to 20 characters instead of recognising it as a list of links.
#: "balanced" is trafilatura's default and what its benchmarks are tuned on.
FOCUS = "balanced"


def extract_article(html: bytes | str, url: str, *, headers: Mapping[str, str] | None = None) -> Article:
    """Extract the article of a page.

    ``html``: the page as fetched (bytes, decoded as browsers do) or already decoded text.
    ``url``: the final URL of the page (after redirects); relative links resolve against it.
    ``headers``: the HTTP response headers, for ``Content-Type`` charset and ``Content-Language``.

    Raises ``ExtractionError`` when the page holds no article.
    """
    if not html:
        raise ExtractionError("empty page")
    decoded = decode_html(html, headers)
    try:
        tree = parse_html(decoded.text)
    except ValueError as err:
        raise ExtractionError(f"not an HTML page ({err})") from err
    base = base_url(tree, url)
    absolutize_urls(tree, base)

    meta = extract_metadata(tree, url, base=base, headers=headers)
    region = meta.region if meta.region is not None else tree
    originals = collect_original_parts(region)

    for part in meta.header_parts.all():
        if part.getparent() is not None:
            part.drop_tree()
    keep = next((p for p in region.iter("p") if text_length(p) >= 80), None)
    prune_boilerplate(tree, region, keep)
    prepare_images(region)
    page_anchor_keys = anchor_keys(tree)
    region_text = text_length(region)

    def body_from(root: HtmlElement) -> BodyResult | None:
        xml_body = trafilatura_body(root, base, focus=FOCUS)
        if xml_body is None:
            return None
        return build_body(
            xml_body,
            originals=originals,
            title=meta.title,
            subtitle=meta.subtitle,
            lead_image=meta.image,
            lead_caption=meta.image_caption,
            page_anchor_keys=page_anchor_keys,
        )

    narrow = _RegionOnly(tree, region, keep)
    body = body_from(narrow.root)
    if narrow.active and (body is None or len(body.text) < MIN_BODY_CHARS):
        narrow.undo()  # the region alone was not enough: search the whole page
        body = body_from(tree)
    if body is None:
        raise ExtractionError(f"no article body found ({region_text} characters of text on the page)")
    length = len(body.text)
    if length < MIN_BODY_CHARS:
        raise ExtractionError(f"no article body found ({length} characters of text)")
    if body.link_text_share > MAX_LINK_SHARE:
        raise ExtractionError(
            f"no article body found: {body.link_text_share:.0%} of its {length} characters are links "
            "(an index or navigation page)"
        )

    return Article(
        url=url,
        title=meta.title,
        subtitle=meta.subtitle,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        language=meta.language,
        sitename=sanitize_text(meta.sitename),
        canonical_url=meta.canonical_url,
        image=meta.image,
        image_caption=meta.image_caption,
        body_html=sanitize_html(body.html),
        text=body.text,
    )


class _RegionOnly:
    """The tree trafilatura should search: the article region alone when it clearly holds the
    article (an ``<article>``/``<main>``-like element with most of the page's paragraph text),
    else the whole page. Searching the region alone is about a third faster and keeps sidebars
    out. The region is moved, not copied, into a bare ``<html><body>``; ``undo()`` puts it back."""

    def __init__(self, tree: HtmlElement, region: HtmlElement, first_paragraph: HtmlElement | None):
        self.root, self.active = tree, False
        self._region = region
        body = tree.find("body")
        parent = region.getparent()
        if first_paragraph is None or region.tag in ("html", "body") or body is None or parent is None:
            return
        page_text = sum(text_length(p) for p in body.iter("p"))
        region_text = sum(text_length(p) for p in region.iter("p"))
        if not page_text or region_text < REGION_SHARE * page_text:
            return
        self._place = (parent, parent.index(region))
        root = Element("html")
        if lang := tree.get("lang"):
            root.set("lang", lang)
        SubElement(root, "body").append(region)
        self.root, self.active = root, True

    def undo(self) -> None:
        parent, index = self._place
        parent.insert(index, self._region)
        self.root, self.active = parent.getroottree().getroot(), False
