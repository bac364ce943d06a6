"""The documentation and the code agree (a Datasette habit): every setting, engine and command is documented."""

import ast
import re
import tomllib
from pathlib import Path

from dragoman.cli import build_parser

REPO = Path(__file__).resolve().parents[1]


def _settings_read() -> set[str]:
    """Every ``DRAGOMAN_*`` variable the code reads: ``env("NAME")`` / ``env_bool("NAME")`` in settings.py
    (``DRAGOMAN_NAME``), and every string that is a whole ``DRAGOMAN_*`` name anywhere in src/ (what
    ``os.environ.get("DRAGOMAN_...")`` and the modules' ``..._ENV = "DRAGOMAN_..."`` constants read)."""
    read = set()
    settings = ast.parse((REPO / "src" / "dragoman" / "settings.py").read_text())
    for node in ast.walk(settings):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("env", "env_bool"):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                read.add(node.args[0].value)
    for path in (REPO / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if match := re.fullmatch(r"DRAGOMAN_([A-Z0-9_]+)", node.value):
                    read.add(match.group(1))
    return read


def _settings_documented(doc: str) -> set[str]:
    """The variables a table of ``doc`` lists (rows starting with | `DRAGOMAN_NAME` |)."""
    text = (REPO / "docs" / doc).read_text()
    return set(re.findall(r"^\| `DRAGOMAN_([A-Z0-9_]+)` \|", text, re.MULTILINE))


def test_every_setting_is_documented():
    read = _settings_read()
    general, engines = _settings_documented("configuration.md"), _settings_documented("engines.md")
    assert {"SECRET_KEY", "DEEPL_API_KEY", "MODELS_DIR"} <= read, "the settings read were not all found"
    assert read - general - engines == set(), "settings missing from docs/configuration.md and docs/engines.md"
    assert general - read == set(), "docs/configuration.md lists settings that do not exist"
    assert engines - read == set(), "docs/engines.md lists settings that do not exist"


def test_every_engine_is_described():
    """docs/engines.md has a row for every engine that ships with Dragoman in its table of what each needs, its
    settings and how it is tested (plugins installed in the environment, and the tests' engines, are not its)."""
    from dragoman.translate.engines import builtin_engine_names as engine_names

    text = (REPO / "docs" / "engines.md").read_text()
    section = text.split("## Every engine: what it needs, its settings, how it is tested here", 1)[1].split("\n## ", 1)[0]
    described = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.MULTILINE))
    assert len(engine_names()) >= 7
    assert set(engine_names()) - described == set(), "engines missing from docs/engines.md"
    assert described - set(engine_names()) == set(), "docs/engines.md describes engines that are not registered"


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
    assert f'pytest -n 2 -m "{fast}"' in readme
