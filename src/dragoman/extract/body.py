"""The article body: trafilatura finds it, this module gives it back its structure.

trafilatura returns the main content as its own XML (``head``, ``list``/``item``, ``quote``,
``hi``, ``ref``, ``graphic``, ``table``/``row``/``cell``). Its HTML output flattens some of it
(every list becomes ``<ul>``, captions and colspans are lost), so the XML is converted here:

- ``head rend=hN`` -> ``hN`` (an ``h1`` becomes ``h2``: the headline is a separate field);
- ``list rend=ul|ol|dl`` -> ``ul``/``ol``/``dl`` with ``li`` or ``dt``/``dd``;
- ``quote`` -> ``blockquote``, or ``q`` inside a sentence, or ``pre`` when the page had a ``<pre>``;
- ``hi`` -> ``em``/``strong``/``sub``/``sup``/``code``; ``ref`` -> ``a href``; ``lb`` -> ``br``;
- ``graphic`` -> ``img``, wrapped in ``figure`` with the caption the page gave it: its
  ``<figcaption>``, or a box named as a caption beside it (``wp-caption-text``, ``caption``);
- a ``table`` is replaced by the page's own table (colspan, rowspan, caption, header cells),
  found by its text.

Then the leftovers are removed: the headline, the standfirst the page shows or the byline if
trafilatura kept them, the lead image, captions left without their picture (a gallery's, a caption
box read as a paragraph) unless the page has the same text as a paragraph of its own, one-line
calls to share or subscribe, what ``edges.trim_edges`` finds ("see also" lines, calls to action at
the edges), empty elements. ``BodyResult.text`` holds every text, captions included (the
not-an-article checks weigh it); ``running_text`` leaves the figures' captions out (``Article.text``).

A body that a site cuts into twin containers (``missing_chunks``) is read from each of them and
joined (``join_bodies``): trafilatura stops at the first.

Two other ways in, for when trafilatura is not the one choosing the body:

- ``body_from_elements``: page elements chosen by a site rule's body selector are taken as they
  are: containers (``div``, ``section``...) are flattened, their blocks kept, loose text and
  ``<br><br>``-separated runs become paragraphs;
- ``body_from_text``: a body given as text or HTML (JSON-LD ``articleBody``), paragraphs at
  blank lines.

All three end with the same clean-up and give a ``BodyResult``.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml.etree import Element, SubElement, _Element
from lxml.html import Element as html_element
from lxml.html import HtmlElement, tostring

from dragoman.extract.bylines import looks_like_byline
from dragoman.extract.edges import trim_edges
from dragoman.extract.dom import (
    class_tokens,
    is_paragraph_sized,
    is_same_image,
    norm_key,
    remove_keeping_tail,
    text_length,
    text_of,
    topmost,
)

__all__ = [
    "BodyResult",
    "OriginalParts",
    "anchor_keys",
    "body_from_elements",
    "body_from_text",
    "build_body",
    "collect_original_parts",
    "join_bodies",
    "missing_chunks",
    "prepare_images",
    "trafilatura_body",
]

_HI_TAGS = {"#i": "em", "#b": "strong", "#sub": "sub", "#sup": "sup", "#t": "code"}
_BLOCK_OUTPUT = frozenset(
    {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "li", "dt", "dd", "blockquote", "figure",
     "figcaption", "table", "pre", "hr"}
)  # fmt: skip
_TABLE_KEEP_ATTRS = {"td": ("colspan", "rowspan"), "th": ("colspan", "rowspan"), "a": ("href", "title"),
                     "img": ("src", "alt", "title", "width", "height"), "abbr": ("title",)}  # fmt: skip
_GLOBAL_KEEP_ATTRS = ("lang", "dir", "translate")
_ALLOWED_INLINE = frozenset({"a", "em", "strong", "b", "i", "q", "cite", "sup", "sub", "br", "span",
                             "abbr", "code", "small", "mark", "img"})  # fmt: skip
_BOILERPLATE_LINE = re.compile(
    r"^\W*(share (this|on)\b|follow us\b|sign up\b|subscribe\b|newsletter\b|advertisement\W*$|"
    r"(read|see) (more|also)\s*:|related( stories| articles)?\s*:|more on this (story|topic)|"
    r"click here to\b|continue reading\b|we use cookies\b|copyright\b|©|all rights reserved)",
    re.I,
)


_KEY_LENGTH = 80


@dataclass
class OriginalParts:
    """What trafilatura's XML loses, taken from the page before extraction."""

    captions: dict[str, HtmlElement] = field(default_factory=dict)  # image URL -> figcaption
    # comparison keys of every picture's caption and credit (figcaptions, caption-named boxes beside
    # an image): such a text found alone in the body, outside a figure, is not body
    caption_keys: set[str] = field(default_factory=set)
    paragraph_keys: set[str] = field(default_factory=set)  # keys of the paragraphs that are no caption
    tables: list[HtmlElement] = field(default_factory=list)
    pre_keys: set[str] = field(default_factory=set)
    # subheadings with the text keys of the paragraphs just before and after them
    headings: list[tuple[HtmlElement, str, str]] = field(default_factory=list)


