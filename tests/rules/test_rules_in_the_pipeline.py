"""The rules in the extract step: a filtered entry is held back with its rule and no translation planned; a
rewrite rule changes what the engine is sent (and what is counted); an editor's release sends a filtered entry
on to a published translation, and it is not filtered again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.articles.models import Article, Entry, Page, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.articles.release import ReleaseError, release
from dragoman.rules.models import FilterRule, Release, RewriteRule
from dragoman.runtime.passes import run_once
from dragoman.runtime.status import snapshot
from dragoman.sources.models import Source
from tests.rules.pages import story
from tests.support.engines import RecordingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine():
    return RecordingEngine(UpperCaseEngine())


@pytest.fixture
def pipeline(engine):
    p = Pipeline(engines={"test-upper": engine})
    yield p
    p.close()


def make_source(name: str) -> Source:
    return Source.objects.create(url=f"https://{name}.example/feed.xml", name=name, target_languages=["es"], engine="test-upper")


def fetched(source: Source, slug: str, page: bytes, *, host: str = "") -> Entry:
    """An entry of ``source`` whose page was fetched: the extract step's input."""
    url = f"https://{host or source.name + '.example'}/news/{slug}.html"
    entry = Entry.objects.create(source=source, key=slug, url=url, state=Entry.State.FETCHED)
    Page.objects.create(entry=entry, final_url=url, status_code=200, headers={"content-type": "text/html"}, content=page)
    return entry


def extracted(pipeline, entry: Entry) -> Entry:
    assert pipeline.extract(entry.pk)
    entry.refresh_from_db()
    return entry


def test_a_block_rule_filters_the_entry_and_names_the_rule(pipeline):
    source = make_source("gazette")
    rule = FilterRule.objects.create(action="block", field="title", pattern="horoscope")
    entry = extracted(pipeline, fetched(source, "stars", story("Your weekly horoscope for Capricorn")))
    assert entry.state == Entry.State.FILTERED
    assert entry.error == f"filter #{rule.pk}: block title matches 'horoscope'"
    assert Article.objects.filter(entry=entry).exists()  # extracted and kept, for the editor to read
    assert not Translation.objects.filter(article__entry=entry).exists()
    kept = extracted(pipeline, fetched(source, "bridge", story("Council backs a new bridge")))
    assert kept.state == Entry.State.EXTRACTED and kept.error == ""
    assert Translation.objects.filter(article__entry=kept).count() == 1


def test_numeric_rules_in_the_pipeline(pipeline):
    source = make_source("gazette")
    FilterRule.objects.create(action="block", field="length", pattern="<300")
    FilterRule.objects.create(action="block", field="age", pattern=">7")
    short = extracted(pipeline, fetched(source, "short", story("Council backs a new bridge", paragraphs=3, advert=False)))
    assert short.state == Entry.State.FILTERED and "block length < 300" in short.error
    old = (timezone.now() - timedelta(days=30)).isoformat()
    stale = extracted(pipeline, fetched(source, "old", story("Council backs a bridge", published=old)))
    assert stale.state == Entry.State.FILTERED and "block age > 7" in stale.error
    fresh = (timezone.now() - timedelta(days=1)).isoformat()
    assert extracted(pipeline, fetched(source, "new", story("Council backs a bridge", published=fresh))).state == "extracted"


def test_a_sources_keep_rule_holds_only_its_own_entries_and_global_rules_hold_all(pipeline):
    gazette, herald = make_source("gazette"), make_source("herald")
    keep = FilterRule.objects.create(source=gazette, action="keep", field="tags", pattern="election")
    held = extracted(pipeline, fetched(gazette, "g1", story("Council backs a new bridge")))
    assert held.state == Entry.State.FILTERED and held.error == f"filter #{keep.pk}: keep tags matches 'election' did not match"
    assert extracted(pipeline, fetched(herald, "h1", story("Council backs a new bridge"))).state == Entry.State.EXTRACTED
    FilterRule.objects.create(action="block", field="author", pattern=r"^Ann\b", regex=True)
    assert extracted(pipeline, fetched(herald, "h2", story("Council backs a bridge again"))).state == Entry.State.FILTERED
    FilterRule.objects.create(domain="herald.example", action="block", field="body", pattern="ferry company")
    assert extracted(pipeline, fetched(gazette, "g2", story("A bridge", tags="election"), host="www.herald.example")).state == "filtered"


