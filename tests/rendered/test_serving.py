"""The server in front of Django: rendered pages from the folder with the right headers, everything else from
Django; and `dragoman serve` running it."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import urllib.request
from email.utils import formatdate

import brotli
import pytest

from dragoman.rendered import folder
from dragoman.rendered.serving import RenderedSite, TrustedProxy
from tests.support.served import dragoman_serve

SECURITY = [("Content-Security-Policy", "default-src 'none'"), ("X-Frame-Options", "DENY")]
PAGE = "<!doctype html><title>Noticia</title><p>" + "Texto de la noticia. " * 200 + "</p>"


def django(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-From", "django")])
    return [b"from django"]


def call(app, path="/", method="GET", query="", **headers):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path.encode("utf-8", "surrogateescape").decode("latin-1"), "QUERY_STRING": query, "wsgi.input": io.BytesIO(),
               "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http"}  # fmt: skip
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    answer = {}

    def start_response(status, response_headers):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    folder.write(root, "articles/1/noticia/index.html", PAGE.encode())
    folder.write(root, "index.html", b"<p>portada</p>")
    folder.write(root, "index.page-2.html", b"<p>portada 2</p>")
    folder.write(root, "feeds/atom.xml", b"<feed/>")
    folder.write(root, "search/index.html", b"never served")  # answered by Django, whatever the folder holds
    return RenderedSite(django, root, SECURITY), root


def test_a_rendered_page_is_answered_from_the_folder_with_its_headers(site):
    app, _ = site
    status, headers, body = call(app, "/articles/1/noticia/")
    assert status == 200 and body == PAGE.encode()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == "default-src 'none'" and headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert headers["Vary"] == "Accept-Encoding" and "Content-Encoding" not in headers
    assert headers["ETag"].startswith('"') and headers["Content-Length"] == str(len(PAGE.encode()))
    assert "X-From" not in headers
    assert call(app, "/feeds/atom.xml")[1]["Content-Type"] == "application/atom+xml; charset=utf-8"


def test_the_prepared_encodings_go_to_the_readers_that_accept_them(site):
    app, _ = site
    status, headers, body = call(app, "/articles/1/noticia/", accept_encoding="gzip, deflate, br")
    assert headers["Content-Encoding"] == "br" and brotli.decompress(body) == PAGE.encode()
    status, headers, body = call(app, "/articles/1/noticia/", accept_encoding="br;q=0, gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == PAGE.encode()
    assert int(headers["Content-Length"]) == len(body) < len(PAGE)
    plain = call(app, "/articles/1/noticia/", accept_encoding="identity")[1]
    assert "Content-Encoding" not in plain
    assert len({plain["ETag"], headers["ETag"]}) == 2  # each encoding has its own tag


def test_a_reader_with_the_current_page_gets_not_modified(site):
    app, root = site
    etag = call(app, "/articles/1/noticia/")[1]["ETag"]
    assert call(app, "/articles/1/noticia/", if_none_match=etag)[0] == 304
    assert call(app, "/articles/1/noticia/", if_none_match=f'W/{etag}, "other"')[0] == 304
    assert call(app, "/articles/1/noticia/", if_none_match='"other"')[0] == 200
    modified = call(app, "/articles/1/noticia/")[1]["Last-Modified"]
    assert call(app, "/articles/1/noticia/", if_modified_since=modified)[0] == 304
    assert call(app, "/articles/1/noticia/", if_modified_since="Mon, 01 Jan 2001 00:00:00 GMT")[0] == 200
    assert call(app, "/articles/1/noticia/", if_modified_since="not a date")[0] == 200
    # the page written again: a new file, read again, with a new tag
    folder.write(root, "articles/1/noticia/index.html", b"<p>corregida</p>")
    os.utime(root / "articles/1/noticia/index.html", (1, 1))  # even with an older time, the new file is seen
    status, headers, body = call(app, "/articles/1/noticia/", if_none_match=etag)
    assert status == 200 and body == b"<p>corregida</p>" and headers["ETag"] != etag
    assert headers["Last-Modified"] == formatdate(1, usegmt=True)


def test_head_answers_the_headers_alone(site):
    app, _ = site
    status, headers, body = call(app, "/articles/1/noticia/", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == str(len(PAGE.encode()))


def test_listing_pages_and_query_strings(site):
    app, _ = site
    assert call(app, "/", query="page=2")[2] == b"<p>portada 2</p>"
    assert call(app, "/", query="page=1")[2] == b"<p>portada</p>"
    assert call(app, "/", query="fbclid=abc&utm_source=x")[2] == b"<p>portada</p>"  # a shared link's tracking
    assert call(app, "/", query="page=9")[2] == b"from django"  # not rendered ahead: Django answers it


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/articles/1/noticia/"),
        ("GET", "/search/"),  # dynamic, whatever the folder holds
        ("GET", "/articles/1/noticia"),  # no slash: Django redirects
        ("GET", "/articles/1/otra/"),  # not rendered
        ("GET", "/articles/1/noticia/.index.html.x.tmp"),  # a writer's temporary file
        ("GET", "/../../etc/passwd"),
        ("GET", "/articles//noticia/"),
        ("GET", "/art\udcffculos/"),  # not UTF-8
    ],
)
def test_everything_else_goes_to_django(site, method, path):
    app, _ = site
    assert call(app, path, method=method)[2] == b"from django"


def test_the_trusted_proxy_names_the_reader_and_the_scheme(site):
    seen = {}

    def app(environ, start_response):
        seen.update(address=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"], forwarded=environ.get("HTTP_X_FORWARDED_FOR"))
        start_response("200 OK", [])
        return [b""]

    proxied = TrustedProxy(app, "127.0.0.1")
    call(proxied, x_forwarded_for="203.0.113.9, 198.51.100.7", x_forwarded_proto="https")
    assert seen["address"] == "198.51.100.7" and seen["scheme"] == "https"
    environ_from_elsewhere = {"REMOTE_ADDR": "192.0.2.1"}
    status, _, _ = call(lambda e, s: proxied({**e, **environ_from_elsewhere}, s), x_forwarded_for="203.0.113.9", x_forwarded_proto="https")
    assert seen["address"] == "192.0.2.1" and seen["scheme"] == "http" and seen["forwarded"] is None


@pytest.mark.django_db
def test_a_rendered_page_is_answered_as_django_answers_it(spanish_site, settings, client):
    from dragoman.articles.models import Translation
    from dragoman.rendered.addresses import own_pages
    from dragoman.rendered.pages import write_page
    from dragoman.rendered.rendering import security_headers
    from dragoman.wsgi import application

    accented = Translation.objects.filter(state="published", slug__regex=r"[^a-z0-9-]").first()
    path = own_pages(accented)[0]
    assert not path.isascii()
    write_page(path)
    app = RenderedSite(application, settings.RENDERED_ROOT, security_headers())
    status, headers, body = call(app, path)
    expected = client.get(path, headers={"host": "127.0.0.1:8000"})
    assert status == 200 and body == expected.content and expected.status_code == 200
    for name in ("Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
                 "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert headers[name] == expected.headers[name], name


@pytest.mark.slow
def test_dragoman_serve_answers_from_the_folder_and_from_django(tmp_path):
    home = tmp_path / "home"
    folder.write(home / "site", "articles/7/rendered/index.html", b"<p>rendered ahead</p>")
    with dragoman_serve(home) as url:
        response = urllib.request.urlopen(url + "/articles/7/rendered/")
        assert response.read() == b"<p>rendered ahead</p>"
        assert "script-src 'none'" in response.headers["Content-Security-Policy"] and response.headers["ETag"]
        robots = urllib.request.urlopen(url + "/robots.txt").read()  # not rendered: Django's
        assert robots.startswith(b"User-agent: *")
    with dragoman_serve(home, "--dynamic") as url:  # every page through Django: that address is no article
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(url + "/articles/7/rendered/")
        assert answer.value.code == 404


def test_the_pages_kept_in_memory_are_bounded(site, monkeypatch):
    from dragoman.rendered import serving

    app, root = site
    monkeypatch.setattr(serving, "CACHE_BYTES", 3 * len(PAGE))
    for n in range(6):
        folder.write(root, f"articles/{n}/p/index.html", PAGE.encode())
        assert call(app, f"/articles/{n}/p/")[2] == PAGE.encode()
    assert app._bytes <= serving.CACHE_BYTES and len(app._entries) < 6
    assert app._bytes == sum(entry.size for entry in app._entries.values())
    assert call(app, "/articles/0/p/")[2] == PAGE.encode()  # read again from the folder


def test_the_ready_thread_of_serve_takes_no_import_lock_while_granian_forks():
    """`dragoman serve` says it is ready from a thread that runs while granian forks its workers: a thread that
    imported a module then (the IDNA codec of a name lookup) left the import's lock held in the worker, whose
    first name lookup never returned. In a fresh interpreter, the wait imports nothing."""
    script = (
        "import socket, sys, threading\n"
        "from dragoman.cli.serve import _when_listening\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"  # its name lookup imports the codec: forget it after
        "sys.modules.pop('encodings.idna', None)\n"
        "before = set(sys.modules)\n"
        "ready = threading.Event()\n"
        "_when_listening('127.0.0.1', server.getsockname()[1], ready.set)\n"
        "assert ready.wait(30)\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
