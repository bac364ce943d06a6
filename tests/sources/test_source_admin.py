"""The admin's Source form shows the editorial controls, and offers a new source the first-import window."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def test_the_add_form_offers_the_import_window_with_mode_and_priority(admin_client, settings):
    settings.IMPORT_WINDOW_DAYS = 3
    form = lxml_html.fromstring(admin_client.get("/admin/sources/source/add/").content)
    assert form.xpath('//input[@name="since_days"]/@value') == ["3"]
    assert form.xpath('//select[@name="mode"]/option[@selected]/@value') == ["full"]
    assert form.xpath('//input[@name="priority"]/@value') == ["0"]