def test_a_rewrite_rule_changes_what_the_engine_sees_and_is_recorded(pipeline, engine):
    plain, ruled = make_source("plain"), make_source("ruled")
    remove = RewriteRule.objects.create(source=ruled, kind="remove", selector="blockquote")
    replace = RewriteRule.objects.create(domain="ruled.example", kind="replace", old=r"\bMillford\b", new="Milford", regex=True)
    unused = RewriteRule.objects.create(kind="remove", selector="aside.none")  # global, changes nothing
    original = extracted(pipeline, fetched(plain, "bridge", story("Millford gets its bridge")))
    rewritten = extracted(pipeline, fetched(ruled, "bridge", story("Millford gets its bridge")))

    article = Article.objects.get(entry=rewritten)
    assert article.rewrites == [  # the domain's rules before the source's
        {"id": replace.pk, "description": "replace /\\bMillford\\b/ with 'Milford'"},
        {"id": remove.pk, "description": "remove blockquote"},
    ]
    assert unused.pk not in [r["id"] for r in article.rewrites]
    assert article.title == "Milford gets its bridge" and "calendar" not in article.body_html and "calendar" not in article.text
    assert Article.objects.get(entry=original).rewrites == []

    run_once(pipeline, poll=False)
    by_source = {t.article.entry.source.name: t for t in Translation.objects.select_related("article__entry__source")}
    assert {t.state for t in by_source.values()} == {Translation.State.PUBLISHED}
    assert "CALENDAR" not in by_source["ruled"].body_html and "CALENDAR" in by_source["plain"].body_html
    assert by_source["ruled"].title.startswith("Milford ") and by_source["plain"].title.startswith("Millford ")
    assert sum("calendar for only 9 pounds" in text for text in engine.sent) == 1  # the plain source's only
    # what the engine was sent for the rewritten article is less: the promotion never reached it
    assert 0 < by_source["ruled"].engine_chars < by_source["plain"].engine_chars


def test_a_released_entry_goes_on_to_a_published_translation_and_is_not_filtered_again(pipeline):
    source = make_source("gazette")
    FilterRule.objects.create(action="block", field="title", pattern="bridge")
    entry = extracted(pipeline, fetched(source, "bridge", story("Council backs a new bridge")))
    assert entry.state == Entry.State.FILTERED
    assert snapshot().filtered == 1

    said = release(entry.pk, by="editor", pipeline=pipeline)
    assert said.startswith(f"entry {entry.pk} released from filtered: 1 translation(s) planned")
    entry.refresh_from_db()
    assert entry.state == Entry.State.EXTRACTED and entry.error == ""
    record = Release.objects.get(entry=entry)
    assert (record.from_state, record.released_by) == ("filtered", "editor") and "block title" in record.reason

    run_once(pipeline, poll=False)
    translation = Translation.objects.get(article__entry=entry)
    assert translation.state == Translation.State.PUBLISHED and "BRIDGE" in translation.title

    # extracted again (the page fetched anew): the filter still matches, the release holds
    Entry.objects.filter(pk=entry.pk).update(state=Entry.State.FETCHED)
    assert extracted(pipeline, entry).state == Entry.State.EXTRACTED
    assert snapshot().filtered == 0


def test_an_archived_entry_is_released_to_be_fetched_and_errors_are_clear(pipeline):
    source = make_source("gazette")
    archived = Entry.objects.create(source=source, key="old", url="https://gazette.example/old.html",
                                    state=Entry.State.ARCHIVED, error="older than the import window (2 days)")  # fmt: skip
    assert snapshot().archived == 1
    assert release(archived.pk, pipeline=pipeline).startswith(f"entry {archived.pk} released from archived")
    archived.refresh_from_db()
    assert archived.state == Entry.State.DISCOVERED and archived.error == ""
    assert Release.objects.get(entry=archived).from_state == "archived"

    with pytest.raises(ReleaseError, match=f"entry {archived.pk} is discovered, not filtered or archived"):
        release(archived.pk, pipeline=pipeline)
    with pytest.raises(ReleaseError, match="no entry 999999"):
        release(999999, pipeline=pipeline)


def test_a_remove_rule_acts_on_the_page_where_the_sites_classes_still_are(pipeline, engine):
    """The extracted body keeps no class: a selector like ``div.club-box`` is matched in the page itself, before
    extraction, and the rule is recorded as having changed the article."""
    plain, ruled = make_source("plain"), make_source("ruled")
    box = RewriteRule.objects.create(source=ruled, kind="remove", selector="div.club-box")
    kept = Article.objects.get(entry=extracted(pipeline, fetched(plain, "club", story("A bridge", box=True))))
    assert "reading club" in kept.text and kept.rewrites == []
    removed = Article.objects.get(entry=extracted(pipeline, fetched(ruled, "club", story("A bridge", box=True))))
    assert "reading club" not in removed.body_html and "reading club" not in removed.text
    assert "The county council voted" in removed.text and "Engineers said" in removed.text
    assert removed.rewrites == [{"id": box.pk, "description": "remove div.club-box"}]
    without = Article.objects.get(entry=extracted(pipeline, fetched(ruled, "plain", story("Another bridge"))))
    assert without.rewrites == []  # nothing matched: not recorded

    run_once(pipeline, poll=False)
    assert sum("reading club" in text for text in engine.sent) == 1  # the plain source's article only
