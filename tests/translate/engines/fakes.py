"""Local stand-ins for the translation services, for the engine tests.

The real DeepL, Google, LibreTranslate and OpenAI endpoints can't be reached from this machine, so each
class here is a small HTTP server on 127.0.0.1 (a free port, served from a thread) that implements the
service's **documented** request and reply formats and checks requests the way the real service does:
authentication header or key, required fields, JSON content type, per-request limits, with the service's
documented error replies. ``fail(...)`` scripts error replies (401, 403, 413, 429 with ``Retry-After``,
456, 5xx…) or a stall for the next requests.

The "translation" is deterministic and keeps markup the way the real service does: words are upper-cased
(:func:`shout`), tags stay on the words they wrap, glossary entries (DeepL) are applied verbatim. So tests
can assert the whole output of ``translate_html`` through the real core.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.engines import outside_markup

def shout(text: str, glossary: dict[str, str] | None = None) -> str:
    """The fake translation: everything outside tags and character references upper-cased; glossary
    source terms (case-sensitive, whole words) replaced by their target, verbatim."""
    return outside_markup(text, lambda stretch: _words(stretch, glossary))


def _words(text: str, glossary: dict[str, str] | None) -> str:
    if not glossary:
        return text.upper()
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(glossary, key=len, reverse=True))) + r")(?!\w)")
    pieces = pattern.split(text)
    return "".join(glossary[piece] if i % 2 else piece.upper() for i, piece in enumerate(pieces))


@dataclass
class Received:
    """One request as the fake server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    json: Any = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Scripted:
    reply: Reply | None  # None: answer normally (after the stall)
    path: str | None
    stall: float


