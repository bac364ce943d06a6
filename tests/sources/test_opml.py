"""OPML: an exported file imports back as the same sources; other readers' files import as feeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dragoman.sources.models import Source
from dragoman.sources.opml import OPMLError, export_opml, import_opml

pytestmark = pytest.mark.django_db

FIELDS = ("url", "kind", "name", "site_url", "source_language", "target_languages", "engine",
          "poll_interval_minutes", "enabled", "auto_publish", "mode", "priority", "since_days")  # fmt: skip
KNOWN = ["apertium", "deepl", "google"]


def snapshot() -> list[tuple]:
    return [tuple(s[f] for f in FIELDS) for s in Source.objects.order_by("url").values(*FIELDS)]


def make_sources() -> None:
    Source.objects.create(url="https://news.example/feed.xml", name="News & Views", site_url="https://news.example/",
                          target_languages=["es", "ca"], engine="deepl,apertium", poll_interval_minutes=15,
                          mode="title", priority=-3, since_days=5)
    Source.objects.create(url="https://news.example/news-sitemap.xml", kind=Source.Kind.SITEMAP, source_language="es",
                          target_languages=["en"], engine="apertium", enabled=False, auto_publish=False)
    Source.objects.create(url="https://other.example/report.html", kind=Source.Kind.PAGE, target_languages=["gl"],
                          engine="google,deepl,apertium")  # fmt: skip


def test_an_exported_file_imports_as_the_same_sources():
    make_sources()
    before = snapshot()
    exported = export_opml(Source.objects.all())
    assert b'type="rss"' in exported and b'xmlUrl="https://news.example/feed.xml"' in exported  # readers see a feed
    Source.objects.all().delete()
    result = import_opml(exported, target_languages=[], engine="apertium", source_language="en", known_engines=KNOWN)
    assert (result.created, result.updated) == (3, 0)
    assert snapshot() == before
    again = import_opml(exported, target_languages=[], engine="apertium", source_language="en", known_engines=KNOWN)
    assert (again.created, again.updated) == (0, 3) and snapshot() == before


def test_another_readers_file_imports_as_feeds_with_the_given_languages_and_engine():
    opml = b"""<?xml version="1.0"?><opml version="1.0"><head><title>My feeds</title></head><body>
    <outline text="World"><outline text="Le Monde" type="rss" xmlUrl="https://lemonde.example/rss"
      htmlUrl="https://lemonde.example/"/></outline>
    <outline text="El Diario" type="rss" xmlUrl="https://eldiario.example/feed"/></body></opml>"""
    result = import_opml(opml, target_languages=["en"], engine="apertium", source_language="es", known_engines=KNOWN)
    assert result.created == 2
    monde = Source.objects.get(url="https://lemonde.example/rss")
    assert (monde.kind, monde.name, monde.site_url, monde.target_languages, monde.engine, monde.source_language) == (
        "feed", "Le Monde", "https://lemonde.example/", ["en"], "apertium", "es")
    # new sources get the first-import window sources add offers, and translate in full
    assert (monde.mode, monde.priority, monde.since_days) == ("full", 0, 2)


@pytest.mark.parametrize(
    "opml, message",
    [
        (b"<html/>", "not an OPML file"),
        (b'<opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/f"/></body></opml>', "no target languages"),
        (b'<opml version="2.0" xmlns:d="https://github.com/dragoman-news/dragoman/opml"><body><outline xmlUrl="https://a.example/f" '
         b'd:targetLanguages="es" d:engine="nosuch"/></body></opml>', "unknown engine 'nosuch'"),
        (b'<opml version="2.0"><body><outline xmlUrl="file:///etc/passwd"/></body></opml>', "not an http(s) URL"),
        (b'<opml version="2.0" xmlns:d="https://github.com/dragoman-news/dragoman/opml"><body><outline xmlUrl="https://a.example/f" '
         b'd:targetLanguages="es" d:mode="summary"/></body></opml>', "unknown mode 'summary'; expected one of full, lead, title"),
        (b'<opml version="2.0" xmlns:d="https://github.com/dragoman-news/dragoman/opml"><body><outline xmlUrl="https://a.example/f" '
         b'd:targetLanguages="es" d:sinceDays="two"/></body></opml>', "sinceDays 'two' is not a number of days"),
    ],
)
def test_a_bad_file_imports_nothing_and_says_why(opml, message):
    Source.objects.create(url="https://kept.example/feed", target_languages=["es"])
    with pytest.raises(OPMLError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_opml(opml, target_languages=[], engine="apertium", source_language="en", known_engines=KNOWN)
    assert list(Source.objects.values_list("url", flat=True)) == ["https://kept.example/feed"]


@pytest.mark.slow
def test_the_commands_export_and_import_between_two_installations(tmp_path):
    def dragoman(home, *args, stdin=None):
        env = {**os.environ, "DRAGOMAN_HOME": str(tmp_path / home)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return subprocess.run([sys.executable, "-m", "dragoman.cli", *args], env=env, input=stdin,
                              capture_output=True, timeout=120)  # fmt: skip

    first = dragoman("a", "sources", "import", "--to", "es,ca", "--engine", "apertium", "-", stdin=(
        b'<opml version="2.0"><body><outline text="One" xmlUrl="https://one.example/feed"/>'
        b'<outline text="Two" type="link" url="https://two.example/page.html"/></body></opml>'))  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert b"imported 2 sources (2 new, 0 updated)" in first.stdout
    exported = dragoman("a", "sources", "export")
    assert exported.returncode == 0 and exported.stdout.startswith(b"<?xml")
    second = dragoman("b", "sources", "import", "-", stdin=exported.stdout)
    assert second.returncode == 0, second.stderr
    assert dragoman("b", "sources", "export").stdout.split(b"<body>")[1] == exported.stdout.split(b"<body>")[1]
    listed = dragoman("b", "sources", "list", "--format", "tsv").stdout.decode()
    assert "https://two.example/page.html" in listed and "\tpage\t" in listed and "\ten\tes,ca\t" in listed
