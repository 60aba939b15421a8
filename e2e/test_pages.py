"""Every page of the portal passes axe-core (WCAG 2.1 A + AA) in Swedish and in English, on a phone.

New features add their pages to PAGES. Third-party admin UIs (/cms/, /admin/) are out of scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import LANGUAGES


def _wrong_password(page: Page) -> None:
    page.locator("#id_username").fill("JOSA9804")
    page.locator("#id_password").fill("fel-lösenord")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


@dataclass(frozen=True)
class PortalPage:
    name: str
    path: str
    user: str | None = None  # a DEMO_USERS key: the page is seen logged in as that person
    status: int = 200
    then: Callable[[Page], None] | None = field(default=None, compare=False)  # e.g. submit a form


PAGES = [
    PortalPage("start", "/"),
    PortalPage("start-substitute", "/", user="substitute"),
    PortalPage("faq", "/fragor-och-svar/"),
    PortalPage("login", "/konto/logga-in/"),
    PortalPage("login-error", "/konto/logga-in/", then=_wrong_password),
    PortalPage("profile-substitute", "/konto/mina-uppgifter/", user="substitute"),
    PortalPage("profile-manager", "/konto/mina-uppgifter/", user="manager"),
    PortalPage("not-found", "/finns-inte/", status=404),
    PortalPage("not-found-logged-in", "/finns-inte/", user="substitute", status=404),
    # The SMS outbox is for the staffing centre and administrators: a substitute gets the 403 page.
    PortalPage("outbox", "/notifications/utskick/", user="staffing_centre"),
    PortalPage("forbidden", "/notifications/utskick/", user="substitute", status=403),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("portal_page", PAGES, ids=lambda p: p.name)
def test_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], portal_page: PortalPage, language: str
) -> None:
    page = new_context(user=portal_page.user, language=language).new_page()
    response = page.goto(portal_page.path)
    assert response is not None
    assert response.status == portal_page.status, f"{portal_page.path}: HTTP {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)
    if portal_page.then is not None:
        portal_page.then(page)
    assert_no_axe_violations(page)
