"""The pipeline places articles into stories as they arrive, end to end: local outlets' feeds, a pass of
``dragoman run --once`` with a test engine (English into Spanish, the site's language). A translated article is
placed when its translation is published; one written in Spanish as soon as it is extracted (it is never
republished); a wire copy is recognised; and ``dragoman status`` counts it all."""

from __future__ import annotations

import json
from html import escape

import pytest

from dragoman.articles.models import Article, Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.cli import main
from dragoman.demosite import DemoSite
from dragoman.runtime.passes import run_once
from dragoman.sources.models import Source
from dragoman.stories import placing
from dragoman.stories.models import Story, StoryMember
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, MATCH_ONE
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db(transaction=True)

INCENDIO = """Un incendio destruyó la fábrica de muebles Muebles García en Albacete la noche del lunes, según el alcalde Manuel Serrano. No hubo heridos.

Los bomberos de Castilla-La Mancha lucharon contra las llamas durante doce horas. La empresa emplea a 230 personas.

Serrano dijo que el ayuntamiento ayudará a los trabajadores mientras se reconstruye la fábrica. La policía investiga la causa del incendio."""


def page(title: str, text: str, published: str, language: str, site: str) -> str:
    body = "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n"))
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="og:site_name" content="{site}"><meta property="article:published_time" content="{published}">'
        f"</head><body><article><h1>{escape(title)}</h1><p class=\"byline\">By Staff</p>"
        f'<time datetime="{published}">{published}</time>{body}</article></body></html>'
    )


def outlet(root, name: str, language: str, articles: list[tuple[str, str, str]]) -> None:
    (root / "articles").mkdir(parents=True)
    items = []
    for n, (title, text, published) in enumerate(articles):
        (root / "articles" / f"{n}.html").write_text(page(title, text, published, language, name), encoding="utf-8")
        link = f"{{{{BASE_URL}}}}/articles/{n}.html"
        items.append(f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid></item>")
    (root / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>{{{{BASE_URL}}}}/</link><description>news</description><language>{language}</language>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )


@pytest.fixture
def outlets(tmp_path, allow_fetch):
    copy = FIRE_ALBACETE.rsplit("\n\n", 1)[0] + "\n\nOur town's shops sold the factory's furniture for decades."
    outlet(tmp_path / "agency", "Wire Agency", "en", [
        ("Fire destroys furniture factory in Albacete", FIRE_ALBACETE, "2025-03-03T08:00:00+00:00"),
        ("Real Betis beat Sevilla 3-1 in the derby", MATCH_ONE, "2025-03-03T09:00:00+00:00"),
    ])  # fmt: skip
    outlet(tmp_path / "paper", "Daily Paper", "en", [
        ("Albacete furniture factory burns down", copy, "2025-03-03T10:00:00+00:00"),
        ("Blaze at Albacete furniture plant controlled", FIRE_ALBACETE_OTHER, "2025-03-03T12:00:00+00:00"),
    ])  # fmt: skip
    outlet(tmp_path / "voz", "La Voz", "es", [
        ("Un incendio destruye una fábrica de muebles en Albacete", INCENDIO, "2025-03-03T11:00:00+00:00"),
    ])  # fmt: skip
    sites = [DemoSite(root=tmp_path / name) for name in ("agency", "paper", "voz")]
    for site in sites:
        site.start()
        allow_fetch(site)
    yield sites
    for site in sites:
        site.stop()


def test_a_pass_places_each_article_as_it_becomes_comparable(outlets, capsys, settings):
    settings.SITE_LANGUAGE = "es"
    placing.invalidate_index()
    agency, paper, voz = outlets
    for site, language in ((agency, "en"), (paper, "en"), (voz, "es")):
        Source.objects.create(url=site.feed_url, source_language=language, target_languages=["es"], engine="test-upper")
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        summary = run_once(pipeline)
    finally:
        pipeline.close()
    placing.invalidate_index()
    assert summary.failures == [] and summary.published == 4
    assert summary.placed == 0  # every article was placed by its step, none was left for the pass's last round

    by_title = {m.article.title: m for m in StoryMember.objects.select_related("article", "story")}
    assert len(by_title) == Article.objects.count() == 5
    spanish = by_title["Un incendio destruye una fábrica de muebles en Albacete"]
    assert spanish.compared == "original" and spanish.language == "es"
    assert Entry.objects.get(article=spanish.article).state == Entry.State.SET_ASIDE  # never republished, yet placed
    translated = by_title["Blaze at Albacete furniture plant controlled"]
    assert translated.compared == "full" and translated.title == "BLAZE AT ALBACETE FURNITURE PLANT CONTROLLED"
    assert translated.joined_at >= Translation.objects.get(article=translated.article).published_at
    # the wire copy, recognised on the originals, joins its original's story; the derby is another story (how well
    # texts are grouped is the grouping's own tests' and bench's matter: this engine only upper-cases)
    original, copy = by_title["Fire destroys furniture factory in Albacete"], by_title["Albacete furniture factory burns down"]
    assert copy.duplicate_of_id == original.article_id and copy.story == original.story
    assert by_title["Real Betis beat Sevilla 3-1 in the derby"].story != original.story
    assert original.story.size >= 2 and original.story.sources >= 2

    assert main(["status", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["stories"]
    assert counts["articles"] == 5 and counts["near_duplicates"] == 1 and counts["unplaced"] == 0
    assert counts["stories"] == Story.objects.count() and counts["grouped"] >= 1
    assert main(["status"]) == 0
    assert f"stories: {counts['grouped']} of two articles or more, {counts['stories']} in all; 5 articles placed, 1 near-duplicates" in capsys.readouterr().out