@dataclass
class BodyResult:
    root: HtmlElement  # a <div> holding the body blocks
    html: str
    text: str  # every text of the body, figure captions included: what the not-an-article checks weigh
    running_text: str  # the article's running text: the same without figure captions (``Article.text``)
    link_text_share: float  # share of the text inside links


#: Class and id tokens of a picture's caption or credit box (``wp-caption-text``, ``image-caption``,
#: ``photo-credit``...), when it is not a ``<figcaption>``.
_CAPTION_TOKENS = frozenset({"caption", "captions", "figcaption", "credit", "credits"})
#: A caption box holds at most this much text; more is an article wrapped in a box named like one.
_CAPTION_CHARS = 600
_VIDEO_TOKENS = frozenset({"video", "videos", "player", "jwplayer", "vjs", "youtube"})
#: A picture's box holds at most this much text besides the caption (a credit, a counter, a label).
_CAPTION_BOX_EXTRA = 300


def _named_captions(region: HtmlElement) -> list[HtmlElement]:
    """The elements of ``region`` whose class or id names a caption or credit box (the tokens are only
    split for the few whose names hold "aption" or "redit": a substring test in Python, half the cost
    of the same test as an XPath predicate in libxml2)."""
    named = []
    for element in region.iterdescendants("*"):
        classes, identifier = element.get("class"), element.get("id")
        if (
            (classes is not None and ("aption" in classes or "redit" in classes))
            or (identifier is not None and "aption" in identifier)
        ) and class_tokens(element) & _CAPTION_TOKENS:
            named.append(element)
    return named


def _caption_boxes(
    region: HtmlElement, named: list[HtmlElement]
) -> Iterable[tuple[HtmlElement, list[HtmlElement]]]:
    """(caption element, the pictures it belongs to): each ``<figcaption>`` with its figure's images,
    and each box named as a caption or credit (``named``: ``_named_captions(region)``) that sits beside
    a picture, in a small container that holds little more than the two, with that picture (when it
    is the only one there). A box that holds other caption boxes is left to them."""
    for caption in region.iter("figcaption"):
        figure = next(caption.iterancestors("figure"), None)
        yield caption, list(figure.iter("img")) if figure is not None else []
    for element in named:
        if element.tag in ("figcaption", "img", "figure", "body", "article", "main"):
            continue
        own = text_length(element)
        if own > _CAPTION_CHARS or any(a.tag == "figcaption" for a in element.iterancestors()):
            continue
        if any(_VIDEO_TOKENS & class_tokens(a) for a in itertools.islice(element.iterancestors(), 6)):
            continue  # a video's description, under its poster picture: it tells what the video says
        container = element.getparent()
        for _ in range(3):  # the caption's container, or one around it, shows the picture
            if container is None or container.tag in ("body", "article", "main"):
                break
            if text_length(container) > own + _CAPTION_BOX_EXTRA:
                break  # a container of other text too: the article, not a picture's box
            if container.find(".//video") is not None:
                break  # as above
            if imgs := list(container.iter("img")):
                inner = any(
                    class_tokens(e) & _CAPTION_TOKENS for e in element.iterdescendants() if isinstance(e.tag, str)
                )
                yield element, imgs if len(imgs) == 1 and not inner else []
                break
            container = container.getparent()


def _caption_paragraphs(region: HtmlElement, named: list[HtmlElement]) -> set[HtmlElement]:
    """The paragraphs inside figures and boxes named as captions or credits (``named``)."""
    boxes = [*region.iter("figure", "figcaption"), *named]
    return {p for box in boxes for p in box.iter("p")}


