"""LAS days on a phone: JOSA9804 reads her own count, the staffing centre finds her in the list.

Set E2E_SCREENSHOT_DIR to keep a screenshot of each page (390 × 844, an iPhone 14).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect

PHONE_390 = {"width": 390, "height": 844}


def shot(page: Page, name: str) -> None:
    directory = os.environ.get("E2E_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the screen"


def test_substitute_sees_she_is_nearing_the_sav_limit(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="substitute", language="en", viewport=PHONE_390).new_page()
    page.goto("/bemanning/mina-pass/las/")
    expect(page.locator("h1")).to_have_text("My LAS days")
    expect(page.locator("#las-summary")).to_be_visible()
    expect(page.locator("#las-measure-sav_conversion")).to_have_class("las-measure las-measure--nearing")
    expect(page.locator("#las-measure-sav_conversion")).to_contain_text("of 360")
    fits_the_screen(page)
    assert_no_axe_violations(page)
    shot(page, "las-mine")


def test_staffing_centre_finds_her_near_a_limit(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="staffing_centre", language="en", viewport=PHONE_390).new_page()
    page.goto("/bemanning/las/")
    rows = page.locator("table.las-table tbody tr")
    expect(rows).to_have_count(3)
    page.locator("#id_state").select_option("nearing")
    page.locator("main form button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sara")
    fits_the_screen(page)
    shot(page, "las-list")
