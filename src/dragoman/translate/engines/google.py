"""Google Cloud Translation: Advanced (v3, ``projects/{p}/locations/{l}:translateText``) or Basic (v2,
``/language/translate/v2``), both in HTML mode.

**Markup.** Google's HTML mode leaves tags untranslated and places them with the translated words,
reordering them with the sentence, so this engine takes the core's HTML fragments as they are
(``<span id="3">…</span>``, ``<br id="4">``), sent with ``mimeType: text/html`` (v3) or ``format: html``
(v2). Replies are HTML: Google escapes some characters (``&#39;`` for an apostrophe), which the core
decodes.

**Glossaries.** Cloud Translation glossaries live in Cloud Storage files and regional resources this
engine does not manage, so glossary terms are protected by the core as placeholders and come back as
their forced translation.

**Configuration.** The v3 API is used when a project is set (``DRAGOMAN_GOOGLE_PROJECT``) and needs an
OAuth access token (``DRAGOMAN_GOOGLE_TOKEN``, for example from ``gcloud auth print-access-token``; pass a
callable as ``token`` to refresh it, since such tokens last an hour). Without a project, the v2 API is
used with an API key (``DRAGOMAN_GOOGLE_API_KEY``), or with the token when there is no key.
``DRAGOMAN_GOOGLE_URL`` changes the address (default ``https://translation.googleapis.com``).

**Limits** (documented by Google): v3 takes at most 1024 texts and 30,000 code points per request; v2
takes 128 texts and 100 KB. Quota errors come as HTTP 403 or 429: "Rate Limit Exceeded" is retried,
"Daily Limit Exceeded" is not (quotas reset at midnight Pacific time).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import httpx

from dragoman.translate.engines.base import EngineError, EngineUnavailable
from dragoman.translate.engines.http import HttpEngine, RequestTooLarge

DEFAULT_URL = "https://translation.googleapis.com"

# ISO 639-1 -> Google's code where they differ.
TO_GOOGLE = {"zh": "zh-CN", "he": "iw", "jv": "jw"}
FROM_GOOGLE = {"iw": "he", "jw": "jv"}

# Languages Google translates, as ISO 639-1, for when the languages endpoint can't be asked (a documented
# subset: every ISO 639-1 language Google listed in 2025 that news is commonly published in).
STATIC_LANGUAGES = frozenset(
    "af am ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl gu ha he hi hr ht hu hy id ig is "
    "it ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn mr ms mt my ne nl no ny pa pl ps pt ro ru sd "
    "si sk sl sm sn so sq sr st su sv sw ta te tg th tl tr uk ur uz vi xh yi yo zh zu".split()
)


class GoogleEngine(HttpEngine):
    """Google Cloud Translation, v3 (Advanced) or v2 (Basic), in HTML mode."""

    name = "google"
    label = "Google Translate"
    handles_markup = True

    url_variable = "DRAGOMAN_GOOGLE_URL"
    static_pairs = frozenset((s, t) for s in STATIC_LANGUAGES for t in STATIC_LANGUAGES if s != t)

    def __init__(
        self,
        *,
        api_key: str | None = None,
        project: str | None = None,
        token: str | Callable[[], str] | None = None,
        url: str | None = None,
        location: str = "global",
        api_version: str | None = None,
        model: str | None = None,
        **options,
    ):
        """Options, as given to ``get_engine("google", **options)`` (plus those of :class:`HttpEngine`):

        :param api_key: v2 API key; default ``$DRAGOMAN_GOOGLE_API_KEY``.
        :param project: v3 project id or number; default ``$DRAGOMAN_GOOGLE_PROJECT``.
        :param token: OAuth access token, or a callable returning a fresh one; default
            ``$DRAGOMAN_GOOGLE_TOKEN``.
        :param url: default ``$DRAGOMAN_GOOGLE_URL`` or ``https://translation.googleapis.com``.
        :param location: v3 location (``global``, or a region such as ``us-central1``).
        :param api_version: ``"v3"`` or ``"v2"``; default v3 when a project is set, else v2.
        :param model: v3 model, e.g. ``general/nmt`` or ``general/translation-llm``; default: Google's.
        """
        self.api_key = (api_key if api_key is not None else os.environ.get("DRAGOMAN_GOOGLE_API_KEY", "")).strip()
        self.project = (project if project is not None else os.environ.get("DRAGOMAN_GOOGLE_PROJECT", "")).strip()
        self.token = token if token is not None else os.environ.get("DRAGOMAN_GOOGLE_TOKEN", "").strip()
        self.url = (url or os.environ.get("DRAGOMAN_GOOGLE_URL") or DEFAULT_URL).rstrip("/")
        self.location = location
        self.api_version = api_version or ("v3" if self.project else "v2")
        if self.api_version not in ("v2", "v3"):
            raise ValueError(f"api_version must be 'v2' or 'v3', not {self.api_version!r}")
        self.model = model
        limits = {"max_texts": 1024, "max_chars": 30_000} if self.api_version == "v3" else {
            "max_texts": 128, "max_bytes": 100_000 - 2_000  # room for the request's other fields
        }
        super().__init__(**{**limits, **options})

    # --- configuration -------------------------------------------------------------------------------------

    @property
    def key_variable(self) -> str:  # type: ignore[override]
        if self.api_version == "v3" or not self.api_key:
            return "DRAGOMAN_GOOGLE_TOKEN"
        return "DRAGOMAN_GOOGLE_API_KEY"

    def availability(self) -> tuple[bool, str]:
        if self.api_version == "v3":
            if not self.project:
                return False, "Google Cloud Translation v3 needs a project: set DRAGOMAN_GOOGLE_PROJECT"
            if not self.token:
                return False, (
                    "Google Cloud Translation v3 needs an access token: set DRAGOMAN_GOOGLE_TOKEN "
                    "(e.g. from `gcloud auth print-access-token`)"
                )
            return True, f"Google Cloud Translation v3, project {self.project}, location {self.location}"
        if not self.api_key and not self.token:
            return False, (
                "no Google credentials: set DRAGOMAN_GOOGLE_API_KEY (Basic, v2), or DRAGOMAN_GOOGLE_PROJECT and "
                "DRAGOMAN_GOOGLE_TOKEN (Advanced, v3)"
            )
        return True, f"Google Cloud Translation v2 ({'API key' if self.api_key else 'access token'})"

    def version(self) -> str:
        """``Cloud Translation v3; model general/nmt; text/html`` or ``Cloud Translation v2; nmt; html``."""
        if self.api_version == "v3":
            return f"Cloud Translation v3; model {self.model or 'default'}; text/html"
        return "Cloud Translation v2; nmt; html"

    def _access_token(self) -> str:
        return self.token() if callable(self.token) else self.token

    def _auth_headers(self) -> dict[str, str]:
        if self.api_version == "v3" or not self.api_key:
            return {"Authorization": f"Bearer {self._access_token()}"}
        return {}

    def _key_params(self) -> dict[str, str]:
        return {"key": self.api_key} if self.api_version == "v2" and self.api_key else {}

    @property
    def _parent(self) -> str:
        return f"projects/{self.project}/locations/{self.location}"

    def _classify(self, response: httpx.Response, detail: str) -> EngineError | None:
        reasons = _reasons(response)
        said = f"HTTP {response.status_code}" + (f": {detail}" if detail else "")
        lowered = detail.lower()
        if "dailylimitexceeded" in reasons or "daily limit exceeded" in lowered:
            return EngineError(
                f"Google Translate daily quota exceeded ({said}); raise the quota in the Cloud console or "
                "wait for midnight Pacific time"
            )
        if reasons & {"ratelimitexceeded", "userratelimitexceeded"} or "rate limit exceeded" in lowered:
            return EngineError(f"Google Translate is limiting our rate ({said})", retryable=True)
        if "api_key_invalid" in reasons or "api key not valid" in lowered:
            return EngineUnavailable(
                f"Google Translate rejected the API key ({said}); set DRAGOMAN_GOOGLE_API_KEY to a valid key"
            )
        if response.status_code == 400 and ("too long" in lowered or "too large" in lowered):
            return RequestTooLarge(f"Google Translate refused the request as too large ({said})")
        return None

    # --- languages -----------------------------------------------------------------------------------------

    def _fetch_pairs(self) -> set[tuple[str, str]]:
        if self.api_version == "v3":
            reply = self.send_json("GET", f"{self.url}/v3/{self._parent}/supportedLanguages", retry=False)
            listed = reply.get("languages", []) if isinstance(reply, dict) else []
            sources = {_iso(item["languageCode"]) for item in listed if item.get("supportSource")}
            targets = {_iso(item["languageCode"]) for item in listed if item.get("supportTarget")}
        else:
            reply = self.send_json(
                "GET", f"{self.url}/language/translate/v2/languages", params=self._key_params(), retry=False
            )
            listed = reply.get("data", {}).get("languages", []) if isinstance(reply, dict) else []
            sources = targets = {_iso(item["language"]) for item in listed if item.get("language")}
        if not sources or not targets:
            raise EngineError("Google Translate listed no languages")
        return {(s, t) for s in sources for t in targets if s != t}

    # --- translating ---------------------------------------------------------------------------------------

    def _translate_chunk(
        self, texts: list[str], source: str, target: str, *, markup: bool, glossary: Mapping[str, str] | None
    ) -> list[str]:
        chars = sum(map(len, texts))
        if self.api_version == "v3":
            body = {
                "contents": texts,
                "mimeType": "text/html" if markup else "text/plain",
                "sourceLanguageCode": TO_GOOGLE.get(source, source),
                "targetLanguageCode": TO_GOOGLE.get(target, target),
            }
            if self.model:
                body["model"] = f"{self._parent}/models/{self.model}"
            reply = self.send_json("POST", f"{self.url}/v3/{self._parent}:translateText", json_body=body, chars=chars)
            translations = reply.get("translations") if isinstance(reply, dict) else None
        else:
            body = {
                "q": texts,
                "source": TO_GOOGLE.get(source, source),
                "target": TO_GOOGLE.get(target, target),
                "format": "html" if markup else "text",
            }
            reply = self.send_json(
                "POST", f"{self.url}/language/translate/v2", json_body=body, params=self._key_params(), chars=chars
            )
            translations = reply.get("data", {}).get("translations") if isinstance(reply, dict) else None
        try:
            return [item["translatedText"] for item in translations]
        except (KeyError, TypeError) as exc:
            raise EngineError(
                f"Google Translate's reply has no translations: {str(reply)[:200]!r}", retryable=True
            ) from exc


def _iso(code: str) -> str:
    """ISO 639-1 code for a Google language code: ``zh-CN`` -> ``zh``, ``iw`` -> ``he``."""
    base = code.split("-")[0].lower()
    return FROM_GOOGLE.get(base, base)


def _reasons(response: httpx.Response) -> set[str]:
    """The lower-cased ``reason`` fields of a Google error reply (``userRateLimitExceeded``…)."""
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        return set()
    found = set()
    for item in error.get("errors", []) if isinstance(error, dict) else []:
        if isinstance(item, dict) and item.get("reason"):
            found.add(str(item["reason"]).lower())
    for item in error.get("details", []) if isinstance(error, dict) else []:
        if isinstance(item, dict) and item.get("reason"):
            found.add(str(item["reason"]).lower())
    return found
