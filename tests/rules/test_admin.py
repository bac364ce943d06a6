"""The rules in the admin: checked on save with the reason on the field, a rewrite rule previewed before it is
saved, and the entries' release action."""

from __future__ import annotations

import pytest

from dragoman.articles.models import Article, Entry, Page
from dragoman.rules.models import FilterRule, RewriteRule
from dragoman.sources.models import Source
from tests.rules.pages import story

pytestmark = pytest.mark.django_db

BODY = ("<p>The council voted on Monday to build a bridge.</p><blockquote><p>Sponsored: buy our calendar.</p></blockquote>"
        "<p>Work starts in spring.</p>")  # fmt: skip


def article(source: Source, slug: str, title: str, host: str = "") -> Article:
    url = f"https://{host or 'gazette.example'}/{slug}.html"
    entry = Entry.objects.create(source=source, key=slug, url=url, state=Entry.State.EXTRACTED)
    Page.objects.create(entry=entry, final_url=url, status_code=200, content=b"")
    return Article.objects.create(entry=entry, url=url, title=title, body_html=BODY)


@pytest.fixture
def source():
    return Source.objects.create(url="https://gazette.example/feed.xml", name="Gazette", target_languages=["es"])


def test_a_remove_rule_is_previewed_on_the_stored_page_where_classes_still_are(admin_client, source):
    """A remove rule acts on the page before extraction: the preview extracts the stored page without and with it."""
    url = "https://gazette.example/club.html"
    entry = Entry.objects.create(source=source, key="club", url=url, state=Entry.State.EXTRACTED)
    Page.objects.create(entry=entry, final_url=url, status_code=200, content=story("A bridge", box=True))
    Article.objects.create(entry=entry, url=url, title="A bridge", body_html="<p>as stored</p>")
    html = admin_client.post("/admin/rules/rewriterule/preview/", form(source=str(source.pk), selector="div.club-box"))
    html = html.content.decode()
    assert "it changes the article" in html
    before, after = html.split('id="after-body"', 1)
    assert '<td class="removed">&lt;p&gt;The Millford reading club meets' in before
    assert "reading club" not in after and "The county council voted" in after


def form(**values) -> dict:
    data = {"source": "", "domain": "", "kind": "remove", "selector": "", "old": "", "new": "", "enabled": "on", "note": ""}
    return {**data, **values}


def test_the_change_form_offers_a_preview(admin_client):
    page = admin_client.get("/admin/rules/rewriterule/add/")
    assert page.status_code == 200
    assert b'name="_preview"' in page.content and b'formaction="/admin/rules/rewriterule/preview/"' in page.content


def test_a_source_rule_is_previewed_on_the_sources_latest_article_and_not_saved(admin_client, source):
    other = Source.objects.create(url="https://herald.example/feed.xml", name="Herald", target_languages=["es"])
    article(source, "older", "An older story")
    article(source, "latest", "Council backs a bridge")
    article(other, "elsewhere", "Another source's story", host="herald.example")
    response = admin_client.post("/admin/rules/rewriterule/preview/", form(source=str(source.pk), selector="blockquote"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Council backs a bridge" in html and "it changes the article" in html
    before, after = html.split('id="after-body"', 1)
    assert '<th>removed</th><td class="removed">&lt;blockquote&gt;&lt;p&gt;Sponsored: buy our calendar.' in before
    assert "Sponsored" not in after and "Work starts in spring." in after
    assert RewriteRule.objects.count() == 0  # a preview saves nothing


def test_a_domain_rule_and_a_global_rule_are_previewed_on_their_latest_articles(admin_client, source):
    article(source, "news", "On the herald's host", host="www.herald.example")
    article(source, "latest", "The latest of all")
    replace = form(kind="replace", old="Monday", new="Tuesday", domain="herald.example")
    html = admin_client.post("/admin/rules/rewriterule/preview/", replace).content.decode()
    assert "On the herald&#x27;s host" in html and "Tuesday" in html
    html = admin_client.post("/admin/rules/rewriterule/preview/", form(kind="replace", old="Monday", new="Tuesday")).content.decode()
    assert "The latest of all" in html


def test_a_preview_of_a_rule_that_cannot_be_used_says_why(admin_client, source):
    response = admin_client.post("/admin/rules/rewriterule/preview/", form(selector="div[["))
    assert response.status_code == 400 and b"is not a valid CSS selector" in response.content
    response = admin_client.post("/admin/rules/rewriterule/preview/", form(kind="replace", old="(a|aa)+$", regex="on"))
    assert response.status_code == 400 and b"takes too long" in response.content


def test_a_preview_with_no_article_says_so(admin_client):
    response = admin_client.post("/admin/rules/rewriterule/preview/", form(selector="blockquote"))
    assert response.status_code == 200 and b"no article to preview it on yet" in response.content


def test_rules_that_cannot_be_used_are_refused_on_save_with_the_reason(admin_client, source):
    data = {"source": "", "domain": "", "action": "block", "field": "title", "pattern": r"(\w+\s?)+$", "regex": "on",
            "enabled": "on", "note": ""}  # fmt: skip
    response = admin_client.post("/admin/rules/filterrule/add/", data)
    assert response.status_code == 200 and b"takes too long" in response.content
    response = admin_client.post("/admin/rules/filterrule/add/", {**data, "field": "length", "pattern": "short", "regex": ""})
    assert b"is not a comparison" in response.content
    assert FilterRule.objects.count() == 0
    response = admin_client.post("/admin/rules/filterrule/add/", {**data, "pattern": "horoscope", "regex": ""})
    assert response.status_code == 302 and FilterRule.objects.get().pattern == "horoscope"
    response = admin_client.post("/admin/rules/rewriterule/add/", form(source=str(source.pk), domain="gazette.example", selector="p"))
    assert b"a rule is for a source or for a domain, not both" in response.content


def test_the_entries_admin_lists_filtered_entries_and_releases_them(admin_client, source):
    filtered = article(source, "stars", "Your horoscope").entry
    Entry.objects.filter(pk=filtered.pk).update(state=Entry.State.FILTERED, error="filter #3: block title matches 'horoscope'")
    listing = admin_client.get("/admin/articles/entry/?state__exact=filtered")
    assert b"filter #3: block title matches" in listing.content
    done = admin_client.post("/admin/articles/entry/", {"action": "release_entries", "_selected_action": [filtered.pk]}, follow=True)
    said = [str(message) for message in done.context["messages"]]
    assert said == [f"entry {filtered.pk} released from filtered: 1 translation(s) planned ({filtered.url})"]
    filtered.refresh_from_db()
    assert filtered.state == Entry.State.EXTRACTED
    assert filtered.article.translations.count() == 1
    again = admin_client.post("/admin/articles/entry/", {"action": "release_entries", "_selected_action": [filtered.pk]}, follow=True)
    assert b"is extracted, not filtered or archived" in again.content
