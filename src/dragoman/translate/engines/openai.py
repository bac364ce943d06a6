"""Large language models behind an OpenAI-compatible chat API: ``POST {base}/v1/chat/completions``.

That API is spoken by OpenAI itself and by local servers: Ollama (``http://localhost:11434``), vLLM,
llama.cpp's ``llama-server``, LM Studio. Only ``model``, ``messages`` and ``temperature`` are sent, which
all of them understand.

**Markup: plain text.** The model gets the core's placeholder tokens (``<x1>…</x1>``, ``<x2/>``) and a
system prompt that explains them: keep every token exactly once, unchanged, placed where its words land
in the translation; output only the translation. Whatever the model does, the core checks every unit
(placeholders, links, numbers) and sends a failed one again, then fails the document rather than
publish a broken paragraph.

**Batching.** Several units go in one request, as a JSON list of ``{"id": n, "text": …}``; the model is
asked for a JSON list of ``{"id": n, "translation": …}``. The reply is read leniently
(:func:`parse_batch_reply`: code fences, a ``<think>`` preamble, prose around the JSON, a bare list of
strings, an object keyed by id). Every unit the reply doesn't account for (unparseable, missing, doubled,
or cut off at the token limit) is then sent on its own, with a prompt that asks for the bare translation.

**Glossaries.** None natively; terms are protected by the core as placeholders.

**Configuration.** ``DRAGOMAN_OPENAI_URL`` (default ``https://api.openai.com``; a URL ending in ``/v1``
is taken as it is), ``DRAGOMAN_OPENAI_API_KEY`` (sent as a bearer token; required for api.openai.com
only), ``DRAGOMAN_OPENAI_MODEL`` (default ``gpt-4o-mini`` on api.openai.com; required elsewhere).
:meth:`OpenAIEngine.version` holds the model name and a digest of the prompts, so a change of either
never reuses translations from the memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import httpx
from babel import Locale

from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.http import HttpEngine, RequestTooLarge

DEFAULT_URL = "https://api.openai.com"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"

DEFAULT_LANGUAGES = (
    "ar bg ca cs da de el en es et fa fi fr he hi hr hu id it ja ko lt lv ms nb nl pl pt ro ru sk sl sr sv "
    "sw th tr uk ur vi zh"
).split()
"""Languages offered by default (any pair of them): widely written languages that current general models
translate well. Use the ``languages`` option to offer others."""

SYSTEM_PROMPT = """\
You are a professional translator of news articles. Translate from {source} into {target}.

The text contains placeholder tokens: <xN> ... </xN> around words (a link or an emphasis) and <xN/> \
standing for something that must stay as it is (an image, a name, a line break); N is a number.
- Keep every token exactly once and exactly as written, never translated, renumbered, added or removed.
- Put each token where its words belong in the {target} sentence, around the translation of the words \
it wrapped.
- Translate everything else faithfully and completely, in the style of a news article; keep numbers \
and names as they are written unless {target} writes them differently.
- Do not explain, comment or summarise.
"""

BATCH_INSTRUCTIONS = """\
The input is a JSON list of objects {"id": number, "text": string}. Translate each text on its own.
Reply with only a JSON list of objects {"id": number, "translation": string}, one for every id of the \
input, and nothing else."""

SINGLE_INSTRUCTIONS = "Reply with only the translation of the text, nothing else."

PROMPT_DIGEST = hashlib.sha256((SYSTEM_PROMPT + BATCH_INSTRUCTIONS + SINGLE_INSTRUCTIONS).encode()).hexdigest()[:12]
"""Part of :meth:`OpenAIEngine.version`: editing a prompt invalidates the memory's translations."""

_FENCE = re.compile(r"^```[\w-]*\s*\n?(.*?)\n?```$", re.DOTALL)
_THINKING = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)


