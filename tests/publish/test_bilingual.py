"""The bilingual view: each block of the original beside its translation, each side with its lang and dir."""

from __future__ import annotations

import pytest
from django.utils.encoding import iri_to_uri
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.publish.blocks import blocks, paired_blocks

pytestmark = pytest.mark.django_db


def test_the_article_links_to_its_bilingual_view(client, spanish_site):
    t = Translation.objects.order_by("pk").first()
    article = lxml_html.fromstring(client.get(f"/articles/{t.pk}/{t.slug}/").content)
    [link] = article.cssselect("a.bilingual-link")
    assert link.get("href") == iri_to_uri(f"/articles/{t.pk}/{t.slug}/bilingual/")
    assert link.text_content() == "Original y traducción, lado a lado"


@pytest.mark.parametrize(("site", "target", "target_dir"), [("spanish_site", "es", "ltr"), ("arabic_site", "ar", "rtl")])
def test_every_block_beside_its_translation(client, request, site, target, target_dir):
    request.getfixturevalue(site)
    for t in Translation.objects.filter(target_language=target):
        response = client.get(f"/articles/{t.pk}/{t.slug}/bilingual/")
        assert response.status_code == 200
        page = lxml_html.fromstring(response.content)
        assert page.get("lang") == target and page.get("dir") == target_dir
        rows = page.cssselect(".pair.block")
        originals, translations = blocks(t.article.body_html), blocks(t.body_html)
        assert len(rows) == len(originals) == len(translations)
        for row, original, translated in zip(rows, originals, translations):
            left, right = row.cssselect(".side.original")[0], row.cssselect(".side.translated")[0]
            assert (left.get("lang"), left.get("dir")) == ("en", "ltr")
            assert (right.get("lang"), right.get("dir")) == (target, target_dir)
            assert left[0].tag == original.tag and right[0].tag == translated.tag
            assert " ".join(left.text_content().split()) == " ".join(original.text_content().split())
        heading = page.cssselect(".pair.heading")[0]
        assert heading.cssselect("h1")[0].text_content() == t.title
        assert heading.cssselect(".original")[0].text_content().strip() == t.article.title


def test_pairs_run_on_when_the_structures_differ():
    pairs = paired_blocks("<p>One</p><p>Two</p><p>Three</p>", "<p>Uno</p><p>Dos</p>")
    assert [(p.original != "", p.translated != "") for p in pairs] == [(True, True), (True, True), (True, False)]
    assert blocks("loose text<p>a</p>tail") and [b.tag for b in blocks("loose text<p>a</p>tail")] == ["p", "p", "p"]
