"""A phone set to English still gets the portal in Swedish: only the reader's own choice gives English.

The browser sends ``Accept-Language: en-US`` throughout; the pages stay Swedish (with Swedish times,
"13.30") through the main flow: the start page, logging in, the substitute's shifts and profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from support import DEMO_PASSWORD, DEMO_USERS

ENGLISH_BROWSER = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"}}


@pytest.fixture
def english_phone(new_context: Callable[..., BrowserContext]) -> Page:
    page = new_context(**ENGLISH_BROWSER).new_page()
    page.goto("/")
    assert page.evaluate("navigator.language") == "en-US"
    return page


def assert_swedish_page(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    text = page.locator("main").inner_text()
    assert not re.search(r"\b\d{1,2}:\d{2}\b", text), f"{page.url}: a time in English style"
    assert "a.m." not in text and "p.m." not in text, page.url
    month = r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
    assert not re.search(month, text), f"{page.url}: a month abbreviation with a capital letter"


def test_an_english_browser_gets_swedish_pages_through_the_main_flow(english_phone: Page) -> None:
    page = english_phone
    assert_swedish_page(page)
    page.locator(".site-header").get_by_role("link", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert_swedish_page(page)

    page.get_by_label("Användarnamn").fill(DEMO_USERS["substitute"])
    page.get_by_label("Lösenord", exact=True).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.locator("main")).to_contain_text("Välkommen, Sara.")
    assert_swedish_page(page)

    for path in ("/bemanning/mina-pass/", "/bemanning/tillganglighet/", "/konto/mina-uppgifter/"):
        page.goto(path)
        assert_swedish_page(page)
    page.goto("/bemanning/mina-pass/")
    assert re.search(r"\b\d{2}\.\d{2}\b", page.locator("main").inner_text()), "the booked shifts' times"


def test_the_language_button_still_gives_english_and_it_is_remembered(english_phone: Page) -> None:
    page = english_phone
    page.locator(".site-header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/konto/logga-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
