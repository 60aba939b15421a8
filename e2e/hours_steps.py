"""Steps for the attest pages in test_pages.py (approval of worked hours, EKAA7221's demo data)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def _click(page: Page, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()


def hours_detail(page: Page) -> None:
    """From the list to the first waiting shift's page."""
    _click(page, "#hours-waiting a[id^=edit-]")


def hours_detail_errors(page: Page) -> None:
    """The first waiting shift's form sent without an end time: errors, nothing approved."""
    hours_detail(page)
    page.locator("#id_ends").fill("")
    _click(page, "#hours-form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()


def hours_approved(page: Page) -> None:
    """Last week's first approved (or not worked) shift."""
    _click(page, "#hours-week a[rel=prev]")
    _click(page, "#hours-week .shift-card__time")
