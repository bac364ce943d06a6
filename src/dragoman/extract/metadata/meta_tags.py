"""What the page declares in markup rather than shows: ``<meta name>``, ``<meta property>``
(OpenGraph ``og:*`` and ``article:*``, Twitter cards, ``dc.*``, ``dcterms.*``, ``parsely-*``,
``sailthru.*``, ``citation_*``...) and ``<meta http-equiv>``, and schema.org microdata
(``itemprop``, with the ``title`` of a microformats ``<abbr>``).

``_META_*`` list, per field, the meta names read, in order of trust. Which of these wins over the
other sources is decided in ``combine``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from dragoman.extract.dom import absolute, text_of


_META_TITLE = ("dc.title", "dcterms.title", "parsely-title", "sailthru.title", "citation_title", "title")
_META_DESCRIPTION = ("description", "dc.description", "dcterms.description", "sailthru.description")
_META_AUTHOR = (
    "author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl",
    "citation_author", "article.author", "article:author_name", "cxenseparse:author",
)  # fmt: skip
_META_PUBLISHED = (
    "article:published_time", "og:published_time", "article.published", "datepublished",
    "date_published", "publish-date", "publish_date", "publishdate", "publication_date",
    "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.date",
    "dcterms.created", "dc.date.created", "sailthru.date", "parsely-pub-date",
    "original-publish-date", "citation_publication_date", "citation_date", "article.created",
)  # fmt: skip
_META_MODIFIED = (
    "article:modified_time", "og:updated_time", "article.updated", "datemodified",
    "date_modified", "last-modified", "lastmod", "dcterms.modified", "dc.date.modified",
    "revised", "article.modified",
)  # fmt: skip
_META_LANGUAGE = ("dc.language", "dcterms.language", "language", "content-language")
_META_SECTION = ("section", "article.section", "parsely-section", "sailthru.section", "category", "dc.subject")


def _collect_metas(tree: HtmlElement) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """{name-or-property: [contents]} and {http-equiv: [contents]}, keys lower-cased."""
    metas: dict[str, list[str]] = {}
    equivs: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        content = content.strip()
        for attr in ("property", "name"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                metas.setdefault(key, []).append(content)
        if key := (meta.get("http-equiv") or "").strip().lower():
            equivs.setdefault(key, []).append(content)
    return metas, equivs


def _itemprop_value(element: HtmlElement, base: str) -> str:
    tag = element.tag
    if tag == "meta":
        return element.get("content", "")
    if tag in ("img", "audio", "video", "source", "embed", "iframe", "track"):
        return absolute(element.get("src"), base)
    if tag in ("a", "link", "area"):
        return absolute(element.get("href"), base)
    if tag == "time":
        return element.get("datetime") or text_of(element)
    if tag == "abbr":  # microformats: <abbr class="published" title="2026-03-02T14:33:00-07:00">2:33 PM</abbr>
        return element.get("title") or text_of(element)
    if tag in ("data", "meter"):
        return element.get("value", "")
    return element.get("content") or text_of(element)


_ITEMPROP = etree.XPath("/descendant::*[@itemprop]")


def _collect_microdata(tree: HtmlElement, base: str) -> dict[str, list[Any]]:
    """{itemprop: [values]}; author values are lists of names."""
    props: dict[str, list[Any]] = {}
    wanted = {"headline", "description", "author", "creator", "datepublished", "datemodified",
              "datecreated", "image", "inlanguage", "publisher"}  # fmt: skip
    for element in _ITEMPROP(tree):
        for prop in element.get("itemprop", "").split():
            key = prop.lower()
            if key not in wanted:
                continue
            if key in ("author", "creator", "publisher"):
                names = [_itemprop_value(n, base) for n in element.iterfind(".//*[@itemprop]")
                         if "name" in n.get("itemprop", "").split()]  # fmt: skip
                if not names and element.get("itemscope") is None:
                    names = [_itemprop_value(element, base)]
                elif not names:
                    names = [text_of(element)]
                props.setdefault(key, []).append([n for n in names if n])
            elif key == "image" and element.get("itemscope") is not None:
                url = next((_itemprop_value(n, base) for n in element.iterfind(".//*[@itemprop]")
                            if {"url", "contenturl"} & set(n.get("itemprop", "").lower().split())), "")  # fmt: skip
                if not url and (img := element.find(".//img")) is not None:
                    url = absolute(img.get("src"), base)
                props.setdefault(key, []).append(url)
            else:
                props.setdefault(key, []).append(_itemprop_value(element, base))
    return props
