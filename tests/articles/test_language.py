"""Never publish text in the wrong language: the article's language comes from its text (reconciled with the
page's declaration), and a page in a language no engine of its source translates is set aside, named, counted
apart from failures, never translated nor published. The pages are written for the project."""

from __future__ import annotations

import json

import pytest

from dragoman.articles.models import Article, Entry, Page, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.publish.publishing import publish
from dragoman.runtime.passes import run_once
from dragoman.runtime.status import snapshot
from dragoman.sources.models import Source
from tests.support.engines import RecordingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db

ENGLISH = [
    "The city council voted on Tuesday to close the old river bridge to lorries from next month.",
    "Inspectors found rust in forty of its girders during a survey that lasted six weeks.",
    "The mayor said the repairs would take two years and cost more than the council had set aside for roads.",
]
GERMAN = [
    "Der Stadtrat hat am Dienstag beschlossen, die alte Flussbrücke ab dem nächsten Monat für Lastwagen zu sperren.",
    "Prüfer hatten bei einer sechswöchigen Untersuchung an vierzig Trägern Rost gefunden.",
    "Die Bürgermeisterin sagte, die Reparatur werde zwei Jahre dauern und mehr kosten als geplant.",
]
PORTUGUESE = [
    "A câmara municipal decidiu na terça-feira fechar a velha ponte sobre o rio aos camiões a partir do próximo mês.",
    "Os inspetores encontraram ferrugem em quarenta vigas durante uma vistoria que durou seis semanas.",
    "O presidente da câmara disse que as obras vão demorar dois anos e custar mais do que o previsto.",
]
SPANISH = [
    "El ayuntamiento votó el martes cerrar el viejo puente del río a los camiones a partir del mes que viene.",
    "Los inspectores encontraron óxido en cuarenta de sus vigas durante una revisión de seis semanas.",
    "La alcaldesa dijo que las obras durarán dos años y costarán más de lo previsto por el consistorio.",
]


class TwoPairEngine(UpperCaseEngine):
    """The upper-case test engine, declaring English and German into Spanish."""

    name = "test-two-pairs"

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "es"), ("de", "es")}


def page(title: str, paragraphs: list[str], lang: str | None) -> bytes:
    attribute = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html{attribute}><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='keywords' content='Bridges, Council'></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def extracted(content: bytes, *, engine: str = "test-upper", number: int = 1) -> Entry:
    source = Source.objects.create(
        url=f"https://news{number}.example/feed.xml", name=f"News {number}", target_languages=["es"], engine=engine
    )
    url = f"https://news{number}.example/story.html"
    entry = Entry.objects.create(source=source, key=url, url=url, state=Entry.State.FETCHED)
    Page.objects.create(entry=entry, final_url=url, status_code=200, headers={}, content=content)
    return entry


def test_english_page_declaring_german_is_translated_as_english():
    entry = extracted(page("Bridge closed to lorries", ENGLISH, "de"))
    engine = RecordingEngine(UpperCaseEngine())
    with Pipeline(engines={"test-upper": engine}) as pipeline:
        assert pipeline.extract(entry.pk)
        article = Article.objects.get(entry=entry)
        assert (article.language, article.declared_language) == ("en", "de")
        translation = Translation.objects.get(article=article)
        assert translation.state == Translation.State.PENDING
        assert pipeline.translate(translation.pk)
    assert {(call.source, call.target) for call in engine.calls} == {("en", "es")}
    assert Translation.objects.get(pk=translation.pk).state == Translation.State.TRANSLATED


def test_german_page_without_lang_is_set_aside_as_german():
    entry = extracted(page("Brücke für Lastwagen gesperrt", GERMAN, None))
    engine = RecordingEngine(UpperCaseEngine())
    with Pipeline(engines={"test-upper": engine}) as pipeline:
        assert pipeline.extract(entry.pk)
        article = Article.objects.get(entry=entry)
        assert (article.language, article.declared_language) == ("de", "")
        translation = Translation.objects.get(article=article)
        assert translation.state == Translation.State.SET_ASIDE
        assert translation.error == "German page; no de->es engine here"
        entry.refresh_from_db()  # every target set aside: so is the entry, with the reason
        assert (entry.state, entry.error) == (Entry.State.SET_ASIDE, "German page; no de->es engine here")
        assert not pipeline.translate(translation.pk)
        assert not publish(translation.pk)
    assert engine.calls == []
    assert Translation.objects.get(pk=translation.pk).state == Translation.State.SET_ASIDE


