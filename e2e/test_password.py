"""Changing one's password: the page passes axe-core in Swedish and English on a phone, the
checklist follows the typing, and the main flow (bad input, then a good change) works.

The flow uses a seeded substitute no other browser test logs in as (employee number V10002), so the
sessions other tests share stay valid. Texts are checked in English, whose texts are the msgids.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import DEMO_PASSWORD, LANGUAGES, log_in, sent_sms

URL = "/konto/byt-losenord/"
NEW_PASSWORD = "Blue!Harbour-2026"


def seeded_user(employee_number: str) -> tuple[str, str, str]:
    """(username, family name, mobile) of a seeded user, read from the test server's database."""
    database = Path(os.environ["E2E_SMS_DIR"]).parent / "e2e.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        row = connection.execute(
            "SELECT username, family_name, mobile FROM accounts_user WHERE employee_number = ?",
            (employee_number,),
        ).fetchone()
    assert row is not None, f"no seeded user {employee_number}"
    return row


def item(page: Page, rule: str):
    return page.locator(f"#password-checklist [data-rule={rule}]")


def submit_too_short(page: Page) -> None:
    page.locator("#id_current_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password").fill("kort")
    page.locator("#id_new_password_repeat").fill("kort")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("then", [None, submit_too_short], ids=["empty", "errors"])
def test_change_password_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], language: str, then: Callable[[Page], None] | None
) -> None:
    page = new_context(user="substitute", language=language).new_page()
    response = page.goto(URL)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    if then is not None:
        then(page)
        expect(item(page, "length")).to_have_class("password-checklist__item is-unmet")
    assert_no_axe_violations(page)


def test_typing_updates_the_checklist(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="substitute", language="en").new_page()
    page.goto(URL)
    field = page.locator("#id_new_password")
    expect(item(page, "length")).to_contain_text("Not checked yet")

    field.press_sequentially("abc")
    expect(item(page, "length")).to_have_class("password-checklist__item is-unmet")
    expect(item(page, "length")).to_contain_text("Not met")
    expect(item(page, "classes")).to_have_class("password-checklist__item is-unmet")
    expect(item(page, "no_swedish_letters")).to_have_class("password-checklist__item is-met")

    field.press_sequentially("DEF!2026xyz")
    for rule in ("length", "classes", "no_swedish_letters", "not_name"):
        expect(item(page, rule)).to_have_class("password-checklist__item is-met")
    expect(item(page, "not_common")).to_contain_text("Checked when you save")
    expect(page.locator("#password-checklist [data-status]")).to_have_text("4 of 4 requirements met.")

    field.press_sequentially("å")
    expect(item(page, "no_swedish_letters")).to_have_class("password-checklist__item is-unmet")
    field.fill("")
    field.press_sequentially("Harbour!2026sara")  # the demo substitute is Sara Johansson
    expect(item(page, "not_name")).to_have_class("password-checklist__item is-unmet")


def test_change_password_flow(new_context: Callable[..., BrowserContext]) -> None:
    username, family_name, mobile = seeded_user("V10002")
    page = new_context(language="en").new_page()
    log_in(page, username)
    page.goto(URL)

    # Bad input: the family name in the password. A message, and the old password still works.
    page.locator("#id_current_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password").fill(f"{family_name}!2026Xy")
    page.locator("#id_new_password_repeat").fill(f"{family_name}!2026Xy")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("must not be or contain your name")
    expect(item(page, "not_name")).to_have_class("password-checklist__item is-unmet")

    page.locator("#id_current_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password_repeat").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your password has been changed.")
    expect(page.locator(".site-header .who__name")).to_be_visible()  # still logged in
    assert any("lösenord i Vikarieportalen har ändrats" in text for text in sent_sms(mobile))  # in Swedish

    # The new password logs in.
    other = new_context(language="en").new_page()
    log_in(other, username, NEW_PASSWORD)
