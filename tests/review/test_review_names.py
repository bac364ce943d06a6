"""An editor's correction of a name in the review queue is offered for the glossary; accepted, it holds in
every later translation of the pair."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from dragoman.articles.models import Article, Entry, GlossaryTerm, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.publish.blocks import blocks, inner_html
from dragoman.review.names import changed_forms
from dragoman.names.models import KnownName, NameCorrection

from .test_review import editor, editor_client, form  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_changed_forms_finds_the_name_an_edit_respelled():
    forms = {"Quay Street": "Quay Street", "Liu He": "Liu He"}
    old = "Los sacos están en la estación de Quay Street, dijo Liu He."
    new = "Los sacos están en la estación de la calle Quay, dijo Liu He."
    assert changed_forms(forms, old, new) == [("Quay Street", "Quay Street", "la calle Quay")]
    assert changed_forms(forms, old, old.replace("sacos", "bolsas")) == []


def _a_name_in_a_block(t: Translation) -> tuple[str, str, int]:
    forms = t.name_forms.forms
    for index, block in enumerate(blocks(t.body_html)):
        text = block.text_content()
        for name, form_ in sorted(forms.items(), key=lambda item: -len(item[1])):
            if " " in form_ and form_ in text and not block.xpath(".//a"):
                return name, form_, index
    raise AssertionError(f"no name of two words in a plain block: {forms}")


def test_a_name_corrected_in_review_is_offered_accepted_and_holds_everywhere(held_site, editor_client, editor):
    t = next(t for t in Translation.objects.order_by("pk") if any(" " in f for f in t.name_forms.forms.values()))
    name, old_form, index = _a_name_in_a_block(t)
    new_form = "Nombre Corregido"
    block = inner_html(blocks(t.body_html)[index]).replace(old_form, new_form)
    response = editor_client.post(f"/review/{t.pk}/", form(t, **{f"block-{index}": block, "action": "save"}))
    assert response.status_code == 302

    offered = NameCorrection.objects.get(translation=t)
    assert (offered.name, offered.old_form, offered.new_form, offered.state) == (name, old_form, new_form, "offered")
    page = lxml_html.fromstring(editor_client.get(f"/review/{t.pk}/").content)
    assert [b.get("value") for b in page.cssselect('form.names button[name="name_accept"]')] == [str(offered.pk)]

    editor_client.post(f"/review/{t.pk}/", {"name_accept": str(offered.pk)})
    offered.refresh_from_db()
    assert offered.state == "accepted" and offered.editor == editor
    assert GlossaryTerm.terms_for("en", "es")[name] == new_form
    assert KnownName.objects.get(source_language="en", target_language="es", name=name).form == new_form

    # Another article of the pair naming it: the editor's form, in every occurrence.
    a = Article.objects.create(
        entry=Entry.objects.create(source=held_site, key="later", url="http://news.example/later"),
        url="http://news.example/later", title="Later", language="en",
        body_html=f"<p>Officials met near {name} on Monday.</p><p>The road to {name} was closed.</p>",
    )  # fmt: skip
    later = Translation.objects.create(article=a, target_language="es", engine="apertium")
    pipeline = Pipeline()
    try:
        assert pipeline.translate(later.pk)
    finally:
        pipeline.close()
    later.refresh_from_db()
    assert later.body_html.count(new_form) == 2 and old_form not in later.body_html


def test_a_dismissed_correction_changes_nothing(held_site, editor_client):
    t = next(t for t in Translation.objects.order_by("pk") if any(" " in f for f in t.name_forms.forms.values()))
    name, old_form, index = _a_name_in_a_block(t)
    block = inner_html(blocks(t.body_html)[index]).replace(old_form, "Otro Nombre")
    editor_client.post(f"/review/{t.pk}/", form(t, **{f"block-{index}": block, "action": "save"}))
    offered = NameCorrection.objects.get(translation=t)
    editor_client.post(f"/review/{t.pk}/", {"name_dismiss": str(offered.pk)})
    offered.refresh_from_db()
    assert offered.state == "dismissed" and name not in GlossaryTerm.terms_for("en", "es")
