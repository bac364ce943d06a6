"""The documented nginx configuration (deploy/nginx/) with a private nginx: rendered pages from the folder with
Django's headers, everything else from `dragoman serve`."""

from __future__ import annotations

import gzip
from types import SimpleNamespace
import urllib.error
import urllib.request

import brotli
import pytest

from dragoman.publish.middleware import PERMISSIONS_POLICY, SITE_POLICY
from dragoman.rendered import folder
from tests.support.nginx import BROTLI_MODULE, nginx
from tests.support.served import dragoman_serve

pytestmark = pytest.mark.slow

PAGE = ("<!doctype html><title>Noticia</title><p>" + "Texto de la noticia, con acentos: después. " * 100).encode()


def get(url: str, **headers):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("nginx") / "home"
    root = home / "site"
    folder.write(root, "articles/3/después/index.html", PAGE)
    folder.write(root, "index.html", b"<p>portada</p>")
    folder.write(root, "index.page-2.html", b"<p>portada 2</p>")
    folder.write(root, "feeds/atom.xml", b"<feed/>")
    folder.write(root, "search/index.html", b"never served")
    (home / "media" / "images").mkdir(parents=True)
    (home / "media" / "images" / "lead.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # `dragoman serve` with a home of its own: what nginx answers from the folder cannot come from it
    with dragoman_serve(home.parent / "served", env={"DRAGOMAN_TRUSTED_PROXY": "127.0.0.1"}) as served:
        with nginx(root, home / "media", served.removeprefix("http://"), home / "nginx") as url:
            yield SimpleNamespace(url=url, served=served, served_root=home.parent / "served" / "site")


def test_a_rendered_page_comes_from_the_folder_with_django_s_headers(site):
    url, served = site.url, site.served
    response = get(url + "/articles/3/despu%C3%A9s/")
    assert response.status == 200 and response.read() == PAGE
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Security-Policy"] == SITE_POLICY
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    # the same headers as `dragoman serve` gives the same page (and so as Django: tests/rendered/test_serving.py)
    folder.write(site.served_root, "articles/3/después/index.html", PAGE)
    direct = get(served + "/articles/3/despu%C3%A9s/")
    assert direct.status == 200
    for name in ("Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
                 "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy", "Cache-Control", "Vary"):  # fmt: skip
        assert response.headers[name] == direct.headers[name], name
    assert get(url + "/articles/3/despu%C3%A9s/", **{"If-None-Match": response.headers["ETag"]}).status == 304
    assert get(url + "/feeds/atom.xml").headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert get(url + "/?page=2").read() == b"<p>portada 2</p>"
    assert get(url + "/?fbclid=abc").read() == b"<p>portada</p>"


def test_the_prepared_encodings(site):
    url = site.url
    zipped = get(url + "/articles/3/despu%C3%A9s/", **{"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.read()) == PAGE
    if BROTLI_MODULE.exists():
        squeezed = get(url + "/articles/3/despu%C3%A9s/", **{"Accept-Encoding": "br, gzip"})
        assert squeezed.headers["Content-Encoding"] == "br" and brotli.decompress(squeezed.read()) == PAGE


def test_dynamic_pages_and_pages_not_rendered_go_to_dragoman_serve(site):
    url = site.url
    search = get(url + "/search/?q=noticia")
    assert search.status == 200 and b"never served" not in search.read()
    assert "script-src 'none'" in search.headers["Content-Security-Policy"]
    assert search.headers.get_all("Content-Security-Policy") == [SITE_POLICY]  # once: Django's own
    assert get(url + "/robots.txt").read().startswith(b"User-agent: *")
    assert get(url + "/articles/9/nada/").status == 404
    assert get(url + "/articles/3/despu%C3%A9s/.index.html.x.tmp").status == 404
    admin = get(url + "/admin/login/")
    assert admin.status == 200 and "'unsafe-inline'" in admin.headers["Content-Security-Policy"]  # the admin's policy
    assert get(url + "/media/images/lead.png").read().startswith(b"\x89PNG")
