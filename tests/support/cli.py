"""Checks shared by the tests that run the `dragoman` command in a subprocess."""

from __future__ import annotations

import subprocess


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    """The command failed with exactly one line on stderr, no traceback, naming every one of ``words``."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]
