"""LibreTranslate (Argos Translate models), through its API: ``POST /translate``, ``GET /languages``.

**Markup: plain text only.** LibreTranslate has an HTML mode (``format=html``), but it translates each
text node of the HTML on its own: ``The <a>red car</a> is fast`` becomes three separate translations,
"The", "red car" and "is fast", glued back together. That is the bug this project exists to avoid (it
breaks sentences and word order at every link), so this engine is a plain-text engine
(``handles_markup = False``): it sends each unit whole with ``format=text`` and the core's placeholder
tokens, ``Read the <x1>full report</x1> at <x2/>.``

**Do the tokens survive?** This can't be tried against a real server here, so it is an assumption, stated:
Argos models, like most neural models trained on web text, usually copy short tag-like tokens such as
``<x1>`` through unchanged and move them with the words around them; sometimes they space them out
(``< x1 >``), change their case (``<X1>``), write them with full-width brackets (``＜x1＞``), or drop them.
This engine repairs the first three kinds on the way back (:func:`repair_tokens`). A dropped or duplicated
token is left for the core's checks, which send the unit again on its own and, if it fails twice, fail the
document rather than publish a broken paragraph. Note also that LibreTranslate unescapes HTML character
references in its output, so a literal ``&amp;`` in a source text comes back as ``&``.

**Glossaries.** LibreTranslate has none in its API; terms are protected by the core as placeholders.

**Configuration.** ``DRAGOMAN_LIBRETRANSLATE_URL`` (required, e.g. ``http://localhost:5000``) and
``DRAGOMAN_LIBRETRANSLATE_API_KEY`` (when the server requires keys).

**Limits.** Each server sets its own (``--char-limit``, ``--batch-limit``, both unlimited by default;
libretranslate.com allows 2,000 characters a call) and refuses a request over them with HTTP 400 "exceeds
text limit"; this engine then halves the batch and tries again. Requests carry at most 50 texts and 5,000
characters unless configured otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.http import HttpEngine, RequestTooLarge

# The language pairs the Argos package index offers (all through English), for when /languages can't be
# asked. A server has only the packages its operator installed.
STATIC_LANGUAGES = frozenset(
    "ar az bg bn ca cs da de el eo es et fa fi fr ga he hi hu id it ja ko lt lv ms nb nl pl pt ro ru sk sl sq "
    "sv th tl tr uk ur zh".split()
)

# A placeholder token as models mangle it: spaces inside, upper case, full-width brackets or slash.
_MANGLED_TOKEN = re.compile(r"[<＜]\s*([/／]?)\s*[xXｘＸ]\s*(\d+)\s*([/／]?)\s*[>＞]")


class LibreTranslateEngine(HttpEngine):
    """A LibreTranslate server, as a plain-text engine with ``<xN>`` placeholder tokens."""

    name = "libretranslate"
    label = "LibreTranslate"
    handles_markup = False

    key_variable = "DRAGOMAN_LIBRETRANSLATE_API_KEY"
    url_variable = "DRAGOMAN_LIBRETRANSLATE_URL"
    max_texts = 50
    max_chars = 5_000

    static_pairs = frozenset({("en", code) for code in STATIC_LANGUAGES} | {(code, "en") for code in STATIC_LANGUAGES})

    def __init__(self, *, url: str | None = None, api_key: str | None = None, models: str = "", **options):
        """Options, as given to ``get_engine("libretranslate", **options)`` (plus those of
        :class:`HttpEngine`):

        :param url: the server; default ``$DRAGOMAN_LIBRETRANSLATE_URL``.
        :param api_key: default ``$DRAGOMAN_LIBRETRANSLATE_API_KEY`` (none).
        :param models: a label for the installed models (e.g. ``"argos en_es 1.9"``), part of
            :meth:`version`: the API doesn't tell model versions, so change it when you update them.
        """
        super().__init__(**options)
        self.url = (url or os.environ.get("DRAGOMAN_LIBRETRANSLATE_URL", "")).strip().rstrip("/")
        self.api_key = (
            api_key if api_key is not None else os.environ.get("DRAGOMAN_LIBRETRANSLATE_API_KEY", "")
        ).strip()
        self.models = models

    def availability(self) -> tuple[bool, str]:
        if not self.url:
            return False, "no LibreTranslate server: set DRAGOMAN_LIBRETRANSLATE_URL (e.g. http://localhost:5000)"
        return True, f"LibreTranslate at {self.url}" + (" (with an API key)" if self.api_key else "")

    def version(self) -> str:
        """``LibreTranslate at host:port; text`` plus the ``models`` label: translations from another server
        (which may run other models) are never mixed up."""
        host = urlsplit(self.url).netloc or self.url
        return f"LibreTranslate at {host}; format=text" + (f"; models {self.models}" if self.models else "")

    def _classify(self, response: httpx.Response, detail: str) -> EngineError | None:
        said = f"HTTP {response.status_code}" + (f": {detail}" if detail else "")
        lowered = detail.lower()
        if response.status_code == 400 and "exceeds text limit" in lowered:
            return RequestTooLarge(f"LibreTranslate refused the request as too large ({said})")
        if response.status_code == 400 and "api key" in lowered:
            return EngineUnavailable(
                f"LibreTranslate requires an API key ({said}); set DRAGOMAN_LIBRETRANSLATE_API_KEY"
            )
        if response.status_code == 400 and ("is not supported" in lowered or "not available as a target" in lowered):
            return EngineUnavailable(
                f"LibreTranslate at {self.url} lacks this language pair ({said}); install the Argos model on the server"
            )
        if response.status_code == 403 and "too many request limits violations" in lowered:
            return EngineError(
                f"LibreTranslate banned this client for exceeding its limits too often ({said}); lower "
                "requests_per_second, or ask the server's operator"
            )
        return None

    def _fetch_pairs(self) -> set[tuple[str, str]]:
        listed = self.send_json("GET", f"{self.url}/languages", retry=False)
        if not isinstance(listed, list):
            raise EngineError(f"LibreTranslate's language list is not a list: {str(listed)[:100]!r}")
        return {
            (language["code"], target)
            for language in listed
            if isinstance(language, dict) and language.get("code")
            for target in language.get("targets", [])
            if target != language["code"]
        }

    def _translate_chunk(
        self, texts: list[str], source: str, target: str, *, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        body = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        reply = self.send_json("POST", f"{self.url}/translate", json_body=body, chars=sum(map(len, texts)))
        translated = reply.get("translatedText") if isinstance(reply, dict) else None
        if isinstance(translated, str) and len(texts) == 1:  # the answer to a single text, not a list
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(text, str) for text in translated):
            raise EngineError(
                f"LibreTranslate's reply has no translatedText list: {str(reply)[:200]!r}", retryable=True
            )
        return [repair_tokens(text) for text in translated]


def repair_tokens(text: str) -> str:
    """Placeholder tokens as the core writes them, from the ways a model may have mangled them:
    ``< x1 >`` -> ``<x1>``, ``</ X1>`` -> ``</x1>``, ``<x2 / >`` -> ``<x2/>``, ``＜x1＞`` -> ``<x1>``."""

    def canonical(match: re.Match) -> str:
        closing, digits, empty = match.groups()
        number = int(digits)  # full-width digits too
        if closing:
            return f"</x{number}>"
        return f"<x{number}/>" if empty else f"<x{number}>"

    return _MANGLED_TOKEN.sub(canonical, text)
