"""The embedded mode: `dragoman worker` on a SQLite file with its queue in its own memory, no server. Its
threads fetch in parallel, yet never more than DRAGOMAN_FETCH_PER_HOST at once from one host (counted by
the test server), and ask for the host's robots.txt once between them."""

from __future__ import annotations

import pytest

from tests.support.cluster import Cluster
from tests.support.countingsite import CountingSite
from tests.support.newsroom import write_newsroom

ARTICLES = 12
PER_HOST = 2

pytestmark = pytest.mark.slow  # a worker process publishing a dozen articles from a slow server


def test_worker_threads_keep_to_the_per_host_cap_and_publish_everything_once(tmp_path):
    write_newsroom(tmp_path / "site", ARTICLES)
    site = CountingSite(tmp_path / "site", delay=0.2).start()
    try:
        cluster = Cluster(tmp_path / "home", allow=site.netloc, env={"DRAGOMAN_FETCH_PER_HOST": str(PER_HOST)})
        (tmp_path / "home").mkdir()
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", "test-upper", "--since-days", "0")
        assert added.returncode == 0, added.stderr
        requests_before, paths_before = site.requests, len(site.paths)
        site.max_in_flight = 0
        worker = cluster.start_worker(threads=6)
        cluster.wait_until(lambda: cluster.published() == ARTICLES, timeout=120, what="every article published")
        assert cluster.stop(worker) == 0
    finally:
        site.stop()
    assert site.requests - requests_before >= ARTICLES + 1  # the feed and every page (and robots.txt)
    assert site.paths[paths_before:].count("/robots.txt") == 1  # one client and robots.txt cache for six threads
    assert site.max_in_flight == PER_HOST  # in parallel, and never more than the cap
    assert cluster.scalar("SELECT count(*) FROM publish_publication") == ARTICLES
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}
    fetches = {u["id"] for u in worker.units("done") if u["step"] == "fetch"}
    assert len(fetches) == ARTICLES