def collect_original_parts(region: HtmlElement) -> OriginalParts:
    parts = OriginalParts()
    named = _named_captions(region)  # the page is only read here: its caption boxes are found once
    for caption, imgs in _caption_boxes(region, named):
        key = norm_key(text_of(caption))
        if not key:
            continue
        parts.caption_keys.add(key)
        if caption.tag != "figcaption" and class_tokens(caption) & {"credit", "credits"}:
            continue  # a credit alone is not the caption shown under the picture
        for img in imgs:
            if src := img.get("src"):
                parts.captions.setdefault(src, caption)
    parts.tables = [t for t in region.iter("table") if t.find(".//table") is None]
    parts.pre_keys = {norm_key(text_of(pre)) for pre in region.iter("pre")}
    parts.pre_keys.discard("")
    previous_key = ""
    waiting: list[tuple[HtmlElement, str]] = []
    in_captions = _caption_paragraphs(region, named) if parts.caption_keys else set()
    for element in region.iter("p", "h2", "h3", "h4", "h5", "h6"):
        if element.tag == "p":
            whole = norm_key(text_of(element))
            if whole and parts.caption_keys and element not in in_captions:
                # paragraphs of the page that are no caption: a caption repeating one (a lead picture's
                # caption that repeats the first paragraph) does not make it a caption
                parts.paragraph_keys.add(whole)
            key = whole[:_KEY_LENGTH]
            if key:
                parts.headings += [(heading, prev, key) for heading, prev in waiting]
                waiting, previous_key = [], key
        elif previous_key and text_of(element):
            waiting.append((element, previous_key))
    return parts


def prepare_images(region: HtmlElement) -> None:
    """Fix, before trafilatura, the inline images it would mishandle:

    - an emoji drawn as an image (``img.emoji``, ``img.wp-smiley``) becomes its ``alt`` text;
    - an icon (width or height of 32 pixels or less) goes;
    - an image inside a link that also has text moves just before the link: trafilatura moves
      it out itself, but takes the link text that follows the image along and drops the link.
    """
    for img in list(region.iter("img")):
        tokens = f" {img.get('class', '')} ".lower()
        if (" emoji " in tokens or "smiley" in tokens) and img.get("alt"):
            alt = img.get("alt")
            previous = img.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + alt
            else:
                parent = img.getparent()
                parent.text = (parent.text or "") + alt
            remove_keeping_tail(img)
            continue
        sizes = [(img.get(a) or "").strip().removesuffix("px") for a in ("width", "height")]
        if any(v.isdigit() and int(v) <= 32 for v in sizes):
            remove_keeping_tail(img)
            continue
        link = next(img.iterancestors("a"), None)
        if link is not None and text_of(link):
            remove_keeping_tail(img)
            link.addprevious(img)
            img.tail = None


def trafilatura_body(tree: HtmlElement, url: str, *, focus: str = "balanced", fast: bool = False) -> _Element | None:
    """Run trafilatura's extraction cascade on the parsed page; its XML body or None.

    ``fast=True`` skips trafilatura's own fallbacks (its readability port and jusText), which
    cost most when there is little to find."""
    from trafilatura.core import bare_extraction

    document = bare_extraction(
        tree,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_formatting=True,
        include_links=True,
        favor_precision=focus == "precision",
        favor_recall=focus == "recall",
        with_metadata=False,
        deduplicate=False,
        fast=fast,
    )
    if document is None or document.body is None:
        return None
    return document.body


#: Twin containers are worth a second look when they hold at least this much paragraph text the body lacks.
MISSING_CHUNK_CHARS = 200


def missing_chunks(region: HtmlElement, body: BodyResult) -> list[HtmlElement]:
    """Pages to search again when the body is split in twin containers and trafilatura kept one.

    Some sites cut a long article into chunks, one container each (same tag, same class), with
    advertisements or pull quotes between them; trafilatura takes the first container that looks
    like a body and stops there. From the page paragraph that starts the body, climb at most three
    levels: when a container on the way has twins beside it (same tag and class) holding paragraphs
    the body lacks, returns one bare page per twin (the container itself included), in order, each
    holding a copy of it; else []. (One page each: on a page holding them all, trafilatura would
    again take the first.)
    """
    keys = {norm_key(block)[:_KEY_LENGTH] for block in body.text.split("\n\n")} - {""}
    start = next(
        (p for p in region.iter("p") if norm_key(text_of(p))[:_KEY_LENGTH] in keys and is_paragraph_sized(p)), None
    )
    if start is None:
        return []
    node = start.getparent()
    for _ in range(3):
        parent = node.getparent() if node is not region else None
        if parent is None:
            return []
        if node.get("class"):
            twins = [s for s in parent if s.tag == node.tag and s.get("class") == node.get("class")]
            missing = sum(
                text_length(p) for twin in twins if twin is not node for p in twin.iter("p")
                if is_paragraph_sized(p) and norm_key(text_of(p))[:_KEY_LENGTH] not in keys
            )  # fmt: skip
            if missing >= MISSING_CHUNK_CHARS:
                pages = []
                for twin in twins:
                    page = html_element("html")
                    chunk = copy.deepcopy(twin)
                    chunk.tail = None
                    SubElement(page, "body").append(chunk)
                    pages.append(page)
                return pages
        node = parent
    return []


