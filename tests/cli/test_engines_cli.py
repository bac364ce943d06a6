"""`dragoman engines install argos`: an offline engine in one command, against a local package index."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.cli.test_cli import run
from tests.support.cli import one_line_error
from tests.translate.neural.test_packages import entry, package_zip, serve  # noqa: F401 (fixture)
from tests.translate.neural.conftest import argos_package, http_server, sentencepiece_model, upper_model  # noqa: F401


@pytest.mark.slow
def test_install_argos_then_translate_offline(tmp_path, http_server, package_zip):  # noqa: F811
    checksum = hashlib.sha256(package_zip).hexdigest()
    index = serve(http_server, entry(sha256=checksum), files={"/translate-en_xx.argosmodel": package_zip})
    home, models = tmp_path / "home", tmp_path / "models"
    env = {"DRAGOMAN_FETCH_ALLOW": "127.0.0.1", "DRAGOMAN_MODELS_DIR": str(models)}

    installed = run(home, "engines", "install", "argos", "--from", "en", "--to", "xx", "--index-url", index, env=env)
    assert installed.returncode == 0, installed.stderr
    assert "installed translate-en_xx 1.0 (en->xx" in installed.stdout
    assert (models / "translate-en_xx" / "metadata.json").is_file()

    listed = run(home, "engines", "list", "--format", "tsv", env=env)
    assert any(line.startswith("ctranslate2\tusable") and "en->xx" in line for line in listed.stdout.splitlines())

    html = '<p>the city council <a href="https://example.org/v">voted</a> today.</p>'
    translated = run(home, "translate", "--from", "en", "--to", "xx", "--engine", "ctranslate2", "--stats", "-",
                     stdin=html, env=env)
    assert translated.returncode == 0, translated.stderr
    assert translated.stdout.strip() == '<p>THE CITY COUNCIL <a href="https://example.org/v">VOTED</a> TODAY.</p>'
    assert json.loads(translated.stderr.strip().splitlines()[-1])["engine"] == "ctranslate2"


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_install_of_a_missing_pair_is_one_line(tmp_path, http_server, package_zip):  # noqa: F811
    index = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    env = {"DRAGOMAN_FETCH_ALLOW": "127.0.0.1", "DRAGOMAN_MODELS_DIR": str(tmp_path / "models")}
    result = run(tmp_path / "home", "engines", "install", "argos", "--from", "en", "--to", "ar", "--index-url", index, env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "dragoman: error: not installed: the Argos index has no package for en->ar; pairs with 'en': en->xx"
    )


@pytest.mark.slow  # over half a second: a process started, or a timeout waited for
def test_install_from_a_forbidden_address_is_refused(tmp_path, http_server, package_zip):  # noqa: F811
    index = serve(http_server, entry(), files={"/translate-en_xx.argosmodel": package_zip})
    result = run(tmp_path / "home", "engines", "install", "argos", "--from", "en", "--to", "xx", "--index-url", index,
                 env={"DRAGOMAN_MODELS_DIR": str(tmp_path / "models"), "DRAGOMAN_FETCH_ALLOW": ""})
    assert result.returncode == 1 and "loopback" in result.stderr
    assert http_server.requests == []  # the guard refused before any request reached the server
