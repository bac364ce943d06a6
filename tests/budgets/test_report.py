"""What the engines cost, reported: `dragoman status` (text and JSON), /metrics and the admin's activity page
show the same characters, costs, memory savings, budgets and waiting translations."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from prometheus_client.parser import text_string_to_metric_families

from dragoman.articles.models import Article, Entry, Translation
from dragoman.budgets.limits import set_budget
from dragoman.budgets.models import EnginePrice
from dragoman.budgets.spending import count_saved, reserve, working_for
from dragoman.cli import main
from dragoman.runtime.status import snapshot
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
RESUME = datetime(2026, 12, 8, tzinfo=UTC)


@pytest.fixture
def spent():
    """deepl at 20 USD a million: 300,000 characters for one source on the 1st, 200,000 today (150,000 of
    them for that source), 100,000 saved by the memory today; a daily budget of 250,000; one translation
    waiting for it."""
    news = Source.objects.create(url="https://news.example/feed.xml", name="Example News", target_languages=["es"])
    EnginePrice.objects.create(engine="deepl", per_million=Decimal("20"))
    with working_for(news.pk):
        reserve("deepl", 300_000, now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
        reserve("deepl", 150_000, now=NOW)
    reserve("deepl", 50_000, source_pk=0, now=NOW)
    with time_machine.travel(NOW, tick=False):
        count_saved("deepl", 100_000, source_pk=news.pk)
        set_budget("deepl", daily=250_000)
    entry = Entry.objects.create(source=news, key="k", url="https://news.example/a", state=Entry.State.EXTRACTED)
    article = Article.objects.create(entry=entry, url=entry.url, title="A", body_html="<p>A.</p>")
    Translation.objects.create(article=article, target_language="es", engine="deepl", state=Translation.State.WAITING,
                               lease_until=RESUME, error="budget of deepl reached (daily 250,000 characters), resumes 2026-12-08 00:00 UTC")  # fmt: skip
    return news


def test_status_reports_costs_budgets_and_waiting(spent, capsys):
    with time_machine.travel(NOW, tick=False):
        report = snapshot().spending
        assert main(["status", "--json"]) == 0
        as_json = json.loads(capsys.readouterr().out)["spending"]
        assert main(["status"]) == 0
        text = capsys.readouterr().out
    [deepl] = report.engines
    assert (deepl.today.characters, deepl.today.requests, deepl.today.cost) == (200_000, 2, "4.0000")
    assert (deepl.month.characters, deepl.month.cost) == (500_000, "10.0000")
    assert (deepl.today.memory_characters, deepl.today.memory_cost) == (100_000, "2.0000")
    by_source = {(s.source_id, s.source): (s.today.characters, s.month.characters, s.month.cost) for s in report.sources}
    assert by_source == {(0, "outside the pipeline"): (50_000, 50_000, "1.0000"),
                         (spent.pk, "Example News"): (150_000, 450_000, "9.0000")}  # fmt: skip
    [budget] = report.budgets
    assert (budget.daily_chars, budget.spent_today, budget.left_today) == (250_000, 200_000, 50_000)
    assert (report.waiting.count, report.waiting.next_resume) == (1, RESUME)
    assert as_json["engines"][0]["month"]["cost"] == "10.0000" and as_json["waiting"]["count"] == 1
    assert as_json["budgets"][0]["left_today"] == 50_000
    assert "deepl at 20.0000 USD per million\ttoday 200,000 characters in 2 requests = 4.0000 USD" in text
    assert "memory saved 100,000 characters = 2.0000 USD" in text
    assert "deepl\tdaily 250,000: spent 200,000, left 50,000" in text
    assert "waiting for a budget: 1 translation, the first resume at 2026-12-08 00:00 UTC" in text


def test_metrics_report_characters_and_costs_per_engine_and_source(spent, client):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/metrics")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }
    assert samples[("dragoman_engine_period_characters", (("engine", "deepl"), ("period", "today")))] == 200_000
    assert samples[("dragoman_engine_period_cost", (("currency", "USD"), ("engine", "deepl"), ("period", "month")))] == 10.0
    assert samples[("dragoman_memory_saved_characters", (("engine", "deepl"), ("period", "today")))] == 100_000
    assert samples[("dragoman_source_period_characters", (("engine", "deepl"), ("period", "month"), ("source", str(spent.pk))))] == 450_000
    assert samples[("dragoman_source_period_cost", (("currency", "USD"), ("engine", "deepl"), ("period", "month"), ("source", str(spent.pk))))] == 9.0
    assert samples[("dragoman_budget_left_characters", (("engine", "deepl"), ("period", "daily"), ("source", "")))] == 50_000
    assert samples[("dragoman_translations_waiting_budget", ())] == 1


def test_the_admin_activity_page_shows_the_same_figures(spent, admin_client):
    with time_machine.travel(NOW, tick=True):
        page = admin_client.get("/admin/activity/").content.decode()
        assert admin_client.get("/admin/budgets/budget/").status_code == 200
        assert admin_client.get("/admin/budgets/engineprice/").status_code == 200
    assert "Engines: characters and cost" in page
    assert "<td>deepl</td><td>20.0000 USD</td>" in page and "<td>10.0000</td>" in page
    assert "Example News" in page and "<td>50000</td>" in page  # left today
    assert "Waiting for a budget: 1 translation, the first resumes at 2026-12-08 00:00" in page


def test_budgets_and_prices_in_the_admin_are_checked(admin_client):
    refused = admin_client.post("/admin/budgets/budget/add/", {"engine": "nosuch", "daily_chars": "10"})
    assert "unknown translation engine" in refused.content.decode()
    empty = admin_client.post("/admin/budgets/budget/add/", {"engine": "deepl"})
    assert "a budget needs a daily or a monthly limit" in empty.content.decode()
    assert admin_client.post("/admin/budgets/budget/add/", {"engine": "deepl", "daily_chars": "1000"}).status_code == 302
    assert admin_client.post("/admin/budgets/engineprice/add/", {"engine": "deepl", "per_million": "-1", "currency": "USD"}).status_code == 200
    assert not EnginePrice.objects.exists()