class FakeService:
    """A threaded HTTP server on a free port of 127.0.0.1 that answers like one translation service.

    Subclasses implement :meth:`handle` (the documented routes) and :meth:`error` (the service's error
    body). Every request is kept in :attr:`received`.
    """

    def __init__(self):
        self.received: list[Received] = []
        self._scripted: deque[_Scripted] = deque()
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes

            def do_GET(self):
                self._serve()

            def do_POST(self):
                self._serve()

            def do_DELETE(self):
                self._serve()

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Received(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                if request.content_type == "application/json" and body:
                    try:
                        request.json = json.loads(body)
                    except ValueError:
                        request.json = ValueError
                reply = service._dispatch(request)
                payload = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                if not isinstance(reply.body, bytes):
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (timeout tests)
                    pass

            def log_message(self, format, *args):  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: shutting the server down waits for it.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    # --- scripting -----------------------------------------------------------------------------------------

    def fail(
        self,
        status: int | None,
        *,
        times: int = 1,
        message: str = "scripted failure",
        headers: dict[str, str] | None = None,
        body: Any = None,
        path: str | None = None,
        stall: float = 0.0,
    ) -> None:
        """Answer the next ``times`` requests (to ``path`` only, if given) with ``status`` and the service's
        error body (or ``body``); ``status=None`` answers normally after stalling ``stall`` seconds."""
        reply = None
        if status is not None:
            reply = Reply(status, body if body is not None else self.error(status, message), headers or {})
        with self._lock:
            for _ in range(times):
                self._scripted.append(_Scripted(reply, path, stall))

    def requests_to(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]

    def _dispatch(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            scripted = None
            for item in self._scripted:
                if item.path is None or item.path == request.path:
                    scripted = item
                    break
            if scripted is not None:
                self._scripted.remove(scripted)
        if scripted is not None:
            if scripted.stall:
                time.sleep(scripted.stall)
            if scripted.reply is not None:
                return scripted.reply
        if request.json is ValueError:
            return Reply(400, self.error(400, "invalid JSON"))
        return self.handle(request)

    # --- the service ---------------------------------------------------------------------------------------

    def handle(self, request: Received) -> Reply:
        raise NotImplementedError

    def error(self, status: int, message: str) -> Any:
        raise NotImplementedError


# --- DeepL -----------------------------------------------------------------------------------------------------


class FakeDeepL(FakeService):
    """DeepL API v2: ``/v2/translate`` (JSON, ``tag_handling=xml``, ``glossary_id``), ``/v2/languages``,
    ``/v2/glossaries``, ``/v2/glossary-language-pairs``; ``Authorization: DeepL-Auth-Key``; at most 50
    texts and 128 KiB a request; errors as ``{"message": …}``."""

    SOURCES = ["DE", "EN", "ES", "FR", "AR"]
    TARGETS = ["DE", "EN-GB", "EN-US", "ES", "FR", "AR"]
    GLOSSARY_PAIRS = [("en", "de"), ("en", "es"), ("en", "fr"), ("de", "en"), ("es", "en"), ("fr", "en")]

    def __init__(self, key: str = "test-key:fx"):
        super().__init__()
        self.key = key
        self.glossaries: dict[str, dict] = {}

    def error(self, status: int, message: str) -> Any:
        return {"message": message}

    def handle(self, request: Received) -> Reply:
        if request.headers.get("authorization") != f"DeepL-Auth-Key {self.key}":
            return Reply(403, self.error(403, "Authorization failed. Please supply a valid auth_key parameter."))
        route = (request.method, request.path)
        if route == ("POST", "/v2/translate"):
            return self._translate(request)
        if route == ("GET", "/v2/languages"):
            kind = request.query.get("type", ["source"])[0]
            codes = self.TARGETS if kind == "target" else self.SOURCES
            return Reply(200, [{"language": code, "name": code, "supports_formality": False} for code in codes])
        if route == ("GET", "/v2/glossary-language-pairs"):
            pairs = [{"source_lang": s, "target_lang": t} for s, t in self.GLOSSARY_PAIRS]
            return Reply(200, {"supported_languages": pairs})
        if route == ("GET", "/v2/glossaries"):
            listed = [{k: v for k, v in g.items() if k != "entries"} for g in self.glossaries.values()]
            return Reply(200, {"glossaries": listed})
        if route == ("POST", "/v2/glossaries"):
            return self._create_glossary(request)
        return Reply(404, self.error(404, "Not found"))

    def _create_glossary(self, request: Received) -> Reply:
        body = request.json
        if request.content_type != "application/json" or not isinstance(body, dict):
            return Reply(415, self.error(415, "Unsupported media type"))
        for required in ("name", "source_lang", "target_lang", "entries", "entries_format"):
            if not body.get(required):
                return Reply(400, self.error(400, f"Missing or invalid argument: {required}"))
        if body["entries_format"] != "tsv":
            return Reply(400, self.error(400, "Invalid entries_format"))
        if (body["source_lang"], body["target_lang"]) not in self.GLOSSARY_PAIRS:
            return Reply(400, self.error(400, "Unsupported glossary source and target language pair"))
        entries = {}
        for line in body["entries"].split("\n"):
            parts = line.split("\t")
            if len(parts) != 2 or not all(p.strip() for p in parts) or parts[0] in entries:
                return Reply(400, self.error(400, f"Invalid glossary entries: {line!r}"))
            entries[parts[0]] = parts[1]
        glossary_id = str(uuid.uuid4())
        self.glossaries[glossary_id] = {
            "glossary_id": glossary_id,
            "name": body["name"],
            "ready": True,
            "source_lang": body["source_lang"],
            "target_lang": body["target_lang"],
            "creation_time": "2025-01-01T00:00:00.000Z",
            "entry_count": len(entries),
            "entries": entries,
        }
        return Reply(201, {k: v for k, v in self.glossaries[glossary_id].items() if k != "entries"})

    def _translate(self, request: Received) -> Reply:
        body = request.json
        if request.content_type != "application/json" or not isinstance(body, dict):
            return Reply(415, self.error(415, "Unsupported media type"))
        if len(request.body) > 128 * 1024:
            return Reply(413, self.error(413, "Request Entity Too Large"))
        texts, target = body.get("text"), body.get("target_lang")
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            return Reply(400, self.error(400, "Missing or invalid argument: text"))
        if len(texts) > 50:
            return Reply(400, self.error(400, "Too many texts: at most 50"))
        if target not in self.TARGETS:
            return Reply(400, self.error(400, "Value for 'target_lang' not supported."))
        glossary = None
        if body.get("glossary_id"):
            if not body.get("source_lang"):
                return Reply(400, self.error(400, "Use of a glossary requires the source_lang parameter to be set."))
            found = self.glossaries.get(body["glossary_id"])
            if found is None:
                return Reply(404, self.error(404, "Glossary not found"))
            asked = (body["source_lang"].lower(), target.split("-")[0].lower())
            if (found["source_lang"], found["target_lang"]) != asked:
                return Reply(400, self.error(400, "Glossary language pair does not match the request"))
            glossary = found["entries"]
        translated = []
        for text in texts:
            if body.get("tag_handling") == "xml":
                try:
                    translated.append(_translate_xml(text, glossary))
                except ElementTree.ParseError:
                    return Reply(400, self.error(400, "Tag handling parsing failed, please check input."))
            else:
                translated.append(shout(text, glossary))
        source = body.get("source_lang") or "EN"
        return Reply(200, {"translations": [{"detected_source_language": source, "text": t} for t in translated]})


def _translate_xml(text: str, glossary: dict[str, str] | None) -> str:
    """Translate the text nodes of an XML fragment, re-serialized the way an XML library writes it
    (an empty element comes back as ``<x4 />``), as DeepL's tag handling does."""
    root = ElementTree.fromstring(f"<root>{text}</root>")
    for element in root.iter():
        if element.text:
            element.text = _words(element.text, glossary)
        if element is not root and element.tail:
            element.tail = _words(element.tail, glossary)
    serialized = ElementTree.tostring(root, encoding="unicode")
    return serialized.removeprefix("<root>").removesuffix("</root>") if serialized != "<root />" else ""


# --- Google ----------------------------------------------------------------------------------------------------


class FakeGoogle(FakeService):
    """Cloud Translation v3 (``/v3/projects/{p}/locations/{l}:translateText``, bearer token, ``contents``,
    ``mimeType``, at most 1024 texts and 30,000 code points) and v2 (``/language/translate/v2``, ``key``
    query parameter, ``q``, ``format``, at most 128 texts); errors as ``{"error": {"code", "message",
    "status", "errors": [{"reason"}]}}``. HTML output escapes apostrophes as ``&#39;``, as Google does."""

    LANGUAGES = ["de", "en", "es", "fr", "iw", "zh-CN"]

    def __init__(self, *, key: str = "test-key", token: str = "test-token", project: str = "news-project"):
        super().__init__()
        self.key, self.token, self.project = key, token, project

    def error(self, status: int, message: str, reason: str = "") -> Any:
        names = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED"}
        return {
            "error": {
                "code": status,
                "message": message,
                "status": names.get(status, "INTERNAL"),
                "errors": [{"message": message, "domain": "global", "reason": reason or "backendError"}],
            }
        }

    def handle(self, request: Received) -> Reply:
        parent = f"/v3/projects/{self.project}/locations/global"
        if request.path.startswith("/v3/"):
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return Reply(401, self.error(401, "Request had invalid authentication credentials."))
            if request.method == "POST" and request.path == f"{parent}:translateText":
                return self._translate_v3(request)
            if request.method == "GET" and request.path == f"{parent}/supportedLanguages":
                listed = [{"languageCode": c, "supportSource": True, "supportTarget": True} for c in self.LANGUAGES]
                return Reply(200, {"languages": listed})
            return Reply(404, self.error(404, "Requested entity was not found."))
        if request.path.startswith("/language/translate/v2"):
            key = request.query.get("key", [None])[0]
            bearer = request.headers.get("authorization") == f"Bearer {self.token}"
            if key != self.key and not bearer:
                return Reply(400, {
                    "error": {
                        "code": 400,
                        "message": "API key not valid. Please pass a valid API key.",
                        "status": "INVALID_ARGUMENT",
                        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}],
                    }
                })
            if request.method == "POST" and request.path == "/language/translate/v2":
                return self._translate_v2(request)
            if request.method == "GET" and request.path == "/language/translate/v2/languages":
                return Reply(200, {"data": {"languages": [{"language": c} for c in self.LANGUAGES]}})
        return Reply(404, self.error(404, "Not found"))

    def _translate_v3(self, request: Received) -> Reply:
        body = request.json
        if request.content_type != "application/json" or not isinstance(body, dict):
            return Reply(400, self.error(400, "Invalid JSON payload received."))
        contents, target = body.get("contents"), body.get("targetLanguageCode")
        if not isinstance(contents, list) or not contents or not target:
            return Reply(400, self.error(400, "Invalid argument: contents and targetLanguageCode are required."))
        if len(contents) > 1024:
            return Reply(400, self.error(400, "Too many contents: at most 1024."))
        if sum(len(text) for text in contents) > 30_000:
            return Reply(400, self.error(400, "Text is too long."))
        html = body.get("mimeType", "text/html") == "text/html"
        return Reply(200, {"translations": [{"translatedText": _google_translate(t, html)} for t in contents]})

    def _translate_v2(self, request: Received) -> Reply:
        body = request.json
        if request.content_type != "application/json" or not isinstance(body, dict):
            return Reply(400, self.error(400, "Invalid JSON payload received."))
        texts = body.get("q")
        texts = [texts] if isinstance(texts, str) else texts
        if not texts or not body.get("target"):
            return Reply(400, self.error(400, "Required Text", "required"))
        if len(texts) > 128:
            return Reply(400, self.error(400, "Too many text segments", "invalid"))
        html = body.get("format", "html") == "html"
        return Reply(200, {"data": {"translations": [{"translatedText": _google_translate(t, html)} for t in texts]}})


