"""DeepL, through its API v2: ``POST /v2/translate`` with ``tag_handling=xml``, and native glossaries.

**Markup.** The core hands this engine (``handles_markup``) HTML fragments whose only tags are numbered
placeholders, ``<span id="3">…</span>`` and ``<br id="4">``. DeepL's XML tag handling keeps inline tags
on the words they wrap and reorders them with the sentence, so each fragment goes out as XML with one
element name per placeholder: ``<x3>…</x3>`` and ``<x4/>``. Requests set ``outline_detection=false`` and
list those names in ``non_splitting_tags``, so no placeholder is ever taken for a structural element that
would cut a sentence in two, and ``split_sentences=nonewlines``, as DeepL advises for XML. The reply is
turned back into the core's HTML form (an atom DeepL writes as ``<x4></x4>`` is still an atom). Text is
escaped the way XML needs (the core's HTML escaping of ``&``, ``<`` and ``>`` is exactly that).
``ignore_tags`` is not needed: content that must stay untranslated never reaches the engine, the core
has already made it an empty atom.

**Glossaries.** :meth:`DeepLEngine.native_glossary` creates a DeepL glossary (``POST /v2/glossaries``,
TSV entries) for a language pair and a set of terms, once: its name carries a digest of the terms, so an
existing glossary of the same name (made by an earlier process) is found with ``GET /v2/glossaries`` and
reused, and its id is kept for the life of the engine. Translations of the pair then send
``glossary_id``; DeepL inflects glossary entries to fit the sentence, which placeholders can't do.
Glossaries made for an older set of terms are not deleted (an account holds up to 1000): remove them with
``DELETE /v2/glossaries/{id}`` when the terms change often.

**Configuration.** ``DRAGOMAN_DEEPL_API_KEY`` (the ``DeepL-Auth-Key``); ``DRAGOMAN_DEEPL_URL`` (default:
``https://api-free.deepl.com`` for a free key, the one ending in ``:fx``, else ``https://api.deepl.com``).

**Limits** (documented by DeepL): 50 texts and a 128 KiB body per request; 429 means slow down (retried
with back-off), 456 means the account's character quota is used up (not retried: it won't pass before
the next billing period or a higher Cost Control limit).
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import threading
from collections.abc import Mapping

import httpx

from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.http import HttpEngine, RequestTooLarge
from dragoman.translate.units import Atom, Close, Open, Stray, Text, decode

log = logging.getLogger(__name__)

FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"

DEFAULT_TARGET_VARIANTS = {"en": "EN-US", "pt": "PT-BR"}
"""DeepL wants a variant for English and Portuguese targets (plain ``EN``/``PT`` are deprecated)."""

# Languages DeepL translates, as ISO 639-1, for when /v2/languages can't be asked (documented list, 2025).
STATIC_LANGUAGES = frozenset(
    "ar bg cs da de el en es et fi fr he hu id it ja ko lt lv nb nl pl pt ro ru sk sl sv th tr uk vi zh".split()
)
# Languages DeepL has long accepted in glossaries, for when /v2/glossary-language-pairs can't be asked.
STATIC_GLOSSARY_LANGUAGES = frozenset("da de en es fr it ja ko nb nl pl pt ru sv zh".split())

MAX_GLOSSARY_ENTRY_BYTES = 1024  # per source or target phrase, as documented

_XML_TAG = re.compile(r"<(/?)x(\d+)\s*(/?)>")
_EMPTY_ELEMENT = re.compile(r"<x(\d+)\s*></x\1>")


class GlossaryMissing(EngineError):
    """DeepL no longer has a glossary whose id we kept (deleted by hand, say): it is made again."""


class DeepLEngine(HttpEngine):
    """DeepL API v2 with XML tag handling and native glossaries."""

    name = "deepl"
    label = "DeepL"
    handles_markup = True

    key_variable = "DRAGOMAN_DEEPL_API_KEY"
    url_variable = "DRAGOMAN_DEEPL_URL"
    max_texts = 50
    max_bytes = 120 * 1024  # the body may not exceed 128 KiB; the rest is room for the request's other fields

    static_pairs = frozenset((s, t) for s in STATIC_LANGUAGES for t in STATIC_LANGUAGES if s != t)

    def __init__(
        self,
        *,
        api_key: str | None = None,
        url: str | None = None,
        formality: str | None = None,
        model_type: str | None = None,
        target_variants: Mapping[str, str] | None = None,
        native_glossaries: bool = True,
        **options,
    ):
        """Options, as given to ``get_engine("deepl", **options)`` (plus those of :class:`HttpEngine`):

        :param api_key: default ``$DRAGOMAN_DEEPL_API_KEY``.
        :param url: the API's base address; default ``$DRAGOMAN_DEEPL_URL``, else chosen by the key.
        :param formality: DeepL's ``formality`` (``"more"``, ``"less"``, ``"prefer_more"``…); default none.
        :param model_type: DeepL's ``model_type`` (``"quality_optimized"``…); default: DeepL's choice.
        :param target_variants: ISO 639-1 target -> DeepL code, e.g. ``{"en": "EN-GB"}``; default
            ``EN-US`` and ``PT-BR``.
        :param native_glossaries: ``False`` to let the core protect glossary terms as placeholders.
        """
        super().__init__(**options)
        self.api_key = (api_key if api_key is not None else os.environ.get("DRAGOMAN_DEEPL_API_KEY", "")).strip()
        default_url = FREE_URL if self.api_key.endswith(":fx") else PRO_URL
        self.url = (url or os.environ.get("DRAGOMAN_DEEPL_URL") or default_url).rstrip("/")
        self.formality = formality
        self.model_type = model_type
        self.target_variants = {**DEFAULT_TARGET_VARIANTS, **(target_variants or {})}
        self.native_glossaries = native_glossaries
        self._glossaries: dict[tuple[str, str, str], str] = {}  # (source, target, digest) -> glossary_id
        self._glossary_pairs: set[tuple[str, str]] | None = None
        self._glossary_lock = threading.Lock()  # one thread finds or creates a glossary; the others wait

    # --- configuration -------------------------------------------------------------------------------------

    def availability(self) -> tuple[bool, str]:
        if not self.api_key:
            return False, "no DeepL API key: set DRAGOMAN_DEEPL_API_KEY (from your DeepL account's API keys page)"
        plan = "free" if self.api_key.endswith(":fx") else "pro"
        return True, f"DeepL API ({plan} key) at {self.url}"

    def version(self) -> str:
        """``DeepL API v2; tag_handling=xml`` plus the options that change the output. DeepL does not
        publish model versions, so a change on their side is not seen here."""
        parts = ["DeepL API v2", "tag_handling=xml"]
        if self.model_type:
            parts.append(f"model_type={self.model_type}")
        if self.formality:
            parts.append(f"formality={self.formality}")
        variants = ",".join(f"{k}={v}" for k, v in sorted(self.target_variants.items()))
        parts.append(f"variants {variants}")
        return "; ".join(parts)

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"}

    def _classify(self, response: httpx.Response, detail: str) -> EngineError | None:
        said = f"HTTP {response.status_code}" + (f": {detail}" if detail else "")
        if response.status_code == 456:
            return EngineError(
                f"DeepL quota exceeded ({said}): this billing period's characters are used up; upgrade the "
                "plan or raise the Cost Control limit, or wait for the next period"
            )
        if response.status_code == 403 and "wrong endpoint" in detail.lower():
            return EngineUnavailable(
                f"DeepL refused the key at {self.url} ({said}); free keys (ending in :fx) use {FREE_URL}, "
                f"others {PRO_URL}: fix DRAGOMAN_DEEPL_URL or DRAGOMAN_DEEPL_API_KEY"
            )
        if response.status_code == 414:
            return RequestTooLarge(f"DeepL refused the request as too long ({said})")
        if response.status_code == 404 and "glossary" in detail.lower():
            return GlossaryMissing(f"DeepL has no such glossary ({said})")
        return None

    # --- languages -----------------------------------------------------------------------------------------

    def _fetch_pairs(self) -> set[tuple[str, str]]:
        sources = self._languages("source")
        targets = self._languages("target")
        return {(s, t) for s in sources for t in targets if s != t}

    def _languages(self, kind: str) -> set[str]:
        listed = self.send_json("GET", f"{self.url}/v2/languages", params={"type": kind}, retry=False)
        if not isinstance(listed, list):
            raise EngineError(f"DeepL's language list is not a list: {str(listed)[:100]!r}")
        return {_iso(entry["language"]) for entry in listed if isinstance(entry, dict) and entry.get("language")}

    def glossary_pairs(self) -> set[tuple[str, str]]:
        """Pairs DeepL accepts glossaries for: from ``/v2/glossary-language-pairs`` (asked once), else the
        languages glossaries have long supported."""
        if self._glossary_pairs is None:
            try:
                listed = self.send_json("GET", f"{self.url}/v2/glossary-language-pairs", retry=False)
                self._glossary_pairs = {
                    (_iso(pair["source_lang"]), _iso(pair["target_lang"]))
                    for pair in listed.get("supported_languages", [])
                }
            except (EngineError, AttributeError, KeyError, TypeError) as exc:
                log.info("DeepL glossary pairs not available (%s); using the built-in list", exc)
                return {(s, t) for s in STATIC_GLOSSARY_LANGUAGES for t in STATIC_GLOSSARY_LANGUAGES if s != t}
        return set(self._glossary_pairs)

    # --- glossaries ----------------------------------------------------------------------------------------

    def native_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> bool:
        """Make sure a DeepL glossary holds ``terms`` for the pair; ``False`` (the core protects the terms
        itself) when glossaries are switched off, the pair has none, a term can't be stored as a TSV
        entry, or DeepL can't be asked."""
        if not self.native_glossaries or not terms or not self.api_key:
            return False
        if (source, target) not in self.glossary_pairs():
            return False
        unfit = [term for entry in terms.items() for term in entry if not _fits_glossary(term)]
        if unfit:
            log.info("DeepL glossary not used for %s->%s: %r can't be a glossary entry", source, target, unfit[0])
            return False
        try:
            self.glossary_id(source, target, terms)
        except EngineError as exc:
            log.warning(
                "DeepL glossary for %s->%s not available (%s); protecting the terms instead", source, target, exc
            )
            return False
        return True

    def glossary_id(self, source: str, target: str, terms: Mapping[str, str]) -> str:
        """The id of the DeepL glossary holding exactly ``terms`` for ``source -> target``: kept from
        earlier, found at DeepL by its name, or created."""
        entries = "\n".join(f"{s}\t{t}" for s, t in sorted(terms.items()))
        digest = hashlib.sha256(f"{source}\n{target}\n{entries}".encode()).hexdigest()[:16]
        key = (source, target, digest)
        with self._glossary_lock:
            if key not in self._glossaries:
                name = f"dragoman {source}-{target} {digest}"
                found = self._find_glossary(name)
                self._glossaries[key] = found or self._create_glossary(name, source, target, entries)
            return self._glossaries[key]

    def _forget_glossary(self, glossary_id: str) -> None:
        with self._glossary_lock:
            for key in [key for key, kept in self._glossaries.items() if kept == glossary_id]:
                del self._glossaries[key]

    def _find_glossary(self, name: str) -> str | None:
        listed = self.send_json("GET", f"{self.url}/v2/glossaries")
        for glossary in listed.get("glossaries", []) if isinstance(listed, dict) else []:
            if glossary.get("name") == name and glossary.get("ready", True) and glossary.get("glossary_id"):
                return glossary["glossary_id"]
        return None

    def _create_glossary(self, name: str, source: str, target: str, entries: str) -> str:
        body = {"name": name, "source_lang": source, "target_lang": target, "entries": entries, "entries_format": "tsv"}
        created = self.send_json("POST", f"{self.url}/v2/glossaries", json_body=body, chars=len(entries))
        glossary_id = created.get("glossary_id") if isinstance(created, dict) else None
        if not glossary_id:
            raise EngineError(f"DeepL created a glossary but sent no glossary_id: {str(created)[:200]!r}")
        log.info("created DeepL glossary %s (%s) with %d entries", glossary_id, name, entries.count("\n") + 1)
        return glossary_id

    # --- translating ---------------------------------------------------------------------------------------

    def target_code(self, target: str) -> str:
        """DeepL's ``target_lang`` for an ISO 639-1 code: ``en`` -> ``EN-US`` (see ``target_variants``)."""
        return self.target_variants.get(target, target.upper())

    def _translate_chunk(
        self, texts: list[str], source: str, target: str, *, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        wire = [to_xml(text, markup=markup) for text in texts]
        body: dict = {
            "text": wire,
            "source_lang": source.upper(),
            "target_lang": self.target_code(target),
            "tag_handling": "xml",
            "outline_detection": False,
            "split_sentences": "nonewlines",
        }
        names = sorted({f"x{n}" for text in wire for n in _XML_TAG_NUMBERS.findall(text)}, key=lambda t: int(t[1:]))
        if names:
            body["non_splitting_tags"] = names
        if self.formality:
            body["formality"] = self.formality
        if self.model_type:
            body["model_type"] = self.model_type
        if glossary:
            body["glossary_id"] = self.glossary_id(source, target, glossary)
        chars = sum(map(len, texts))
        try:
            reply = self.send_json("POST", f"{self.url}/v2/translate", json_body=body, chars=chars)
        except GlossaryMissing:
            if not glossary:
                raise
            log.warning("DeepL glossary %s is gone; making it again", body["glossary_id"])
            self._forget_glossary(body["glossary_id"])
            body["glossary_id"] = self.glossary_id(source, target, glossary)
            reply = self.send_json("POST", f"{self.url}/v2/translate", json_body=body, chars=chars)
        try:
            translated = [item["text"] for item in reply["translations"]]
        except (KeyError, TypeError) as exc:
            raise EngineError(
                f"DeepL's reply has no translations[].text: {str(reply)[:200]!r}", retryable=True
            ) from exc
        return [from_xml(out, atoms=_atoms(text, markup), markup=markup) for out, text in zip(translated, texts)]


_XML_TAG_NUMBERS = re.compile(r"<x(\d+)\s*/?>")


def to_xml(fragment: str, *, markup: bool = True) -> str:
    """A unit in either of the core's wire forms as DeepL XML: ``<span id="3">`` (or ``<x3>``) -> ``<x3>``,
    ``</span>`` -> ``</x3>``, ``<br id="4">`` (or ``<x4/>``) -> ``<x4/>``; text escaped for XML."""
    parts = []
    for token in decode(fragment, markup=markup):
        match token:
            case Text(text):
                parts.append(html.escape(text, quote=False))
            case Open(n):
                parts.append(f"<x{n}>")
            case Close(n) if n is not None:
                parts.append(f"</x{n}>")
            case Atom(n):
                parts.append(f"<x{n}/>")
            case Close() | Stray():
                raise ValueError(f"not a placeholder fragment: {fragment!r}")
    return "".join(parts)


def from_xml(text: str, *, atoms: frozenset[int] = frozenset(), markup: bool = True) -> str:
    """DeepL's XML reply in the core's wire form (HTML with ``markup``, else plain ``<xN>`` tokens and
    unescaped text). ``atoms`` are the placeholders that went as empty elements, in case DeepL writes one
    as ``<x4></x4>``. Anything else is left for the core's checks to judge."""
    text = _EMPTY_ELEMENT.sub(lambda m: f"<x{m.group(1)}/>" if int(m.group(1)) in atoms else m.group(0), text)
    if not markup:
        return html.unescape(text)

    def html_tag(match: re.Match) -> str:
        closing, number, empty = match.groups()
        if empty:
            return f'<br id="{number}">'
        return "</span>" if closing else f'<span id="{number}">'

    return _XML_TAG.sub(html_tag, text)


def _atoms(fragment: str, markup: bool) -> frozenset[int]:
    return frozenset(token.id for token in decode(fragment, markup=markup) if isinstance(token, Atom))


def _iso(code: str) -> str:
    """ISO 639-1 code for a DeepL language code: ``EN-GB`` -> ``en``, ``ZH-HANS`` -> ``zh``."""
    return code.split("-")[0].lower()


def _fits_glossary(term: str) -> bool:
    """Whether a phrase can be a TSV glossary entry: not blank, no tabs or line breaks, not too long."""
    return bool(term.strip()) and term == term.strip() and not re.search(r"[\t\r\n\x00-\x1f]", term) and (
        len(term.encode("utf-8")) <= MAX_GLOSSARY_ENTRY_BYTES
    )
