"""What the page shows a reader at the top of the article: the headline (``<h1>``), the
standfirst, the byline and the author names it gives, the lead figure with its caption and credit,
and the article's tag and category links. Each found element is also a header part
(``PageMetadata.header_parts``), which the extractor removes from the body so it is not repeated.

Dates the page prints are in ``visible_dates``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from dragoman.extract.bylines import clean_author_names, looks_like_byline
from dragoman.extract.dom import BLOCK_TAGS, class_id_text, class_tokens, is_same_image, norm_key, text_length, text_of
from dragoman.extract.metadata.common import _EXCLUDED_ANCESTORS, _contains, _has_ancestor, _keywords
from dragoman.extract.metadata.region import _BYLINE_TOKENS, _STANDFIRST_TOKENS, _Region, _is_wrapper
from dragoman.extract.metadata.visible_dates import _DATE_LINE_MAX, _is_date_line
from dragoman.sanitize import sanitize_text


_CREDIT_TOKENS = frozenset({"credit", "credits", "copyright", "photographer", "photocredit", "byline", "source"})
# "Photo:" and its kin, at the start of a credit or before the credit at the end of a caption
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|picture|image|illustration|foto(?:s|grafía|grafia)?|bild|crédits?(?:\s+photo)?|"
    r"credits?|copyright|imagen|immagine|写真|撮影|画像|تصوير|صورة|عدسة)"
)
_CREDIT_LEAD = rf"(?:{_CREDIT_WORDS}(?:\s*[:：]|\s+(?:by|de|di|von|par)\b\s*[:：]?)|©)"
_CREDIT_PREFIX = re.compile(rf"(?i)^\(?\s*{_CREDIT_LEAD}\s*")
_CAPTION_CREDIT = re.compile(rf"(?i)(?:^|(?<=[.。!?！？)])\s*|\s)\(?{_CREDIT_LEAD}\s*([^()]{{2,80}}?)\)?\s*$")
_CREDIT_MAX_WORDS = 8

# tokens that alone are not enough ("lead"/"intro" may be the first body paragraph, "kicker" the
# section label): such elements count only when their text also equals the description
_WEAK_STANDFIRST_TOKENS = frozenset({"lead", "intro", "sub", "kicker", "description", "summary", "excerpt"})
_MEDIA_TOKENS = frozenset({"image", "img", "media", "photo", "picture", "figure", "visual", "thumbnail"})
_FIGURE_TAGS = frozenset({"figure", "figcaption", "picture"})


def _find_headline(tree: HtmlElement, region: _Region, title: str) -> HtmlElement | None:
    key = norm_key(title)
    candidates = list(region.root.iter("h1"))
    body = tree.find("body")
    if body is not None and body is not region.root:
        candidates += [h for h in body.iter("h1") if not _contains(region.root, h)]
    if key:
        for h1 in candidates:
            h1_key = norm_key(text_of(h1))
            if h1_key and (h1_key == key or (len(h1_key) > 10 and (h1_key in key or key in h1_key))):
                return h1
    inside = [h for h in region.root.iter("h1") if region.in_header(h)]
    return inside[0] if inside else None


def _find_standfirsts(region: _Region, description: str, headline: HtmlElement | None) -> list[HtmlElement]:
    key = norm_key(description)
    found: list[HtmlElement] = []
    for element in region.header_elements("p", "div", "h2", "h3", "span", "section"):
        if element is headline or any(_contains(f, element) for f in found):
            continue
        tokens = class_tokens(element) | {(element.get("itemprop") or "").lower()}
        if "kicker" in tokens:
            continue
        strong = bool(tokens & (_STANDFIRST_TOKENS - _WEAK_STANDFIRST_TOKENS))
        weak = bool(tokens & _WEAK_STANDFIRST_TOKENS)
        length = text_length(element)
        if not 15 <= length <= 800:
            continue
        # without a class hint, only an element whose text is the description can be one
        if not (strong or weak) and not (key and abs(length - len(description)) <= 0.2 * len(description) + 5):
            continue
        text_key = norm_key(text_of(element))
        same_text = bool(key) and text_key == key
        weak = weak and bool(key) and text_key.startswith(key[:60])
        if not (strong or same_text or weak):
            continue
        if _is_wrapper(element, region, [headline]) or element.find(".//h1") is not None:
            continue
        if length <= _DATE_LINE_MAX and _is_date_line(text_of(element)):
            continue  # "Hamburg, 2. November 2026" under the headline is a dateline
        if element.find(".//figure") is None:
            found.append(element)
    return found


def _byline_block(element: HtmlElement, region: _Region, avoid: list[HtmlElement | None]) -> HtmlElement:
    """Widen a byline match to its line: the nearest small block around it."""
    own_length = text_length(element)
    best = element
    for ancestor in element.iterancestors():
        if ancestor is region.root or ancestor.tag in ("header", "article", "main", "body", "section"):
            break
        length = text_length(ancestor)
        if length > max(250, own_length + 80) or _is_wrapper(ancestor, region, avoid):
            break
        if ancestor.find(".//h1") is not None or ancestor.find(".//figure") is not None:
            break
        best = ancestor
        if ancestor.tag in ("p", "address", "li"):
            break
    return best


def _is_byline_element(element: HtmlElement) -> bool:
    if element.get("rel") == "author" or "author" in (element.get("itemprop") or "").lower():
        return True
    tokens = class_tokens(element)
    if tokens & _BYLINE_TOKENS and not tokens & {"bio", "avatar", "image", "img", "photo", "picture"}:
        return True
    return "byline" in class_id_text(element)


def _find_bylines(
    region: _Region, avoid: list[HtmlElement | None], known_names: list[str]
) -> tuple[list[HtmlElement], list[str]]:
    """Byline blocks in the article header and the author names they give.

    A byline is an element marked up as one (class byline/author..., ``rel=author``,
    ``itemprop=author``), else a short line in the header that starts with "By ..." or that
    names the authors the structured metadata gave (``known_names``).
    """
    matches = [
        e for e in region.header_elements()
        if e.tag not in ("img", "picture", "figure", "meta", "link") and _is_byline_element(e)
        and 2 < text_length(e) <= 250 and not _has_ancestor(e, _FIGURE_TAGS, region.root)
    ]  # fmt: skip
    if not matches:
        known = [norm_key(name) for name in known_names if len(norm_key(name)) >= 4]
        for element in region.header_elements("p", "div", "span", "address", "li"):
            if any(child.tag in BLOCK_TAGS for child in element) or element is region.first_paragraph:
                continue
            text = text_of(element)
            if looks_like_byline(text) or (known and len(text) <= 200 and any(k in norm_key(text) for k in known)):
                matches.append(element)
                break
    outermost = [m for m in matches if not any(o is not m and _contains(o, m) for o in matches)]
    blocks: list[HtmlElement] = []
    names: list[str] = []
    for match in outermost:
        block = _byline_block(match, region, avoid)
        if not any(_contains(b, block) for b in blocks):
            blocks = [b for b in blocks if not _contains(block, b)] + [block]
        linked = [text_of(a) for a in match.iter() if a is not match and _is_author_link(a)]
        if match.get("rel") == "author" or (match.tag == "a" and match.get("itemprop")):
            linked = [text_of(match)]
        names += clean_author_names(linked, strict=True) if linked else clean_author_names(text_of(match), strict=True)
    return blocks, clean_author_names(names)


_AUTHOR_PAGE = re.compile(r"/(author|authors|autor|autores|auteur|profile|people|staff|journalist)s?/")


def _is_author_link(element: HtmlElement) -> bool:
    """A link or element naming one author inside a byline."""
    if element.get("rel") == "author" or "author" in (element.get("itemprop") or "").lower():
        return True
    return element.tag == "a" and bool(_AUTHOR_PAGE.search(element.get("href", "")))


def _title_element(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The heading (``<h1>`` to ``<h6>``) that shows the title, for pages whose headline is not an
    ``<h1>`` ("<h1>News</h1> ... <h3>The story's title</h3>")."""
    key = norm_key(title)
    body = tree.find("body")
    if not key or body is None:
        return None
    for heading in body.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        heading_key = norm_key(text_of(heading))
        if heading_key and (heading_key == key or (len(heading_key) > 10 and heading_key in key)):
            return heading
    return None


