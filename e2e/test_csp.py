"""The content security policy in a real browser: no page of the portal breaks it.

Every page is opened with a listener for `securitypolicyviolation` events (installed before any of
the page's own scripts run) and with the console watched for Chromium's CSP messages, which also
cover what happens before the document exists, and for a Permissions-Policy feature Chromium does
not know. The portal's pages and Django's admin may break no rule at all; Wagtail's editor (/cms/)
may break only the strict policy it is sent as report-only, never the one enforced there (see
docs/deployment.md, "Security headers and cookies").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    disposition: event.disposition,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
});
"""


@dataclass
class CspWatch:
    """What one page broke: violation events (enforced and reported) and console refusals."""

    page: Page
    console: list[str] = field(default_factory=list)
    header_errors: list[str] = field(default_factory=list)  # e.g. an unknown Permissions-Policy feature

    def violations(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.page.evaluate("() => window.__cspViolations || []")
        return found

    def enforced(self) -> list[str]:
        events = [str(v) for v in self.violations() if v["disposition"] == "enforce"]
        refusals = [text for text in self.console if "report-only" not in text.lower()]
        return events + refusals

    def reported(self) -> list[str]:
        return [str(v) for v in self.violations() if v["disposition"] == "report"]


def watched(context: BrowserContext) -> CspWatch:
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    watch = CspWatch(page)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            watch.console.append(message.text)
        elif "Permissions-Policy" in message.text or "Unrecognized feature" in message.text:
            watch.header_errors.append(message.text)

    page.on("console", on_console)
    return watch


def _feedback_yes(page: Page) -> None:
    """The page feedback box answers through htmx: "Yes" swaps in the comment step."""
    page.locator("#sidrespons button[name=helpful][value=yes]").click()
    expect(page.locator("#sidrespons")).to_have_attribute("data-state", "comment")


def _board_candidates(page: Page) -> None:
    """From the board to the first open shift's candidates (a page with its own script)."""
    page.locator("main .shift-card__action").first.click()
    page.wait_for_load_state()


def _open_first(selector: str) -> Callable[[Page], None]:
    def click(page: Page) -> None:
        page.locator(selector).first.click()
        page.wait_for_load_state()

    return click


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    user: str | None = None
    then: Callable[[Page], None] | None = field(default=None, compare=False)


PORTAL = [
    Visit("start", "/"),
    Visit("login", "/konto/logga-in/"),
    Visit("faq-feedback-htmx", "/fragor-och-svar/", then=_feedback_yes),
    Visit("news", "/nyheter/"),
    Visit("certificate-check", "/intyg/kontroll/"),
    Visit("not-found", "/finns-inte/"),
    Visit("start-substitute", "/", user="substitute"),
    Visit("my-details", "/konto/mina-uppgifter/", user="substitute"),
    Visit("my-shifts", "/bemanning/mina-pass/", user="substitute"),
    Visit("my-calendar-feed", "/bemanning/mina-pass/prenumerera/", user="substitute"),
    Visit("my-availability-htmx", "/bemanning/tillganglighet/", user="substitute"),
    Visit("password-change", "/konto/byt-losenord/", user="substitute"),
    Visit("board-candidates", "/bemanning/tavla/", user="staffing_centre", then=_board_candidates),
    Visit("pool", "/bemanning/vikariepoolen/", user="staffing_centre"),
    Visit("outbox", "/notifications/utskick/", user="staffing_centre"),
    Visit("requests", "/bemanning/behov/", user="manager"),
    # Django's admin gets the strict policy too.
    Visit("django-admin", "/admin/", user="admin"),
    Visit("django-admin-group", "/admin/auth/group/add/", user="admin"),
    Visit(
        "django-admin-user",
        "/admin/accounts/user/",
        user="admin",
        then=_open_first("#result_list tbody th a"),
    ),
    Visit("django-admin-users", "/admin/accounts/user/", user="admin"),
]

WAGTAIL_EDITOR = [
    Visit("cms-dashboard", "/cms/", user="editor"),
    Visit("cms-pages", "/cms/pages/", user="editor"),
    Visit("cms-edit-page", "/cms/pages/", user="editor", then=_open_first("a[href$='/edit/']")),
    Visit("cms-snippets", "/cms/snippets/", user="editor"),
]


def _open(new_context: Callable[..., BrowserContext], visit: Visit) -> CspWatch:
    watch = watched(new_context(user=visit.user))
    watch.page.goto(visit.path)
    watch.page.wait_for_load_state("networkidle")
    if visit.user is not None:
        assert "logga-in" not in watch.page.url, f"{visit.user} was not let in: {watch.page.url}"
    if visit.then is not None:
        visit.then(watch.page)
        watch.page.wait_for_load_state("networkidle")
    return watch


@pytest.mark.parametrize("visit", PORTAL, ids=lambda visit: visit.name)
def test_portal_pages_break_no_rule_of_either_policy(
    new_context: Callable[..., BrowserContext], visit: Visit
) -> None:
    watch = _open(new_context, visit)
    assert watch.enforced() == [], f"{visit.path}: {watch.enforced()}"
    assert watch.reported() == [], f"{visit.path}: {watch.reported()}"
    assert watch.header_errors == []


@pytest.mark.parametrize("visit", WAGTAIL_EDITOR, ids=lambda visit: visit.name)
def test_wagtail_editor_breaks_only_what_is_reported(
    new_context: Callable[..., BrowserContext], visit: Visit
) -> None:
    watch = _open(new_context, visit)
    assert watch.enforced() == [], f"{visit.path}: {watch.enforced()}"