def join_bodies(xml_bodies: list[_Element]) -> _Element:
    """trafilatura's XML bodies of successive chunks as one body."""
    first = xml_bodies[0]
    for other in xml_bodies[1:]:
        if (other.text or "").strip():
            SubElement(first, "p").text = other.text.strip()
        for child in list(other):
            first.append(child)
    return first


# --------------------------------------------------------------------------------------------
# XML -> HTML


_INLINE_CONTAINERS = frozenset(
    {"p", "head", "hi", "ref", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "sub", "sup",
     "code", "span", "q"}
)  # fmt: skip
_MIXED_CONTAINERS = frozenset({"item", "cell", "li", "dt", "dd", "td", "th"})


def _is_inline_context(element: _Element) -> bool:
    """Whether ``element`` sits inside running text (parents may already be renamed)."""
    parent = element.getparent()
    if parent is None:
        return False
    if parent.tag in _INLINE_CONTAINERS:
        return True
    if parent.tag in _MIXED_CONTAINERS:  # text around it: a quotation within a sentence
        previous = element.getprevious()
        around = [parent.text, element.tail, previous.tail if previous is not None else None]
        return any((t or "").strip() for t in around)
    return False


def _convert(element: _Element, pre_keys: set[str]) -> None:
    """Rename trafilatura's XML elements in place to HTML."""
    for node in list(element.iter()):
        tag = node.tag
        if not isinstance(tag, str):
            continue
        attrs = dict(node.attrib)
        rend = attrs.get("rend", "")
        node.attrib.clear()
        if tag == "head":
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            node.tag = f"h{max(level, 1)}"
        elif tag == "list":
            node.tag = rend if rend in ("ul", "ol", "dl") else "ul"
        elif tag == "item":
            node.tag = "dt" if rend.startswith("dt") else "dd" if rend.startswith("dd") else "li"
        elif tag == "quote":
            if norm_key(text_of(node)) in pre_keys:
                node.tag = "pre"
            else:
                node.tag = "q" if _is_inline_context(node) else "blockquote"
        elif tag == "code":
            if _is_inline_context(node):
                node.tag = "code"
            else:
                node.tag = "pre"
                inner = SubElement(node, "code")
                inner.text, node.text = node.text, None
                for child in list(node):
                    if child is not inner:
                        inner.append(child)
        elif tag == "hi":
            node.tag = _HI_TAGS.get(rend, "span")
        elif tag == "ref":
            node.tag = "a"
            if target := attrs.get("target"):
                node.set("href", target)
        elif tag == "lb":
            node.tag = "br"
        elif tag == "graphic":
            node.tag = "img"
            for name in ("src", "alt", "title"):
                if attrs.get(name):
                    node.set(name, attrs[name])
        elif tag == "row":
            node.tag = "tr"
        elif tag == "cell":
            node.tag = "th" if attrs.get("role") == "head" else "td"
            for name in ("colspan", "rowspan", "span"):
                if attrs.get(name):
                    node.set("colspan" if name == "span" else name, attrs[name])
        elif tag in ("p", "table", "body", "div", "span"):
            pass
        else:  # del, note, unknown: unwrapped later, keeping the text
            node.tag = "span"


# --------------------------------------------------------------------------------------------
# restoring what the XML lost


def _clean_copy(element: HtmlElement) -> HtmlElement:
    """A copy of a page element with only the attributes the body keeps."""
    clone = copy.deepcopy(element)
    clone.tail = None
    for node in clone.iter():
        if not isinstance(node.tag, str):
            continue
        keep = _TABLE_KEEP_ATTRS.get(node.tag, ())
        for name in list(node.attrib):
            if name not in keep and name not in _GLOBAL_KEEP_ATTRS:
                del node.attrib[name]
    for node in list(clone.iter("script", "style", "button", "form", "input", "svg", "noscript")):
        remove_keeping_tail(node)
    return clone


def _restore_tables(root: _Element, originals: list[HtmlElement]) -> None:
    if not originals:
        return
    keyed = [(norm_key(text_of(t)), t) for t in originals]
    for table in list(root.iter("table")):
        key = norm_key(text_of(table))
        if not key:
            continue
        for original_key, original in keyed:
            # trafilatura puts the caption in a first row: compare without requiring order there
            if original_key == key or (len(key) > 10 and sorted(original_key) == sorted(key)):
                replacement = _clean_copy(original)
                replacement.tail = table.tail
                table.getparent().replace(table, replacement)
                break