def _google_translate(text: str, html: bool) -> str:
    translated = shout(text)
    return translated.replace("'", "&#39;") if html else translated


# --- LibreTranslate --------------------------------------------------------------------------------------------


class FakeLibreTranslate(FakeService):
    """LibreTranslate: ``POST /translate`` (``q`` string or list, ``source``, ``target``, ``format``,
    ``api_key``), ``GET /languages``; the server's ``--char-limit``, ``--batch-limit`` and API keys, with
    its error replies (``{"error": …}``: 400 "exceeds text limit", 403 "Invalid API key").

    ``mangle=True`` spaces out placeholder tokens in the output (``< x1 >``) the way a model sometimes does.
    """

    PAIRS = {"en": ["ar", "de", "es"], "es": ["en"], "de": ["en"], "ar": ["en"]}

    def __init__(
        self, *, api_keys: set[str] | None = None, char_limit: int = -1, batch_limit: int = -1, mangle: bool = False
    ):
        super().__init__()
        self.api_keys, self.char_limit, self.batch_limit, self.mangle = api_keys, char_limit, batch_limit, mangle

    def error(self, status: int, message: str) -> Any:
        return {"error": message}

    def handle(self, request: Received) -> Reply:
        if request.method == "GET" and request.path == "/languages":
            return Reply(200, [{"code": c, "name": c.upper(), "targets": targets} for c, targets in self.PAIRS.items()])
        if request.method == "POST" and request.path == "/translate":
            return self._translate(request)
        return Reply(404, self.error(404, "Not Found"))

    def _translate(self, request: Received) -> Reply:
        if isinstance(request.json, dict):
            body = request.json
        else:  # the API takes form fields too
            body = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if self.api_keys is not None:
            key = body.get("api_key")
            if key and key not in self.api_keys:
                return Reply(403, self.error(403, "Invalid API key"))
            if not key:
                return Reply(400, self.error(400, "Please contact the server operator to get an API key"))
        for name in ("q", "source", "target"):
            if not body.get(name):
                return Reply(400, self.error(400, f"Invalid request: missing {name} parameter"))
        q = body["q"]
        batch = isinstance(q, list)
        if batch and self.batch_limit != -1 and len(q) > self.batch_limit:
            message = f"Invalid request: request ({len(q)}) exceeds text limit ({self.batch_limit})"
            return Reply(400, self.error(400, message))
        chars = sum(len(t) for t in q) if batch else len(q)
        if self.char_limit != -1 and chars > self.char_limit:
            message = f"Invalid request: request ({chars}) exceeds text limit ({self.char_limit})"
            return Reply(400, self.error(400, message))
        if body["source"] not in self.PAIRS:
            return Reply(400, self.error(400, f"{body['source']} is not supported"))
        if body["target"] not in self.PAIRS[body["source"]]:
            return Reply(400, self.error(400, f"{body['target']} is not supported"))
        if body.get("format", "text") not in ("text", "html"):
            return Reply(400, self.error(400, f"{body['format']} format is not supported"))
        translated = [self._translate_text(t) for t in (q if batch else [q])]
        return Reply(200, {"translatedText": translated if batch else translated[0]})

    def _translate_text(self, text: str) -> str:
        out = shout(text)
        if self.mangle:
            out = re.sub(r"<(/?)x(\d+)(/?)>", lambda m: f"< {m.group(1)}X{m.group(2)} {m.group(3)}>", out)
        return out


