"""Serving the demo news site (demo/site in the repository) on a local port, as a real site would be.

Files ending in .html or .xml have ``{{BASE_URL}}`` replaced by the address they are served from, so the
feed and canonical links are absolute and right whatever the port.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo" / "site"
TEMPLATED = (".html", ".xml")


class _Handler(SimpleHTTPRequestHandler):
    base_url = ""
    disable_nagle_algorithm = True  # headers and body leave together (no 40 ms wait for a delayed ACK)
    protocol_version = "HTTP/1.1"  # connections kept alive, as news sites keep them (every reply has a length)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in TEMPLATED:
            body = path.read_text(encoding="utf-8").replace("{{BASE_URL}}", self.base_url).encode("utf-8")
            self.send_response(200)
            ctype = "application/rss+xml" if path.name == "feed.xml" else self.guess_type(str(path))
            self.send_header("Content-Type", f"{ctype}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            from io import BytesIO

            return BytesIO(body)
        return super().send_head()

    def log_message(self, format, *args):  # quiet: the demo prints its own progress
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that hangs up on a kept-alive connection is not an error; anything else is printed."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class DemoSite:
    """The demo site on ``host:port`` in a background thread; ``stop()`` ends it."""

    def __init__(self, root: Path = DEMO_DIR, host: str = "127.0.0.1", port: int = 0):
        if not (root / "feed.xml").is_file():
            raise FileNotFoundError(f"no demo site at {root} (expected feed.xml there)")
        handler = functools.partial(type("Handler", (_Handler,), {}), directory=str(root))
        self.server = _Server((host, port), handler)
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        handler.func.base_url = self.base_url
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="demo-site", daemon=True
        )

    @property
    def netloc(self) -> str:
        """``host:port``: the allowlist entry that lets the fetcher reach this site and nothing else."""
        return self.base_url.split("//", 1)[1]

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"

    def start(self) -> "DemoSite":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "DemoSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
