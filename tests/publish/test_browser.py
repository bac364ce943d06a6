"""What a reader sees, in headless Chromium (Debian's), against the live site."""

from __future__ import annotations

import pytest

from dragoman.articles.models import Translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_sees_a_translated_article_with_its_links_and_attribution(page, live_server, spanish_site):
    t = Translation.objects.order_by("pk").first()
    original_links = sorted(
        a.get("href") for a in __import__("lxml.html").html.fragment_fromstring(t.article.body_html, create_parent="div").xpath("//a")
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=t.title).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == t.title
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    # the lead image really loaded
    assert page.evaluate("document.querySelector('figure.lead img').naturalWidth") > 0
    links = sorted(page.locator(".body a").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert links == original_links
    box = page.locator("aside.attribution")
    assert t.article.author in box.inner_text()
    assert box.locator("a.original-link").get_attribute("href") == t.article.original_url
    assert errors == []


def test_arabic_article_is_laid_out_right_to_left(page, live_server, arabic_site, tmp_path):
    artifacts = tmp_path
    t = Translation.objects.filter(target_language="ar").order_by("pk").first()
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.slug}/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    # right-to-left in the rendered layout: the headline's text ends at the left edge, starts at the right
    h1 = page.locator("h1").bounding_box()
    main = page.locator("main").bounding_box()
    assert abs((h1["x"] + h1["width"]) - (main["x"] + main["width"])) < 40
    # the first character of the first paragraph is drawn at the paragraph's right edge
    gap = page.locator(".body p").first.evaluate(
        """p => {
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, n => n.data.trim() ? 1 : 3);
            const node = walker.nextNode(), r = document.createRange();
            const at = node.data.search(/\\S/);
            r.setStart(node, at); r.setEnd(node, at + 1);
            return p.getBoundingClientRect().right - r.getBoundingClientRect().right;
        }"""
    )
    page.screenshot(path=str(artifacts / "article-ar.png"), full_page=True)
    assert 0 <= gap < 2
