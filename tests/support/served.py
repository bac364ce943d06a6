"""Servers a test or a bench starts as processes of its own: any command that answers HTTP (`running`), and
`dragoman serve` on a free loopback port (`dragoman_serve`); each stopped at the end."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]


def dragoman_env(home: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DRAGOMAN_", "DJANGO_"))}
    return {**clean, "DRAGOMAN_HOME": str(home), "PYTHONPATH": str(REPO / "src"), **extra}


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (a graceful stop for each of these servers), then SIGKILL after 20 seconds."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], url: str, *, timeout: float = 60):
    """Run ``command`` until ``url`` answers (any HTTP status), yield the process, stop it at the end."""
    output = tempfile.TemporaryFile()  # a file, not a pipe: a server that logs much never blocks on it
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output.seek(0)
                    raise AssertionError(f"{command[0]} did not answer {url}: {output.read().decode()}") from None
                time.sleep(0.2)
        yield process
    finally:
        stop(process)
        output.close()


@contextlib.contextmanager
def dragoman_serve(home: Path, *args: str, env: dict[str, str] | None = None, port: int | None = None):
    """Yield the base URL (``http://127.0.0.1:PORT``) of `dragoman serve` running with ``home``."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "dragoman.cli", "serve", "--port", str(port), *args]
    with running(command, dragoman_env(home, **(env or {})), url + "/robots.txt"):
        yield url
