"""The documentation and the code agree (a Datasette habit): every setting is documented, every command too."""

import re
import tomllib
from pathlib import Path

from dragoman.cli import build_parser

REPO = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    source = (REPO / "src" / "dragoman" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool)?\("([A-Z_]+)"', source))
    documented = set(re.findall(r"`DRAGOMAN_([A-Z_]+)`", (REPO / "docs" / "configuration.md").read_text()))
    assert read, "no settings found"
    assert read - documented == set(), "settings missing from docs/configuration.md"
    assert documented - read == set(), "docs/configuration.md lists settings that do not exist"


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text()
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"dragoman {name}" in readme, f"README.md does not show `dragoman {name}`"


def test_every_test_tier_is_in_the_readme_and_make_check_leaves_each_out():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    markers = [line.split(":", 1)[0] for line in config["markers"]]
    readme = (REPO / "README.md").read_text()
    for marker in markers:
        assert f"- `{marker}`: " in readme, f"README.md does not say what the marker {marker} means"
    fast = " and ".join(f"not {marker}" for marker in markers)
    assert f"FAST = {fast}\n" in (REPO / "Makefile").read_text(), "make check does not leave out every tier"
    assert f'pytest -m "{fast}"' in readme
