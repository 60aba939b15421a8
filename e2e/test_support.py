"""Fråga lönesupport in the browser: a substitute asks with an attachment, payroll answers.

The substitute's pages need a strong login: the tests log in with password + SMS code, reading
the code from the file SMS backend (support.sent_sms), as test_login_methods.py does. The flows
run in English (the msgids); the pages pass axe-core in both languages on a phone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import DEMO_PASSWORD, DEMO_USERS, LANGUAGES, sent_sms

# JOSA9804's demo mobile number (demo/municipality.py gives the first substitute 070-174 06 05).
SUBSTITUTE_MOBILE = "+46701740605"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def strong_login(page: Page, next_url: str, username: str = DEMO_USERS["substitute"]) -> None:
    """Log in with password + SMS code (high assurance) and land on ``next_url``."""
    before = len(sent_sms(SUBSTITUTE_MOBILE))
    page.goto(f"/konto/logga-in/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[name=method][value=password_sms]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/logga-in/sms-kod/$"))
    texts = sent_sms(SUBSTITUTE_MOBILE)
    assert len(texts) > before, "no login code was sent"
    code = re.search(r"\b(\d{6})\b", texts[-1])
    assert code is not None, texts[-1]
    page.locator("#id_code").fill(code.group(1))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def strongly_logged_in_at(path: str) -> Callable[[Page], None]:
    """For test_pages.PAGES: an anonymous page that logs in strongly and opens ``path``."""
    return lambda page: strong_login(page, path)


def test_substitute_asks_payroll_answers_and_the_sms_says_nothing_of_the_answer(
    new_context: Callable[..., BrowserContext],
) -> None:
    substitute = new_context(language="en").new_page()
    strong_login(substitute, "/lonesupport/nytt/")
    substitute.locator("#id_topic").select_option("salary")
    substitute.locator("#id_subject").fill("OB pay missing, lönecentrum")
    # While typing, matching answers from Questions and answers appear (htmx, debounced).
    expect(substitute.locator("#faq-suggestions a").first).to_be_visible()
    substitute.locator("#id_text").fill("I worked the night of 3 June at Solbacken <b>but</b> got no OB pay.")
    substitute.locator("#id_attachments").set_input_files(
        [{"name": "C:\\fakepath\\schema juni.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    substitute.locator("main form button[type=submit]").click()
    expect(substitute).to_have_url(re.compile(r"/lonesupport/arenden/\d+/$"))
    case_path = substitute.url[substitute.url.index("/lonesupport/") :]
    expect(substitute.locator(".support-message__text").first).to_contain_text("<b>but</b>")  # shown as text
    expect(substitute.locator(".support-message__files a")).to_have_text("schema juni.pdf")
    assert_no_axe_violations(substitute)

    payroll = new_context(user="payroll", language="en").new_page()
    payroll.goto("/lonesupport/ko/?sort=newest")
    assert_no_axe_violations(payroll)
    payroll.get_by_role("link", name="OB pay missing, lönecentrum").click()
    expect(payroll.locator("h1")).to_have_text("OB pay missing, lönecentrum")
    payroll.locator("#id_note-text").fill("Check the approval with the manager first.")
    payroll.get_by_role("button", name="Save note").click()
    expect(payroll.locator(".messages")).to_contain_text("internal note")
    before = len(sent_sms(SUBSTITUTE_MOBILE))
    payroll.locator("#id_reply-text").fill("The shift was not approved yet; you get the OB pay in July.")
    payroll.locator("#id_reply-status").select_option("solved")
    payroll.get_by_role("button", name="Send reply").click()
    expect(payroll.locator(".messages")).to_contain_text("The reply has been sent")
    assert_no_axe_violations(payroll)

    texts = sent_sms(SUBSTITUTE_MOBILE)
    assert len(texts) == before + 1
    assert case_path in texts[-1] and "July" not in texts[-1] and "OB" not in texts[-1]

    substitute.goto(case_path)
    expect(substitute.locator(".support-conversation")).to_contain_text("you get the OB pay in July")
    expect(substitute.locator(".support-conversation")).not_to_contain_text("approval with the manager")
    # Solved: the substitute may rate the answer, once.
    substitute.locator("label[for=id_score_4]").click()
    substitute.get_by_role("button", name="Send rating").click()
    expect(substitute.locator(".messages")).to_contain_text("Thank you for your rating")
    expect(substitute.get_by_role("button", name="Send rating")).to_have_count(0)
    assert_no_axe_violations(substitute)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_input_shows_errors_that_pass_axe(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    page = new_context(language=language).new_page()
    strong_login(page, "/lonesupport/nytt/")
    page.locator("#id_attachments").set_input_files(
        [{"name": "lonespec.pdf", "mimeType": "application/pdf", "buffer": b"<html>not a pdf</html>"}]
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("lonespec.pdf")
    assert_no_axe_violations(page)
