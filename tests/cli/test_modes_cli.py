"""`dragoman sources add/set` with a translation mode, a priority and an import window, and `dragoman
translate-article ID --full`, as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import run
from tests.support.cli import one_line_error


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.mark.slow
def test_a_title_only_source_then_one_article_in_full(home, demo_site, demo_expected):
    n = len(demo_expected)
    added = run(home, "sources", "add", demo_site.feed_url, "--to", "es", "--mode", "title", "--priority", "5",
                allow=demo_site.netloc)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "mode title, priority 5, a 2-day import window" in added.stdout  # the window sources add offers
    changed = run(home, "sources", "set", "1", "--since-days", "0")  # the demo's articles are older: no window
    assert changed.returncode == 0 and "mode title, priority 5, no import window" in changed.stdout
    [source] = json.loads(run(home, "sources", "list", "--format", "json").stdout)
    assert (source["mode"], source["priority"], source["since_days"]) == ("title", 5, 0)

    first = run(home, "run", allow=demo_site.netloc)
    assert f"translated {n}, published {n}, failed 0" in first.stdout, first.stdout + first.stderr
    upgraded = run(home, "translate-article", "1", "--full")
    assert upgraded.returncode == 0 and "translation 1 (es) will be translated in full" in upgraded.stdout
    second = run(home, "run", allow=demo_site.netloc)
    assert "translated 1, published 1, failed 0" in second.stdout, second.stdout + second.stderr

    one_line_error(run(home, "translate-article", "1", "--full"), "translation 1 is already a full translation")
    one_line_error(run(home, "translate-article", "999", "--full"), "no translation 999")
    assert run(home, "translate-article", "2").returncode == 2  # --full is what it does: said, not assumed
    one_line_error(run(home, "sources", "set", "7", "--mode", "lead"), "no source 7")
    one_line_error(run(home, "sources", "set", "1"), "nothing to change")
    one_line_error(run(home, "sources", "set", "1", "--since-days", "-1"), "--since-days must be 0")
    assert run(home, "sources", "set", "1", "--mode", "summary").returncode == 2


@pytest.mark.slow
def test_translate_article_with_another_engine_says_why_it_cannot(home, demo_site):
    """The retranslation itself is driven through the API (tests/api/test_api.py); here, its refusals."""
    run(home, "sources", "add", demo_site.feed_url, "--to", "es", "--since-days", "0", "--mode", "title",
        allow=demo_site.netloc)  # fmt: skip
    assert run(home, "run", allow=demo_site.netloc).returncode == 0
    one_line_error(run(home, "translate-article", "1", "--engine", "apertium"), "made by apertium already")
    one_line_error(run(home, "translate-article", "1", "--engine", "nowhere"), "unknown translation engine 'nowhere'")
    one_line_error(run(home, "translate-article", "1", "--engine", "deepl"), "engine 'deepl' is not usable here")
    assert run(home, "translate-article", "1").returncode == 2
