"""The scaled mode's fixtures: a real PostgreSQL database and a real Redis queue per test (see
tests/support/services.py), a generated news site, and a :class:`~tests.support.cluster.Cluster` of
``dragoman`` processes on them."""

from __future__ import annotations

import pytest

from dragoman.demosite import DemoSite
from tests.support.cluster import Cluster
from tests.support.newsroom import write_newsroom
from tests.support.services import postgres_database, postgres_server, redis_queue, redis_server


@pytest.fixture(scope="session")
def postgres():
    with postgres_server() as pg:
        yield pg


@pytest.fixture(scope="session")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def cluster_factory(postgres, redis_url, tmp_path):
    """``cluster_factory(site, **env)``: a Cluster on a new database and queue, allowed to reach ``site``."""
    stack = []

    def make(site, *, engines: str = "tests.support.engines:UpperCaseEngine", **env) -> Cluster:
        database = postgres_database(postgres)
        queue = redis_queue(redis_url)
        stack.extend([database, queue])
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        cluster = Cluster(home, database.__enter__(), redis_url, queue.__enter__(), allow=site.netloc, engines=engines,
                          env={k: str(v) for k, v in env.items()})  # fmt: skip
        stack.append(cluster)
        return cluster

    yield make
    for item in reversed(stack):
        if isinstance(item, Cluster):
            item.stop_all()
        else:
            item.__exit__(None, None, None)


@pytest.fixture
def newsroom(tmp_path):
    """``newsroom(count)``: a local news site with ``count`` generated articles, served on a free port."""
    sites = []

    def make(count: int) -> DemoSite:
        root = tmp_path / f"newsroom-{len(sites)}"
        write_newsroom(root, count)
        site = DemoSite(root=root).start()
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()
