"""A headline-only translation held for review: the editor sees what was translated and sends it to be
translated in full, after which it comes back to the queue with its body."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.review.apps import EDITORS_GROUP
from dragoman.runtime.passes import run_once
from tests.support.sites import publish_demo

pytestmark = pytest.mark.django_db


def test_the_editor_sends_a_headline_to_be_translated_in_full(client, demo_site, allow_fetch):
    allow_fetch(demo_site)
    publish_demo(demo_site.feed_url, "es", "apertium", auto_publish=False, mode="title", since_days=None)
    held = Translation.objects.filter(state="review").order_by("pk")
    assert held.count() > 1 and set(held.values_list("mode", flat=True)) == {"title"}
    editor = User.objects.create_user("maya", password="a long editor password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)

    queue = lxml_html.fromstring(client.get("/review/").content)
    buttons = queue.xpath('//table[@class="queue"]//button[@value="full"]')
    assert len(buttons) == held.count() and "Title only" in buttons[0].getparent().text_content()
    t = held.first()
    page = client.get(f"/review/{t.pk}/").content.decode()
    assert "the body was not translated" in page and 'value="full"' in page

    answer = client.post(f"/review/{t.pk}/", {"action": "full"})
    assert answer.status_code == 302 and answer["Location"] == "/review/"
    t.refresh_from_db()
    assert (t.mode, t.state) == ("full", "pending")
    assert client.post(f"/review/{held.first().pk}/", {"action": "full"}).status_code == 302  # the next one

    with Pipeline() as pipeline:
        summary = run_once(pipeline)
    assert summary.failures == [] and summary.translated == 2
    t.refresh_from_db()
    assert (t.mode, t.state) == ("full", "review") and t.body_html  # held again, now with its body
    assert 'value="full"' not in client.get(f"/review/{t.pk}/").content.decode()
