"""Screenshots of the home, article and bilingual pages, left to right (Spanish) and right to left (Arabic),
taken with Debian's Chromium. They are the pictures in README.md.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--width 1280]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase import REPO, Showcase

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with Showcase() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            for language, pages in site.pages.items():
                for name, url in pages.items():
                    page.goto(url)
                    page.wait_for_load_state("networkidle")
                    path = args.out / f"{name}-{language}.png"
                    page.screenshot(path=str(path), full_page=False)
                    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {url}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
