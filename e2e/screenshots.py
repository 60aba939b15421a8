"""Screenshots of the start page for the README, as an anonymous visitor on a phone and a desktop.

Run: .venv/bin/python e2e/screenshots.py   (builds its own throwaway demo server, like the tests)
Writes docs/images/start-phone.png (375 wide, full page) and docs/images/start-desktop.png (1280 × 800).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import ROOT, launch_chromium, running_portal
from support import DESKTOP, PHONE

IMAGES = ROOT / "docs" / "images"


def save_start_page_screenshots(browser: Browser, base_url: str, out: Path = IMAGES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = [
        (out / "start-phone.png", PHONE, True),
        (out / "start-desktop.png", DESKTOP, False),
    ]
    for path, viewport, full_page in shots:
        context = browser.new_context(base_url=base_url, viewport=viewport, locale="sv-SE")
        page = context.new_page()
        page.goto("/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        context.close()
    return [path for path, _viewport, _full in shots]


def main() -> None:
    with running_portal() as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for path in save_start_page_screenshots(browser, base_url):
                print(path.relative_to(ROOT))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
