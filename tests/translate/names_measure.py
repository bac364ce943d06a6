"""Whether protecting names hurts an engine that keeps names well itself: the bench's articles (bench/names)
translated with and without protection by the same engine, compared.

The test doubles of the neural and cloud engines (the tiny CTranslate2 model, the fake DeepL, Google,
LibreTranslate and OpenAI-compatible services) all "translate" by writing the text in capitals, so a
protected name comes back as written and everything else in capitals: upper-casing the protected output must
give exactly the unprotected output. What is measured: articles that fail, links kept, blocks whose text
around the names differs."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from dragoman.translate.document import TranslationFailed, translate_html
from dragoman.translate.names import Names

REPO = Path(__file__).resolve().parents[2]


def articles(limit: int | None = None, ascii_only: bool = False) -> list[str]:
    sys.path.insert(0, str(REPO / "bench"))
    from names import load  # bench/names.py

    found = [a.html for a in load(REPO / "bench" / "names" / "en-es.txt")]
    if ascii_only:
        found = [html for html in found if html.isascii()]
    return found[:limit]


@dataclass
class Measure:
    articles: int = 0
    failed_with: int = 0
    failed_without: int = 0
    blocks: int = 0
    differing: int = 0
    links: int = 0
    links_kept: int = 0
    names: int = 0


def _blocks(html: str) -> list[str]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return [" ".join(child.text_content().split()) for child in root]


def measure(engine, target: str, htmls: list[str]) -> Measure:
    m = Measure()
    for html in htmls:
        m.articles += 1
        try:
            plain = translate_html(html, "en", target, engine, names=False).html
        except TranslationFailed:
            m.failed_without += 1
            plain = None
        try:
            result = translate_html(html, "en", target, engine, names=Names(lexicon=None))
        except TranslationFailed:
            m.failed_with += 1
            continue
        m.names += len(result.names)
        hrefs = lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")
        kept = lxml_html.fragment_fromstring(result.html, create_parent="div").xpath("//a/@href")
        m.links += len(hrefs)
        m.links_kept += sum(1 for href in hrefs if kept.count(href) == hrefs.count(href))
        if plain is not None:
            for ours, theirs in zip(_blocks(result.html), _blocks(plain)):
                for key, form in result.names.items():  # an established form (London -> Londres) is no harm
                    if form != key:
                        ours = ours.replace(form, key)
                m.blocks += 1
                m.differing += ours.upper() != theirs
    return m
