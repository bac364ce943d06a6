"""One public page rendered by Django itself, as a reader's request to ``DRAGOMAN_SITE_URL`` would have it: the
same URL patterns, views, templates and middleware, so that the file written is the page ``dragoman serve
--dynamic`` answers, byte for byte (tests/rendered/test_pages.py compares them)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest

from dragoman.articles.models import Article, Entry, Translation

_handler: BaseHandler | None = None
_handler_lock = threading.Lock()


#: Where pages rendered together (an article's page and its bilingual view) keep what they all read: the
#: request's WSGI environ holds one dict for the batch under this key (:func:`shared_read`). A reader's request
#: has none, and reads everything itself.
SHARED_READS = "dragoman.shared_reads"


def shared_read(request, key: tuple, read):
    """``read()``, made once for all the pages rendered together with ``request`` (:data:`SHARED_READS`), at each
    call for a reader's request."""
    memo = request.META.get(SHARED_READS)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def translation_key(pk: int) -> tuple:
    """The key of a published translation's row (with its article, entry and source) among the shared reads."""
    return ("translation", pk)


def known_reads(translation: Translation) -> dict:
    """What the pages of a translation just published or corrected can take from the row its step holds instead of
    reading it again: the row itself when it is published and carries its article, entry and source (as the
    article's views read them); else nothing."""
    loaded = (
        Translation.article.is_cached(translation)
        and Article.entry.is_cached(translation.article)
        and Entry.source.is_cached(translation.article.entry)
    )
    if translation.state != Translation.State.PUBLISHED or not loaded:
        return {}
    return {translation_key(translation.pk): translation}


class RenderError(RuntimeError):
    """A page that cannot be rendered for everyone (said in one line)."""


@dataclass(frozen=True)
class Rendered:
    status: int
    body: bytes
    content_type: str
    location: str = ""  # where a redirect leads
    varies_by_reader: bool = False  # the page reads the reader's cookies: never to be written once for all


def site_address() -> tuple[str, str, str]:
    """(scheme, host, port) of ``DRAGOMAN_SITE_URL``: where the readers find the site."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ImproperlyConfigured(
            f"DRAGOMAN_SITE_URL must be the site's address, such as https://news.example, not {settings.SITE_URL!r}"
        )
    port = str(parts.port or (443 if parts.scheme == "https" else 80))
    return parts.scheme, parts.netloc, port


def request_for(path: str, query: str = "", shared: dict | None = None) -> WSGIRequest:
    """A GET request for ``path`` as a reader sends it to the site's address; ``shared``: what the pages
    rendered together read once for all (:data:`SHARED_READS`)."""
    scheme, netloc, port = site_address()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),  # WSGI's convention, as a server would pass it
        "SCRIPT_NAME": "",
        "QUERY_STRING": query,
        "SERVER_NAME": netloc.rsplit(":", 1)[0] if not netloc.endswith("]") else netloc,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if shared is not None:
        environ[SHARED_READS] = shared
    return WSGIRequest(environ)


def _django() -> BaseHandler:
    global _handler
    with _handler_lock:
        if _handler is None:
            handler = BaseHandler()
            handler.load_middleware()
            _handler = handler
        return _handler


def render(path: str, query: str = "", shared: dict | None = None) -> Rendered:
    """The page at ``path`` (with ``query``), through Django's whole request handling; pages rendered together
    pass one ``shared`` dict. The request signals are not sent: rendering may run inside a transaction, whose
    connection they would close."""
    response = _django().get_response(request_for(path, query, shared))
    if response.status_code == 400:
        raise RenderError(
            f"Django refused the request for {path} to {settings.SITE_URL} (is its host in DRAGOMAN_ALLOWED_HOSTS?)"
        )
    if response.streaming:
        raise RenderError(f"{path} answers a stream, which cannot be rendered ahead")
    vary = {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}
    return Rendered(
        status=response.status_code,
        body=response.content,
        content_type=response.headers.get("Content-Type", ""),
        location=response.headers.get("Location", ""),
        varies_by_reader="cookie" in vary or response.cookies.__len__() > 0,
    )


def security_headers() -> list[tuple[str, str]]:
    """The headers Django's middleware gives every public page (the content security policy, framing,
    referrer and permissions policies, and HSTS when it is on), taken from one page it answers, so that a
    server answering rendered pages sends exactly what Django would."""
    response = _django().get_response(request_for("/robots.txt"))
    kept = {
        "content-security-policy", "permissions-policy", "x-content-type-options", "referrer-policy",
        "cross-origin-opener-policy", "x-frame-options", "strict-transport-security",
    }  # fmt: skip
    return [(name, value) for name, value in response.headers.items() if name.lower() in kept]