def _add_figures(root: _Element, captions: dict[str, HtmlElement], lead_image: str) -> None:
    for img in list(root.iter("img")):
        src = img.get("src", "")
        parent = img.getparent()
        if parent is None:
            continue
        if lead_image and is_same_image(src, lead_image):
            remove_keeping_tail(img)
            if parent.tag == "p" and not text_of(parent) and len(parent) == 0:
                remove_keeping_tail(parent)
            continue
        caption = captions.get(src)
        block = img
        if parent.tag == "p" and not norm_key(text_of(parent)) and len(parent) == 1:
            block = parent
        elif parent.tag not in ("div", "body", "blockquote", "li", "dd", "td", "th"):
            continue  # an image inside a sentence stays inline
        figure = Element("figure")
        figure.tail = block.tail
        block.getparent().replace(block, figure)
        img.tail = None
        figure.append(img)
        if caption is not None:
            figcaption = _clean_copy(caption)
            figcaption.tag = "figcaption"
            figure.append(figcaption)
            _drop_caption_fragments(figure, norm_key(text_of(caption)))


def _restore_headings(root: _Element, headings: list[tuple[HtmlElement, str, str]]) -> None:
    """Put back subheadings trafilatura dropped between two paragraphs it kept (it does so when
    the body sits in an unlabelled container)."""
    if not headings:
        return
    present = {norm_key(text_of(h)) for h in root.iter("h2", "h3", "h4", "h5", "h6", "head")}
    blocks = _blocks(root)
    keys = [norm_key(text_of(b))[:_KEY_LENGTH] if b.tag == "p" else "" for b in blocks]
    for heading, previous_key, next_key in headings:
        if norm_key(text_of(heading)) in present or topmost(heading).tag != "html":
            continue  # kept already, or in a box taken out of the page as boilerplate (related stories)
        for index in range(1, len(blocks)):
            if keys[index] == next_key and keys[index - 1] == previous_key:
                restored = _clean_copy(heading)
                blocks[index].addprevious(restored)
                present.add(norm_key(text_of(heading)))
                break


_ORPHAN_KEY = 16


def _drop_orphan_captions(root: _Element, originals: OriginalParts) -> None:
    """Remove captions and credits left in the text without their picture (a gallery's captions, a
    caption box trafilatura read as a paragraph): a block outside the figures whose text is a
    caption, or a piece of one (at least ``_ORPHAN_KEY`` characters as a key), unless the page also
    has that text as a paragraph of its own."""
    captions = originals.caption_keys
    if not captions:
        return
    for block in reversed(list(root.iter("p", "li", "dd", "dt", "div", "h2", "h3", "h4", "h5", "h6"))):
        if block is root or any(a.tag == "figure" for a in block.iterancestors()):
            continue
        if _is_orphan_caption(norm_key(text_of(block)), originals):
            remove_keeping_tail(block)
    for figure in list(root.iter("figure")):  # a caption left as loose text after the figure
        if figure.tail and _is_orphan_caption(norm_key(figure.tail), originals):
            figure.tail = None
        following = figure.getnext()
        if following is not None and following.tag in ("span", "em", "i", "strong", "b", "small"):
            if _is_orphan_caption(norm_key(text_of(following)), originals):
                remove_keeping_tail(following)


def _is_orphan_caption(key: str, originals: OriginalParts) -> bool:
    if not key or key in originals.paragraph_keys:
        return False
    captions = originals.caption_keys
    return key in captions or (len(key) >= _ORPHAN_KEY and any(key in c for c in captions))


def _drop_caption_fragments(figure: _Element, caption_key: str) -> None:
    """trafilatura often emits a figcaption (or a piece of it) as the next paragraph."""
    sibling = figure.getnext()
    while sibling is not None and sibling.tag == "p":
        key = norm_key(text_of(sibling))
        if not key or key not in caption_key:
            break
        following = sibling.getnext()
        remove_keeping_tail(sibling)
        sibling = following


# --------------------------------------------------------------------------------------------
# removing leftovers


def _blocks(root: _Element) -> list[_Element]:
    return [child for child in root if isinstance(child.tag, str)]


