"""Removing what is never article text, before trafilatura looks for the body.

trafilatura already discards most navigation, footers and comment threads. This pass removes,
by markup, the boxes that sit *inside* articles and that trafilatura sometimes keeps: cookie
and consent notices, newsletter prompts, share bars, "related stories" boxes, advertisements,
paywall prompts, hidden elements.

Two kinds of class/id names:

- ``_ALWAYS``: never article text (cookie, consent, newsletter, advert, comments, subscribe...);
  the element goes whatever it holds. A consent manager ("CMP") box is named by what it is
  (``cmp-banner``, ``cmpbox``, ``qc-cmp2-ui``), not by a bare ``cmp-`` prefix: Adobe Experience
  Manager names every building block of a page ``cmp-text``, ``cmp-image``, ``cmp-title``...;
- ``_USUALLY``: share, related, recommended, popular, breadcrumb, sidebar, print-only,
  print-header...; the element goes when it is short or made mostly of links, so that a
  ``<div class="story-related-context">`` holding real paragraphs survives (and a site that marks
  its whole article ``print-only`` keeps it: the page shows it too);
- ``_WALL``: ``paywall``, ``regwall``; the element goes when it holds at most ``WALL_PROMPT_CHARS``
  of text (a prompt to subscribe); a longer one is the text behind the wall, which the page holds.

Also removed: app download prompts, the box around app-store badges (a link to Google Play or
the App Store whose only content is an image) up to ``APP_PROMPT_CHARS`` of text ("Get our stories
on your phone with our app."); ``role`` navigation/complementary/banner/contentinfo/
dialog/search boxes and ``<dialog>``; hidden elements (``hidden``, ``display:none``) when short or made of links (a long
hidden block may be the rest of the article behind a "read more" button).

Nothing is removed that holds the first body paragraph or the region itself, nor anything
inside the elements a site rule chose as the body.

``prune_boilerplate`` returns what it removed (``Pruned``): the not-an-article checks read it (a
consent wall or a paywall prompt is such a box), and ``Pruned.restore()`` puts it all back when
the body found without it is too short (one of the fallbacks: a site may wrap its article in a
box named like boilerplate, such as ``<div class="paywall">`` around the text itself).
"""

from __future__ import annotations

import re

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.dom import class_id_text, text_length, topmost

__all__ = ["APP_PROMPT_CHARS", "CONSENT_MANAGER_NAMES", "WALL_PROMPT_CHARS", "Pruned", "prune_boilerplate"]

#: Class and id names of consent managers' boxes (by what they are: a bare ``cmp-`` is not one).
CONSENT_MANAGER_NAMES = r"cmpbox|cmp-(?:banner|box|ui|modal|popup|layer|dialog|message)|qc-cmp\w*"
_ALWAYS = re.compile(
    rf"(?<![a-z0-9])(cookies?|consent|gdpr|{CONSENT_MANAGER_NAMES}|"
    r"newsletters?|advert\w*|ads?|adslot|ad-slot|dfp|"
    r"sponsor\w*|outbrain|taboola|subscribe\w*|subscription|signup|sign-up|"
    r"comments?|disqus|donate|donation|modal|popup|pop-up|overlay|skip-link|visually-hidden|"
    r"sr-only)(?![a-z0-9])",
)
_USUALLY = re.compile(
    r"(?<![a-z0-9])(share|sharing|sharebar|social|related|recommend\w*|promo\w*|popular|"
    r"trending|most-read|mostread|most-viewed|breadcrumbs?|sidebar|read-more|readmore|"
    r"more-stories|see-also|also-read|further-reading|pagination|pager|toolbar|tools|tags|"
    r"topics|keywords|author-bio|bio|follow|next-article|prev-article|up-next|"
    r"print-only|printonly|print-(?:header|footer|logo|url|info|title))(?![a-z0-9])",
)
#: Boxes named as a paywall: a prompt to subscribe when short, but publishers also wrap the text behind
#: the wall in such a box (``<div class="paywall">``, as Google's paywall markup suggests), and the page
#: holds all of it: a box with more text than ``WALL_PROMPT_CHARS`` is the article and stays.
_WALL = re.compile(r"(?<![a-z0-9])(paywall\w*|regwall)(?![a-z0-9])")
WALL_PROMPT_CHARS = 600
#: The box around app-store badges is removed while it holds at most this many characters of text.
APP_PROMPT_CHARS = 200
_APP_STORE_LINKS = etree.XPath(
    "descendant::a[contains(@href, 'play.google.com/store/apps') or contains(@href, 'apps.apple.com/')"
    " or contains(@href, 'itunes.apple.com/')][.//img or .//svg][not(normalize-space())]"
)
_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "search"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CONTAINERS = frozenset(
    {"div", "section", "aside", "ul", "ol", "p", "span", "figure", "nav", "form", "footer", "header",
     "dialog", "li", "a", "button", "details", "table", "iframe", "ins"}
)  # fmt: skip


