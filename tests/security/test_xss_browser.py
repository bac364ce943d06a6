"""Stored XSS, end to end: 131 payloads (tests/security/payloads.py) in a hostile site's feed titles, authors,
captions, bodies, srcset, SVG, iframe srcdoc, formaction, javascript: and data: URLs go through the whole
pipeline (poll -> fetch -> extract -> translate -> publish); then headless Chromium reads every page and
records that no script ran.

The browser is set up to notice any script: an init script traps ``xss()``, the marker variable
``window.xssMarker`` and ``alert``/``confirm``/``prompt``/``print``; a ``securitypolicyviolation``
listener reports anything the Content-Security-Policy had to block (it should have had nothing to block:
the sanitizer comes first); ``page.on("dialog")`` and ``page.on("pageerror")`` catch the rest. Every page
is read twice, once with the site's CSP and once with CSP bypassed, so the sanitizer is tested on its own.
A structural scan of each page then looks for ``script`` elements, ``on*`` attributes, ``javascript:`` and
``data:`` URLs and other active content. The translation engine is a test engine that only swaps a few
English words for Spanish ones, so that a payload reaches the page exactly as the hostile source wrote it.
"""

from __future__ import annotations

import math
import re

import pytest
from lxml import etree
from lxml import html as lxml_html

from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.publish.views import PAGE_SIZE
from dragoman.sources.models import Source
from tests.security import hostile_site
from tests.security.payloads import catalog
from tests.security.servers import LocalServer
from tests.support.engines import FakeEngine, outside_markup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABS = 8

TRAPS = """
(() => {
  const report = (what, detail) => window.reportScript(what + ': ' + String(detail) + ' @ ' + location.href);
  window.xss = (n) => report('xss() ran', n);
  Object.defineProperty(window, 'xssMarker', {set: (v) => report('marker set', v), get: () => undefined});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = (m) => report(name + '() ran', m);
  document.addEventListener('securitypolicyviolation',
    (e) => report('CSP had to block', e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample), true);
})();
"""

# Run in the page after it loaded: every element, attribute and URL that could run script.
SCAN = r"""
() => {
  const found = [];
  const active = ['script', 'object', 'embed', 'applet', 'base', 'form', 'button', 'input', 'textarea',
                  'select', 'svg', 'math', 'frame', 'frameset', 'template', 'noscript', 'style', 'xmp'];
  const iframeHosts = /^https:\/\/(www\.youtube-nocookie\.com|www\.youtube\.com|player\.vimeo\.com)\//;
  // The site's own: the search form of the masthead, and the NewsArticle JSON-LD in the head (a data block,
  // never run). Content from outside lives in <main>, so it can be neither.
  const own = (el) => el.closest('body > header.masthead > form.search[action="/search/"]') !== null
    || (el.localName === 'script' && el.type === 'application/ld+json' && el.parentElement === document.head);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    if (own(el)) continue;
    if (active.includes(tag)) found.push('<' + tag + '> element');
    if (tag === 'meta' && el.hasAttribute('http-equiv')) found.push('meta http-equiv');
    if (tag === 'iframe' && (!el.hasAttribute('sandbox') || !iframeHosts.test(el.getAttribute('src') || '')))
      found.push('iframe without sandbox or from elsewhere: ' + el.outerHTML);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
      if (name.startsWith('on')) found.push('handler ' + name + ' on <' + tag + '>');
      if (['srcdoc', 'formaction', 'srcset', 'style', 'action', 'background', 'poster', 'xlink:href'].includes(name))
        found.push('attribute ' + name + ' on <' + tag + '>');
      if (/^(javascript|vbscript|data|blob|file):/.test(value)) found.push(name + '=' + attr.value + ' on <' + tag + '>');
    }
  }
  return found;
}
"""


class WordSwapEngine(FakeEngine):
    """Swaps a few English function words for Spanish ones and leaves every other character as it came
    (names, numbers, and the payloads' code), so a payload reaches the page exactly as the hostile source
    wrote it. Tags and character references pass through untouched."""

    name = "test-words"
    label = "Test engine (word swap)"
    handles_markup = True
    words = {"the": "el", "and": "y", "of": "de", "to": "a", "for": "para", "from": "desde", "that": "que",
             "with": "con", "will": "va a", "at": "en", "in": "en", "on": "en", "its": "su", "about": "sobre"}  # fmt: skip
    _word = re.compile(r"\b[a-z]+\b")

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        return [outside_markup(text, self._swap) for text in texts]

    def _swap(self, text: str) -> str:
        return self._word.sub(lambda m: self.words.get(m.group(), m.group()), text)


