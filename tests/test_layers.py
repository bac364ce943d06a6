"""The layers hold (import-linter's contracts in pyproject.toml), a broken one is reported, and the steps the
documentation lists are the steps the code runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from dragoman.runtime.steps import STEPS

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts of ``root``/pyproject.toml over the package in ``root``/src."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_contracts_hold():
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "src" / "dragoman", tmp_path / "src" / "dragoman", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_core_that_imports_django_breaks_its_contract(tmp_path):
    root = copy_of_the_code(tmp_path)
    with open(root / "src" / "dragoman" / "sanitize.py", "a") as module:
        module.write("\nimport django  # noqa: E402\n")
    done = lint_imports(root)
    assert done.returncode != 0
    assert "The cores are plain Python" in done.stdout and "BROKEN" in done.stdout
    assert re.search(r"dragoman\.sanitize -> django \(l\.\d+\)", done.stdout), done.stdout


def test_a_circle_hidden_in_a_function_breaks_the_acyclic_contract(tmp_path):
    root = copy_of_the_code(tmp_path)
    with open(root / "src" / "dragoman" / "sources" / "items.py", "a") as module:
        module.write("\n\ndef _back():\n    from dragoman.sources import feeds  # noqa: F401\n")
    done = lint_imports(root)
    assert done.returncode != 0
    assert "No cycles are allowed in dragoman.sources" in done.stdout, done.stdout


def test_an_app_that_imports_one_above_it_breaks_the_layers(tmp_path):
    root = copy_of_the_code(tmp_path)
    with open(root / "src" / "dragoman" / "articles" / "charts.py", "a") as module:
        module.write("\nfrom dragoman.publish import models as _publish  # noqa: E402,F401\n")
    done = lint_imports(root)
    assert done.returncode != 0
    assert re.search(r"dragoman\.articles\.charts -> dragoman\.publish\.models", done.stdout), done.stdout


def documented_steps() -> list[list[str]]:
    """The rows of docs/architecture.md's table of steps, cell by cell, without their backquotes."""
    text = (REPO / "docs" / "architecture.md").read_text()
    section = text.split("### The steps", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # past the header and its rule
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


def test_the_documented_steps_are_the_steps():
    declared = [
        [name, step.model.__name__, step.handler_name, step.done_when, step.next or "—"] for name, step in STEPS.items()
    ]
    assert documented_steps() == declared
