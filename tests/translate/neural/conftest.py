"""Fixtures for the neural engine: a tiny upper-casing CTranslate2 model, built once per session, installed
as an Argos package into a fresh models folder per test; a local HTTP server; a Fetcher for it."""

from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

from dragoman.fetch import Fetcher  # noqa: E402
from tests.translate.neural.tinymodel import (  # noqa: E402
    build_upper_model,
    train_sentencepiece,
    write_argos_package,
)


@pytest.fixture(scope="session")
def sentencepiece_model() -> bytes:
    return train_sentencepiece()


@pytest.fixture(scope="session")
def upper_model(tmp_path_factory, sentencepiece_model) -> Path:
    """The CTranslate2 directory of the upper-casing copy model (see :mod:`tinymodel`)."""
    started = time.perf_counter()
    path = build_upper_model(tmp_path_factory.mktemp("upper") / "model", sentencepiece_model)
    print(f"tiny model built in {time.perf_counter() - started:.3f} s")
    return path


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory, upper_model, sentencepiece_model) -> Path:
    """An unpacked Argos package en->xx holding the upper-casing model."""
    return write_argos_package(
        tmp_path_factory.mktemp("package") / "translate-en_xx", upper_model, sentencepiece_model
    )


@pytest.fixture
def models_dir(tmp_path, argos_package) -> Path:
    """A models folder with the en->xx package installed."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copytree(argos_package, folder / argos_package.name)
    return folder


class _Routes(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        type(self).requests.append(self.path)
        status, body = type(self).routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A server on 127.0.0.1 serving ``server.routes[path] = (status, body)``; ``server.url(path)``."""
    handler = type("Routes", (_Routes,), {"routes": {}, "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.routes = handler.routes
    server.requests = handler.requests
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def loopback_fetcher():
    """The project's Fetcher as an operator would set it up for a local mirror: loopback allowed (the
    guard refuses it by default), a body limit that takes a package, robots.txt not consulted."""
    with Fetcher(max_bytes=64 * 1024 * 1024, timeout=30, allow=["127.0.0.1"], robots=False) as fetcher:
        yield fetcher
