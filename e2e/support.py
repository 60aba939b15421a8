"""Shared by the browser tests: demo logins, viewports, and what a person does in the header."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

DEMO_PASSWORD = "Sommar-Vikarie-2026"
# Demo logins as printed by `manage.py seed_demo` (the seed is deterministic).
DEMO_USERS = {
    "substitute": "JOSA9804",
    "staffing_centre": "LILE7514",
    "editor": "VAKN8811",
    "admin": "SYAN8001",
    "manager": "EKAA7221",
    "payroll": "LOEA6830",
    "hr": "ABHA7919",
}

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ("sv", "en")


# Staff log in with password + SMS code: the pages with other people's personal data need it.
STAFF_USERNAMES = frozenset(name for key, name in DEMO_USERS.items() if key != "substitute")


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD, *, strong: bool | None = None) -> None:
    """Logs in through the real form, as a person would, and waits until the header shows it.

    ``strong`` (by default: for the demo's staff) chooses "password and a code by SMS" and types the
    code from the SMS, as staff do before the payroll queue, the export or the pool.
    """
    if strong is None:
        strong = username in STAFF_USERNAMES
    page.goto("/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    if strong:
        before = set(_sms_files())
        page.locator("input[name=method][value=password_sms]").check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/konto/logga-in/sms-kod/$"))
        page.locator("#id_code").fill(_new_code(before))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-header .who__name")).to_be_visible()


def _sms_files() -> list[Path]:
    directory = Path(os.environ["E2E_SMS_DIR"])
    return list(directory.glob("*.txt")) if directory.exists() else []


def _new_code(before: set[Path]) -> str:
    """The six-digit code in the SMS written since ``before`` (the tests run one at a time)."""
    for path in sorted(set(_sms_files()) - before, key=lambda p: p.stat().st_mtime_ns, reverse=True):
        match = re.search(r"\b(\d{6})\b", path.read_text(encoding="utf-8").partition("\n\n")[2])
        if match:
            return match.group(1)
    raise AssertionError("no login code was sent by SMS")


def set_language(page: Page, language: str) -> None:
    """Switches the language with the header button (a no-op if it is already active)."""
    if page.url == "about:blank":
        page.goto("/")
    current = page.locator("html").get_attribute("lang")
    if current != language:
        page.locator(f".site-header button[name=language][value={language}]").click()
        expect(page.locator("html")).to_have_attribute("lang", language)


def sent_sms(to: str) -> list[str]:
    """Texts of the SMS the test server has sent to `to` (E.164), oldest first (file SMS backend)."""
    directory = Path(os.environ["E2E_SMS_DIR"])
    if not directory.exists():
        return []
    texts = []
    for path in sorted(directory.glob("*.txt"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        head, _blank, body = path.read_text(encoding="utf-8").partition("\n\n")
        if f"\nTo: {to}\n" in f"\n{head}\n":
            texts.append(body.strip())
    return texts
