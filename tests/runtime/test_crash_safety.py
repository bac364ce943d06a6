"""Workers killed at random moments lose nothing and publish nothing twice; SIGTERM finishes or hands back.

The engine (``test-slow``) takes 0.3 s per article and the site 0.15 s per page, so units last long enough
to be killed in the middle; leases are short (3 s) so that the survivors take the dead workers' units up
again quickly.
"""

from __future__ import annotations

import random
import signal
import time
from collections import Counter

from tests.support.countingsite import CountingSite
from tests.support.newsroom import write_newsroom

ARTICLES = 60
LANGUAGES = ("es", "ca")
TRIALS = 20
SLOW = "tests.support.engines:SlowUpperCaseEngine"
SHORT_LEASES = {"DRAGOMAN_LEASE_SECONDS": 3, "DRAGOMAN_REQUEUE_SECONDS": 5, "DRAGOMAN_RETRY_DELAY_SECONDS": 1}


def slow_site(tmp_path, count: int) -> CountingSite:
    write_newsroom(tmp_path / "site", count)
    return CountingSite(tmp_path / "site", delay=0.15).start()


def held_by(cluster, worker) -> list[str]:
    """The steps of the units ``worker`` holds now, read from the rows' states."""
    token = f"%:{worker.pid}:%"
    rows = cluster.query(
        "SELECT 'source' FROM sources_source WHERE claimed_by LIKE %s "
        "UNION ALL SELECT CASE WHEN state = 'fetched' OR failed_step = 'extract' THEN 'extract' ELSE 'fetch' END "
        "FROM articles_entry WHERE claimed_by LIKE %s "
        "UNION ALL SELECT CASE WHEN state = 'translated' THEN 'publish' ELSE 'translate' END "
        "FROM articles_translation WHERE claimed_by LIKE %s",
        (token, token, token),
    )
    return [step for (step,) in rows]


def everything_published(cluster) -> bool:
    return cluster.published() >= ARTICLES * len(LANGUAGES)


def busy_worker(cluster, workers, step: str | None, timeout: float):
    """A worker holding a unit of ``step`` (of any step when None), as soon as one does; None after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [w for w in workers if (step in held_by(cluster, w) if step else held_by(cluster, w))]
        if busy:
            return busy[0]
        time.sleep(0.05)
    return None


def test_sigkill_at_random_moments_loses_nothing_and_duplicates_nothing(tmp_path, cluster_factory):
    """Each trial waits 0.2-1.5 s, finds a worker in the middle of a unit (of the fetch step, the translate
    step or any, in turn: the queue takes the steps one after the other, so waiting for each makes the
    kills land across them), lets it work a random 0-0.3 s more, kills it with SIGKILL and starts another."""
    site = slow_site(tmp_path, ARTICLES)
    try:
        cluster = cluster_factory(site, engines=SLOW, **SHORT_LEASES)
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", ",".join(LANGUAGES), "--engine", "test-slow", "--since-days", "0")
        assert added.returncode == 0, added.stderr
        workers = [cluster.start_worker(threads=1), cluster.start_worker(threads=1)]
        rng = random.Random(20)
        interrupted: Counter[str] = Counter()
        kills = 0
        while kills < TRIALS:
            assert not everything_published(cluster), f"the work ended after {kills} kills; give the test more work"
            time.sleep(rng.uniform(0.2, 1.5))
            target = ("fetch", "translate", None)[kills % 3]
            victim = busy_worker(cluster, workers, target, timeout=60 if kills == 0 else 3)
            victim = victim or busy_worker(cluster, workers, None, timeout=60)
            assert victim is not None, "no worker took any unit for a minute"
            time.sleep(rng.uniform(0, 0.3))  # a random moment in (or just after) the unit it was working on
            steps = held_by(cluster, victim)
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait(timeout=10)
            interrupted.update(steps)
            kills += 1
            workers[workers.index(victim)] = cluster.start_worker(threads=1)

        cluster.wait_until(lambda: everything_published(cluster), timeout=240, what="every translation published")
        for worker in workers:
            assert cluster.stop(worker) == 0
    finally:
        site.stop()

    assert kills >= TRIALS
    assert {"fetch", "translate"} <= set(interrupted), interrupted  # the kills landed across the steps
    assert cluster.scalar("SELECT count(*) FROM articles_entry") == ARTICLES
    assert cluster.scalar("SELECT count(*) FROM articles_entry WHERE state <> 'extracted'") == 0
    assert cluster.scalar("SELECT count(*) FROM articles_article") == ARTICLES
    per_article = cluster.query(
        "SELECT a.id, count(DISTINCT t.id), count(p.id) FROM articles_article a "
        "JOIN articles_translation t ON t.article_id = a.id AND t.state = 'published' "
        "LEFT JOIN publish_publication p ON p.translation_id = t.id AND p.target = 'site' GROUP BY a.id"
    )
    assert {(translations, publications) for _, translations, publications in per_article} == {(2, 2)}
    assert len(per_article) == ARTICLES
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}


def test_sigterm_finishes_the_unit_in_progress_or_hands_it_back(tmp_path, cluster_factory):
    site = slow_site(tmp_path, 4)
    try:
        cluster = cluster_factory(site, engines=SLOW, **SHORT_LEASES)
        added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", "test-slow", "--since-days", "0")
        assert added.returncode == 0, added.stderr

        # A worker given time to finish: its unit in progress is done before it exits.
        patient = cluster.start_worker(threads=1, grace=20)
        cluster.wait_until(lambda: "translate" in held_by(cluster, patient), timeout=60, what="a translation held")
        assert cluster.stop(patient, signal.SIGTERM) == 0
        translated = [u for u in patient.units() if u["step"] == "translate"]
        assert translated and translated[-1]["outcome"] == "done"

        # A worker given no time: its unit in progress is handed back at once, not left to its lease.
        hasty = cluster.start_worker(threads=1, grace=0)
        cluster.wait_until(lambda: "translate" in held_by(cluster, hasty), timeout=60, what="a translation held")
        assert cluster.stop(hasty, signal.SIGTERM) == 0
        for table in ("sources_source", "articles_entry", "articles_translation"):
            assert cluster.scalar(f"SELECT count(*) FROM {table} WHERE claimed_by LIKE %s", (f"%:{hasty.pid}:%",)) == 0
        assert any(r.get("event") == "stopped" for r in hasty.records())

        survivor = cluster.start_worker(threads=1)
        cluster.wait_until(lambda: cluster.published() == 4, timeout=60, what="the 4 articles published")
        assert cluster.stop(survivor) == 0
    finally:
        site.stop()
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}
    assert cluster.scalar("SELECT count(*) FROM publish_publication") == 4
