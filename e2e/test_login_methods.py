"""Login methods in the browser: password + SMS code, the step-up page, the staff card page.

Pages pass axe-core in Swedish and English on a phone. The SMS code is read from the file SMS
backend the test server writes to (support.sent_sms). The flows run in English (the msgids).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import DEMO_PASSWORD, DEMO_USERS, LANGUAGES, log_in, sent_sms

PIN_PAGE = "/konto/mina-uppgifter/personnummer/"
_mobiles: dict[str, str] = {}


def mobile_of(new_context: Callable[..., BrowserContext], who: str) -> str:
    """The demo user's mobile number in E.164, as their profile page shows it."""
    if who not in _mobiles:
        page = new_context(user=who, language="en").new_page()
        page.goto("/konto/mina-uppgifter/")
        shown = page.locator("dt:has-text('Mobile number') + dd").inner_text()
        digits = re.sub(r"\D", "", shown)
        _mobiles[who] = "+46" + digits[1:] if digits.startswith("0") else "+" + digits
    return _mobiles[who]


def latest_code(mobile: str, before: int) -> str:
    texts = sent_sms(mobile)
    assert len(texts) > before, "no new SMS was sent"
    match = re.search(r"\b(\d{6})\b", texts[-1])
    assert match is not None, texts[-1]
    return match.group(1)


def password_with_sms(page: Page, username: str, next_url: str = "") -> None:
    page.goto("/konto/logga-in/" + (f"?next={next_url}" if next_url else ""))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[name=method][value=password_sms]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/logga-in/sms-kod/$"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_with_methods_and_staff_card_page_pass_axe(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    page = new_context(language=language).new_page()
    page.goto("/konto/logga-in/")
    expect(page.locator("input[name=method][value=password_sms]")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/konto/tjanstekort/")
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()  # no card proxy here: nothing is read
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sms_code_page_passes_axe_empty_and_with_an_error(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    page = new_context(language=language).new_page()
    page.goto("/konto/logga-in/sms-kod/")  # no code waiting
    assert_no_axe_violations(page)
    password_with_sms(page, DEMO_USERS["substitute"])
    assert_no_axe_violations(page)
    page.locator("#id_code").fill("12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_up_page_passes_axe(new_context: Callable[..., BrowserContext], language: str) -> None:
    page = new_context(user="substitute", language=language).new_page()
    page.goto(PIN_PAGE)
    expect(page).to_have_url(re.compile(r"/konto/starkare-inloggning/\?next="))
    assert_no_axe_violations(page)


def test_password_and_sms_code_log_in_and_return_to_next(new_context: Callable[..., BrowserContext]) -> None:
    mobile = mobile_of(new_context, "substitute")
    page = new_context(language="en").new_page()
    before = len(sent_sms(mobile))
    password_with_sms(page, DEMO_USERS["substitute"], next_url=PIN_PAGE)
    # A wrong code first: told how many tries are left, still logged out.
    code = latest_code(mobile, before)
    page.locator("#id_code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("4 tries left")
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(PIN_PAGE) + "$"))
    expect(page.locator("h1")).to_have_text("Personal identity number")
    expect(page.locator(".site-header .who__name")).to_be_visible()
    assert_no_axe_violations(page)


def test_step_up_with_sms_code_returns_to_the_page(new_context: Callable[..., BrowserContext]) -> None:
    mobile = mobile_of(new_context, "substitute")
    # A fresh login, not the shared one: stepping up renews the session key and ends the old session.
    page = new_context(language="en").new_page()
    log_in(page, DEMO_USERS["substitute"])
    page.goto(PIN_PAGE)
    expect(page.locator("h1")).to_have_text("Stronger login needed")
    before = len(sent_sms(mobile))
    page.get_by_role("button", name="Send a code by SMS").click()
    expect(page).to_have_url(re.compile(r"/konto/logga-in/sms-kod/$"))
    page.locator("#id_code").fill(latest_code(mobile, before))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(PIN_PAGE) + "$"))
    expect(page.locator("h1")).to_have_text("Personal identity number")
