"""Lighthouse scores (performance, accessibility, best practices, SEO) of the home, article and bilingual pages,
for a left-to-right target (Spanish) and a right-to-left one (Arabic), on the translated demo site.

Lighthouse is the npm package installed under tools/lighthouse (scripts/setup.sh test installs it), run
headless against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), with its default mobile
settings (a mid-range phone, simulated slow 4G). Not a timed test: it prints the scores and exits non-zero
when one is under --minimum (95 by default).

    .venv/bin/python bench/lighthouse.py [--minimum 95] [--json scores.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from showcase import REPO, Showcase

LIGHTHOUSE = REPO / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def audit(url: str, chrome: str) -> tuple[dict[str, int], list[str]]:
    """The four category scores (0-100) of one page, and the titles of the scored audits under 0.9."""
    with tempfile.TemporaryDirectory(prefix="dragoman-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300,
        )  # fmt: skip
        data = json.loads(report.read_text())
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    weighed = {ref["id"] for name in CATEGORIES for ref in data["categories"][name]["auditRefs"] if ref["weight"] > 0}
    failed = sorted(
        data["audits"][audit_id]["title"]
        for audit_id in weighed
        if data["audits"][audit_id].get("score") is not None and data["audits"][audit_id]["score"] < 0.9
    )
    return scores, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minimum", type=int, default=95, help="lowest acceptable score (default 95)")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores to this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"lighthouse is not installed: npm ci --prefix {LIGHTHOUSE.parents[3].relative_to(REPO)}", file=sys.stderr)
        return 1
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    results = {}
    with Showcase() as site:
        print(f"{'page':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for language, pages in site.pages.items():
            for name, url in pages.items():
                scores, failed = audit(url, chrome)
                results[f"{name}-{language}"] = {"url": url, "scores": scores, "failed_audits": failed}
                print(f"{name + ' (' + language + ')':<16}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                for title in failed:
                    print(f"    failed: {title}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    low = [(page, c, r["scores"][c]) for page, r in results.items() for c in CATEGORIES if r["scores"][c] < args.minimum]
    for page, category, score in low:
        print(f"under {args.minimum}: {page} {category} {score}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
