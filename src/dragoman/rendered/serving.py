"""A WSGI application in front of Django that answers the rendered pages from the folder, without rendering:
what ``dragoman serve`` runs. Plain Python, so that a request for a rendered page costs a lookup and a copy.

For a GET or HEAD of an address whose file is in the folder (:func:`dragoman.rendered.folder.page_file`), it
answers the file with Django's security headers (given at start, taken from Django: :func:`dragoman.rendered.
rendering.security_headers`), ``Cache-Control``, an ``ETag`` (a hash of the bytes) and ``Last-Modified`` (the
file's time), ``304 Not Modified`` to ``If-None-Match`` / ``If-Modified-Since``, and the ``.br`` or ``.gz``
sibling to a reader that accepts it (``Content-Encoding``, ``Vary: Accept-Encoding``). Everything else (search,
review, admin, a page not rendered) goes to Django. Files are read once and kept in memory while their
``stat`` stays the same: a page written again is a new file (renamed over the old), so it is read again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from dragoman.rendered import folder

#: How long a reader (or a cache between) may keep a page before asking again; asking again costs a 304.
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=30"
#: Addresses always answered by Django, whatever the folder holds.
DYNAMIC_PREFIXES = ("/admin/", "/review/", "/search/", "/metrics", "/static/", "/media/")
#: Files larger than this are not kept in memory (read at each request instead).
MEMORY_LIMIT = 4 * 1024 * 1024
#: The bytes of pages (all their encodings) kept in memory at most; the pages read first go first.
CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Variant:
    body: bytes
    etag: str
    encoding: str | None


@dataclass(frozen=True)
class Entry:
    stamp: tuple  # (inode, size, mtime) of the page's file when it was read
    variants: dict[str, Variant]  # by encoding ("" for none)
    content_type: str
    last_modified: str
    modified: float

    @property
    def size(self) -> int:
        return sum(len(v.body) for v in self.variants.values())


class RenderedSite:
    """``RenderedSite(django_app, root, headers)``: the WSGI application (see the module's documentation)."""

    def __init__(self, fallback: Callable, root: Path, headers: Iterable[tuple[str, str]]):
        self.fallback = fallback
        self.root = Path(root)
        self.headers = list(headers)
        self._entries: dict[str, Entry] = {}  # in the order they were read
        self._bytes = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            path = _path(environ)
            if path is not None and not path.startswith(DYNAMIC_PREFIXES):
                relative = folder.page_file(path, folder.page_number(environ.get("QUERY_STRING", "")))
                entry = self._entry(relative) if relative else None
                if entry is not None:
                    return self._answer(entry, environ, start_response, method == "HEAD")
        return self.fallback(environ, start_response)

    def _entry(self, relative: str) -> Entry | None:
        file = os.path.join(self.root, relative)
        try:
            stat = os.stat(file)
        except (FileNotFoundError, NotADirectoryError):
            return None
        stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        entry = self._entries.get(relative)
        if entry is not None and entry.stamp == stamp:
            return entry
        entry = _read(file, relative, stamp, stat.st_mtime)
        if entry is not None and stat.st_size <= MEMORY_LIMIT:
            self._keep(relative, entry)
        return entry

    def _keep(self, relative: str, entry: Entry) -> None:
        with self._lock:
            old = self._entries.pop(relative, None)
            self._bytes += entry.size - (old.size if old else 0)
            self._entries[relative] = entry
            while self._bytes > CACHE_BYTES and len(self._entries) > 1:
                self._bytes -= self._entries.pop(next(iter(self._entries))).size

    def _answer(self, entry: Entry, environ, start_response, head: bool):
        variant = entry.variants[_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), entry.variants)]
        headers = [
            *self.headers,
            ("Content-Type", entry.content_type),
            ("Cache-Control", CACHE_CONTROL),
            ("ETag", variant.etag),
            ("Last-Modified", entry.last_modified),
            ("Vary", "Accept-Encoding"),
        ]
        if _not_modified(environ, entry):
            start_response("304 Not Modified", headers)
            return [b""]
        if variant.encoding:
            headers.append(("Content-Encoding", variant.encoding))
        headers.append(("Content-Length", str(len(variant.body))))
        start_response("200 OK", headers)
        return [b""] if head else [variant.body]


def _path(environ) -> str | None:
    """The request's path as text (WSGI carries its bytes as latin-1); None when they are not UTF-8."""
    try:
        return environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _read(file: str, relative: str, stamp: tuple, modified: float) -> Entry | None:
    try:
        with open(file, "rb") as handle:
            body = handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    tag = hashlib.blake2b(body, digest_size=12).hexdigest()
    variants = {"": Variant(body, f'"{tag}"', None)}
    for encoding, suffix in folder.ENCODINGS:
        try:
            with open(file + suffix, "rb") as handle:
                variants[encoding] = Variant(handle.read(), f'"{tag}-{suffix[1:]}"', encoding)
        except FileNotFoundError:
            pass
    return Entry(stamp, variants, folder.content_type(relative), formatdate(modified, usegmt=True), modified)


def _encoding(accept: str, variants: dict) -> str:
    """The prepared encoding the reader accepts (brotli before gzip), or "" for the page as it is."""
    if not accept or len(variants) == 1:
        return ""
    accepted = set()
    for part in accept.lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip())
    for encoding, _ in folder.ENCODINGS:
        if encoding in variants and (encoding in accepted or "*" in accepted):
            return encoding
    return ""


def _not_modified(environ, entry: Entry) -> bool:
    """Whether the reader's copy is the current page: by its tags when it sends them, else by its date."""
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if wanted is not None:
        if wanted.strip() == "*":
            return True
        tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
        return any(v.etag in tags for v in entry.variants.values())
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return int(entry.modified) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


class TrustedProxy:
    """WSGI middleware: behind the reverse proxy at ``trusted`` (an address, or ``*``), the reader's address is
    the last one the proxy added to ``X-Forwarded-For``, and the scheme the one it names in
    ``X-Forwarded-Proto``; from anyone else, those headers are dropped, so that nobody else can claim them."""

    HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")

    def __init__(self, app: Callable, trusted: str):
        self.app = app
        self.trusted = trusted.strip()

    def __call__(self, environ, start_response):
        if self.trusted == "*" or environ.get("REMOTE_ADDR") == self.trusted:
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
            if forwarded:
                environ["REMOTE_ADDR"] = forwarded
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
        else:
            for name in self.HEADERS:
                environ.pop(name, None)
        return self.app(environ, start_response)
