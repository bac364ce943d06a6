"""What a reader sees, in headless Chromium (Debian's), against the live site."""

from __future__ import annotations

import re

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
    # the first character of the first paragraph that begins in Arabic (a name the engine would not render
    # stays in Latin letters, isolated) is drawn at the paragraph's right edge
    gap = page.locator(".body p").filter(has_text=re.compile(r"^\s*[\u0600-\u06FF]")).first.evaluate(
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


# --- right to left, side by side, search: measured from the rendered layout --------------------------------

#: Tracks what a page must never do: run script, break its CSP, or log an error.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def text_box(page, selector: str, needle: str) -> dict:
    """The rendered box of the first occurrence of ``needle`` in the text of the element ``selector``."""
    return page.locator(selector).first.evaluate(
        """(element, needle) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(needle);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + needle.length);
                const r = range.getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            }
            return null;
        }""",
        needle,
    )


def test_latin_names_and_numbers_read_in_order_inside_arabic(page, live_server, arabic_site):
    # The test engine keeps names inside sentences in Latin letters and numbers as they are: "... Rovers 3,
    # Eastmoor Town 0"; names it writes in Arabic once (at a sentence's start) are written so everywhere.
    t = next(t for t in Translation.objects.filter(target_language="ar") if "Eastmoor Town 0" in t.body_html)
    rovers_form = t.name_forms.forms.get("Rovers", "Rovers")
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.slug}/")
    item = ".body li:has-text('Eastmoor Town')"
    rovers, three = text_box(page, item, rovers_form), text_box(page, item, "3")
    eastmoor, zero = text_box(page, item, "Eastmoor"), text_box(page, item, "0")
    assert rovers["top"] == three["top"] == eastmoor["top"] == zero["top"]  # one line
    # Read from the right: "Rovers", then "3", then "Eastmoor Town", then "0".
    assert rovers["left"] >= three["right"] - 0.5
    assert three["left"] >= eastmoor["right"] - 0.5
    assert eastmoor["left"] >= zero["right"] - 0.5
    assert page.evaluate("window.__violations") == []


@pytest.mark.parametrize(("site", "target"), [("spanish_site", "es"), ("arabic_site", "ar")])
def test_the_bilingual_view_aligns_every_block(page, live_server, request, site, target):
    request.getfixturevalue(site)
    t = Translation.objects.filter(target_language=target).order_by("pk").first()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.slug}/bilingual/")
    boxes = page.locator(".pair.block").evaluate_all(
        """rows => rows.map(row => {
            const a = row.querySelector('.original > *').getBoundingClientRect();
            const b = row.querySelector('.translated > *').getBoundingClientRect();
            return {originalTop: a.top, translatedTop: b.top, originalLeft: a.left, translatedLeft: b.left,
                    originalBottom: a.bottom, translatedBottom: b.bottom};
        })"""
    )
    assert len(boxes) > 5
    rtl = target == "ar"
    previous_bottom = 0
    for box in boxes:
        assert abs(box["originalTop"] - box["translatedTop"]) < 1  # each pair starts on the same line
        # side by side, the original first in the reader's direction
        assert (box["originalLeft"] > box["translatedLeft"]) if rtl else (box["originalLeft"] < box["translatedLeft"])
        assert box["originalTop"] >= previous_bottom  # pairs follow each other, none overlaps the last
        previous_bottom = max(box["originalBottom"], box["translatedBottom"])
    assert page.evaluate("window.__violations") == []


def test_search_finds_an_arabic_word_typed_without_hamza_or_diacritics(page, live_server, arabic_site):
    t = Translation.objects.filter(target_language="ar").order_by("pk").first()
    t.title = "المسؤولُ الأوّل يزور المدرسةَ الجديدة"
    t.save()
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").fill("المسوول الاول")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()
    results = page.locator(".card h2 a")
    assert results.count() == 1 and results.first.inner_text() == t.title


def test_json_ld_runs_no_script_and_breaks_no_policy(page, live_server, spanish_site):
    t = Translation.objects.order_by("pk").first()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/articles/{t.pk}/{t.slug}/")
    data = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "NewsArticle"
    assert page.evaluate("window.__violations") == [] and errors == []
