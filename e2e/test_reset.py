"""Self-service password reset, the session list and the audit log, in a real browser on a phone.

The reset reads its code from the SMS the test server writes to files (support.sent_sms). It resets
demo substitutes that no other browser test logs in as, so the shared demo logins stay valid.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from functools import cache

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import LANGUAGES, log_in, sent_sms

NEW_PASSWORD = "Kaffe-Termos-2031"


@cache
def demo_substitutes() -> list[tuple[str, str]]:
    """(username, mobile) of every demo substitute, derived as seed_demo derives them."""
    from vikarieportalen.accounts.rules import username_for, username_variant
    from vikarieportalen.demo.municipality import _mobile, _substitute_people

    taken: set[str] = set()
    people = []
    for index, (given, family, born) in enumerate(_substitute_people(random.Random(2026))):  # noqa: S311
        username = username_variant(username_for(given, family, born), taken)
        taken.add(username)
        people.append((username, _mobile(index)))
    return people


def latest_code(mobile: str, *, after: int) -> str:
    """The code in the newest SMS to `mobile`, waiting until more than `after` have arrived."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        texts = sent_sms(mobile)
        if len(texts) > after:
            match = re.search(r"\b(\d{6})\b", texts[-1])
            assert match is not None, texts[-1]
            return match.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no new SMS to {mobile}")


def ask_for_code(page: Page, username: str) -> None:
    page.goto("/konto/aterstall/")
    page.locator("#id_username").fill(username)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/aterstall/kod/$"))


def test_reset_a_forgotten_password_with_a_code_by_sms(new_context: Callable[..., BrowserContext]) -> None:
    username, mobile = demo_substitutes()[150]
    page = new_context(language="en").new_page()
    page.goto("/konto/logga-in/")
    page.locator("main").get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    before = len(sent_sms(mobile))
    ask_for_code(page, username.lower())
    code = latest_code(mobile, after=before)

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page.get_by_label("Code from the SMS").fill(wrong)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is wrong. You have 4 tries left.")

    page.get_by_label("Code from the SMS").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")

    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password_repeat").fill(NEW_PASSWORD + "x")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are not the same.")

    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password_repeat").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your password has been changed.")
    assert "har återställts" in latest_code_text(mobile)  # the SMS is in the user's language

    log_in(page, username, NEW_PASSWORD)


def latest_code_text(mobile: str) -> str:
    return sent_sms(mobile)[-1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reset_step_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    username, mobile = demo_substitutes()[151 + LANGUAGES.index(language)]
    page = new_context(language=language).new_page()
    page.goto("/konto/aterstall/")
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()  # empty username: the error summary
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    before = len(sent_sms(mobile))
    ask_for_code(page, username)
    assert_no_axe_violations(page)
    code = latest_code(mobile, after=before)
    page.locator("#id_code").fill("000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/aterstall/nytt-losenord/$"))
    assert_no_axe_violations(page)
    page.locator("#id_new_password").fill("kort")
    page.locator("#id_new_password_repeat").fill("kort")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sessions_page_has_no_axe_violations_and_ends_other_sessions(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    username, _mobile = demo_substitutes()[160 + LANGUAGES.index(language)]
    other = new_context(language=language).new_page()
    log_in(other, username)
    page = new_context(language=language).new_page()
    log_in(page, username)
    page.goto("/konto/sessioner/")
    expect(page.locator(".card")).to_have_count(2)
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".card")).to_have_count(1)
    assert_no_axe_violations(page)
    other.goto("/konto/mina-uppgifter/")
    assert "/konto/logga-in/" in other.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_audit_log_has_no_axe_violations(new_context: Callable[..., BrowserContext], language: str) -> None:
    page = new_context(user="admin", language=language).new_page()
    response = page.goto("/konto/granskningslogg/")
    assert response is not None and response.status == 200
    expect(page.locator("table")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/konto/granskningslogg/?date_from=2026-03-05&date_to=2026-03-01")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