def _drop_header_leftovers(root: _Element, title: str, subtitle: str, captions: Iterable[str]) -> None:
    title_key, subtitle_key = norm_key(title), norm_key(subtitle)
    caption_keys = {norm_key(c) for c in captions if c}
    for block in _blocks(root)[:4]:
        if block.tag in ("figure", "table"):
            continue
        text = text_of(block)
        key = norm_key(text)
        if key and (key == title_key or key == subtitle_key or key in caption_keys):
            remove_keeping_tail(block)
        elif block.tag == "p" and looks_like_byline(text):
            remove_keeping_tail(block)
    for h1 in list(root.iter("h1")):
        if norm_key(text_of(h1)) == title_key:
            remove_keeping_tail(h1)
        else:
            h1.tag = "h2"


def _drop_boilerplate_lines(root: _Element) -> None:
    for block in list(root.iter("p", "li", "h2", "h3", "h4", "h5", "h6")):
        text = text_of(block)
        if len(text) <= 160 and _BOILERPLATE_LINE.match(text):
            parent = block.getparent()
            remove_keeping_tail(block)
            if parent is not None and parent.tag in ("ul", "ol") and len(parent) == 0:
                remove_keeping_tail(parent)


def _drop_empty(root: _Element) -> None:
    """Remove line breaks that end a block and elements left without text or image."""
    for br in list(root.iter("br")):
        parent = br.getparent()
        if parent is not None and parent.index(br) == len(parent) - 1 and not (br.tail or "").strip():
            remove_keeping_tail(br)
    changed = True
    while changed:
        changed = False
        for node in list(root.iter()):
            if node is root or not isinstance(node.tag, str) or node.tag in ("img", "br", "hr", "td", "th"):
                continue
            if (node.text or "").strip() or any(isinstance(c.tag, str) for c in node):
                continue
            remove_keeping_tail(node)
            changed = True


_LAYOUT_CONTAINERS = frozenset(
    {"div", "blockquote", "ul", "ol", "dl", "figure", "table", "thead", "tbody", "tfoot", "tr"}
)


def _tidy_whitespace(root: _Element) -> None:
    """Drop the indentation text between blocks (it would show up in translations as units)."""
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag not in _LAYOUT_CONTAINERS:
            continue
        if node.text is not None and not node.text.strip():
            node.text = None
        for child in node:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
        if node.tag == "blockquote" and len(node) and node.text and node[0].tag == "p":
            node.text = node.text.strip() or None


def _drop_consecutive_duplicates(root: _Element) -> None:
    previous_key = None
    for block in _blocks(root):
        key = norm_key(text_of(block)) if block.tag not in ("figure",) else None
        if key and key == previous_key and len(key) > 20:
            remove_keeping_tail(block)
            continue
        previous_key = key


# --------------------------------------------------------------------------------------------
# text and serialisation


