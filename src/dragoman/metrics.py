"""``/metrics``: the pipeline's counts in Prometheus's text format, read from the database at each scrape.

Every value is a count of rows (or a sum of stored counters), so any number of worker processes on any
number of machines report one consistent set of numbers through whichever server is scraped. Per-source
numbers are left to ``dragoman status``: with thousands of sources they would swamp a Prometheus server; but
for what the engines cost (:class:`SpendingCollector`): a series per source that used an engine this month.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from dragoman.articles.models import Entry, Translation
from dragoman.articles.waiting import waiting
from dragoman.budgets.report import spending
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


class SpendingCollector(Collector):
    """What the engines were sent and cost, today and this month (gauges: a new day or month starts them at
    zero), per engine and per source, what the translation memory saved, the budgets' remainders and the
    translations waiting for a budget (:mod:`dragoman.budgets.report`)."""

    def collect(self):
        report = spending(waiting=waiting())
        chars = GaugeMetricFamily("dragoman_engine_period_characters", "Characters sent to each engine today and this month.",
                                  labels=["engine", "period"])  # fmt: skip
        cost = GaugeMetricFamily("dragoman_engine_period_cost", "What the characters sent to each engine cost, today and "
                                 "this month, in the engine's currency (engines with a price).", labels=["engine", "period", "currency"])  # fmt: skip
        saved = GaugeMetricFamily("dragoman_memory_saved_characters", "Characters the translation memory served instead "
                                  "of each engine, today and this month.", labels=["engine", "period"])  # fmt: skip
        saved_cost = GaugeMetricFamily("dragoman_memory_saved_cost", "What the characters the memory served would have "
                                       "cost.", labels=["engine", "period", "currency"])  # fmt: skip
        source_chars = GaugeMetricFamily("dragoman_source_period_characters", "Characters sent to each engine for each "
                                         "source (0: outside the pipeline), today and this month.", labels=["source", "engine", "period"])  # fmt: skip
        source_cost = GaugeMetricFamily("dragoman_source_period_cost", "What each source's characters cost, today and this "
                                        "month.", labels=["source", "engine", "period", "currency"])  # fmt: skip
        for e in report.engines:
            for period, figures in (("today", e.today), ("month", e.month)):
                chars.add_metric([e.engine, period], figures.characters)
                saved.add_metric([e.engine, period], figures.memory_characters)
                if figures.cost is not None:
                    cost.add_metric([e.engine, period, e.currency], float(figures.cost))
                    saved_cost.add_metric([e.engine, period, e.currency], float(figures.memory_cost))
        for row in report.sources:
            for period, figures in (("today", row.today), ("month", row.month)):
                source_chars.add_metric([str(row.source_id), row.engine, period], figures.characters)
                if figures.cost is not None:
                    source_cost.add_metric([str(row.source_id), row.engine, period, row.currency], float(figures.cost))
        yield from (chars, cost, saved, saved_cost, source_chars, source_cost)

        left = GaugeMetricFamily("dragoman_budget_left_characters", "Characters left in each budget (source empty: the "
                                 "engine's), in the current day or month.", labels=["engine", "source", "period"])  # fmt: skip
        for b in report.budgets:
            for period, remaining in (("daily", b.left_today), ("monthly", b.left_this_month)):
                if remaining is not None:
                    left.add_metric([b.engine, "" if b.source_id is None else str(b.source_id), period], remaining)
        yield left
        yield GaugeMetricFamily("dragoman_translations_waiting_budget", "Translations waiting for a budget's next period.",
                                value=report.waiting.count)  # fmt: skip


_registry = CollectorRegistry(auto_describe=False)
_registry.register(PipelineCollector())
_registry.register(SpendingCollector())


@require_GET
def metrics(request) -> HttpResponse:
    return HttpResponse(generate_latest(_registry), content_type=CONTENT_TYPE_LATEST)
