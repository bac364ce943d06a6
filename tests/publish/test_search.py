"""Search: SQLite FTS5 over translations and originals, with Arabic spelling variants folded together."""

from __future__ import annotations

import pytest
from django.utils.encoding import iri_to_uri
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.publish.models import SearchEntry
from dragoman.publish.search import normalize, reindex, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("مَسْؤُولٌ", "مسوول"),  # diacritics, hamza on waw
        ("الإسلام", "اسلام"),  # hamza under alef, the definite article
        ("أحمد", "احمد"),  # hamza over alef
        ("القرآن", "قران"),  # madda
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("جـــديد", "جديد"),  # tatweel
        ("رئيس", "رييس"),  # hamza on ya
        ("شيء", "شي"),  # a lone hamza
        ("بالمدينة", "مدينه"),  # the article with a joined preposition
        ("٢٠٢٦", "2026"),  # Arabic-Indic digits
        ("Médico", "medico"),  # Latin accents and case
    ],
)
def test_spelling_variants_normalize_alike(written, typed):
    assert normalize(written) == normalize(typed)


def test_short_words_keep_their_first_letters():
    assert normalize("الى") == "الي"  # too short to be the article plus a word


def test_search_finds_translations_by_their_words_and_their_originals(spanish_site):
    t = Translation.objects.order_by("pk").first()
    word = max(t.title.split(), key=len)
    assert t in search(word)
    assert t in search(word.upper())
    english = max(t.article.title.split(), key=len)
    assert t in search(english)  # the original's words find the translation too
    assert search("zzzzqqq") == []


def test_accents_are_optional(spanish_site):
    t = Translation.objects.order_by("pk").first()
    t.title = "Después del debate, el zoológico recibió una jirafa"
    t.save()
    assert search("despues zoologico") == [t]


def test_an_arabic_word_without_hamza_or_diacritics_finds_the_article(arabic_site, client):
    t = Translation.objects.filter(target_language="ar").order_by("pk").first()
    t.title = "المسؤولُ في الأمم المتحدة يزور المدرسةَ"
    t.save()  # the index follows the translation
    assert search("مسوول") == [t]
    assert search("امم مدرسه") == [t]
    doc = lxml_html.fromstring(client.get("/search/", {"q": "المسوول"}).content)
    assert [a.get("href") for a in doc.cssselect(".card h2 a")] == [iri_to_uri(f"/articles/{t.pk}/{t.slug}/")]


def test_the_index_follows_publication_and_can_be_rebuilt(spanish_site):
    published = Translation.objects.filter(state=Translation.State.PUBLISHED).count()
    assert SearchEntry.objects.count() == published
    t = Translation.objects.first()
    t.state = Translation.State.REVIEW
    t.save()
    assert not SearchEntry.objects.filter(translation=t).exists()
    assert t not in search(max(t.title.split(), key=len))
    SearchEntry.objects.all().delete()
    assert reindex() == published - 1
    assert SearchEntry.objects.count() == published - 1


def test_the_search_page_is_not_indexed_and_says_when_nothing_is_found(spanish_site, client):
    response = client.get("/search/", {"q": "<b>zzyzx</b>"})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not doc.cssselect(".card")
    assert "<b>zzyzx</b>" in doc.cssselect("main p bdi")[0].text_content()  # shown as text, not markup


def test_the_reindex_command(spanish_site, capsys):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    call_command("reindex_search")
    assert "indexed" in capsys.readouterr().out
    assert SearchEntry.objects.count() == Translation.objects.filter(state=Translation.State.PUBLISHED).count()
