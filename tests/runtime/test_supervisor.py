"""The parent of ``dragoman worker --processes N`` (:class:`dragoman.runtime.supervisor.Supervisor`) with children
that are small Python programs: a child that keeps dying makes the parent give up with exit 1, and a child that
exits non-zero on SIGTERM makes the parent's stop exit 1. (With real workers: tests/articles/test_worker_processes.py.)"""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from dragoman.runtime import supervisor
from dragoman.runtime.supervisor import Supervisor

pytestmark = pytest.mark.slow  # starts processes


def test_a_child_that_keeps_dying_makes_the_parent_give_up(tmp_path):
    starts = tmp_path / "starts"
    command = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"]
    assert Supervisor(command, 1, grace=1).run() == 1
    assert starts.read_text() == "x" * supervisor.MAX_RESTARTS  # the first start and the restarts allowed


def test_sigterm_reaches_every_child_once_and_a_failed_stop_is_exit_1(tmp_path):
    program = (
        "import signal, sys, time, pathlib\n"
        f"marks = pathlib.Path({str(tmp_path)!r})\n"
        "def stop(signum, frame):\n"
        "    with open(marks / 'terms', 'a') as f: f.write('t')\n"
        "    sys.exit(int(sys.argv[1]))\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "(marks / f'ready-{time.monotonic_ns()}').touch()\n"
        "while True: time.sleep(0.05)\n"
    )
    for code, expected in ((0, 0), (4, 1)):
        for leftover in tmp_path.iterdir():
            leftover.unlink()
        parent = Supervisor([sys.executable, "-c", program, str(code)], 2, grace=5)

        def terminate_when_ready() -> None:
            while len(list(tmp_path.glob("ready-*"))) < 2:
                threading.Event().wait(0.05)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=terminate_when_ready, daemon=True).start()
        assert parent.run() == expected
        assert (tmp_path / "terms").read_text() == "tt"  # once each
        assert all(child.poll() is not None for child in parent.children)