class OpenAIEngine(HttpEngine):
    """A language model behind an OpenAI-compatible chat completions API, as a plain-text engine."""

    name = "openai"
    handles_markup = False

    key_variable = "DRAGOMAN_OPENAI_API_KEY"
    url_variable = "DRAGOMAN_OPENAI_URL"
    max_texts = 20
    max_chars = 6_000

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        model: str | None = None,
        temperature: float = 0.0,
        languages: Sequence[str] | None = None,
        **options,
    ):
        """Options, as given to ``get_engine("openai", **options)`` (plus those of :class:`HttpEngine`;
        ``max_texts``, 20 by default, is the number of units per request):

        :param url: the server; default ``$DRAGOMAN_OPENAI_URL`` or ``https://api.openai.com``.
        :param api_key: default ``$DRAGOMAN_OPENAI_API_KEY``.
        :param model: default ``$DRAGOMAN_OPENAI_MODEL``, else ``gpt-4o-mini`` on api.openai.com.
        :param temperature: sampling temperature; 0 for translations that change as little as possible.
        :param languages: ISO 639-1 codes offered as pairs (default :data:`DEFAULT_LANGUAGES`).
        """
        options.setdefault("timeout", 120.0)  # a model writes a batch slowly
        super().__init__(**options)
        self.url = (url or os.environ.get("DRAGOMAN_OPENAI_URL") or DEFAULT_URL).strip().rstrip("/")
        self.api_key = (api_key if api_key is not None else os.environ.get("DRAGOMAN_OPENAI_API_KEY", "")).strip()
        default_model = DEFAULT_OPENAI_MODEL if self._is_openai else ""
        self.model = (model or os.environ.get("DRAGOMAN_OPENAI_MODEL") or default_model).strip()
        self.temperature = temperature
        self.languages = tuple(languages or DEFAULT_LANGUAGES)

    # --- configuration -------------------------------------------------------------------------------------

    @property
    def label(self) -> str:  # type: ignore[override]
        """Shown to readers: the model that translated, e.g. ``gpt-4o-mini (language model)``."""
        return f"{self.model or 'unnamed model'} (language model)"

    @property
    def _is_openai(self) -> bool:
        return urlsplit(self.url).hostname in ("api.openai.com",)

    @property
    def endpoint(self) -> str:
        """The chat completions URL: ``{url}/v1/chat/completions`` (``{url}/chat/completions`` when the URL
        already ends in ``/v1``)."""
        base = self.url if self.url.endswith("/v1") else f"{self.url}/v1"
        return f"{base}/chat/completions"

    @property
    def static_pairs(self) -> frozenset[tuple[str, str]]:  # type: ignore[override]
        return frozenset((s, t) for s in self.languages for t in self.languages if s != t)

    def availability(self) -> tuple[bool, str]:
        if not self.model:
            return False, f"no model named for the server at {self.url}: set DRAGOMAN_OPENAI_MODEL"
        if self._is_openai and not self.api_key:
            return False, "no OpenAI API key: set DRAGOMAN_OPENAI_API_KEY"
        return True, f"{self.model} at {self.url}"

    def version(self) -> str:
        """``gpt-4o-mini; chat completions; prompt 1a2b3c4d5e6f; temperature 0``."""
        return f"{self.model}; chat completions; prompt {PROMPT_DIGEST}; temperature {self.temperature:g}"

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _classify(self, response: httpx.Response, detail: str) -> EngineError | None:
        said = f"HTTP {response.status_code}" + (f": {detail}" if detail else "")
        codes = _error_codes(response)
        lowered = detail.lower()
        if response.status_code == 429 and ("insufficient_quota" in codes or "exceeded your current quota" in lowered):
            return EngineError(f"{self.url} quota exceeded ({said}); add credit or raise the spending limit")
        if response.status_code == 404 and ("model" in lowered or "model_not_found" in codes):
            return EngineUnavailable(
                f"the server at {self.url} has no model {self.model!r} ({said}); set DRAGOMAN_OPENAI_MODEL "
                "to one it serves (with Ollama: `ollama pull <model>`)"
            )
        if "context_length_exceeded" in codes or "context length" in lowered or "too many tokens" in lowered:
            return RequestTooLarge(f"{self.label} refused the request as too long ({said})")
        return None

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair of :attr:`languages`: a chat API has no languages endpoint."""
        return set(self.static_pairs)

    # --- translating ---------------------------------------------------------------------------------------

    def _translate_chunk(
        self, texts: list[str], source: str, target: str, *, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        results: dict[int, str] = {}
        if len(texts) > 1:
            payload = json.dumps([{"id": i, "text": text} for i, text in enumerate(texts, 1)], ensure_ascii=False)
            system = self._system(source, target, BATCH_INSTRUCTIONS)
            reply, complete = self._chat(system, payload, sum(map(len, texts)))
            if complete:
                results = parse_batch_reply(reply, len(texts))
        for i, text in enumerate(texts, 1):  # what the batch didn't give, one by one
            if i not in results:
                reply, complete = self._chat(self._system(source, target, SINGLE_INSTRUCTIONS), text, len(text))
                if not complete:
                    raise EngineError(f"{self.label} stopped at its output limit before the end of a unit")
                results[i] = clean_single_reply(reply)
        return [results[i] for i in range(1, len(texts) + 1)]

    def complete(self, system: str, user: str) -> str:
        """The model's answer to one exchange, without a ``<think>`` block or a code fence around it: for
        what is not a translation (a story's summary, :mod:`dragoman.stories.summaries`). An answer cut at
        the model's output limit is an :class:`EngineError`."""
        reply, complete = self._chat(system, user, len(system) + len(user))
        if not complete:
            raise EngineError(f"{self.label} stopped at its output limit before the end of its answer")
        return clean_single_reply(reply)

    def _system(self, source: str, target: str, instructions: str) -> str:
        return SYSTEM_PROMPT.format(source=language_name(source), target=language_name(target)) + "\n" + instructions

    def _chat(self, system: str, user: str, chars: int) -> tuple[str, bool]:
        """The model's answer to one exchange, and whether it is complete (not cut at the token limit)."""
        body = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": self.temperature,
        }
        reply = self.send_json("POST", self.endpoint, json_body=body, chars=chars)
        try:
            choice = reply["choices"][0]
            content = choice["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise EngineError(
                f"{self.label} sent no choices[0].message.content: {str(reply)[:200]!r}", retryable=True
            ) from exc
        if not isinstance(content, str):
            raise EngineError(f"{self.label} sent an empty message", retryable=True)
        return content, choice.get("finish_reason") != "length"


