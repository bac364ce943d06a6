"""Removing what is never article text, before trafilatura looks for the body.

trafilatura already discards most navigation, footers and comment threads. This pass removes,
by markup, the boxes that sit *inside* articles and that trafilatura sometimes keeps: cookie
and consent notices, newsletter prompts, share bars, "related stories" boxes, advertisements,
paywall prompts, hidden elements.

Two kinds of class/id names:

- ``_ALWAYS``: never article text (cookie, consent, newsletter, advert, comments, paywall...);
  the element goes whatever it holds;
- ``_USUALLY``: share, related, recommended, popular, breadcrumb, sidebar...; the element goes
  when it is short or made mostly of links, so that a ``<div class="story-related-context">``
  holding real paragraphs survives.

Also removed: ``role`` navigation/complementary/banner/contentinfo/dialog/search boxes and
``<dialog>``; hidden elements (``hidden``, ``display:none``) when short or made of links (a long
hidden block may be the rest of the article behind a "read more" button).

Nothing is removed that holds the first body paragraph or the region itself.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.dom import class_id_text, text_length

__all__ = ["prune_boilerplate"]

_ALWAYS = re.compile(
    r"(?<![a-z0-9])(cookies?|consent|gdpr|cmp|newsletters?|advert\w*|ads?|adslot|ad-slot|dfp|"
    r"sponsor\w*|outbrain|taboola|paywall|subscribe\w*|subscription|signup|sign-up|"
    r"comments?|disqus|donate|donation|modal|popup|pop-up|overlay|skip-link|visually-hidden|"
    r"sr-only|print-only)(?![a-z0-9])",
)
_USUALLY = re.compile(
    r"(?<![a-z0-9])(share|sharing|sharebar|social|related|recommend\w*|promo\w*|popular|"
    r"trending|most-read|mostread|most-viewed|breadcrumbs?|sidebar|read-more|readmore|"
    r"more-stories|see-also|also-read|further-reading|pagination|pager|toolbar|tools|tags|"
    r"topics|keywords|author-bio|bio|follow|next-article|prev-article|up-next)(?![a-z0-9])",
)
_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "search"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# elements carrying what the rules look at (selected in C, the rules run in Python)
_CANDIDATES = etree.XPath(".//*[@class or @id or @role or @style or @hidden or self::dialog]")
_CONTAINERS = frozenset(
    {"div", "section", "aside", "ul", "ol", "p", "span", "figure", "nav", "form", "footer", "header",
     "dialog", "li", "a", "button", "details", "table", "iframe", "ins"}
)  # fmt: skip


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``element`` is still inside ``root`` (not removed along with an ancestor)."""
    top = element
    for ancestor in element.iterancestors():
        top = ancestor
    return top is root


def _link_share(element: HtmlElement, length: int) -> float:
    if not length:
        return 1.0
    return sum(text_length(a) for a in element.iter("a")) / length


def _is_boilerplate(element: HtmlElement) -> bool:
    if element.tag == "dialog" or (element.get("role") or "").lower() in _ROLES:
        return True
    names = class_id_text(element)
    if names.strip() and _ALWAYS.search(names):
        return True
    hidden = element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style", ""))
    if hidden or (names.strip() and _USUALLY.search(names)):
        # hidden text may be the rest of the article behind a "read more" button: only short
        # or link-heavy hidden boxes go
        length = text_length(element)
        return length <= 300 or _link_share(element, length) >= 0.4
    return False


def prune_boilerplate(tree: HtmlElement, region: HtmlElement, keep: HtmlElement | None = None) -> int:
    """Remove boilerplate boxes from ``tree`` in place; returns how many were removed.

    ``keep``: an element that must survive (the first body paragraph).
    """
    body = tree.find("body")
    body = body if body is not None else tree
    # never remove the region, the kept paragraph, or anything holding them
    protected = {region, *region.iterancestors()}
    if keep is not None:
        protected |= {keep, *keep.iterancestors()}
    candidates = [
        element
        for element in _CANDIDATES(body)
        if element.tag in _CONTAINERS and element not in protected and _is_boilerplate(element)
    ]
    removed = 0
    for element in candidates:
        if _attached(element, tree):  # not already gone with an ancestor
            element.drop_tree()
            removed += 1
    return removed
