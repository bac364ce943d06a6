"""A local HTTP server whose answers a test writes: ``server.route("/feed.xml", answer)`` where ``answer``
takes the request's headers and returns ``(status, headers, body)``. Every request is recorded; paths with
no route answer 404 (so robots.txt allows everything)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = Callable[[dict[str, str]], tuple[int, dict[str, str], bytes]]


class ScriptedServer:
    def __init__(self):
        self.routes: dict[str, Answer] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                answer = server.routes.get(self.path)
                status, extra, body = answer(headers) if answer else (404, {"Content-Type": "text/plain"}, b"not found")
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.netloc = f"127.0.0.1:{self._server.server_address[1]}"
        self.base_url = f"http://{self.netloc}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def route(self, path: str, answer: Answer) -> None:
        self.routes[path] = answer

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for requested, headers in self.requests if requested == path]

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def rss(base_url: str, count: int, *, extra: str = "") -> bytes:
    """An RSS feed of ``count`` items linking to ``base_url``/articles/N.html; ``extra`` goes in <channel>."""
    items = "".join(
        f"<item><title>Story {n}</title><link>{base_url}/articles/{n}.html</link><guid>{base_url}/articles/{n}.html</guid></item>"
        for n in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Scripted</title><link>{base_url}/</link>'
        f"<description>test</description>{extra}{items}</channel></rss>"
    ).encode()
