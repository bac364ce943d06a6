"""The `dragoman` command as a user runs it: a real process, its output, its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import one_line_error

DRAGOMAN = [sys.executable, "-m", "dragoman.cli"]


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def run(
    home: Path, *args: str, stdin: str | None = None, timeout: float = 300, allow: str = "", env: dict | None = None
) -> subprocess.CompletedProcess:
    """``allow``: DRAGOMAN_FETCH_ALLOW for this run (the local test servers the command may reach);
    ``env``: more environment variables."""
    env = {**os.environ, "DRAGOMAN_HOME": str(home), "DRAGOMAN_FETCH_ALLOW": allow, **(env or {})}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [*DRAGOMAN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout
    )


def test_unknown_option(home):
    result = run(home, "run", "--once", "--fast")
    assert result.returncode == 2
    one_line_error(result, "unrecognized arguments: --fast", "--help")


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_missing_file(home):
    one_line_error(run(home, "extract", "no-such-page.html"), "no such file: no-such-page.html")
    one_line_error(run(home, "translate", "--from", "en", "--to", "es", "missing.html"), "no such file")


@pytest.mark.slow
def test_unreachable_source(home):
    refused = run(home, "sources", "add", "http://127.0.0.1:9/feed.xml", "--to", "es")
    one_line_error(refused, "cannot read the source", "127.0.0.1 is a loopback address", "DRAGOMAN_FETCH_ALLOW")
    result = run(home, "sources", "add", "http://127.0.0.1:9/feed.xml", "--to", "es", allow="127.0.0.1:9")
    one_line_error(result, "cannot read the source", "could not connect", "127.0.0.1:9")


@pytest.mark.slow
def test_engine_that_is_not_installed(home):
    one_line_error(run(home, "translate", "--from", "en", "--to", "es", "--engine", "nosuch", "-"), "nosuch")
    result = run(home, "translate", "--from", "en", "--to", "de", "-", stdin="Hello")
    one_line_error(result, "cannot translate en->de", "installed pairs")


@pytest.mark.slow
def test_translate_html_and_stats(home):
    html = '<p>The minister <a href="https://example.org/a">said</a> the plan would cost 12 million.</p>'
    first = run(home, "translate", "--from", "en", "--to", "es", "--stats", "-", stdin=html)
    assert first.returncode == 0, first.stderr
    assert 'href="https://example.org/a"' in first.stdout and "12" in first.stdout and "ministro" in first.stdout
    stats = json.loads(first.stderr.strip().splitlines()[-1])
    assert stats["engine"] == "apertium" and stats["units"] == 1 and stats["engine_chars"] > 0
    second = run(home, "translate", "--from", "en", "--to", "es", "--stats", "-", stdin=html)
    assert second.stdout == first.stdout
    assert json.loads(second.stderr.strip().splitlines()[-1])["engine_chars"] == 0


@pytest.mark.slow
def test_translate_jsonl(home):
    lines = "\n".join(
        json.dumps(r)
        for r in ({"id": 1, "html": "<p>The <b>new</b> bridge opened.</p>"}, {"id": "b", "text": "The river is high."})
    )
    result = run(home, "translate", "--from", "en", "--to", "es", "--jsonl", "-", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "b"]
    assert "<b>" in out[0]["html"] and "puente" in out[0]["html"]
    assert "río" in out[1]["text"] and "html" not in out[1]


@pytest.mark.slow
def test_translate_bad_jsonl(home):
    result = run(home, "translate", "--from", "en", "--to", "es", "--jsonl", "-", stdin="{oops")
    one_line_error(result, "1 of 1 lines failed", "line 1: not JSON")
    assert json.loads(result.stdout) == {"line": 1, "error": "not JSON: Expecting property name enclosed in double quotes", "reason": "not_json"}


@pytest.mark.slow
def test_extract_prints_the_article(home, demo_expected, tmp_path):
    from tests.conftest import REPO

    expected = demo_expected[0]
    page = (REPO / "demo" / "site" / expected["url_path"].lstrip("/")).read_text(encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(page.replace("{{BASE_URL}}", "http://news.example"), encoding="utf-8")
    result = run(home, "extract", "--url", "http://news.example" + expected["url_path"], str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("title", "author", "date", "text", "html", "image", "image_caption", "canonical_url", "language", "sitename"):
        assert key in data
    assert data["title"] == expected["title"] and data["author"] == expected["author"]
    assert data["date"] == expected["published"] and data["language"] == "en"
    assert data["image"] == "http://news.example" + expected["image_path"]

    line = json.dumps({"id": 7, "url": "http://news.example" + expected["url_path"], "html": path.read_text()})
    result = run(home, "extract", "--jsonl", "-", stdin=line + "\n")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == 7 and record["title"] == expected["title"]


@pytest.mark.slow
def test_sources_add_list_and_run_twice(home, demo_site, demo_expected):
    added = run(home, "sources", "add", demo_site.feed_url, "--to", "es", "--since-days", "0", allow=demo_site.netloc)
    assert added.returncode == 0, added.stderr
    assert f"{len(demo_expected)} items" in added.stdout
    listed = run(home, "sources", "list", "--format", "json")
    [source] = json.loads(listed.stdout)
    assert source["url"] == demo_site.feed_url and source["source_language"] == "en"
    assert source["target_languages"] == ["es"]

    first = run(home, "run", "--once", allow=demo_site.netloc)
    assert first.returncode == 0, first.stderr
    n = len(demo_expected)
    assert f"new {n}, fetched {n}, extracted {n}, translated {n}, published {n}, failed 0" in first.stdout
    second = run(home, "run", "--once", allow=demo_site.netloc)
    assert second.returncode == 0, second.stderr
    assert "new 0, fetched 0, extracted 0, translated 0, published 0, failed 0; engine calls 0, engine characters 0" in second.stdout


def test_engines_lists_apertium(home):
    result = run(home, "engines", "list", "--format", "tsv")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "engine\tstatus\tpairs\tdetail"
    assert any(line.startswith("apertium\tusable") and "en->es" in line for line in result.stdout.splitlines())


@pytest.mark.slow
def test_glossary_add_list_import_and_use(home, tmp_path):
    added = run(home, "glossary", "add", "--from", "en", "--to", "es", "--kind", "place", "Pyongyang", "Pionyang")
    assert added.returncode == 0 and "added: Pyongyang -> Pionyang" in added.stdout
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text("source,target,kind\nKim Jong Un,Kim Jong-un,person\nRed Cross,Cruz Roja,organisation\n")
    imported = run(home, "glossary", "import", "--from", "en", "--to", "es", str(csv_file))
    assert imported.returncode == 0 and "imported 2 terms (2 new, 0 updated)" in imported.stdout
    listed = run(home, "glossary", "list", "--to", "es", "--format", "tsv").stdout.splitlines()
    assert listed[0] == "source_language\ttarget_language\tsource\ttarget\tkind"
    assert "en\tes\tPyongyang\tPionyang\tplace" in listed and len(listed) == 4

    html = "<p>Officials in Pyongyang <a href='https://example.org/kim'>said</a> that Kim Jong Un met the Red Cross.</p>"
    used = run(home, "translate", "--from", "en", "--to", "es", "-", stdin=html)
    assert used.returncode == 0, used.stderr
    assert "Pionyang" in used.stdout and "Kim Jong-un" in used.stdout and "Cruz Roja" in used.stdout
    assert "Pyongyang" not in used.stdout
    unused = run(home, "translate", "--from", "en", "--to", "es", "--no-glossary", "-", stdin=html)
    assert "Pionyang" not in unused.stdout


@pytest.mark.slow
def test_glossary_import_refuses_a_bad_file_and_keeps_what_is_stored(home, tmp_path):
    run(home, "glossary", "add", "--from", "en", "--to", "es", "Pyongyang", "Pionyang")
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nRed Cross,Cruz Roja\n,empty source\n")
    one_line_error(run(home, "glossary", "import", "--from", "en", "--to", "es", str(bad)), "line 3", "nothing was imported")
    no_columns = tmp_path / "cols.csv"
    no_columns.write_text("term,translation\nA,B\n")
    one_line_error(run(home, "glossary", "import", str(no_columns)), "lacks the column(s)")
    assert len(run(home, "glossary", "list", "--format", "tsv").stdout.splitlines()) == 2  # the header, one term


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_lists_have_a_header_line_and_hints_go_to_standard_error(home):
    for command in (["sources"], ["sources", "list"], ["glossary"], ["glossary", "list", "--format", "tsv"]):
        result = run(home, *command)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == 1, command  # the header line alone: no row, no hint
        assert "add one with: dragoman" in result.stderr
    assert json.loads(run(home, "sources", "list", "--format", "json").stdout) == []
    engines = json.loads(run(home, "engines", "list", "--format", "json").stdout)
    assert {"engine", "status", "pairs", "detail"} == set(engines[0])


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_run_is_one_pass_without_once_and_reports_in_json(home):
    text = run(home, "run")
    assert text.returncode == 0, text.stderr
    assert "new 0, fetched 0, extracted 0" in text.stdout
    report = json.loads(run(home, "run", "--once", "--format", "json").stdout)
    assert report["new"] == 0 and report["failed"] == 0 and report["failures"] == []


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_status_json_is_format_json(home):
    old, new = run(home, "status", "--json"), run(home, "status", "--format", "json")
    assert old.returncode == new.returncode == 0, old.stderr + new.stderr
    assert json.loads(old.stdout).keys() == json.loads(new.stdout).keys()
    assert "entries" in json.loads(old.stdout)


def test_version(home):
    result = run(home, "--version")
    assert result.returncode == 0 and result.stdout.startswith("dragoman ")
