"""HR registers substitutes, the substitute activates the account and changes the mobile number.

Pages pass axe-core in Swedish and English on a phone. SMS are read from the file SMS backend the
test server writes to (support.sent_sms). The flows use English, whose texts are the msgids.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import LANGUAGES, sent_sms

NEW_PASSWORD = "Gron-Hast-Trappa-77"
CSV = (
    "employee_number;preferred_given_name;family_name;date_of_birth;mobile;email\r\n"
    "E2E-{n}1;Märta;Ödqvist;1995-06-21;070-175 9{n} 11;\r\n"
    "E2E-{n}2;Per;Ek;1999-02-30;070-175 9{n} 12;\r\n"
)


def upload_csv(page: Page, n: int) -> None:
    page.goto("/konto/hr/import/")
    page.locator("#id_file").set_input_files(
        {"name": "vikarier.csv", "mimeType": "text/csv", "buffer": CSV.format(n=n).encode("utf-8")}
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".import-result")).to_be_visible()


def register_with_errors(page: Page) -> None:
    page.locator("#id_date_of_birth").fill("1998-02-30")
    page.locator("#id_mobile").fill("0550-858 89")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


def mobile_form_submitted(page: Page) -> None:
    page.locator("#id_password").fill("Sommar-Vikarie-2026")
    page.locator("#id_new_mobile").fill("070-175 99 99")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()


def wrong_password(page: Page) -> None:
    page.locator("#id_password").fill("fel")
    page.locator("#id_new_email").fill("ny@example.se")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("user", "path", "then"),
    [
        ("hr", "/konto/hr/", None),
        ("hr", "/konto/hr/ny-vikarie/", None),
        ("hr", "/konto/hr/ny-vikarie/", register_with_errors),
        ("hr", "/konto/hr/import/", None),
        (None, "/konto/aktivera/not-a-valid-token/", None),
        ("manager", "/konto/mina-uppgifter/", None),
        ("manager", "/konto/mina-uppgifter/mobil/", None),
        ("manager", "/konto/mina-uppgifter/mobil/", mobile_form_submitted),
        ("manager", "/konto/mina-uppgifter/e-post/", None),
        ("manager", "/konto/mina-uppgifter/e-post/", wrong_password),
    ],
    ids=[
        "hr-home",
        "hr-register",
        "hr-register-errors",
        "hr-import",
        "activation-invalid",
        "profile",
        "mobile-change",
        "mobile-code",
        "email-change",
        "email-change-error",
    ],
)
def test_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    user: str | None,
    path: str,
    then: Callable[[Page], None] | None,
    language: str,
) -> None:
    page = new_context(user=user, language=language).new_page()
    response = page.goto(path)
    assert response is not None
    expect(page.locator("html")).to_have_attribute("lang", language)
    if then is not None:
        then(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_import_result_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    page = new_context(user="hr", language=language).new_page()
    upload_csv(page, n=1 if language == "sv" else 2)
    expect(page.locator(".import-row--created")).to_have_count(1)
    expect(page.locator(".import-row--refused")).to_have_count(1)
    assert_no_axe_violations(page)
    # The same file again registers nobody twice.
    upload_csv(page, n=1 if language == "sv" else 2)
    expect(page.locator(".import-row--created")).to_have_count(0)
    expect(page.locator(".import-row--already_registered")).to_have_count(1)


def activation_path(number: str) -> str:
    texts = [text for text in sent_sms(number) if "/konto/aktivera/" in text]
    assert texts, f"no activation SMS to {number}"
    match = re.search(r"https?://[^/\s]+(/konto/aktivera/\S+/)", texts[-1])
    assert match is not None, texts[-1]
    return match[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_activation_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], language: str
) -> None:
    hr = new_context(user="hr", language="en").new_page()
    upload_csv(hr, n=3 if language == "sv" else 4)
    page = new_context(language=language).new_page()
    page.goto(activation_path("+4670175" + ("9311" if language == "sv" else "9411")))
    expect(page.locator("#id_new_password")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#id_new_password").fill("kort")
    page.locator("#id_new_password_repeat").fill("kort")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


def test_register_activate_and_change_mobile_number(new_context: Callable[..., BrowserContext]) -> None:
    # HR registers one substitute.
    hr = new_context(user="hr", language="en").new_page()
    hr.goto("/konto/hr/")
    hr.get_by_role("link", name="Register one substitute").click()
    hr.locator("#id_employee_number").fill("E2E-100")
    hr.locator("#id_preferred_given_name").fill("Åke")
    hr.locator("#id_family_name").fill("Lindqvist")
    hr.locator("#id_date_of_birth").fill("1990-07-15")
    hr.locator("#id_mobile").fill("070-175 95 01")
    hr.locator("main form button[type=submit]").click()
    expect(hr.locator(".messages")).to_contain_text("username LIAE9015")
    expect(hr.locator("main table")).to_contain_text("LIAE9015")

    # The substitute opens the link from the SMS and chooses a password.
    page = new_context(language="en").new_page()
    link = activation_path("+46701759501")
    page.goto(link)
    expect(page.locator("main")).to_contain_text("LIAE9015")
    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password_repeat").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your account is ready")

    # The link works once.
    page.goto(link)
    expect(page.locator("main")).to_contain_text("already been used")

    # Log in and change the mobile number.
    page.goto("/konto/logga-in/")
    page.locator("#id_username").fill("liae9015")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-header .who__name")).to_have_text("Åke Lindqvist")
    page.goto("/konto/mina-uppgifter/")
    page.get_by_role("link", name="Change mobile number").click()
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_new_mobile").fill("070-175 95 02")
    page.locator("main form button[type=submit]").click()
    codes = [m[1] for text in sent_sms("+46701759502") if (m := re.search(r"\b(\d{6})\b", text))]
    assert codes, "no code SMS to the new number"
    page.locator("#id_code").fill(codes[-1])
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your mobile number is now 070-175 95 02")
    expect(page.locator("main .details")).to_contain_text("070-175 95 02")
    notices = sent_sms("+46701759501")
    # SMS go out in the substitute's language (Swedish), whatever language the page shows.
    assert any("har ändrats till ett nummer" in text for text in notices), notices