def _marked_containers(body: HtmlElement) -> list[HtmlElement]:
    """The containers below ``body`` that carry what the rules look at (a class, id, role, style or
    hidden attribute, or the ``<dialog>`` tag), in document order. lxml picks the containers by tag in
    C; the attribute tests cost half as much here as an XPath predicate does in libxml2."""
    found = []
    for element in body.iterdescendants(*_CONTAINERS):
        attributes = element.attrib
        if (
            "class" in attributes
            or "id" in attributes
            or "role" in attributes
            or "style" in attributes
            or "hidden" in attributes
            or element.tag == "dialog"
        ):
            found.append(element)
    return found


def _link_share(element: HtmlElement, length: int) -> float:
    if not length:
        return 1.0
    return sum(text_length(a) for a in element.iter("a")) / length


@lru_cache(maxsize=4096)
def _named(names: str) -> str:
    """What class and id names (``class_id_text``) call a box: "always", "wall" or "usually" (the
    kinds of the module docstring), or "". Cached: a page gives the same names to many elements."""
    if names.strip() and _ALWAYS.search(names):
        return "always"
    if "wall" in names and _WALL.search(names):
        return "wall"
    if names.strip() and _USUALLY.search(names):
        return "usually"
    return ""


def _is_boilerplate(element: HtmlElement) -> bool:
    if element.tag == "dialog" or (element.get("role") or "").lower() in _ROLES:
        return True
    named = _named(class_id_text(element))
    if named == "always":
        return True
    if named == "wall":
        return text_length(element) <= WALL_PROMPT_CHARS
    hidden = element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style", ""))
    if hidden or named == "usually":
        # hidden text may be the rest of the article behind a "read more" button: only short
        # or link-heavy hidden boxes go
        length = text_length(element)
        return length <= 300 or _link_share(element, length) >= 0.4
    return False


@dataclass
class Pruned:
    """The boxes ``prune_boilerplate`` removed, with where they were."""

    # (element, parent, index in parent, the element that received its tail text, that text)
    places: list[tuple[HtmlElement, HtmlElement, int, HtmlElement | None, str]] = field(default_factory=list)
    restored: bool = False

    @property
    def elements(self) -> list[HtmlElement]:
        return [place[0] for place in self.places]

    def __len__(self) -> int:
        return len(self.places)

    def restore(self) -> None:
        """Put every removed box back where it was (in reverse order, so positions hold)."""
        if self.restored:
            return
        for element, parent, index, holder, tail in reversed(self.places):
            if holder is not None:  # take the tail text back from where _detach put it
                if holder is parent and (parent.text or "").endswith(tail):
                    parent.text = parent.text[: len(parent.text) - len(tail)] or None
                elif holder is not parent and (holder.tail or "").endswith(tail):
                    holder.tail = holder.tail[: len(holder.tail) - len(tail)] or None
            parent.insert(index, element)
            element.tail = tail or None
        self.restored = True


def prune_boilerplate(
    tree: HtmlElement,
    region: HtmlElement,
    keep: HtmlElement | None = None,
    untouched: Iterable[HtmlElement] = (),
) -> Pruned:
    """Remove boilerplate boxes from ``tree`` in place; returns what was removed.

    ``keep``: an element that must survive (the first body paragraph).
    ``untouched``: elements whose content is left as it is (a site rule's body).
    """
    body = tree.find("body")
    body = body if body is not None else tree
    # never remove the region, the kept paragraph, or anything holding them
    protected = {region, *region.iterancestors()}
    if keep is not None:
        protected |= {keep, *keep.iterancestors()}
    untouched = list(untouched)
    for element in untouched:
        protected |= {element, *element.iterancestors(), *element.iterdescendants()}
    candidates: list[HtmlElement] = []
    box = None  # the last box found: the candidates inside it (the next ones, in document order) go with it
    for element in _marked_containers(body):
        if box is not None:
            if any(ancestor is box for ancestor in element.iterancestors()):
                continue
            box = None
        if element not in protected and _is_boilerplate(element):
            candidates.append(element)
            box = element
    candidates += _app_prompts(body, protected)
    pruned = Pruned()
    for element in candidates:
        parent = element.getparent()
        if parent is not None and topmost(element) is tree:  # not already gone with an ancestor
            index, tail = parent.index(element), element.tail or ""
            holder = _detach(element)
            pruned.places.append((element, parent, index, holder, tail))
    return pruned


def _app_prompts(body: HtmlElement, protected: set[HtmlElement]) -> list[HtmlElement]:
    """The boxes around app-store badges: for each badge, its largest ancestor holding at most
    ``APP_PROMPT_CHARS`` of text (a badge inside a longer paragraph leaves the paragraph)."""
    boxes: list[HtmlElement] = []
    for link in _APP_STORE_LINKS(body):
        box = link
        for ancestor in link.iterancestors():
            if ancestor in protected or ancestor.tag in ("body", "html") or text_length(ancestor) > APP_PROMPT_CHARS:
                break
            box = ancestor
        if box not in protected and box not in boxes:
            boxes.append(box)
    return boxes


def _detach(element: HtmlElement) -> HtmlElement | None:
    """Remove an element with its content, keeping its tail text in the page (as ``drop_tree``
    does); returns the element whose text or tail received that text."""
    parent = element.getparent()
    tail, holder = element.tail, None
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
            holder = previous
        else:
            parent.text = (parent.text or "") + tail
            holder = parent
    element.tail = None
    parent.remove(element)
    return holder