def test_portuguese_page_declaring_english_is_set_aside_and_named():
    entry = extracted(page("Ponte fechada aos camiões", PORTUGUESE, "en"))
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        pipeline.extract(entry.pk)
    translation = Translation.objects.get(article__entry=entry)
    assert translation.state == Translation.State.SET_ASIDE
    assert translation.error == "Portuguese page (declared English); no pt->es engine here"


def test_page_already_in_the_target_language_is_set_aside():
    entry = extracted(page("Puente cerrado a los camiones", SPANISH, "en"))
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        pipeline.extract(entry.pk)
    translation = Translation.objects.get(article__entry=entry)
    assert translation.state == Translation.State.SET_ASIDE
    assert translation.error == "Spanish page (declared English); already in Spanish"


def test_page_in_another_language_goes_to_the_engine_that_has_the_pair():
    entry = extracted(page("Brücke für Lastwagen gesperrt", GERMAN, "de"), engine="test-upper,test-two-pairs")
    upper, two = RecordingEngine(UpperCaseEngine()), RecordingEngine(TwoPairEngine())
    with Pipeline(engines={"test-upper": upper, "test-two-pairs": two}) as pipeline:
        pipeline.extract(entry.pk)
        translation = Translation.objects.get(article__entry=entry)
        assert (translation.state, translation.engine) == (Translation.State.PENDING, "test-two-pairs")
        assert Entry.objects.get(pk=entry.pk).state == Entry.State.EXTRACTED
        assert pipeline.translate(translation.pk)
    assert upper.calls == []
    assert {(call.source, call.target) for call in two.calls} == {("de", "es")}  # from what the text is in


def test_set_aside_is_counted_apart_from_failures():
    extracted(page("Brücke für Lastwagen gesperrt", GERMAN, None), number=1)
    extracted(page("Bridge closed to lorries", ENGLISH, "en"), number=2)
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        summary = run_once(pipeline, poll=False)
    assert summary.as_dict()["set_aside"] == 1 and summary.failures == []
    assert summary.set_aside == [("https://news1.example/story.html [es]", "German page; no de->es engine here")]
    assert summary.published == 1

    report = snapshot()
    assert report.entries["set_aside"] == 1 and report.entries["failed"] == 0
    assert report.translations["set_aside"] == 1 and report.translations["failed"] == 0
    assert report.translations["published"] == 1
    assert report.failures == []
    assert report.set_aside == [("https://news1.example/story.html [es]", "German page; no de->es engine here")]
    assert {s.name: (s.set_aside, s.failed, s.published) for s in report.sources} == {
        "News 1": (1, 0, 0),
        "News 2": (0, 0, 1),
    }
    as_json = json.loads(json.dumps(report.as_json(), default=str))
    assert as_json["translations"]["set_aside"] == 1 and as_json["set_aside"][0][1].startswith("German page")


def test_set_aside_in_the_status_command(capsys):
    from argparse import Namespace

    from dragoman.cli.status import status

    extracted(page("Brücke für Lastwagen gesperrt", GERMAN, None))
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        run_once(pipeline, poll=False)
    assert status(Namespace(format="text", failures=20)) == 0
    out = capsys.readouterr().out
    assert "set_aside 1" in out and "failures: none" in out
    assert "German page; no de->es engine here" in out


def test_tags_are_translated_through_the_memory():
    entry = extracted(page("Bridge closed to lorries", ENGLISH, "en"))
    engine = RecordingEngine(UpperCaseEngine())
    with Pipeline(engines={"test-upper": engine}) as pipeline:
        pipeline.extract(entry.pk)
        translation = Translation.objects.get(article__entry=entry)
        assert pipeline.translate(translation.pk)
    translation.refresh_from_db()
    assert translation.article.tags == ["Bridges", "Council"]
    assert translation.tags == ["BRIDGES", "COUNCIL"]
    assert {"Bridges", "Council"} <= set(engine.sent)  # the same batch, through the memory


def test_run_once_prints_what_was_set_aside(capsys):
    from dragoman.cli.run import print_summary

    extracted(page("Brücke für Lastwagen gesperrt", GERMAN, None))
    with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
        print_summary(run_once(pipeline, poll=False))
    out = capsys.readouterr().out
    assert "failed 0;" in out and "; set aside 1" in out
    assert "  set aside: https://news1.example/story.html [es]: German page; no de->es engine here" in out
