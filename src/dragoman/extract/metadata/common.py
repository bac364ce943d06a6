"""Small helpers every source of evidence uses: JSON-LD-style values read as text, the
navigation/sharing boxes whose content is not the article's, tag lists, language codes.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from dragoman.extract.dom import class_tokens
from dragoman.sanitize import sanitize_text


_MAX_TAGS = 30
_EXCLUDED_ANCESTORS = frozenset({"nav", "aside", "footer", "form", "menu"})
_NOISE_TOKENS = frozenset({"comment", "comments", "related", "nav", "menu", "sidebar", "share", "social"})

# ISO 639-2/3 -> 639-1 for the languages news is published in; deprecated 639-1 codes renamed
_LANGUAGE_3_TO_1 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "slv": "sl", "hrv": "hr", "srp": "sr", "bos": "bs",
    "bul": "bg", "mkd": "mk", "mac": "mk", "ron": "ro", "rum": "ro", "hun": "hu", "ell": "el",
    "gre": "el", "tur": "tr", "ara": "ar", "heb": "he", "fas": "fa", "per": "fa", "urd": "ur",
    "hin": "hi", "ben": "bn", "pan": "pa", "tam": "ta", "tel": "te", "mar": "mr", "zho": "zh",
    "chi": "zh", "jpn": "ja", "kor": "ko", "vie": "vi", "tha": "th", "ind": "id", "msa": "ms",
    "may": "ms", "fil": "tl", "tgl": "tl", "swe": "sv", "nor": "no", "nob": "nb", "nno": "nn",
    "dan": "da", "fin": "fi", "est": "et", "lav": "lv", "lit": "lt", "isl": "is", "ice": "is",
    "gle": "ga", "cym": "cy", "wel": "cy", "eus": "eu", "baq": "eu", "cat": "ca", "glg": "gl",
    "epo": "eo", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "aze": "az", "kaz": "kk",
    "uzb": "uz", "swa": "sw", "amh": "am", "som": "so", "hau": "ha", "yor": "yo", "afr": "af",
    "sqi": "sq", "alb": "sq", "bel": "be", "mlt": "mt", "lat": "la", "kur": "ku", "pus": "ps",
}  # fmt: skip
_LANGUAGE_RENAMED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


def normalise_language(code: str | None) -> str:
    """'en-GB' -> 'en', 'eng' -> 'en', 'pt_BR' -> 'pt', 'iw' -> 'he'; '' when not a language."""
    if not code:
        return ""
    code = code.strip().split(",")[0].strip().replace("_", "-").split("-")[0].lower()
    if len(code) == 3:
        code = _LANGUAGE_3_TO_1.get(code, "")
    code = _LANGUAGE_RENAMED.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _as_text(value: Any) -> str:
    value = _first(value)
    return sanitize_text(value) if isinstance(value, str) else ""


def _is_url(value: str) -> bool:
    return bool(re.match(r"^(https?:)?//|^www\.", value.strip(), re.I))


def _has_ancestor(element: HtmlElement, tags: frozenset[str], stop: HtmlElement | None = None) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _has_noise_ancestor(element: HtmlElement, stop: HtmlElement | None) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in _EXCLUDED_ANCESTORS or class_tokens(ancestor) & _NOISE_TOKENS:
            return True
    return False


def _contains(ancestor: HtmlElement, element: HtmlElement | None) -> bool:
    if element is None:
        return False
    if ancestor is element:
        return True
    return any(a is ancestor for a in element.iterancestors())


def _keywords(value: Any) -> list[str]:
    """Tags from a JSON-LD ``keywords`` value or meta contents: a list, or comma-separated text."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    tags: list[str] = []
    seen: set[str] = set()
    for item in value:
        item = _first(item)
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for piece in re.split(r"[,;、，،]", item):
            tag = sanitize_text(piece)
            if tag and len(tag) <= 80 and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags[:_MAX_TAGS]
