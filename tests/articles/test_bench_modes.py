"""bench/modes.py translates the demo feed in each mode and prices it beside full translation (a real process;
the counting engine, so the test does not depend on Apertium)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_each_mode_is_measured_and_priced_beside_full_translation() -> None:
    result = subprocess.run([sys.executable, str(REPO / "bench" / "modes.py"), "--counting", "--price", "10"],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "engine: a counting engine (upper case), as asked (--counting); price 10.00 per million characters" in out
    found = {}
    for mode in ("full", "lead", "title"):
        match = re.search(rf"^{mode} +16 +(\d+) +([\d,]+) +([\d.]+) +([\d.]+)%$", out, re.MULTILINE)
        assert match, out
        units, chars, cost, share = int(match[1]), int(match[2].replace(",", "")), float(match[3]), float(match[4])
        assert cost == pytest.approx(chars * 10 / 1_000_000, abs=1e-4)
        found[mode] = (units, chars, share)
    assert found["full"][2] == 100.0 and found["title"][0] == 16 and found["lead"][0] == 32  # one unit per part
    assert found["title"][1] < found["lead"][1] < found["full"][1] / 10
