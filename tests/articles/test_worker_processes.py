"""`dragoman worker --processes 2` in the embedded mode (a SQLite file, each process's queue in its own memory):
the parent starts two worker processes that share the work, passes SIGTERM on to them, and starts again a
child that dies."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.support.cluster import Cluster
from tests.support.countingsite import CountingSite
from tests.support.newsroom import write_newsroom

ARTICLES = 8

pytestmark = pytest.mark.slow  # worker processes publishing from a local site


def children(pid: int) -> set[int]:
    """The processes ``pid`` started and has not yet reaped (Linux's /proc)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(p) for p in text.split()}


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture
def newsroom(tmp_path):
    write_newsroom(tmp_path / "site", ARTICLES)
    site = CountingSite(tmp_path / "site", delay=0.05).start()
    try:
        cluster = Cluster(tmp_path / "home", allow=site.netloc)
        (tmp_path / "home").mkdir()
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", "test-upper", "--since-days", "0")
        assert added.returncode == 0, added.stderr
        yield cluster
    finally:
        cluster.stop_all()
        site.stop()


def test_two_processes_share_the_work_and_stop_together_on_sigterm(newsroom):
    cluster = newsroom
    parent = cluster.start_worker(processes=2, threads=2)
    cluster.wait_until(lambda: len(children(parent.pid)) == 2, timeout=30, what="two worker processes started")
    workers = children(parent.pid)
    cluster.wait_until(lambda: cluster.published() == ARTICLES, timeout=120, what="every article published")
    assert children(parent.pid) == workers  # none died
    assert cluster.stop(parent) == 0
    assert not any(running(pid) for pid in workers)
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}
    started = [r for r in parent.records() if r.get("event") == "stopped"]
    assert len(started) == 2  # each child handed back what it held and said so
    assert len({r["worker"] for r in started}) == 2  # two workers, each signing its own claims
    log = parent.log.read_text()
    assert "worker supervisor started: 2 processes of 2 threads" in log and "worker supervisor stopped\n" in log


def test_a_child_that_dies_is_started_again(newsroom):
    cluster = newsroom
    parent = cluster.start_worker(processes=2, threads=1)
    cluster.wait_until(lambda: len(children(parent.pid)) == 2, timeout=30, what="two worker processes started")
    first = children(parent.pid)
    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    cluster.wait_until(
        lambda: len(children(parent.pid) - {victim}) == 2, timeout=30, what="a new worker process in the place of the killed one"
    )
    assert parent.alive()
    cluster.wait_until(lambda: cluster.published() == ARTICLES, timeout=120, what="every article published")
    assert cluster.stop(parent) == 0
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}
    assert "exited (-9); started" in parent.log.read_text()
