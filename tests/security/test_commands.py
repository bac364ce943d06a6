"""`dragoman createadmin`, `dragoman check --deploy`, `dragoman serve` on a public address, and refusals of the
one outbound client on the command line: real processes, their output and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.servers import redirect
from tests.support.cli import one_line_error

DRAGOMAN = [sys.executable, "-m", "dragoman.cli"]
GOOD_KEY = "k3y-" + "x7Qp9LmZ2vR8tY4wN6sB1cF5hJ0dG3aE" * 2


def run(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DRAGOMAN_", "DJANGO_"))}
    return subprocess.run(
        [*DRAGOMAN, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        env={**clean, "DRAGOMAN_HOME": str(home), **(env or {})},
    )  # fmt: skip


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.mark.slow
def test_createadmin_from_an_environment_variable(home):
    env = {"ADMIN_PASSWORD": "a long and unusual passphrase"}
    made = run(home, "createadmin", "--username", "editor", "--email", "e@example.org", "--password-from-env", "ADMIN_PASSWORD", env=env)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "created the admin user 'editor'; log in at /admin/"
    check = run(home, "manage", "shell", "-c",
                "from django.contrib.auth.models import User; u = User.objects.get(username='editor'); "
                "print(u.is_superuser, u.is_staff, u.check_password('a long and unusual passphrase'))")  # fmt: skip
    assert check.stdout.strip().splitlines()[-1].split() == ["True", "True", "True"]
    again = run(home, "createadmin", "--username", "editor", "--password-from-env", "ADMIN_PASSWORD", env=env)
    one_line_error(again, "user 'editor' already exists", "changepassword editor")


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--password-from-env", "NOPE"], {}, ["the environment variable NOPE is not set or is empty"]),
        (["--password-from-env", "PW"], {"PW": "password1"}, ["password refused:", "too common"]),
        (["--password-from-env", "PW"], {"PW": "short"}, ["password refused:", "too short"]),
        ([], {}, ["no terminal to ask for the password on", "--password-from-env"]),
        (["--username", " "], {}, ["--username must not be empty"]),
    ],
)
@pytest.mark.slow
def test_createadmin_refusals_are_one_line(home, args, env, words):
    one_line_error(run(home, "createadmin", *args, env=env), *words)


@pytest.mark.slow
def test_check_deploy_refuses_the_defaults_and_passes_a_safe_configuration(home):
    default = run(home, "check", "--deploy")
    assert default.returncode != 0
    assert "dragoman.E002" in default.stderr and "DRAGOMAN_SECRET_KEY" in default.stderr
    assert "dragoman.W002" in default.stderr and "SystemCheckError" not in default.stderr
    assert default.stderr.strip().splitlines()[-1] == "dragoman: error: the checks found errors; fix them before serving publicly"
    debug = run(home, "check", "--deploy", env={"DRAGOMAN_DEBUG": "true", "DRAGOMAN_SECRET_KEY": GOOD_KEY})
    assert debug.returncode != 0 and "dragoman.E001" in debug.stderr and "dragoman.E002" not in debug.stderr
    safe = run(home, "check", "--deploy", env={"DRAGOMAN_SECRET_KEY": GOOD_KEY, "DRAGOMAN_HTTPS": "true", "DRAGOMAN_TRUSTED_PROXY": "127.0.0.1"})
    assert safe.returncode == 0, safe.stderr
    assert "dragoman." not in safe.stderr
    assert run(home, "check").returncode == 0  # without --deploy, the defaults are fine for local use


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_a_malformed_allowlist_is_caught_by_check_and_by_every_command(home):
    env = {"DRAGOMAN_FETCH_ALLOW": "127.0.0.1:8001, not a host"}
    checked = run(home, "check", env=env)
    assert checked.returncode != 0 and "dragoman.E003" in checked.stderr and "'not a host'" in checked.stderr
    one_line_error(run(home, "run", "--once", env=env), "DRAGOMAN_FETCH_ALLOW: not an allowlist entry: 'not a host'")


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({}, ["refusing to serve publicly on 0.0.0.0", "the secret key is the default one"]),
        ({"DRAGOMAN_SECRET_KEY": GOOD_KEY, "DRAGOMAN_DEBUG": "1"}, ["refusing to serve publicly", "DEBUG is on", "unset DRAGOMAN_DEBUG"]),
        ({"DRAGOMAN_SECRET_KEY": "short"}, ["the secret key is too short"]),
    ],
)
@pytest.mark.slow
def test_serve_refuses_a_public_address_with_unsafe_settings(home, env, words):
    one_line_error(run(home, "serve", "--host", "0.0.0.0", "--port", "0", env=env, timeout=60), *words)


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_sources_add_on_a_forbidden_address_is_refused_in_one_line(home, forbidden):
    result = run(home, "sources", "add", f"http://2130706433:{forbidden.port}/feed.xml", "--to", "es")
    one_line_error(result, "cannot read the source: refused: 2130706433 is 127.0.0.1, a loopback address", "DRAGOMAN_FETCH_ALLOW")
    assert forbidden.untouched


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
@pytest.mark.parametrize("spelling", ["127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "localhost"])
def test_extract_refuses_a_forbidden_url_in_one_line(home, forbidden, spelling):
    result = run(home, "extract", f"http://{spelling}:{forbidden.port}/secret")
    line = one_line_error(result, "dragoman: error: cannot fetch the page: refused: ", "a loopback address", "DRAGOMAN_FETCH_ALLOW")
    assert line.endswith(f"(http://{spelling}:{forbidden.port}/secret)")
    assert result.stdout == "" and forbidden.untouched


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_extract_refuses_a_redirect_to_a_forbidden_url(home, allowed, forbidden):
    allowed.routes["/story.html"] = redirect(forbidden.url("/secret"))
    result = run(home, "extract", allowed.url("/story.html"), env={"DRAGOMAN_FETCH_ALLOW": allowed.netloc})
    one_line_error(result, "cannot fetch the page: refused: redirected to " + forbidden.url("/secret"), "loopback")
    assert allowed.requests == ["/robots.txt", "/story.html"] and forbidden.untouched
