"""Seeing it work: `dragoman status`, /metrics in Prometheus's format, JSON logs, the admin's activity charts."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.runtime.status import snapshot
from dragoman.logs import JsonFormatter
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine


@pytest.fixture
def worked(small_feed, demo_site, db):
    """A source whose three articles went through, and a fourth entry whose page is gone."""
    source = Source.objects.create(url=small_feed, name="Three stories", target_languages=["es"], engine="test-upper")
    Entry.objects.create(source=source, key="gone", url=f"{demo_site.base_url}/articles/gone.html")
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        run_once(pipeline)
    return source


def test_the_snapshot_counts_states_sources_engines_and_failures(worked):
    report = snapshot()
    assert report.entries["extracted"] == 3 and report.entries["failed"] == 1
    assert report.translations["published"] == 3 and report.publications == 3
    [row] = report.sources
    assert (row.name, row.entries, row.published, row.failed) == ("Three stories", 4, 3, 1)
    [engine] = report.engines
    assert engine.engine == "test-upper" and engine.translations == {"published": 3} and engine.characters > 0
    [failure] = report.failures
    assert failure.step == "fetch" and "404" in failure.reason and failure.what.endswith("gone.html")
    assert report.units.backing_off == 1  # the failed fetch waits for its retry
    assert report.queue_depth is None  # embedded: the queue is inside each worker


def test_metrics_in_prometheus_text_format(worked, client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")  # the text exposition format
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }
    assert samples[("dragoman_entries", (("state", "extracted"),))] == 3
    assert samples[("dragoman_translations", (("engine", "test-upper"), ("state", "published")))] == 3
    assert samples[("dragoman_engine_characters_total", (("engine", "test-upper"),))] > 0
    assert samples[("dragoman_sources", (("enabled", "true"), ("failing", "false")))] == 1
    assert samples[("dragoman_units", (("status", "backing_off"),))] == 1


def test_the_admin_shows_activity_charts(worked, admin_client):
    response = admin_client.get("/admin/activity/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox') == 2  # the two charts
    assert "Three stories (3)" in page and "test-upper (" in page  # the legends: the source, the engine
    assert "<script" not in page.split('id="content"')[1]  # nothing but SVG and HTML: the admin's CSP holds
    assert "Activity charts" in admin_client.get("/admin/articles/article/").content.decode()
    assert admin_client.logout() is None and admin_client.get("/admin/activity/").status_code == 302  # staff only


def test_json_log_lines_carry_their_fields():
    formatter = JsonFormatter()
    record = logging.LogRecord("dragoman.work", logging.INFO, __file__, 1, "fetch %s: %s", (7, "done"), None)
    record.step, record.seconds = "fetch", 0.25
    line = json.loads(formatter.format(record))
    assert line["message"] == "fetch 7: done" and line["level"] == "info" and line["logger"] == "dragoman.work"
    assert line["step"] == "fetch" and line["seconds"] == 0.25 and line["time"].endswith("+00:00")
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert "ValueError: boom" in json.loads(formatter.format(record))["exception"]


@pytest.mark.slow
def test_the_status_command(tmp_path):
    env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path), "DRAGOMAN_LOG_FORMAT": "json"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def dragoman(*args):
        return subprocess.run([sys.executable, "-m", "dragoman.cli", *args], env=env, capture_output=True, text=True, timeout=120)

    opml = '<opml version="2.0"><body><outline text="Wire" xmlUrl="https://wire.example/feed"/></body></opml>'
    assert subprocess.run([sys.executable, "-m", "dragoman.cli", "sources", "import", "--to", "es", "-"], input=opml,
                          env=env, capture_output=True, text=True, timeout=120).returncode == 0  # fmt: skip
    text = dragoman("status")
    assert text.returncode == 0, text.stderr
    assert "entries: none" in text.stdout and "queue (embedded)" in text.stdout and "Wire" in text.stdout
    report = json.loads(dragoman("status", "--json").stdout)
    assert report["sources"][0]["url"] == "https://wire.example/feed" and report["units"]["queued"] == 0
