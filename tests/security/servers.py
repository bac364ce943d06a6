"""Local servers for attacking the client: HTTP servers on loopback that record every connection and request
they get (so a test can prove that a forbidden target was never reached), with routes that misbehave on
purpose, and bodies that are bombs.

Everything here listens on 127.0.0.0/8 or ::1 only; nothing in the security tests talks to any other
address (the tests that name private addresses trap every connection attempt instead).
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.owner.record(self)
        route = self.server.owner.routes.get(self.path.split("?", 1)[0], not_found)
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up: what the client is meant to do with a bomb

    do_POST = do_GET

    def send(self, status: int, body: bytes = b"", content_type: str = "text/plain", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "LocalServer"

    def get_request(self):
        connection = super().get_request()
        self.owner.connections += 1
        return connection

    def handle_error(self, request, client_address):
        # a client hanging up on a kept-alive connection is what these tests make clients do
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class LocalServer:
    """An HTTP server on a loopback address and a free port, in a thread, with ``routes`` (path -> function
    of the handler). It records every TCP connection (``connections``) and request (``requests``: paths,
    ``headers``: the request headers, in order)."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, Route] = dict(routes or {})
        self.connections = 0
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.sent_bytes = 0
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        server_class = _Server6 if ":" in host else _Server
        self.server = server_class((host, port), Handler)
        self.server.owner = self
        self.host = host
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def netloc(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.netloc}{path}"

    def record(self, handler: Handler) -> None:
        with self._lock:
            self.requests.append(handler.path)
            self.headers.append({k.lower(): v for k, v in handler.headers.items()})

    def count_sent(self, n: int) -> None:
        with self._lock:
            self.sent_bytes += n

    @property
    def untouched(self) -> bool:
        """Never reached: no connection, no request."""
        return self.connections == 0 and not self.requests

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()


# --- routes ---------------------------------------------------------------------------------------------------


def not_found(handler: Handler) -> None:
    handler.send(404, b"not here")


def text(body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200, **headers: str) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(handler: Handler) -> None:
        handler.send(status, data, content_type, **headers)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: Handler) -> None:
        handler.send(status, b"", Location=location)

    return route


def encoded(body: bytes, encoding: str, content_type: str = "text/html; charset=utf-8") -> Route:
    """``body`` sent as is with ``Content-Encoding: encoding`` (the body is already encoded)."""
    return text(body, content_type, Content_Encoding=encoding)


def endless(content_type: str = "text/html", declared: int | None = None, chunk: int = 64 * 1024, limit: int = 1 << 30) -> Route:
    """A body of ``limit`` bytes (1 GiB) streamed until the client hangs up; never built in memory.
    ``declared``: the Content-Length to announce (None: no length, the connection closes at the end)."""

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if declared is not None:
            handler.send_header("Content-Length", str(declared))
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        block = b"<p>" + b"x" * (chunk - 7) + b"</p>\n"
        sent = 0
        while sent < limit and not handler.server.owner.stop_event.is_set():
            handler.wfile.write(block)
            sent += len(block)
            handler.server.owner.count_sent(len(block))
        handler.close_connection = True

    return route


def silent(handler: Handler) -> None:
    """Reads the request, then never answers (until the server stops)."""
    handler.server.owner.stop_event.wait(30)
    handler.close_connection = True


def drip(interval: float = 0.2) -> Route:
    """Headers at once, then one byte of body every ``interval`` seconds: never slow enough for a read
    timeout, never done."""

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        while not handler.server.owner.stop_event.wait(interval):
            handler.wfile.write(b"x")
            handler.wfile.flush()

    return route


def slow(seconds: float, body: bytes = b"<p>done</p>") -> tuple[Route, Callable[[], int]]:
    """A route that takes ``seconds`` to answer, and a function giving the most requests it ever had at once."""
    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    def route(handler: Handler) -> None:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(seconds)
        with lock:
            state["now"] -= 1
        handler.send(200, body, "text/html")

    return route, lambda: state["most"]


# --- bombs ------------------------------------------------------------------------------------------------


def gzip_bomb(mebibytes: int = 1024) -> bytes:
    """A valid gzip member that inflates to ``mebibytes`` MiB of zeros (1 GiB in about 1 MB by default).

    Built without compressing a gigabyte: after a full flush a deflate compressor starts afresh, so every
    MiB of zeros compresses to the same bytes, which are repeated; the trailer's CRC is computed over zeros.
    """
    zeros = bytes(1 << 20)
    segment_compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = segment_compressor.compress(zeros) + segment_compressor.flush(zlib.Z_FULL_FLUSH)
    last_compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = last_compressor.compress(zeros) + last_compressor.flush()
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (mebibytes << 20) & 0xFFFFFFFF)
    return header + segment * (mebibytes - 1) + last + trailer


def deflate_bomb(mebibytes: int = 256) -> bytes:
    """Raw deflate (no zlib header, as some servers send ``Content-Encoding: deflate``) of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join(compressor.compress(zeros) for _ in range(mebibytes)) + compressor.flush()


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return compressor.compress(data) + compressor.flush()


# --- a listener whose queue is full: connecting to it hangs -------------------------------------------------


class FullBacklog:
    """A listening socket with a backlog of 0 whose queue is filled, so that a further SYN goes
    unanswered: connecting to it waits until the connect timeout."""

    def __init__(self, host: str = "127.0.0.1"):
        self.listener = socket.socket()
        self.listener.bind((host, 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.netloc = f"{host}:{self.port}"
        self._fillers: list[socket.socket] = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect((host, self.port))
            except BlockingIOError:
                pass
            self._fillers.append(filler)
        time.sleep(0.05)

    def close(self) -> None:
        for s in (*self._fillers, self.listener):
            s.close()


def resolver(names: dict[str, Iterable[str] | Callable[[], Iterable[str]]], real=socket.getaddrinfo):
    """A ``socket.getaddrinfo`` that answers ``names`` itself (a list of addresses, or a function giving
    one on each call, for DNS rebinding) and passes every other name to the real resolver; it counts its
    calls per name in ``.calls``."""
    calls: dict[str, int] = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        key = host.decode() if isinstance(host, bytes) else str(host)
        if key not in names:
            return real(host, port, family, type, proto, flags)
        calls[key] = calls.get(key, 0) + 1
        answer = names[key]
        addresses = answer() if callable(answer) else answer
        result = []
        for address in addresses:
            if ":" in address:
                result.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, int(port or 0), 0, 0)))
            else:
                result.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0))))
        return result

    getaddrinfo.calls = calls
    return getaddrinfo