@pytest.fixture
def hostile_site_published(allow_fetch):
    payloads = catalog()
    with LocalServer() as server:
        feed_url = hostile_site.serve(server, payloads)
        allow_fetch(server.netloc)
        Source.objects.create(url=feed_url, target_languages=["es"], engine=WordSwapEngine.name)
        pipeline = Pipeline(engines={WordSwapEngine.name: WordSwapEngine()})
        try:
            summary = run_once(pipeline)
        finally:
            pipeline.close()
        yield payloads, summary


def test_no_payload_runs_on_any_published_page(hostile_site_published, browser, live_server, client):
    payloads, summary = hostile_site_published
    by_number = {int(re.search(r"/p(\d+)\.html$", t.article.url).group(1)): t for t in Translation.objects.select_related("article")}
    published = {n: t for n, t in by_number.items() if t.state == Translation.State.PUBLISHED}
    # each payload went the whole way; any that did not has its reason stored
    unpublished = [p.number for p in payloads if p.number not in published]
    for entry in Entry.objects.exclude(state=Entry.State.EXTRACTED):
        assert entry.error, f"{entry.url} stopped without a reason"
    assert len(published) >= 100 and len(unpublished) <= len(payloads) - 100, (unpublished, summary.failures)
    # hostile text that is not markup arrives as text, to be escaped on the page
    js_string = next(p for p in payloads if p.where == "title" and p.kind == "js-string")
    assert f"';xss({js_string.number});//" in published[js_string.number].title

    site = live_server.url
    pages = [f"{site}/?page={n}" for n in range(1, math.ceil(len(published) / PAGE_SIZE) + 1)]
    pages += [f"{site}/sources/{slug}/" for slug in Source.objects.values_list("slug", flat=True)]
    pages += [f"{site}/articles/{t.pk}/{t.slug}/" for t in published.values()]
    reports: list[str] = []
    for bypass_csp in (False, True):
        context = browser.new_context(bypass_csp=bypass_csp)
        context.expose_function("reportScript", lambda message: reports.append(message))
        context.add_init_script(TRAPS)
        # the live site and nothing else (no image either: an onerror that survived would fire all the same)
        context.route(re.compile(rf"^(?!{re.escape(site)}/)"), lambda route: route.abort())
        context.route(re.compile(r"\.png$|/media/"), lambda route: route.abort())
        tabs = [context.new_page() for _ in range(TABS)]
        for tab in tabs:
            tab.on("dialog", lambda dialog: (reports.append(f"dialog {dialog.type}: {dialog.message}"), dialog.dismiss()))
            tab.on("pageerror", lambda error: reports.append(f"script error: {error}"))
            tab.on("popup", lambda popup: reports.append(f"popup: {popup.url}"))
        for batch in range(0, len(pages), TABS):  # several tabs load at once; each is then examined
            loading = list(zip(tabs, pages[batch : batch + TABS]))
            for tab, url in loading:
                assert tab.goto(url, wait_until="commit").status == 200, url
            for tab, url in loading:
                tab.wait_for_load_state("load")
                tab.mouse.move(300, 400, steps=2)  # hover and focus handlers, had any survived
                tab.keyboard.press("Tab")
                reports.extend(f"{problem} @ {url}" for problem in tab.evaluate(SCAN))
        tabs[0].wait_for_timeout(300)  # timers and late events of the last pages
        # the detectors work: a handler injected now is reported (blocked by the policy, or run without it)
        before = len(reports)
        tabs[0].evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=xss(0)>')")
        tabs[0].wait_for_timeout(200)
        canary = reports[before:]
        del reports[before:]
        expected = "xss() ran: 0" if bypass_csp else "CSP had to block: script-src-attr"
        assert any(expected in report for report in canary), canary
        assert "handler onerror on <img>" in tabs[0].evaluate(SCAN)
        context.close()
    assert reports == []
    _check_atom_feed(client)


def _check_atom_feed(client) -> None:
    """The Atom feed's entries: titles are text, and the content HTML holds nothing active."""
    feed = etree.fromstring(client.get("/feeds/atom.xml").content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 50  # the latest 50
    for entry in entries:
        for element in entry.iter(f"{atom}summary", f"{atom}content"):
            body = lxml_html.fragment_fromstring(element.text or "", create_parent="div")
            assert not body.xpath("//script | //iframe[@srcdoc] | //@*[starts-with(name(), 'on')] | //svg | //form")
            for value in body.xpath("//@href | //@src"):
                assert value.startswith(("http://", "https://", "mailto:")), value
