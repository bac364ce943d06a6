"""The scaled mode end to end: PostgreSQL, Redis, and two `dragoman worker` processes on one local feed."""

from __future__ import annotations

ARTICLES = 500


def test_two_workers_publish_every_article_exactly_once(newsroom, cluster_factory):
    site = newsroom(ARTICLES)
    cluster = cluster_factory(site)
    added = cluster.dragoman("sources", "add", site.feed_url, "--to", "es", "--engine", "test-upper", "--since-days", "0")
    assert added.returncode == 0, added.stderr
    assert f"{ARTICLES} items" in added.stdout

    workers = [cluster.start_worker(threads=2), cluster.start_worker(threads=2)]
    cluster.wait_until(lambda: cluster.published() >= ARTICLES, timeout=300, what=f"{ARTICLES} articles published")
    for worker in workers:
        assert cluster.stop(worker) == 0  # SIGTERM: a graceful stop

    assert cluster.scalar("SELECT count(*) FROM articles_entry") == ARTICLES
    assert cluster.scalar("SELECT count(*) FROM articles_entry WHERE state = 'extracted'") == ARTICLES
    assert cluster.scalar("SELECT count(*) FROM articles_article") == ARTICLES
    per_article = cluster.query(
        "SELECT a.id, count(DISTINCT t.id), count(p.id) FROM articles_article a "
        "JOIN articles_translation t ON t.article_id = a.id "
        "LEFT JOIN publish_publication p ON p.translation_id = t.id AND p.target = 'site' GROUP BY a.id"
    )
    assert len(per_article) == ARTICLES
    assert {(translations, publications) for _, translations, publications in per_article} == {(1, 1)}
    assert cluster.duplicates() == {"entries": [], "translations": [], "publications": []}
    # translated by the engine the source names, and nothing left held or queued
    assert cluster.query("SELECT DISTINCT engine FROM articles_translation") == [("test-upper",)]
    assert cluster.scalar("SELECT count(*) FROM articles_translation WHERE upper(title) <> title") == 0
    for table in ("sources_source", "articles_entry", "articles_translation"):
        assert cluster.scalar(f"SELECT count(*) FROM {table} WHERE claimed_by <> ''") == 0

    # both workers did a share of the work, each unit once
    done = [worker.units("done") for worker in workers]
    assert all(len(units) > 0 for units in done), [len(units) for units in done]
    units = [(u["step"], u["id"]) for worker_units in done for u in worker_units]
    assert len(units) == len(set(units))
    assert sum(1 for step, _ in units if step == "publish") == ARTICLES
