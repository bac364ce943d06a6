"""schema.org JSON-LD: the ``<script type="application/ld+json">`` blocks of a page, walked into
nodes (top level, lists, ``@graph``), ``@id`` references resolved, and the node that describes this
page's article chosen (``_JsonLd.article``): one whose URL is the page's, else the first top-level
article with a headline. Articles inside an ``ItemList`` or ``hasPart`` are other stories.

It answers author names (a string, an object, an ``@id`` reference or a list of them), the image with
its caption and credit, the site's and the publisher's names, the page's types and
``isAccessibleForFree``. Which of these wins over the other sources is decided in ``combine``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from dragoman.extract.dom import same_page
from dragoman.extract.metadata.common import _as_text, _first, _is_url
from dragoman.sanitize import sanitize_text


ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
        "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle",
        "SocialMediaPosting", "Review",
    }
)  # fmt: skip


def _load_json(text: str | None) -> Any:
    if not text:
        return None
    text = text.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)  # trailing commas
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def _types(node: dict) -> set[str]:
    types = node.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return set()
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if isinstance(t, str)}


@dataclass
class _LdNode:
    data: dict
    nested: bool  # found as the value of a property rather than at the top level / @graph
    in_list: bool  # inside an ItemList / hasPart: another article, not this page


def _walk_jsonld(value: Any, out: list[_LdNode], nested: bool, in_list: bool, depth: int) -> None:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            _walk_jsonld(item, out, nested, in_list, depth + 1)
        return
    if not isinstance(value, dict):
        return
    out.append(_LdNode(value, nested, in_list))
    for key, child in value.items():
        if key == "@graph":
            _walk_jsonld(child, out, nested, in_list, depth + 1)
        elif isinstance(child, (dict, list)) and key not in ("@context",):
            listed = in_list or key in ("itemListElement", "hasPart", "relatedLink", "citation", "isBasedOn")
            _walk_jsonld(child, out, True, listed, depth + 1)


class _JsonLd:
    """The JSON-LD of a page: its nodes, the ``@id`` index, and the article node."""

    def __init__(self, tree: HtmlElement, page_urls: list[str]):
        self.nodes: list[_LdNode] = []
        for script in tree.iter("script"):
            if "ld+json" in (script.get("type") or "").lower():
                data = _load_json(script.text)
                if data is not None:
                    _walk_jsonld(data, self.nodes, False, False, 0)
        self.ids = {
            node.data["@id"]: node.data
            for node in self.nodes
            if isinstance(node.data.get("@id"), str) and len(node.data) > 1
        }
        self.article = self._choose_article(page_urls)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.ids:
            return self.ids[value["@id"]]
        return value

    def _node_urls(self, node: dict) -> list[str]:
        urls = []
        for key in ("url", "@id", "mainEntityOfPage"):
            value = _first(node.get(key))
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str):
                urls.append(value)
        return urls

    def _choose_article(self, page_urls: list[str]) -> dict | None:
        articles = [n for n in self.nodes if _types(n.data) & ARTICLE_TYPES and not n.in_list]
        if not articles:
            return None
        for node in articles:
            if any(same_page(u, p) for u in self._node_urls(node.data) for p in page_urls if p):
                return node.data
        with_headline = [n for n in articles if n.data.get("headline") or n.data.get("name")]
        top_level = [n for n in with_headline if not n.nested]
        return (top_level or with_headline or articles)[0].data

    def names(self, value: Any, depth: int = 0) -> list[str]:
        """Author names from a JSON-LD author value: string, object, @id reference or list."""
        if depth > 3 or value is None:
            return []
        if isinstance(value, list):
            return [name for item in value for name in self.names(item, depth + 1)]
        if isinstance(value, str):
            return [] if _is_url(value) else [value]
        if isinstance(value, dict):
            value = self.resolve(value)
            name = _first(value.get("name"))
            if not isinstance(name, str) or not name.strip():
                parts = [_first(value.get(k)) for k in ("givenName", "additionalName", "familyName")]
                name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
            return [name] if name else []
        return []

    def image(self) -> tuple[str, str, str]:
        """(url, caption, credit) of the article's image."""
        if self.article is None:
            return "", "", ""
        value = self.article.get("image") or self.article.get("thumbnailUrl")
        value = _first(value)
        value = self.resolve(value)
        if isinstance(value, str):
            return value, "", ""
        if isinstance(value, dict):
            url = _first(value.get("url") or value.get("contentUrl") or value.get("@id"))
            caption = _first(value.get("caption"))
            if isinstance(caption, dict):
                caption = caption.get("text") or caption.get("@value")
            credit = _as_text(value.get("creditText")) or self.named(value.get("copyrightHolder"))
            credit = credit or next(iter(self.names(value.get("author"))), "")
            return (
                url if isinstance(url, str) else "",
                caption if isinstance(caption, str) else "",
                sanitize_text(credit),
            )
        return "", "", ""

    def top_level_types(self) -> set[str]:
        """The ``@type``s of the nodes at the top level or in ``@graph`` (what the page is)."""
        return {t.lower() for node in self.nodes if not node.nested for t in _types(node.data)}

    def accessible_for_free(self) -> bool | None:
        """The article's ``isAccessibleForFree`` (true, false, or None when it does not say)."""
        value = _first((self.article or {}).get("isAccessibleForFree"))
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return None

    def named(self, value: Any) -> str:
        value = self.resolve(_first(value))
        if isinstance(value, dict):
            return _as_text(value.get("name"))
        return _as_text(value) if isinstance(value, str) and not _is_url(value) else ""

    def website_name(self) -> str:
        for node in self.nodes:
            if "WebSite" in _types(node.data) and (name := _as_text(node.data.get("name"))):
                return name
        return ""
