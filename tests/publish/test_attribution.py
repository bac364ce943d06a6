"""Attribution templates per target language, editable by the operator, escaped."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.publish.attribution import render_phrase
from dragoman.publish.models import AttributionTemplate

pytestmark = pytest.mark.django_db


def test_templates_ship_for_english_spanish_arabic_and_french(db):
    shipped = {t.language: t for t in AttributionTemplate.objects.all()}
    assert set(shipped) >= {"en", "es", "ar", "fr"}
    assert shipped["ar"].heading == "عن هذا المقال"
    assert "{site}" in shipped["fr"].disclaimer
    assert AttributionTemplate.for_language("de").heading == "About this article"  # English for the rest


def test_an_operators_template_is_used_and_escaped(client, spanish_site):
    template = AttributionTemplate.objects.get(language="es")
    template.heading = "Procedencia <i>del</i> texto"
    template.translated_by = "Traducido por {engine} desde {original_link}; escrito por {author} el {published}."
    template.disclaimer = "Texto <script>alert(1)</script> de {site}."
    template.full_clean()
    template.save()
    t = Translation.objects.order_by("pk").first()
    page = lxml_html.fromstring(client.get(f"/articles/{t.pk}/{t.slug}/").content)
    box = page.cssselect("aside.attribution")[0]
    assert box.cssselect("h2")[0].text_content() == "Procedencia <i>del</i> texto"
    assert not box.cssselect("h2 i") and not box.cssselect("script")
    sentence = box.cssselect(".translated-by")[0]
    assert sentence.cssselect("a")[0].get("href") == t.article.original_url
    assert t.article.author in sentence.text_content() and "noviembre de 2026" in sentence.text_content()
    assert "<script>alert(1)</script>" in box.cssselect(".disclaimer")[0].text_content()


def test_unknown_fields_are_refused():
    template = AttributionTemplate(language="es", heading="h", source_label="s", author_label="a", unknown_author="u",
                                   published_label="p", original_link="o", translated_by="{engine}", disclaimer="{password}")  # fmt: skip
    with pytest.raises(ValidationError, match="password"):
        template.clean()
    template.disclaimer = "an unclosed {brace"
    with pytest.raises(ValidationError, match="valid template"):
        template.clean()


def test_values_are_escaped_and_isolated():
    html = str(render_phrase("By {author} at {site}", {"author": "<b>Eve</b>", "site": "Ledger & Co"}))
    assert html == "By <bdi>&lt;b&gt;Eve&lt;/b&gt;</bdi> at <bdi>Ledger &amp; Co</bdi>"


@pytest.mark.django_db(transaction=True)
def test_a_deleted_shipped_template_comes_back_at_the_next_migrate_and_an_edited_one_stays():
    from django.core.management import call_command

    AttributionTemplate.objects.filter(language="fr").delete()
    AttributionTemplate.objects.filter(language="es").update(heading="Nuestra procedencia")
    call_command("migrate", verbosity=0, interactive=False)
    assert AttributionTemplate.objects.get(language="fr").heading == "À propos de cet article"
    assert AttributionTemplate.objects.get(language="es").heading == "Nuestra procedencia"
