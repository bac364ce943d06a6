"""HTML page -> ``Article``.

The steps, on one parsed tree:

1. decode the bytes as a browser would (``encoding.decode_html``);
2. parse once with lxml (``dom.parse_html``), malformed markup repaired as a browser reads it
   (``dragoman.htmlrepair``), and make every link and image URL absolute against the page URL (or
   its ``<base href>``, unless no browser could use it), so nothing downstream resolves URLs again
   (trafilatura resolves them against the site root only, which breaks ``../x`` links);
3. apply the site's rules, when the operator gave some (``rules.SiteRules``): remove what
   they say to remove, note the body they choose;
4. read the metadata (``metadata.extract_metadata``; the rules' title, author and date
   selectors override it) and locate the headline, standfirst, byline, dateline and lead figure;
5. remove those parts and the boilerplate boxes (``boilerplate.prune_boilerplate``) from the
   tree, so that trafilatura does not put them in the body, and fix the inline images it would
   mishandle (``body.prepare_images``);
6. find the body. A site rule's body is taken as it is (``body.body_from_elements``).
   Otherwise trafilatura finds it in that same tree (``body.trafilatura_body``): in the article
   region alone when the region clearly holds the article, else in the whole page; then its
   structure is rebuilt (``body.build_body``). When that gives less than ``MIN_BODY_CHARS``,
   two fallbacks follow, each kept only if it finds more: trafilatura in recall mode on the
   whole page with the removed boxes put back (a site may name its article container like
   boilerplate), then the JSON-LD ``articleBody`` (pages whose text is drawn by scripts). A body
   that trafilatura found in one of several twin containers is read from all of them
   (``body.missing_chunks``). A page description that repeats the first paragraph is no subtitle
   (``_is_lede``): it stays in the body. On a
   page marked not free (``isAccessibleForFree: false``) a body that is only the ``articleBody``
   is dropped (what the page gives search engines), unless the page shows that text itself
   (``refusal.page_shows``: Google's paywall markup around the whole text);
7. refuse pages that are not articles, with the reason and its evidence (``refusal.judge``: error
   page, consent wall, paywall stub, index page, no body; it reads the body's element too, to tell
   the text outside its links from the links);
8. decide the language from the headline and running text, reconciled with the page's declaration
   (``language.decide``: the text wins when it is long and the verdict confident);
9. sanitize the body HTML last (``dragoman.sanitize.sanitize_html``).

trafilatura receives the parsed tree, never the HTML string, so the page is parsed once
(trafilatura copies the tree it is given; htmldate, only asked when no date was found, too).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

from lxml import etree
from lxml.etree import SubElement
from lxml.html import Element, HtmlElement

from dragoman.extract.article import Article, ExtractionError
from dragoman.extract.language import decide as decide_language
from dragoman.extract.body import (
    BodyResult,
    OriginalParts,
    anchor_keys,
    body_from_elements,
    body_from_text,
    build_body,
    collect_original_parts,
    join_bodies,
    missing_chunks,
    prepare_images,
    trafilatura_body,
)
from dragoman.extract.boilerplate import Pruned, prune_boilerplate
from dragoman.extract.dom import (
    absolutize_urls,
    base_url,
    is_paragraph_sized,
    norm_key,
    parse_html,
    text_length,
    text_of,
)
from dragoman.extract.encoding import decode_html
from dragoman.extract.metadata import PageMetadata, extract_metadata
from dragoman.extract.refusal import (
    MAX_LINK_SHARE,
    MIN_BODY_CHARS,
    Evidence,
    explains_a_short_body,
    judge,
    page_shows,
    teaser_keys,
)
from dragoman.extract.rules import SiteRules
from dragoman.sanitize import sanitize_html, sanitize_text

__all__ = ["MIN_BODY_CHARS", "MAX_LINK_SHARE", "extract_article"]

log = logging.getLogger(__name__)

#: Search the article region alone when it holds at least this share of the page's paragraph text.
REGION_SHARE = 0.6
#: trafilatura's mode ("balanced", "precision" or "recall"). Measured with
#: ``tests/extract/timing.py --modes`` and the tests: the three keep every body link of the demo
#: site with no boilerplate; on the test pages "recall" let an unmarked byline line into a body
#: (before bylines in the header were located by the names the metadata gives) and "precision"
#: reduced an index page to 20 characters instead of recognising it as a list of links.
#: "balanced" is trafilatura's default and what its benchmarks are tuned on. "recall" is the
#: first fallback when "balanced" finds too little.
FOCUS = "balanced"


def extract_article(
    html: bytes | str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    rules: SiteRules | None = None,
) -> Article:
    """Extract the article of a page.

    ``html``: the page as fetched (bytes, decoded as browsers do) or already decoded text.
    ``url``: the final URL of the page (after redirects); relative links resolve against it.
    ``headers``: the HTTP response headers, for ``Content-Type`` charset and ``Content-Language``.
    ``rules``: the operator's selectors for this site, overriding the automatic choices.

    Raises ``ExtractionError`` (with a ``reason`` code) when the page holds no article, and nothing else:
    whatever a malformed page provokes deep inside lxml or trafilatura is an ``ExtractionError`` too.
    """
    try:
        return _extract_article(html, url, headers=headers, rules=rules)
    except ExtractionError:
        raise
    except (ValueError, etree.LxmlError) as err:  # a malformed page deep inside lxml or trafilatura
        raise ExtractionError(f"page could not be parsed ({type(err).__name__}: {err})", reason="not_html") from err
    except Exception as err:  # a page that trips a library (or this module) up refuses itself, nothing more
        log.exception("extraction crashed on %s", url)
        raise ExtractionError(f"page could not be read ({type(err).__name__}: {err})", reason="not_html") from err


def _extract_article(
    html: bytes | str,
    url: str,
    *,
    headers: Mapping[str, str] | None,
    rules: SiteRules | None,
) -> Article:
    try:
        urlsplit(url)
    except ValueError as err:  # "http://[1.2.3.4]/": no page is served from there
        raise ExtractionError(f"the page's address is not a URL ({err}): {url}", reason="bad_url") from None
    if not html:
        raise ExtractionError("empty page", reason="empty")
    decoded = decode_html(html, headers)
    try:
        tree = parse_html(decoded.text)
    except ValueError as err:
        raise ExtractionError(f"not an HTML page ({err})", reason="not_html") from err
    base = base_url(tree, url)
    absolutize_urls(tree, base)

    rule_body: list[HtmlElement] = []
    removed_by: list[str] = []
    if rules:
        removed_by = rules.remove_elements(tree)
        rule_body = rules.body_elements(tree)
    meta = extract_metadata(tree, url, base=base, headers=headers)
    if rules:
        rules.override_metadata(tree, meta)
    region = meta.region if meta.region is not None else tree
    originals = collect_original_parts(region)

    headline = text_of(meta.header_parts.headline)
    for part in meta.header_parts.all():
        if part.getparent() is not None and not any(_contains(part, chosen) for chosen in rule_body):
            part.drop_tree()
    keep = next((p for p in region.iter("p") if is_paragraph_sized(p)), None)
    pruned = prune_boilerplate(tree, region, keep, untouched=rule_body)
    page_anchor_keys = anchor_keys(tree)
    evidence = Evidence(tree, meta, pruned.elements, teaser_keys(tree), headline=headline, url=url)

    if rule_body:
        body: BodyResult | None = body_from_elements(
            rule_body,
            title=meta.title,
            subtitle=_shown_standfirst(meta),
            lead_image=meta.image,
            lead_caption=meta.image_caption,
            page_anchor_keys=page_anchor_keys,
        )
    else:
        body = _automatic_body(tree, region, keep, meta, originals, page_anchor_keys, base, pruned, evidence)

    refusal = judge(
        body.text if body is not None else None,
        body.link_text_share if body else 0.0,
        evidence,
        body.root if body is not None else None,
    )
    if refusal is not None:
        refusal.title, refusal.published = meta.title, meta.published
        raise refusal
    assert body is not None  # judge refuses a page without a body
    subtitle = meta.subtitle if not _is_lede(meta, body) else ""
    language = decide_language(meta.language, meta.title, body.running_text)

    return Article(
        url=url,
        title=meta.title,
        subtitle=subtitle,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        language=language.language,
        declared_language=meta.language,
        sitename=sanitize_text(meta.sitename),
        canonical_url=meta.canonical_url,
        image=meta.image,
        image_caption=meta.image_caption,
        image_credit=meta.image_credit,
        tags=meta.tags,
        about=meta.about,
        section=meta.section,
        body_html=sanitize_html(body.html),
        text=body.running_text,
        removed_by=removed_by,
    )


def _automatic_body(
    tree: HtmlElement,
    region: HtmlElement,
    keep: HtmlElement | None,
    meta: PageMetadata,
    originals: OriginalParts,
    page_anchor_keys: set[str],
    base: str,
    pruned: Pruned,
    evidence: Evidence,
) -> BodyResult | None:
    """trafilatura's body, then the fallbacks when it is too short (see the module docstring)."""
    prepare_images(region)

    def body_from(root: HtmlElement | list[HtmlElement], focus: str, fast: bool = False) -> BodyResult | None:
        """The body trafilatura finds in a page, or in successive chunk pages joined."""
        pages = root if isinstance(root, list) else [root]
        found = [xml for page in pages if (xml := trafilatura_body(page, base, focus=focus, fast=fast)) is not None]
        if not found:
            return None
        return build_body(
            join_bodies(found),
            originals=originals,
            title=meta.title,
            subtitle=_shown_standfirst(meta),
            lead_image=meta.image,
            lead_caption=meta.image_caption,
            page_anchor_keys=page_anchor_keys,
        )

    narrow = _RegionOnly(tree, region, keep)
    body = body_from(narrow.root, FOCUS)
    if narrow.active:
        narrow.undo()  # the page is whole again (the not-an-article checks read it)
    # an error page or a consent notice: looking harder for a body is pointless
    look_further = _short(body) and not explains_a_short_body(body.text if body else "", evidence)
    if narrow.active and look_further:  # the region alone was not enough: search the whole page
        body = body_from(tree, FOCUS)
    if look_further and _short(body):
        pruned.restore()
        # trafilatura's own fallbacks have just run on this page: not once more
        body = _longer(body, body_from(tree, "recall", fast=True))
    if not _short(body) and (chunks := missing_chunks(region, body)):
        # the body is cut into twin containers and trafilatura kept one: search them all
        whole = body_from(chunks, FOCUS)
        if whole is not None and _holds(whole, body):
            body = whole
    if meta.article_body and body is not None and _is_copy_of(body, meta.article_body):
        if meta.accessible_for_free is False and not page_shows(tree, body.text):
            # the only text is what the page gives search engines, and it says it is not free
            # (when the page shows that text too, as Google's paywall markup has it, it is the body)
            return None
        if "\n\n" not in body.text:  # trafilatura's own fallback ran it into one paragraph
            body = body_from_text(meta.article_body, title=meta.title, subtitle=_shown_standfirst(meta))
    elif _short(body) and meta.article_body and meta.accessible_for_free is not False:
        body = _longer(body, body_from_text(meta.article_body, title=meta.title, subtitle=_shown_standfirst(meta)))
    return body


