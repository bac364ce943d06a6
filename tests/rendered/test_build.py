"""`dragoman site build`: the whole public site in a folder, opened from a plain static server in Chromium, with
relative links or links under a base URL."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.rendered.build import BuildError, build
from tests.support.cli import one_line_error
from tests.support.services import free_port

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def static_server(root: Path):
    """Python's own static file server on ``root``: no Dragoman, no Django."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/index.html", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def links(file: Path) -> list[str]:
    doc = lxml_html.fromstring(file.read_bytes())
    return [value for attr in ("href", "src") for value in doc.xpath(f"//@{attr}")]


def test_every_internal_link_of_the_build_leads_to_a_file_of_it(spanish_site, tmp_path):
    out = tmp_path / "out"
    built = build(out)
    assert built.pages >= 2 * Translation.objects.filter(state="published").count()
    pages = [p for p in out.rglob("*.html")]
    checked = 0
    for page in pages:
        for link in links(page):
            if link.startswith(("http://", "https://", "#", "mailto:")):
                continue
            assert not link.startswith("/"), (page, link)  # relative: it opens from any folder
            target = (page.parent / urllib.request.url2pathname(link.split("#")[0])).resolve()
            assert target.is_file(), (page.relative_to(out), link)
            checked += 1
    assert checked > 100
    assert (out / "static" / "dragoman" / "site.css").is_file() and (out / "feeds" / "atom.xml").is_file()
    assert any((out / "media" / "images").iterdir())


def test_a_base_url_makes_the_links_absolute_under_it(spanish_site, tmp_path):
    out = tmp_path / "out"
    build(out, base_url="https://example.org/news")
    home = (out / "index.html").read_text()
    assert 'href="https://example.org/news/static/dragoman/site.css"' in home
    assert 'href="https://example.org/news/articles/' in home
    feed = (out / "feeds" / "atom.xml").read_text()
    assert "https://example.org/news/articles/" in feed and "127.0.0.1:8000" not in feed
    with pytest.raises(BuildError, match="--base-url must be"):
        build(out, base_url="example.org/news")


@pytest.mark.slow
def test_site_build_on_the_command_line_refuses_a_bad_base_url(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dragoman.cli", "site", "build", str(tmp_path / "out"), "--base-url", "ftp://x"],
                          capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "DRAGOMAN_HOME": str(tmp_path / "home")})  # fmt: skip
    one_line_error(done, "--base-url must be an http(s) address", "ftp://x")


@pytest.mark.browser
def test_the_build_opens_from_a_plain_static_server(page, spanish_site, tmp_path):
    out = tmp_path / "out"
    build(out)
    t = Translation.objects.filter(state="published").exclude(body_html="").order_by("pk").first()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with static_server(out) as url:
        page.goto(f"{url}/index.html")
        assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).display") != "inline"  # styled
        page.get_by_role("link", name=t.title).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == t.title
        assert page.evaluate("document.querySelector('figure.lead img').naturalWidth") > 0  # the image loaded
        page.locator("a.bilingual-link").click()
        page.wait_for_load_state()
        assert page.url.endswith("/bilingual/index.html")
        assert page.locator("h1").first.inner_text() == t.title or t.title in page.content()
        page.go_back()
        page.locator("footer.filed a").first.click()  # the day's listing
        page.wait_for_load_state()
        assert page.locator(".card").count() >= 1
    assert errors == []


@pytest.mark.slow
def test_site_render_renders_every_page_of_the_served_folder(tmp_path):
    home = tmp_path / "home"
    env = {**__import__("os").environ, "DRAGOMAN_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-m", "dragoman.cli", "site", "render"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("rendered ") and str(home / "site") in done.stdout
    assert (home / "site" / "robots.txt").is_file() and (home / "site" / "stories" / "index.html").is_file()


def test_site_render_writes_every_page_of_a_published_site(spanish_site, settings, capsys):
    from dragoman.cli.site import render
    from dragoman.rendered import addresses, folder

    assert render(None) == 0
    assert capsys.readouterr().out.startswith("rendered ")
    for t in Translation.objects.filter(state="published"):
        for path in addresses.own_pages(t) + addresses.shared_pages(t):
            assert (settings.RENDERED_ROOT / folder.page_file(path)).is_file(), path
