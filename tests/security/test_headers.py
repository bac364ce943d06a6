"""Security headers on every page, HTTPS settings driven by the environment, and the admin working under its
Content-Security-Policy in a real browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dragoman.articles.models import Article, Entry, Translation
from dragoman.publish.middleware import ADMIN_POLICY, SITE_POLICY
from dragoman.sources.models import Source


@pytest.fixture
def published(db) -> Translation:
    source = Source.objects.create(url="https://news.example/feed.xml", name="News", target_languages=["es"])
    entry = Entry.objects.create(source=source, key="k" * 64, url="https://news.example/a.html", state="extracted")
    article = Article.objects.create(
        entry=entry, url=entry.url, title="Quay closes", authors=["Ana Ruiz"], language="en",
        body_html="<p>The quay closes.</p>", published_at=timezone.now(),
    )  # fmt: skip
    return Translation.objects.create(
        article=article, target_language="es", engine="apertium", state="published", title="Cierra el muelle",
        body_html="<p>Cierra el muelle.</p>", slug="cierra-el-muelle", published_at=timezone.now(),
    )  # fmt: skip


def site_pages(t: Translation) -> list[str]:
    return ["/", f"/articles/{t.pk}/{t.slug}/", f"/sources/{t.article.entry.source.slug}/", "/feeds/atom.xml", "/no-such-page/"]


def test_every_page_carries_the_security_headers(client, published):
    for path in [*site_pages(published), "/admin/login/", "/admin/"]:
        response = client.get(path)
        policy = ADMIN_POLICY if path.startswith("/admin/") else SITE_POLICY
        assert response["Content-Security-Policy"] == policy, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert "camera=()" in response["Permissions-Policy"], path


def test_the_site_policy_allows_no_script_and_the_site_needs_none(client, published):
    directives = dict(d.strip().split(" ", 1) for d in SITE_POLICY.split(";"))
    assert directives["script-src"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["default-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and "'unsafe-inline'" not in SITE_POLICY
    assert directives["frame-src"] == "https://player.vimeo.com https://www.youtube-nocookie.com https://www.youtube.com"
    for path in site_pages(published)[:3]:
        page = client.get(path).content.decode()
        # JSON-LD is a data block, not script (never run, so script-src 'none' stands); its JSON escapes < > &.
        page = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", page)
        assert "<script" not in page and not re.search(r"<[^>]*\s(style|on\w+)\s*=", page), path


def settings_under(environment: dict[str, str]) -> dict:
    """Settings values as a fresh process sees them with ``environment``."""
    code = (
        "import json; from dragoman import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_HTTPONLY', 'FETCH_ALLOW', 'TRUSTED_PROXY']}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAGOMAN_")}
    result = subprocess.run([sys.executable, "-c", code], env={**env, **environment}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_https_settings_follow_the_environment():
    plain = settings_under({})
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_HSTS_SECONDS"] == 0 and plain["FETCH_ALLOW"] == []
    assert plain["CSRF_COOKIE_HTTPONLY"] and plain["SESSION_COOKIE_HTTPONLY"]
    https = settings_under({"DRAGOMAN_HTTPS": "true", "DRAGOMAN_TRUSTED_PROXY": "10.0.0.2", "DRAGOMAN_FETCH_ALLOW": "10.1.0.0/16, feeds.lan:8080"})
    assert https["SESSION_COOKIE_SECURE"] and https["CSRF_COOKIE_SECURE"] and https["SECURE_SSL_REDIRECT"]
    assert https["SECURE_HSTS_SECONDS"] == 31536000 and https["TRUSTED_PROXY"] == "10.0.0.2"
    assert https["FETCH_ALLOW"] == ["10.1.0.0/16", "feeds.lan:8080"]


def test_over_https_the_site_sends_hsts_and_redirects_plain_requests(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    login_page = client.get("/admin/login/", secure=True)
    assert login_page.cookies["csrftoken"]["secure"] and login_page.cookies["csrftoken"]["httponly"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_works_under_its_policy(page, live_server, settings):
    """Log in through the form and use a few admin pages in Chromium: no policy violation, no script error."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_superuser("editor", "", "correct horse battery staple")
    Source.objects.create(url="https://news.example/feed.xml", name="News", target_languages=["es"])
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.on("console", lambda m: m.text.startswith("CSP-VIOLATION") and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/sources/source/", "/admin/sources/source/add/", "/admin/auth/user/add/", "/admin/articles/entry/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert response.headers["content-security-policy"] == ADMIN_POLICY
    # the admin's own scripts run: the changelist's select-all checkbox works
    page.goto(f"{live_server.url}/admin/sources/source/")
    page.check("#action-toggle")
    assert page.is_checked("input.action-select")
    assert problems == []
