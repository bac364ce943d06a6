"""The review queue: held translations, an editor's correction kept as a revision, published, and reused by the
translation memory when the same sentence comes again."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from lxml import html as lxml_html

from dragoman.articles.models import Article, Entry, GlossaryTerm, Revision, Translation, TranslationMemoryEntry
from dragoman.articles.pipeline import Pipeline
from dragoman.publish.publishing import publish
from dragoman.publish.blocks import blocks, inner_html
from dragoman.review.apps import EDITORS_GROUP
from dragoman.publish.models import Publication


pytestmark = pytest.mark.django_db

CORRECTED = "Frase corregida por la redacción del periódico."


@pytest.fixture
def editor(db):
    user = User.objects.create_user("maya", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def corrected(translation: Translation, index: int) -> str:
    """The editor's sentence for block ``index``: :data:`CORRECTED`, naming the block's names as the
    translation wrote them (names travel as placeholders, so a taught unit keeps them)."""
    source = blocks(translation.article.body_html)[index].text_content()
    forms = translation.name_forms.forms if hasattr(translation, "name_forms") else {}
    names = [form for name, form in forms.items() if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", source)]
    return CORRECTED if not names else CORRECTED[:-1] + " (" + ", ".join(names) + ")."


def plain_block(translation: Translation) -> int:
    """A body block with neither links nor digits: any sentence that keeps its names may replace it and pass
    the checks (see :func:`corrected`)."""
    originals = blocks(translation.article.body_html)
    for index, block in enumerate(blocks(translation.body_html)):
        source = originals[index]
        if block.tag == "p" and not source.xpath(".//a") and not re.search(r"\d", source.text_content()):
            return index
    raise AssertionError("the demo article has no plain paragraph")


def form(translation: Translation, **changes) -> dict:
    data = {"title": translation.title, "subtitle": translation.subtitle, "note": "", "glossary": ""}
    for index, block in enumerate(blocks(translation.body_html)):
        data[f"block-{index}"] = inner_html(block)
    data.update(changes)
    return data


def test_a_source_that_does_not_auto_publish_holds_its_translations(held_site, client):
    held = Translation.objects.all()
    assert held and all(t.state == Translation.State.REVIEW for t in held)
    assert not Publication.objects.exists()
    t = held.first()
    assert client.get(f"/articles/{t.pk}/{t.slug}/").status_code == 404
    assert "cards" not in client.get("/").content.decode()


def test_only_editors_see_the_queue(held_site, client, editor):
    assert client.get("/review/").status_code == 302  # to the admin's (throttled) login
    User.objects.create_user("reader", password="another long password")
    client.login(username="reader", password="another long password")
    assert client.get("/review/").status_code == 302
    client.force_login(editor)
    response = client.get("/review/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert len(doc.cssselect("table.queue tbody tr")) == Translation.objects.count()
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]


def test_the_editor_sees_each_block_beside_its_original(held_site, editor_client):
    t = Translation.objects.first()
    doc = lxml_html.fromstring(editor_client.get(f"/review/{t.pk}/").content)
    rows = doc.cssselect(".pair.block")
    assert len(rows) == len(blocks(t.article.body_html)) == len(blocks(t.body_html))
    for row in rows:
        assert row.cssselect(".original")[0].get("lang") == "en"
        assert row.cssselect("textarea")[0].get("lang") == "es"
    assert doc.cssselect("input[name=csrfmiddlewaretoken]")


def test_a_correction_is_published_kept_as_a_revision_and_reused(held_site, editor_client, editor):
    t = Translation.objects.order_by("pk").first()
    index = plain_block(t)
    machine_body = t.body_html
    sentence = corrected(t, index)
    response = editor_client.post(
        f"/review/{t.pk}/",
        form(t, **{f"block-{index}": sentence, "action": "approve", "note": "house style", "glossary": "Wrenport = Puerto Wren"}),
    )
    assert response.status_code == 302 and response.headers["Location"] == "/review/"

    t.refresh_from_db()
    assert t.state == Translation.State.PUBLISHED
    revisions = list(t.revisions.order_by("created_at", "pk"))
    assert [r.kind for r in revisions] == [Revision.Kind.MACHINE, Revision.Kind.EDIT]
    assert revisions[0].body_html == machine_body and revisions[1].editor == editor and revisions[1].note == "house style"
    # the correction is on the site
    page = lxml_html.fromstring(editor_client.get(f"/articles/{t.pk}/{t.slug}/").content)
    assert sentence in [p.text_content() for p in page.cssselect(".body > p")]
    # ... in the translation memory, for the original's sentence (its names as placeholders on both sides)
    entry = TranslationMemoryEntry.objects.get(target_text__startswith=CORRECTED[:-1], target_language="es")
    assert entry.source_text.count("<span") == entry.target_text.count("<span")
    # ... and the name the editor marked is in the glossary of the pair
    assert GlossaryTerm.terms_for("en", "es")["Wrenport"] == "Puerto Wren"

    # The same sentence in another article: the editor's wording, without asking the engine.
    original = blocks(t.article.body_html)[index]
    article = Article.objects.create(
        entry=Entry.objects.create(source=held_site, key="another", url="http://news.example/another"),
        url="http://news.example/another",
        title="Another story",
        language="en",
        body_html=f"<p>{original.text_content().strip()}</p><p>The harbour opens at dawn.</p>",
    )
    again = Translation.objects.create(article=article, target_language="es", engine="apertium")
    pipeline = Pipeline()
    try:
        assert pipeline.translate(again.pk)
    finally:
        pipeline.close()
    again.refresh_from_db()
    assert [p.text_content() for p in blocks(again.body_html)][0] == sentence
    assert again.cache_hits >= 1


def test_a_rejected_translation_is_never_published(held_site, editor_client):
    t = Translation.objects.first()
    response = editor_client.post(f"/review/{t.pk}/", {"action": "reject", "note": "misleading headline"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.state == Translation.State.REJECTED and "misleading headline" in t.error
    assert publish(t.pk) is False
    assert editor_client.get(f"/articles/{t.pk}/{t.slug}/").status_code == 404


def test_a_markup_breaking_correction_is_saved_but_not_taught(held_site, editor_client):
    t = Translation.objects.order_by("pk").first()
    linked = next(i for i, b in enumerate(blocks(t.body_html)) if b.xpath(".//a"))
    before = TranslationMemoryEntry.objects.count()
    response = editor_client.post(
        f"/review/{t.pk}/", form(t, **{f"block-{linked}": "Sin enlace ya.", "action": "save"}), follow=True
    )
    t.refresh_from_db()
    assert blocks(t.body_html)[linked].text_content() == "Sin enlace ya."
    assert TranslationMemoryEntry.objects.count() == before  # a unit without its link would fail the checks
    assert "does not match" in response.content.decode() or "units in the original" in response.content.decode()


def test_the_editors_group_may_review(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    assert group.permissions.filter(codename="review_translation", content_type__app_label="articles").exists()
    assert group.permissions.filter(codename="add_glossaryterm").exists()


def test_an_editor_takes_a_published_translation_off_the_site(spanish_site, editor_client, django_capture_on_commit_callbacks, settings):
    from dragoman.rendered import addresses, folder
    from dragoman.rendered.pages import write_page

    t = Translation.objects.filter(state=Translation.State.PUBLISHED).order_by("pk").first()
    page = addresses.own_pages(t)[0]
    write_page(page)
    edit = lxml_html.fromstring(editor_client.get(f"/review/{t.pk}/").content)
    assert edit.xpath("//button[@value='unpublish']")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/review/{t.pk}/", {"action": "unpublish"}, follow=True)
    assert "Taken off the site" in response.content.decode()
    t.refresh_from_db()
    assert t.state == Translation.State.REVIEW
    assert not Publication.objects.filter(translation=t, target=Publication.Target.SITE).exists()
    assert editor_client.get(page).status_code == 404
    assert not (settings.RENDERED_ROOT / folder.page_file(page)).exists()  # its rendered page is gone
    again = editor_client.post(f"/review/{t.pk}/", {"action": "unpublish"}, follow=True)
    assert "Not published" in again.content.decode()
