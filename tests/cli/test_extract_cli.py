"""`dragoman extract` as a user runs it: a file, standard input or a URL; JSON, text or HTML out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import one_line_error

DRAGOMAN = [sys.executable, "-m", "dragoman.cli"]
PAGES = Path(__file__).resolve().parents[1] / "extract" / "pages"
LEGACY_KEYS = ("title", "author", "date", "text", "html", "image", "image_caption", "canonical_url", "language",
               "sitename")  # fmt: skip
NEW_KEYS = ("subtitle", "authors", "modified", "image_credit", "tags", "section")


def run(home: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DRAGOMAN_HOME": str(home), **(env or {})}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([*DRAGOMAN, *args], input=stdin, capture_output=True, env=environment, timeout=120)
    result.stdout, result.stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    return result


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_json_keeps_the_old_keys_and_adds_the_new(home) -> None:
    result = run(home, "extract", "--url", "https://sahil.example.com/local/desalination-plant-opens",
                 str(PAGES / "ar_windows1256_meta.html"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(LEGACY_KEYS + NEW_KEYS) <= set(data)
    # the file is read as bytes: its <meta charset="windows-1256"> decides how it is decoded
    assert data["title"] == "افتتاح محطة لتحلية مياه البحر بالطاقة الشمسية في مرسى النخيل"
    assert data["author"] == "ليلى حداد" and data["authors"] == ["ليلى حداد"]
    assert data["image_credit"] == "كريم منصور"
    assert data["tags"] == ["مياه", "طاقة شمسية"] and data["section"] == "محليات"
    assert data["date"] == "2026-11-03T09:20:00+03:00"


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_text_format(home) -> None:
    result = run(home, "extract", "--format", "text", "--url", "https://minatogawa.example.jp/local/furuhon-mujin",
                 str(PAGES / "ja_shift_jis_meta.html"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    headline, facts, body = result.stdout.split("\n\n", 2)
    assert headline.splitlines() == ["駅前商店街に無人の古本屋　売り上げは予想の二倍", "元教員が空き店舗で始めた店。代金は客が箱に入れる仕組み。"]
    assert facts.splitlines()[0] == "By 佐藤 美咲 · 2026-11-02T07:00:00+09:00 · みなと川新報 · 地域"
    assert "Tags: 商店街, 古本, まちづくり" in facts.splitlines()
    assert body.startswith("みなと川市の駅前商店街に今月") and body.rstrip().endswith("補助金制度を市に提案する方針だ。")


@pytest.mark.slow
def test_html_format_is_a_standalone_document(home) -> None:
    result = run(home, "extract", "--format", "html", "--url", "https://sahil.example.com/local/desalination-plant-opens",
                 str(PAGES / "ar_windows1256_meta.html"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = result.stdout
    assert document.startswith("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">")
    assert "<h1>افتتاح محطة لتحلية مياه البحر بالطاقة الشمسية في مرسى النخيل</h1>" in document
    assert '<figure><img src="https://sahil.example.com/media/2026/desal-plant.jpg" alt="">' in document
    assert "<h2>ألواح شمسية على سقوف الميناء</h2>" in document
    assert "<script" not in document


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_standard_input_is_read_as_bytes(home) -> None:
    page = (PAGES / "ja_shift_jis_undeclared.html").read_bytes()  # Shift_JIS, declared nowhere
    result = run(home, "extract", "--format", "text", "-", stdin=page)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("港の朝市に若い漁師の店　週末限定で干物を販売\n")


@pytest.mark.slow
def test_a_url_is_fetched(home, demo_site, demo_expected) -> None:
    expected = demo_expected[1]
    url = demo_site.base_url + expected["url_path"]
    result = run(home, "extract", url, env={"DRAGOMAN_FETCH_ALLOW": demo_site.netloc})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == expected["title"] and data["author"] == expected["author"]
    assert data["canonical_url"] == url and data["date"] == expected["published"]
    assert data["image"] == demo_site.base_url + expected["image_path"]


@pytest.mark.slow
def test_url_errors_are_one_line(home, demo_site) -> None:
    allow = {"DRAGOMAN_FETCH_ALLOW": demo_site.netloc}
    one_line_error(run(home, "extract", f"{demo_site.base_url}/articles/no-such-story.html", env=allow),
                   "cannot fetch the page", "404")  # fmt: skip
    one_line_error(run(home, "extract", "http://127.0.0.1:9/story.html", env={"DRAGOMAN_FETCH_ALLOW": "127.0.0.1:9"}),
                   "cannot fetch the page", "127.0.0.1:9")  # fmt: skip
    # the guarded client refuses loopback addresses the operator did not allow
    one_line_error(run(home, "extract", demo_site.feed_url.replace("feed.xml", "index.html")), "cannot fetch the page")


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_not_an_article_is_one_line_and_says_why(home) -> None:
    line = one_line_error(run(home, "extract", str(PAGES / "paywall_stub.html")), "not extracted", "paywall stub")
    assert line.startswith("dragoman: error: not extracted: not an article:")
    one_line_error(run(home, "extract", str(PAGES / "consent_notice.html")), "cookie or consent wall")


@pytest.mark.slow
def test_jsonl_reports_the_reason(home) -> None:
    lines = [
        json.dumps({"id": 1, "url": "https://x.example/a", "html": (PAGES / "error_page_200.html").read_text()}),
        json.dumps({"id": 2, "url": "https://harbourwatch.example.org/2026/11/05/pier-lights-restored",
                    "html": (PAGES / "date_in_url.html").read_text()}),
    ]  # fmt: skip
    result = run(home, "extract", "--jsonl", "-", stdin="\n".join(lines).encode())
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["reason"] == "error_page" and "Page not found" in first["error"]
    assert first["id"] == 1 and first["line"] == 1
    assert second["date"] == "2026-11-05T00:00:00" and second["author"] == "Maya Trelawny"
    # the exit status says a line failed, and a one-line summary names it
    one_line_error(result, "1 of 2 lines failed", "line 1: not an article")


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_usage_errors(home) -> None:
    one_line_error(run(home, "extract", "--jsonl", "--format", "text", "-", stdin=b""), "--jsonl writes JSON lines")
    result = run(home, "extract", "--format", "pdf", "page.html")
    assert result.returncode == 2
    one_line_error(result, "invalid choice: 'pdf'")
    one_line_error(run(home, "extract", str(PAGES)), "is a directory")


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_the_site_rules_of_the_database_apply_as_in_the_pipeline(home) -> None:
    page, url = PAGES / "date_in_url.html", "https://harbourwatch.example.org/2026/11/05/pier-lights-restored"
    automatic = "Pier lights restored after storm damage"
    before = run(home, "extract", "--url", url, str(page))
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["title"] == automatic
    assert not (home / "dragoman.sqlite3").exists()  # extract creates no database
    assert run(home, "sources").returncode == 0  # this one does
    made = run(home, "manage", "shell", "-c", "from dragoman.sources.models import SiteRule; "
               "SiteRule.objects.create(domain='harbourwatch.example.org', title_selector='div.writer a')")  # fmt: skip
    assert made.returncode == 0, made.stderr
    ruled = run(home, "extract", "--url", url, str(page))
    assert ruled.returncode == 0, ruled.stderr
    assert json.loads(ruled.stdout)["title"] == "Maya Trelawny"
    line = json.dumps({"id": 1, "url": url, "html": page.read_text()})
    assert json.loads(run(home, "extract", "--jsonl", stdin=line.encode()).stdout)["title"] == "Maya Trelawny"
    assert json.loads(run(home, "extract", "--no-site-rules", "--url", url, str(page)).stdout)["title"] == automatic
    other = run(home, "extract", "--url", "https://elsewhere.example/2026/11/05/x", str(page))
    assert json.loads(other.stdout)["title"] == automatic
