"""SiteRule: per-site extraction rules stored in the database, edited in the admin, used by the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from dragoman.articles.models import Article, Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.extract.rules import SiteRules
from dragoman.sources.models import SiteRule, Source, normalise_domain

pytestmark = pytest.mark.django_db

PAGE = Path(__file__).resolve().parents[1] / "extract" / "pages" / "site_rules.html"
LEDE = "Nach drei Wochen mit Ausfällen und Verspätungen fährt die Fähre"


def test_a_rule_covers_its_host_and_subdomains_the_most_specific_winning() -> None:
    SiteRule.objects.create(domain="example.com", body_selector="article")
    SiteRule.objects.create(domain="news.example.com", body_selector="div.story")
    SiteRule.objects.create(domain="old.example.com", body_selector="td.copy", enabled=False)
    assert SiteRule.for_url("https://example.com/a").body_selector == "article"
    assert SiteRule.for_url("https://www.example.com/a").body_selector == "article"
    assert SiteRule.for_url("https://news.example.com/a").body_selector == "div.story"
    assert SiteRule.for_url("https://live.news.example.com:8443/a").body_selector == "div.story"
    assert SiteRule.for_url("https://old.example.com/a").body_selector == "article"  # disabled: the parent's
    assert SiteRule.for_url("https://notexample.com/a") is None
    assert SiteRule.for_url("not a url") is None


def test_for_url_gives_plain_site_rules() -> None:
    SiteRule.objects.create(domain="example.org", remove_selectors=".ad\n\n.promo\n", author_selector=".by")
    rules = SiteRule.for_url("http://example.org/x")
    assert rules == SiteRules(remove_selectors=(".ad", ".promo"), author_selector=".by")


@pytest.mark.parametrize(
    ("value", "domain"),
    [("Example.COM.", "example.com"), ("https://WWW.Example.com/path?q=1", "www.example.com"),
     ("example.com:8080/x", "example.com"), ("  news.example.org  ", "news.example.org")],
)  # fmt: skip
def test_domains_are_normalised(value: str, domain: str) -> None:
    assert normalise_domain(value) == domain
    assert SiteRule.objects.create(domain=value).domain == domain


def test_an_invalid_selector_is_a_validation_error_naming_the_field() -> None:
    rule = SiteRule(domain="example.com", body_selector="div.story", date_selector="time[", remove_selectors=".ad\np::text")
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    errors = caught.value.message_dict
    assert set(errors) == {"date_selector", "remove_selectors"}
    assert "is not a valid CSS selector" in errors["date_selector"][0]
    assert "p::text" in errors["remove_selectors"][0]
    with pytest.raises(ValidationError):
        rule.save()  # never stored, whoever saves it
    assert not SiteRule.objects.exists()


def test_the_admin_refuses_an_invalid_selector(client) -> None:
    assert SiteRule in admin.site._registry
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(user)
    form = {"domain": "example.com", "enabled": "on", "body_selector": "div[", "remove_selectors": "",
            "author_selector": "", "date_selector": "", "title_selector": "", "notes": ""}  # fmt: skip
    response = client.post("/admin/sources/siterule/add/", form)
    assert response.status_code == 200  # the form again, with the error
    assert "body_selector: &#x27;div[&#x27; is not a valid CSS selector" in response.content.decode()
    assert not SiteRule.objects.exists()
    response = client.post("/admin/sources/siterule/add/", {**form, "body_selector": "div.story"})
    assert response.status_code == 302 and SiteRule.objects.get().body_selector == "div.story"


@pytest.fixture
def rules_site(tmp_path, allow_fetch):
    """Two copies of the site-rules test page, and a feed listing them, on a local port."""
    from dragoman.demosite import DemoSite

    page = PAGE.read_bytes()
    (tmp_path / "first.html").write_bytes(page)
    (tmp_path / "second.html").write_bytes(page)
    items = "".join(
        f"<item><title>Fähre {n}</title><link>{{{{BASE_URL}}}}/{n}.html</link><guid>{{{{BASE_URL}}}}/{n}.html</guid></item>"
        for n in ("first", "second")
    )
    (tmp_path / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Küstenbote</title><link>{{{{BASE_URL}}}}/</link>'
        f"<description>test</description>{items}</channel></rss>",
        encoding="utf-8",
    )
    with DemoSite(root=tmp_path) as site:
        allow_fetch(site)
        yield site


# "Stand: 05.11.2026, 14:30 Uhr" names no zone: the extractor keeps it naive (it invents no zone) and
# the pipeline stores it as Django does naive values, with a warning that is expected here
@pytest.mark.filterwarnings("ignore:DateTimeField Article.published_at received a naive datetime")
def test_a_stored_rule_changes_what_the_pipeline_extracts(rules_site) -> None:
    source = Source.objects.create(url=rules_site.feed_url, target_languages=["es"], engine="apertium")
    pipeline = Pipeline()
    try:
        assert pipeline.poll(source.pk) == 2
        first, second = (Entry.objects.get(url=f"{rules_site.base_url}/{n}.html") for n in ("first", "second"))
        for entry in (first, second):
            assert pipeline.fetch(entry.pk)

        assert pipeline.extract(first.pk)  # no rule yet: the automatic choice
        automatic = Article.objects.get(entry=first)
        assert automatic.authors == [] and LEDE not in automatic.text

        SiteRule.objects.create(
            domain="127.0.0.1", body_selector=".lede, .text", remove_selectors=".infokasten",
            author_selector=".kuerzel", date_selector=".stempel", notes="Küstenbote's own markup",
        )  # fmt: skip
        assert pipeline.extract(second.pk)
        ruled = Article.objects.get(entry=second)
        assert ruled.authors == ["Tilde Marsch"]
        assert ruled.text.startswith(LEDE)
        assert "Abfahrt Festland" not in ruled.text and "Abfahrt Festland" in automatic.text
        assert ruled.published_at.date().isoformat() == "2026-11-05"
        assert automatic.published_at.year == 2019
    finally:
        pipeline.close()