def _shown_standfirst(meta: PageMetadata) -> str:
    """The standfirst the page shows under its headline (found and taken out of the page), else "".
    Only that one is taken out of the body again: a subtitle that is the page's description
    (meta, OpenGraph, JSON-LD) is most often the article's first paragraph, or its first words,
    which stay in the body (see ``_is_lede``)."""
    return meta.subtitle if meta.sources.get("subtitle") == "page" else ""


#: A description this long (as a comparison key) that starts the body is its first paragraph cut
#: short ("…"); a shorter one must be the whole first paragraph.
_LEDE_PREFIX_KEY = 40


def _is_lede(meta: PageMetadata, body: BodyResult) -> bool:
    """Whether the subtitle is the page's description repeating the body's first paragraph, whole or
    cut short (a short post's description is the whole post): then it is no subtitle."""
    if not meta.subtitle or meta.sources.get("subtitle") == "page":
        return False
    key = norm_key(meta.subtitle)
    first, whole = norm_key(body.text.split("\n\n", 1)[0]), norm_key(body.text)
    return bool(key) and (key in (first, whole) or (len(key) >= _LEDE_PREFIX_KEY and whole.startswith(key)))


def _holds(longer: BodyResult, body: BodyResult) -> bool:
    """Whether ``longer`` is longer than ``body`` and holds most of its paragraphs."""
    if len(longer.text) <= len(body.text):
        return False
    keys = {norm_key(block) for block in longer.text.split("\n\n")}
    blocks = [norm_key(block) for block in body.text.split("\n\n")]
    return sum(1 for block in blocks if block in keys) >= 0.8 * len(blocks)


def _is_copy_of(body: BodyResult, article_body: str) -> bool:
    """Whether the body found is the JSON-LD ``articleBody`` (trafilatura's fallbacks read it)."""
    key = norm_key(body.text)
    return len(key) > 100 and key in norm_key(article_body)


def _short(body: BodyResult | None) -> bool:
    return body is None or len(body.text) < MIN_BODY_CHARS


def _longer(first: BodyResult | None, second: BodyResult | None) -> BodyResult | None:
    if second is None:
        return first
    if first is None or len(second.text) > len(first.text):
        return second
    return first


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return ancestor is element or any(a is ancestor for a in element.iterancestors())


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
        in_region = {p: text_length(p) for p in region.iter("p")}  # measured once, counted in both sums
        region_text = sum(in_region.values())
        page_text = sum(in_region[p] if p in in_region else text_length(p) for p in body.iter("p"))
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