def language_name(code: str) -> str:
    """The English name of a language for the prompt: ``es`` -> ``Spanish`` (the code if unknown)."""
    return Locale("en").languages.get(code, code)


def parse_batch_reply(reply: str, count: int) -> dict[int, str]:
    """Translations by id (1 to ``count``) found in a model's answer to a batch; ids the answer doesn't
    give exactly once are left out, for the caller to send again on their own.

    Accepts a JSON list of ``{"id", "translation"}`` objects (also ``text``/``target`` for the text, as
    models sometimes rename it), a list of ``count`` strings in order, an object keyed by id, or any of
    those under a ``translations`` key; inside code fences, after a ``<think>`` block, or among prose.
    """
    data = _json_in(reply)
    if isinstance(data, dict):
        lists = (data[key] for key in ("translations", "results", "items") if isinstance(data.get(key), list))
        nested = next(lists, None)
        if nested is None:
            keyed = {int(k): v for k, v in data.items() if str(k).strip().isdigit() and isinstance(v, str)}
            return {i: text for i, text in keyed.items() if 1 <= i <= count}
        data = nested
    if not isinstance(data, list):
        return {}
    if data and all(isinstance(item, str) for item in data):
        return {i: text for i, text in enumerate(data, 1)} if len(data) == count else {}
    found: dict[int, str] = {}
    doubled: set[int] = set()
    for item in data:
        if not isinstance(item, dict):
            continue
        text = next((item[k] for k in ("translation", "text", "target") if isinstance(item.get(k), str)), None)
        try:
            ident = int(item.get("id"))
        except (TypeError, ValueError):
            continue
        if text is None or not 1 <= ident <= count:
            continue
        if ident in found:
            doubled.add(ident)
        found[ident] = text
    return {i: text for i, text in found.items() if i not in doubled}


def clean_single_reply(reply: str) -> str:
    """A model's answer to one text, without a ``<think>`` block or a code fence around it."""
    text = _THINKING.sub("", reply).strip()
    fenced = _FENCE.match(text)
    return fenced.group(1).strip() if fenced else text


def _json_in(reply: str):
    """The JSON value in a model's answer, or ``None``: the whole answer, else inside a code fence, else
    the longest stretch from the first ``[``/``{`` to the last ``]``/``}``."""
    text = clean_single_reply(reply)
    candidates = [text]
    for opening, closing in (("[", "]"), ("{", "}")):
        start, end = text.find(opening), text.rfind(closing)
        if 0 <= start < end:
            candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def _error_codes(response: httpx.Response) -> set[str]:
    """``error.code`` and ``error.type`` of an OpenAI-style error reply."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return set()
    if not isinstance(error, dict):
        return set()
    return {str(error[key]) for key in ("code", "type") if error.get(key)}