def _figure_image(figure: HtmlElement) -> str:
    img = figure if figure.tag == "img" else figure.find(".//img")
    return img.get("src", "") if img is not None else ""


def figure_caption(figure: HtmlElement) -> str:
    """The visible caption of a figure (its ``<figcaption>`` or caption/credit element)."""
    caption = figure.find(".//figcaption")
    if caption is not None:
        return sanitize_text(text_of(caption))
    parts = [
        text_of(e) for e in figure.iter()
        if e is not figure and class_tokens(e) & {"caption", "credit", "credits", "copyright", "source"}
        and not any(_contains(o, e) for o in figure.iter() if o is not e and o is not figure
                    and class_tokens(o) & {"caption", "credit", "credits", "copyright", "source"})
    ]  # fmt: skip
    return sanitize_text(" ".join(p for p in parts if p))


def _is_small_image(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < 120:
            return True
    return False


def _find_lead_figure(region: _Region, avoid: list[HtmlElement | None]) -> HtmlElement | None:
    for element in region.header_elements("figure", "picture", "div", "span", "p"):
        if element.tag in ("div", "span", "p"):
            # a media box ("photo", "media") above the first body paragraph is the lead picture;
            # its name need not say "lead" ("lead-image", "hero-media" say it twice)
            if not class_tokens(element) & _MEDIA_TOKENS:
                continue
            if text_length(element) > 400:
                continue
        img = element.find(".//img")
        if img is None or not img.get("src") or _is_small_image(img):
            continue
        if any(_contains(b, element) for b in avoid if b is not None):
            continue
        if element.tag == "picture":
            parent = element.getparent()
            return parent if parent is not None and parent.tag == "figure" else element
        return element
    return None


def _rel_tag_links(region: HtmlElement) -> tuple[list[str], list[str]]:
    """Tag and category links of the article (``rel="tag"``, ``rel="category tag"``, as
    WordPress writes them), outside navigation and sidebars: (tags, categories)."""
    tags: list[str] = []
    categories: list[str] = []
    for link in region.iterfind(".//a[@rel]"):
        rel = link.get("rel", "").lower().split()
        if "tag" not in rel or _has_ancestor(link, _EXCLUDED_ANCESTORS - {"footer"}, region):
            continue
        if text := sanitize_text(text_of(link)):
            (categories if "category" in rel else tags).append(text)
    return _keywords(tags), categories


def strip_credit_prefix(text: str) -> str:
    """'Photo: Jane Roe' -> 'Jane Roe'; '(© Agency)' -> 'Agency'."""
    text = sanitize_text(text)
    return _CREDIT_PREFIX.sub("", text, count=1).strip(" ()[]") if text else ""


def caption_credit(caption: str) -> str:
    """The credit written at the end of a caption: '... chamber. Photo: Owen Pryce/Ledger' ->
    'Owen Pryce/Ledger'; '' when the caption names none."""
    match = _CAPTION_CREDIT.search(caption or "")
    credit = sanitize_text(match.group(1)).strip(" .") if match else ""
    return credit if len(credit.split()) <= _CREDIT_MAX_WORDS else ""


def _credit_element_text(figure: HtmlElement) -> str:
    """The text of a figure's credit element (``.credit``, ``.copyright``...), prefix removed."""
    for element in figure.iter():
        if element is not figure and isinstance(element.tag, str) and class_tokens(element) & _CREDIT_TOKENS:
            if credit := strip_credit_prefix(text_of(element)):
                return credit
    return ""


def _figures(region: HtmlElement) -> Iterator[HtmlElement]:
    """Figures of the region: ``<figure>`` elements and bare images outside any figure."""
    for element in region.iter("figure", "img"):
        if element.tag == "figure":
            yield element
        elif not _has_ancestor(element, frozenset({"figure"}), region):
            yield element


def _figure_showing(region: HtmlElement, image: str) -> HtmlElement | None:
    for figure in region.iter("figure"):
        if is_same_image(_figure_image(figure), image):
            return figure
    return None