def _block_texts(element: _Element, captions: bool = True) -> Iterable[str]:
    """The texts of the blocks, in order; ``captions=False`` leaves figures out (their captions)."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "figure" and not captions:
            continue
        if child.tag in ("ul", "ol", "dl", "blockquote", "figure", "div") and any(
            isinstance(c.tag, str) and c.tag in _BLOCK_OUTPUT for c in child
        ):
            yield from _block_texts(child, captions)
        elif child.tag == "table":
            caption = child.find("caption")
            if caption is not None and (text := text_of(caption)):
                yield text
            for row in child.iter("tr"):
                cells = [text_of(c) for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if any(cells):
                    yield " | ".join(cells)
        elif child.tag == "img":
            continue
        elif text := (text_of(child) if captions or child.find(".//figure") is None else _text_without_figures(child)):
            yield text


def _text_without_figures(element: _Element) -> str:
    """The text of a block that holds figures (a gallery's list item), their captions left out."""
    clone = copy.deepcopy(element)
    for figure in list(clone.iter("figure")):
        remove_keeping_tail(figure)
    return text_of(clone)


def _link_share(root: _Element, total: int, anchor_keys: set[str]) -> float:
    """Share of the body text that is link text: text inside ``<a>``, or lines that were whole
    links on the page (trafilatura's last-resort text dump keeps the words of a list of links but
    not the links)."""
    if not total:
        return 0.0
    linked = sum(text_length(a) for a in root.iter("a"))
    line_total = line_linked = 0
    for line in "".join(root.itertext()).splitlines():
        line = line.strip()
        if not line:
            continue
        line_total += len(line)
        if norm_key(line) in anchor_keys:
            line_linked += len(line)
    by_lines = line_linked / line_total if line_total else 0.0
    return min(1.0, max(linked / total, by_lines))


def anchor_keys(tree: HtmlElement) -> set[str]:
    """Comparison keys of the link texts of a page."""
    keys = {norm_key(text_of(a)) for a in tree.iter("a")}
    return {key for key in keys if len(key) >= 3}


def build_body(
    xml_body: _Element,
    *,
    originals: OriginalParts,
    title: str,
    subtitle: str,
    lead_image: str,
    lead_caption: str,
    page_anchor_keys: set[str] | None = None,
) -> BodyResult:
    """Convert trafilatura's XML body into structured HTML (not yet sanitized) and its text."""
    root = xml_body  # trafilatura's output is ours to change
    _convert(root, originals.pre_keys)
    root.tag = "div"
    _restore_tables(root, originals.tables)
    _restore_headings(root, originals.headings)
    _add_figures(root, originals.captions, lead_image)
    _drop_orphan_captions(root, originals)
    if norm_key(lead_caption) in originals.paragraph_keys:
        lead_caption = ""  # the lead picture's caption repeats a paragraph of the story: the paragraph stays
    return _finish(root, title=title, subtitle=subtitle, lead_caption=lead_caption, page_anchor_keys=page_anchor_keys)


def _finish(
    root: _Element, *, title: str, subtitle: str, lead_caption: str, page_anchor_keys: set[str] | None
) -> BodyResult:
    """The clean-up every body goes through, then its HTML (not yet sanitized) and text."""
    _drop_header_leftovers(root, title, subtitle, [lead_caption])
    _drop_boilerplate_lines(root)
    trim_edges(root)
    _drop_empty(root)
    _drop_consecutive_duplicates(root)
    _tidy_whitespace(root)
    _unwrap_noise(root)
    chunks = [f"<p>{_escape(root.text.strip())}</p>"] if (root.text or "").strip() else []
    for child in root:
        if isinstance(child.tag, str):
            chunks.append(tostring(child, encoding="unicode", method="html", with_tail=False).strip())
        if (child.tail or "").strip():  # stray text between blocks
            chunks.append(f"<p>{_escape(child.tail.strip())}</p>")
    html = "\n".join(chunks)
    text = "\n\n".join(_block_texts(root))
    running_text = "\n\n".join(_block_texts(root, captions=False))
    share = _link_share(root, len(text), page_anchor_keys or set())
    return BodyResult(root=root, html=html, text=text, running_text=running_text, link_text_share=share)


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"})


def _unwrap_noise(root: _Element) -> None:
    """Unwrap elements the body does not keep (``u``, ``del``, ``font``...) and ``span``s
    without attributes: they would only become empty placeholders for the translator.

    Each element that holds some is rebuilt once, its text and children in order with the noise
    spliced out (taking them out one at a time appends to the same text again and again: quadratic
    time on a list item of a thousand spans)."""
    noise = {node for node in root.iter() if node is not root and _is_noise(node)}
    for holder in {node.getparent() for node in noise} - noise:
        pieces = _content_without(holder, noise)
        # A holder that began with noise gets a text even when it is empty, as splicing the noise out
        # one element at a time gave it: an element left with an empty text keeps its end tag when
        # serialised, one left without any may lose it (``<li></li>``, not ``<li>``).
        began_with_noise = holder[0] in noise
        for child in list(holder):
            if child in noise:
                holder.remove(child)  # (the children it holds that stay are in pieces)
        kept: list[_Element] = []
        runs: list[list[str]] = [[]]  # the strings before the first kept child, then after each one
        for piece in pieces:
            if isinstance(piece, str):
                runs[-1].append(piece)
            else:
                kept.append(piece)
                runs.append([])
        leading = "".join(runs[0])
        holder.text = leading if began_with_noise else leading or None
        for child, run in zip(kept, runs[1:]):
            holder.append(child)
            child.tail = "".join(run) or None


def _is_noise(node: _Element) -> bool:
    tag = node.tag
    if not isinstance(tag, str) or tag in _BLOCK_OUTPUT or tag in _TABLE_PARTS:
        return False
    return tag not in _ALLOWED_INLINE or (tag == "span" and not node.attrib)


def _content_without(element: _Element, noise: set[_Element]) -> list[_Element | str]:
    """The text and children of ``element`` in order, with the content of its ``noise`` children
    (at any depth) in their place."""
    pieces: list[_Element | str] = [element.text] if element.text else []
    for child in element:
        if child in noise:
            pieces += _content_without(child, noise)
        else:
            pieces.append(child)
        if child.tail:
            pieces.append(child.tail)
    return pieces


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------------------------
# bodies not chosen by trafilatura


_KEPT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "figure",
                          "table", "pre", "hr"})  # fmt: skip
_NEVER_CONTENT = frozenset({"script", "style", "noscript", "template", "form", "button", "input", "select",
                            "textarea", "iframe", "svg", "nav", "dialog"})  # fmt: skip


