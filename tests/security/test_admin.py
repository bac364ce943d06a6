"""The admin: refuses anonymous users, enforces CSRF, and slows then refuses repeated failed logins."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from dragoman.security import throttle
from dragoman.security.models import LoginThrottle
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin_user(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; hashing is not tested here
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand: ``clock.advance(seconds)``."""

    class Clock:
        now = timezone.now()

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(throttle, "now", lambda: fake.now)
    return fake


def login(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("path", ["/admin/", "/admin/sources/source/", "/admin/sources/source/add/", "/admin/auth/user/"])
def test_the_admin_refuses_anonymous_users(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_anonymous_post_changes_nothing(client):
    response = client.post("/admin/sources/source/add/", {"url": "https://news.example/feed.xml", "slug": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Source.objects.exists()


def test_csrf_is_enforced_on_login_and_on_changes(admin_user):
    client = Client(enforce_csrf_checks=True)
    assert login(client, "editor", PASSWORD).status_code == 403  # no token
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # logged in, a change without the token is still refused
    refused = client.post("/admin/sources/source/add/", {"url": "https://news.example/feed.xml"})
    assert refused.status_code == 403 and not Source.objects.exists()


def test_staff_can_log_in_and_use_the_admin(client, admin_user, clock):
    response = login(client, "editor", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/sources/source/").status_code == 200


def test_failed_logins_first_slow_down_then_lock_out(client, admin_user, clock):
    for _ in range(throttle.FREE_FAILURES):  # a few typos cost nothing
        assert login(client, "editor", "wrong").status_code == 200
    waits = []
    for _ in range(throttle.LOCK_AFTER - throttle.FREE_FAILURES):
        refused = login(client, "editor", "wrong")
        assert refused.status_code == 429 and "Too many failed logins" in refused.content.decode()
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert login(client, "editor", "wrong").status_code == 200  # allowed again, and failed again
    assert waits == [1, 2, 4, 8, 16, 32, 64]  # each wait doubles
    # locked out: even the right password is refused, without being checked, for LOCKOUT
    locked = login(client, "editor", PASSWORD)
    assert locked.status_code == 429 and int(locked["Retry-After"]) == throttle.LOCKOUT.total_seconds()
    clock.advance(throttle.LOCKOUT.total_seconds() - 1)
    assert login(client, "editor", PASSWORD).status_code == 429
    clock.advance(1)
    assert login(client, "editor", PASSWORD).status_code == 302  # the lockout ends; success forgets everything
    assert not LoginThrottle.objects.exists()


def test_spreading_guesses_over_addresses_does_not_help(client, admin_user, clock):
    for n in range(throttle.FREE_FAILURES):
        login(client, "editor", "wrong", address=f"198.51.100.{n}")
    assert login(client, "editor", "wrong", address="198.51.100.200").status_code == 429


def test_guessing_many_user_names_from_one_address_is_slowed_too(client, admin_user, clock):
    for n in range(throttle.FREE_FAILURES):
        login(client, f"user{n}", "wrong", address="192.0.2.9")
    assert login(client, "someone-else", "wrong", address="192.0.2.9").status_code == 429
    assert login(client, "editor", PASSWORD, address="192.0.2.10").status_code == 302  # another address is not slowed


def test_old_failures_are_forgotten(client, admin_user, clock):
    for _ in range(throttle.FREE_FAILURES + 1):
        clock.advance(70)
        login(client, "editor", "wrong")
    clock.advance(throttle.FORGET_AFTER.total_seconds() + 1)
    assert login(client, "editor", "wrong").status_code == 200
    assert LoginThrottle.objects.get(key__startswith="user:").failures == 1
