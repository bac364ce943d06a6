"""`dragoman demo` as a newcomer runs it: it serves the demo source, translates it, serves the site, and
Ctrl-C stops everything it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from lxml import html as lxml_html


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.slow  # the whole demo in a process of its own: sixteen articles fetched, translated, served
def test_demo_serves_every_article_translated_and_stops_on_ctrl_c(tmp_path, demo_expected):
    port, source_port = free_port(), free_port()
    # PYTHONFAULTHANDLER: a demo that does not stop is sent SIGABRT below, and prints where each thread was
    env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path / "home"), "PYTHONFAULTHANDLER": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman.cli", "demo", "--port", str(port), "--source-port", str(source_port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        # Ctrl-C as a terminal delivers it: a suite started in the background (`make test &`) ignores SIGINT,
        # and a child inherits that, so the demo's own handling would never be tested
        preexec_fn=_sigint_default,
    )
    try:
        lines = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Ctrl-C stops everything"):
                break
        output = "".join(lines)
        n = len(demo_expected)
        assert f"translated {n}, published {n}, failed 0" in output, output + process.stderr.read()
        assert f"translated site at http://127.0.0.1:{port}/" in output

        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        doc = lxml_html.fromstring(home.content)
        assert doc.get("lang") == "es"
        links = doc.xpath("//li[@class='card']//a/@href")
        assert len(links) == n
        article = lxml_html.fromstring(httpx.get(f"http://127.0.0.1:{port}{links[0]}", timeout=30).content)
        assert article.cssselect("aside.attribution a.original-link")[0].get("href").startswith(
            f"http://127.0.0.1:{source_port}/articles/"
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            _, stderr = process.communicate(timeout=30)
            pytest.fail(f"the demo did not stop within 30 s of Ctrl-C; its threads then:\n{stderr[-6000:]}")
    assert process.returncode in (0, 130)
    assert "Traceback" not in process.stderr.read()
    assert port_is_free(port) and port_is_free(source_port)


@pytest.mark.slow
def test_demo_on_a_busy_port_says_so_in_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path / "home")}
        result = subprocess.run(
            [sys.executable, "-m", "dragoman.cli", "demo", "--port", str(free_port()), "--source-port", str(taken)],
            capture_output=True, text=True, env=env, timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"dragoman: error: cannot serve the demo source on port {taken} (Address already in use); use --source-port"
    ]