def body_from_elements(
    elements: Iterable[HtmlElement],
    *,
    title: str,
    subtitle: str,
    lead_image: str,
    lead_caption: str,
    page_anchor_keys: set[str] | None = None,
) -> BodyResult:
    """The body made of page elements taken as they are (a site rule's body selector).

    Blocks (paragraphs, headings, lists, quotes, figures, tables) are kept with the attributes
    the body allows; containers are flattened; text that sits loose in a container becomes a
    paragraph, split where the page put two line breaks. The lead image is not repeated.
    """
    root = Element("div")
    for element in elements:
        _flatten(_clean_copy(element), root)
    for img in list(root.iter("img")):
        if lead_image and is_same_image(img.get("src", ""), lead_image):
            figure = next(img.iterancestors("figure"), None)
            remove_keeping_tail(figure if figure is not None else img)
    return _finish(root, title=title, subtitle=subtitle, lead_caption=lead_caption, page_anchor_keys=page_anchor_keys)


def body_from_text(text: str, *, title: str, subtitle: str) -> BodyResult:
    """The body from text given outside the page's markup (JSON-LD ``articleBody``): HTML when it
    holds paragraph or line-break tags, else plain text with a paragraph per line."""
    if re.search(r"<(p|br|h[2-6]|ul|ol|blockquote)\b", text, re.I):
        from lxml.html import fragment_fromstring

        container = fragment_fromstring(text, create_parent="div")
        return body_from_elements([container], title=title, subtitle=subtitle, lead_image="", lead_caption="")
    root = Element("div")
    for line in re.split(r"\s*\n\s*", text.strip()):
        if line:
            SubElement(root, "p").text = line
    return _finish(root, title=title, subtitle=subtitle, lead_caption="", page_anchor_keys=None)


def _flatten(element: _Element, out: _Element) -> None:
    """Append the blocks of ``element`` to ``out``: kept blocks as they are, containers opened,
    runs of inline content wrapped in paragraphs (two ``<br>`` in a row end a paragraph).
    The caller has detached ``element``'s tail."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _NEVER_CONTENT:
        return
    if tag in _KEPT_BLOCKS:
        element.tail = None
        out.append(element)
        return
    if tag == "img":
        element.tail = None
        SubElement(out, "figure").append(element)
        return
    run: list[_Element | str] = []  # the inline pieces of the paragraph being gathered

    def last_is_br() -> bool:
        for piece in reversed(run):
            if isinstance(piece, str):
                if piece.strip():
                    return False
                continue
            return piece.tag == "br"
        return False

    def flush() -> None:
        while run and (isinstance(run[-1], str) and not run[-1].strip() or not isinstance(run[-1], str) and run[-1].tag == "br"):
            run.pop()
        if any(not isinstance(piece, str) or piece.strip() for piece in run):
            p = SubElement(out, "p")
            for piece in run:
                if not isinstance(piece, str):
                    p.append(piece)
                elif len(p):
                    p[-1].tail = (p[-1].tail or "") + piece
                else:
                    p.text = (p.text or "") + piece
            p.text = (p.text or "").lstrip() or None
            if len(p):
                p[-1].tail = (p[-1].tail or "").rstrip() or None
            else:
                p.text = (p.text or "").rstrip() or None
        run.clear()

    if element.text:
        run.append(element.text)
    for child in list(element):
        tail, child.tail = child.tail, None
        if not isinstance(child.tag, str) or child.tag in _NEVER_CONTENT:
            pass
        elif child.tag == "br":
            if last_is_br():  # two line breaks: the paragraph ends here
                flush()
            else:
                run.append(child)
        elif child.tag in _KEPT_BLOCKS or child.tag == "img" or _holds_blocks(child):
            flush()
            _flatten(child, out)
        else:
            run.append(child)
        if tail:
            run.append(tail)
    flush()


def _holds_blocks(element: _Element) -> bool:
    """Whether an element is a container: a block-level tag, or an inline one holding blocks."""
    if element.tag in ("div", "section", "article", "main", "header", "footer", "aside", "center", "address",
                       "details", "summary", "figcaption", "li", "dd", "dt", "td", "th", "tr", "tbody", "thead"):
        return True  # fmt: skip
    if any(isinstance(c.tag, str) and (c.tag in _KEPT_BLOCKS or c.tag == "div") for c in element.iter()):
        return True
    # an inline wrapper (<font>, <span>) around paragraphs separated by two line breaks
    return any(_next_is_br(br) for br in element.iter("br"))


def _next_is_br(br: _Element) -> bool:
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()
