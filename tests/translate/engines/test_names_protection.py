"""Protecting names with the cloud engines (against the fake services): it must not hurt."""

from __future__ import annotations

from tests.translate.names_measure import articles, measure


def test_protection_does_not_hurt_a_cloud_engine(service):
    engine = service.engine()
    m = measure(engine, "es", articles(limit=8))
    print(service.name, m)
    assert m.failed_with == m.failed_without == 0
    assert m.links_kept == m.links
    assert m.differing == 0