# --- OpenAI-compatible chat ------------------------------------------------------------------------------------


class FakeChat(FakeService):
    """An OpenAI-compatible ``POST /v1/chat/completions`` (``model``, ``messages``; bearer key when
    ``key`` is set; errors as ``{"error": {"message", "type", "code"}}``).

    The "model" translates a batch (a JSON list of ``{"id", "text"}`` as the user message) according to
    :attr:`batch_mode`: ``"fenced"`` (a JSON list in a code fence), ``"keyed"`` (an object keyed by id),
    ``"junk"`` (prose, no JSON), ``"partial"`` (drops the last id). A single text is answered with its
    translation alone.
    """

    def __init__(self, *, key: str | None = "test-key", models: tuple[str, ...] = ("gpt-4o-mini", "llama3.1:8b")):
        super().__init__()
        self.key, self.models = key, models
        self.batch_mode = "fenced"

    def error(self, status: int, message: str, code: str | None = None) -> Any:
        return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}

    def handle(self, request: Received) -> Reply:
        if (request.method, request.path) != ("POST", "/v1/chat/completions"):
            return Reply(404, self.error(404, "Not found"))
        if self.key is not None and request.headers.get("authorization") != f"Bearer {self.key}":
            return Reply(401, self.error(401, "Incorrect API key provided.", "invalid_api_key"))
        body = request.json
        if request.content_type != "application/json" or not isinstance(body, dict):
            return Reply(400, self.error(400, "We could not parse the JSON body of your request."))
        if body.get("model") not in self.models:
            return Reply(404, self.error(404, f"The model `{body.get('model')}` does not exist.", "model_not_found"))
        messages = body.get("messages")
        if not isinstance(messages, list) or not all(
            isinstance(m, dict) and m.get("role") and "content" in m for m in messages
        ):
            return Reply(400, self.error(400, "'messages' must be a list of {role, content}"))
        return Reply(200, {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": self._answer(messages[-1]["content"])},
                "finish_reason": "stop",
            }],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def _answer(self, content: str) -> str:
        try:
            batch = json.loads(content)
        except ValueError:
            batch = None
        if not isinstance(batch, list):
            return shout(content)
        items = [{"id": item["id"], "translation": shout(item["text"])} for item in batch]
        if self.batch_mode == "junk":
            return "Sure! Here are the translations you asked for, each on its own line."
        if self.batch_mode == "partial":
            items = items[:-1]
        if self.batch_mode == "keyed":
            return json.dumps({str(item["id"]): item["translation"] for item in items}, ensure_ascii=False)
        return "```json\n" + json.dumps(items, ensure_ascii=False, indent=1) + "\n```"


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (a port just bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


class FakeClock:
    """A monotonic clock that moves only when :meth:`sleep` is called; every sleep is recorded."""

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds
