"""A `dragoman serve` process of a test's own, on a free loopback port, stopped at the end."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]


def dragoman_env(home: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DRAGOMAN_", "DJANGO_"))}
    return {**clean, "DRAGOMAN_HOME": str(home), "PYTHONPATH": str(REPO / "src"), **extra}


@contextlib.contextmanager
def dragoman_serve(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60):
    """Yield the base URL (``http://127.0.0.1:PORT``) of `dragoman serve` running with ``home``."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman.cli", "serve", "--port", str(port), *args],
        env=dragoman_env(home, **(env or {})), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url + "/robots.txt", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"dragoman serve did not start: {process.stdout.read().decode()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
