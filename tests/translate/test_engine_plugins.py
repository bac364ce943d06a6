"""Engines as plugins: a package that declares an engine in the ``dragoman.engines`` entry-point group is found,
listed and used with no setting, once pip installed it where Python finds packages; DRAGOMAN_EXTRA_ENGINES goes
on working beside it. The package is built here and installed with pip, offline, into a folder of the test's own
that the commands find on their path (the venv's other users, tests running beside this one, never see it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.support.cluster import REPO

pytestmark = pytest.mark.slow  # pip builds and installs a package; the commands run in processes of their own

PACKAGE = "dragoman-mirror-plugin"
PYPROJECT = f"""
[build-system]
requires = ["setuptools>=61", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "{PACKAGE}"
version = "1.0"

[project.entry-points."dragoman.engines"]
mirror = "dragoman_mirror:MirrorEngine"
broken-mirror = "dragoman_mirror_missing:Nothing"
"""
MODULE = '''
"""An engine from outside Dragoman: it writes each word backwards (tags and entities untouched)."""
import re

from dragoman.translate.engines.base import Engine

_PIECES = re.compile(r"(<[^<>]*>|&#?\\w+;)")


class MirrorEngine(Engine):
    name = "mirror"
    label = "Mirror"
    handles_markup = True

    def version(self):
        return "mirror 1.0"

    def availability(self):
        return True, ""

    def pairs(self):
        return {("en", "es")}

    def translate_batch(self, texts, source, target, *, markup):
        def mirrored(text):
            return "".join(piece if _PIECES.fullmatch(piece) else re.sub(r"\\w+", lambda m: m.group()[::-1], piece)
                           for piece in _PIECES.split(text))
        return [mirrored(text) for text in texts]
'''


def pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def installed_plugin(tmp_path):
    """The folder the plugin's package is installed into (with its metadata, as in site-packages)."""
    package, target = tmp_path / "plugin", tmp_path / "site-packages"
    (package / "dragoman_mirror").mkdir(parents=True)
    (package / "pyproject.toml").write_text(PYPROJECT)
    (package / "dragoman_mirror" / "__init__.py").write_text(textwrap.dedent(MODULE))
    offline = ("--no-deps", "--no-build-isolation", "--no-index", "--quiet")
    result = pip("install", *offline, "--target", str(target), str(package))
    assert result.returncode == 0, result.stderr
    return target


def dragoman(home, *args: str, stdin: str | None = None, packages=None, **env: str) -> subprocess.CompletedProcess:
    """A command, with ``packages`` (a folder of installed packages) on its path."""
    path = os.pathsep.join([str(REPO), *([str(packages)] if packages else [])])
    environment = {**os.environ, "DRAGOMAN_HOME": str(home), "PYTHONPATH": path, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "dragoman.cli", *args], input=stdin, capture_output=True, text=True,
                          env=environment, cwd=REPO, timeout=300)  # fmt: skip


def test_an_installed_plugin_is_listed_and_translates_with_no_setting(installed_plugin, tmp_path):
    listed = dragoman(tmp_path, "engines", "list", "--format", "json", packages=installed_plugin,
                      DRAGOMAN_EXTRA_ENGINES="tests.support.engines:UpperCaseEngine")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    engines = {row["engine"]: row for row in json.loads(listed.stdout)}
    assert engines["mirror"]["status"] == "usable" and engines["mirror"]["pairs"] == ["en->es"]
    assert engines["broken-mirror"]["status"] == "not usable"
    assert "dragoman_mirror_missing:Nothing cannot be loaded" in engines["broken-mirror"]["detail"]
    assert engines["test-upper"]["status"] == "usable"  # DRAGOMAN_EXTRA_ENGINES still registers its engines
    assert engines["apertium"]["status"] == "usable"  # the engines that ship are all still there

    translated = dragoman(tmp_path, "translate", "--engine", "mirror", "--to", "es", "--format", "html", "--no-glossary",
                          packages=installed_plugin, stdin='<p>Hello <a href="https://example.com/">brave</a> world.</p>')  # fmt: skip
    assert translated.returncode == 0, translated.stderr
    assert 'olleH <a href="https://example.com/">evarb</a> dlrow.' in translated.stdout


def test_without_the_package_its_engines_are_gone(tmp_path):
    listed = dragoman(tmp_path, "engines", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "mirror" not in {row["engine"] for row in json.loads(listed.stdout)}
