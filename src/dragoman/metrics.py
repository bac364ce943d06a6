"""``/metrics``: the pipeline's counts in Prometheus's text format, read from the database at each scrape.

Every value is a count of rows (or a sum of stored counters), so any number of worker processes on any
number of machines report one consistent set of numbers through whichever server is scraped. Per-source
numbers are left to ``dragoman status``: with thousands of sources they would swamp a Prometheus server.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from dragoman.articles.models import Entry, Translation
from dragoman.runtime import status
from dragoman.sources.models import Source


class PipelineCollector(Collector):
    """Collects the numbers of :mod:`dragoman.runtime.status` at each scrape."""

    def collect(self):
        entries = GaugeMetricFamily("dragoman_entries", "Items seen in sources, by state.", labels=["state"])
        for state, n in status.counts_by_state(Entry).items():
            entries.add_metric([state], n)
        yield entries

        translations = GaugeMetricFamily("dragoman_translations", "Translations, by state and engine.",
                                         labels=["state", "engine"])  # fmt: skip
        characters = CounterMetricFamily("dragoman_engine_characters", "Characters sent to each engine.", labels=["engine"])
        requests = CounterMetricFamily("dragoman_engine_requests", "Requests sent to each engine.", labels=["engine"])
        for row in status.engines():
            for state in Translation.State.values:
                translations.add_metric([state, row.engine], row.translations.get(state, 0))
            characters.add_metric([row.engine], row.characters)
            requests.add_metric([row.engine], row.requests)
        yield from (translations, characters, requests)

        sources = GaugeMetricFamily("dragoman_sources", "Sources, enabled or not, failing or not.", labels=["enabled", "failing"])
        for enabled in (True, False):
            for failing in (True, False):
                count = Source.objects.filter(enabled=enabled).exclude(error_count=0) if failing else Source.objects.filter(enabled=enabled, error_count=0)
                sources.add_metric([str(enabled).lower(), str(failing).lower()], count.count())
        yield sources

        units = status.units()
        held = GaugeMetricFamily("dragoman_units", "Units of work by who holds them.", labels=["status"])
        for name in ("queued", "running", "backing_off"):
            held.add_metric([name], getattr(units, name))
        yield held

        try:
            depth = status.queue_depth()
        except Exception:  # Redis away: the other numbers still count
            depth = None
        if depth is not None:
            yield GaugeMetricFamily("dragoman_queue_depth", "Messages waiting in the Redis queue.", value=depth)


_registry = CollectorRegistry(auto_describe=False)
_registry.register(PipelineCollector())


@require_GET
def metrics(request) -> HttpResponse:
    return HttpResponse(generate_latest(_registry), content_type=CONTENT_TYPE_LATEST)
