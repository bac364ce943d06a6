"""`dragoman rules` and `dragoman entries`: rules added, listed and deleted as the admin would (a bad one refused
in one line), entries held back listed and released."""

from __future__ import annotations

import json

import pytest

from dragoman.articles.models import Article, Entry
from dragoman.cli import main
from dragoman.rules.models import FilterRule, RewriteRule
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(url="https://gazette.example/feed.xml", name="Gazette", target_languages=["es"], engine="apertium")


def error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("dragoman: error: "), err
    return err[0]


def test_rules_add_each_scope_and_kind(capsys, source):
    assert main(["rules", "add", "--global", "--block", "title", "horoscope"]) == 0
    assert main(["rules", "add", "--source", str(source.pk), "--keep", "tags", r"^(politics|economy)$", "--regex"]) == 0
    assert main(["rules", "add", "--domain", "WWW.Herald.example", "--block", "length", "<300"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "added filter #1: block title matches 'horoscope' (global)"
    rules = list(FilterRule.objects.order_by("pk").values_list("source_id", "domain", "action", "field", "pattern", "regex"))
    assert rules == [
        (None, "", "block", "title", "horoscope", False),
        (source.pk, "", "keep", "tags", r"^(politics|economy)$", True),
        (None, "www.herald.example", "block", "length", "<300", False),
    ]
    assert main(["rules", "rewrite", "--source", str(source.pk), "--remove", "blockquote"]) == 0
    assert main(["rules", "rewrite", "--domain", "herald.example", "--replace", r"\s*\(sponsored\)", "", "--regex"]) == 0
    assert main(["rules", "rewrite", "--global", "--replace", "Millford", "Milford"]) == 0
    assert list(RewriteRule.objects.order_by("pk").values_list("kind", "selector", "old", "new", "regex")) == [
        ("remove", "blockquote", "", "", False),
        ("replace", "", r"\s*\(sponsored\)", "", True),
        ("replace", "", "Millford", "Milford", False),
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--global", "--block", "title", "(a|aa)+$", "--regex"], ["takes too long", "nothing was stored"]),
        (["--global", "--block", "title", "[unclosed", "--regex"], ["is not a regular expression"]),
        (["--global", "--block", "age", "a week"], ["is not a comparison"]),
        (["--source", "999", "--block", "title", "x"], ["no source 999"]),
    ],
)
def test_a_rule_that_cannot_be_used_is_one_line_and_nothing_is_stored(capsys, args, words):
    assert main(["rules", "add", *args]) == 1
    line = error_line(capsys)
    assert all(word in line for word in words), line
    assert FilterRule.objects.count() == 0


def test_a_rewrite_with_a_bad_selector_or_a_usage_error(capsys):
    assert main(["rules", "rewrite", "--global", "--remove", "div[["]) == 1
    assert "is not a valid CSS selector" in error_line(capsys)
    with pytest.raises(SystemExit) as exited:
        main(["rules", "rewrite", "--global", "--source", "1", "--remove", "p"])
    assert exited.value.code == 2
    assert RewriteRule.objects.count() == 0


def test_rules_list_and_delete(capsys, source):
    FilterRule.objects.create(action="block", field="title", pattern="horoscope")
    RewriteRule.objects.create(source=source, kind="remove", selector="blockquote")
    assert main(["rules", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["kind"], r["scope"], r["pattern"]) for r in listed] == [
        ("f1", "filter", "global", "horoscope"), ("r1", "rewrite", f"source {source.pk}", "blockquote")]  # fmt: skip
    assert main(["rules"]) == 0 and capsys.readouterr().out.splitlines()[0].split()[:3] == ["id", "kind", "scope"]
    assert main(["rules", "delete", "1"]) == 1
    assert "say f1 or r1" in error_line(capsys)
    assert main(["rules", "delete", "r1"]) == 0 and capsys.readouterr().out.startswith("deleted rewrite #1")
    assert main(["rules", "delete", "1"]) == 0 and not FilterRule.objects.exists()
    assert main(["rules", "delete", "f7"]) == 1 and "no rule f7" in error_line(capsys)


def test_entries_list_and_release(capsys, source):
    held = Entry.objects.create(source=source, key="a", url="https://gazette.example/a.html", state="filtered",
                                error="filter #1: block title matches 'horoscope'")  # fmt: skip
    Article.objects.create(entry=held, url=held.url, title="Your horoscope", body_html="<p>Stars.</p>")
    old = Entry.objects.create(source=source, key="b", url="https://gazette.example/b.html", state="archived", error="older than 2 days")
    done = Entry.objects.create(source=source, key="c", url="https://gazette.example/c.html", state="extracted")
    assert main(["entries", "list", "--state", "filtered", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["id"], e["state"], e["why"]) for e in listed] == [(held.pk, "filtered", "filter #1: block title matches 'horoscope'")]
    assert main(["entries"]) == 0
    assert {line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]} == {str(held.pk), str(old.pk)}

    assert main(["entries", "release", str(held.pk), str(done.pk), "424242", str(old.pk)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"entry {held.pk} released from filtered: 1 translation(s) planned ({held.url})",
        f"entry {old.pk} released from archived: it will be fetched ({old.url})",
    ]
    line = captured.err.strip()
    assert line.startswith("dragoman: error: 2 of 4 not released") and "no entry 424242" in line
    assert f"entry {done.pk} is extracted, not filtered or archived" in line
    assert dict(Entry.objects.values_list("pk", "state")) == {held.pk: "extracted", old.pk: "discovered", done.pk: "extracted"}


def test_status_counts_what_is_held_back(capsys, source):
    Entry.objects.create(source=source, key="a", url="https://gazette.example/a.html", state="filtered", error="filter #1: x")
    Entry.objects.create(source=source, key="b", url="https://gazette.example/b.html", state="archived", error="old")
    assert main(["status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["filtered"], report["archived"]) == (1, 1)
    assert main(["status"]) == 0
    assert "held back: filtered 1, archived 1" in capsys.readouterr().out
