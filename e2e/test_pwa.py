"""The phone's app shell and the installable portal (issue 19) in Chromium.

Runs against its own demo server (module scope), so that the demo's open offer for Sara is still
there whatever other tests answered, and the service worker's caches start empty. 127.0.0.1 is a
secure context: the worker registers over plain HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import Browser, BrowserContext, Page, expect
from server import running_portal
from support import DEMO_USERS, log_in

PHONE_390 = {"width": 390, "height": 844}
SIZES = {"320": {"width": 320, "height": 640}, "390": PHONE_390, "1280": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def pwa_url() -> Iterator[str]:
    with running_portal() as url:
        yield url


@pytest.fixture
def context_for(browser: Browser, pwa_url: str) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make(
        *, user: str | None = None, language: str = "sv", viewport: dict[str, int] | None = None
    ) -> BrowserContext:
        context = browser.new_context(base_url=pwa_url, viewport=viewport or PHONE_390, locale="sv-SE")
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "vp_language", "value": language, "url": pwa_url}])
        contexts.append(context)
        if user is not None:
            log_in(context.new_page(), DEMO_USERS[user])
        return context

    yield make
    for context in contexts:
        context.close()


def _worker_ready(page: Page) -> None:
    """Waits until the service worker is active and controls the page."""
    page.evaluate("() => navigator.serviceWorker.ready")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def _cache_names(page: Page) -> list[str]:
    names: list[str] = page.evaluate("() => caches.keys()")
    return names


def test_the_manifest_meets_the_install_criteria(context_for: Callable[..., BrowserContext]) -> None:
    page = context_for().new_page()
    page.goto("/")
    manifest: dict[str, Any] = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    for icon in manifest["icons"]:
        status = page.evaluate("async (src) => (await fetch(src)).status", icon["src"])
        assert status == 200, icon
    # Chromium's own reading of the manifest: no errors, installable.
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getAppManifest")["errors"]
    assert errors == [], errors
    installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito profiles, where Chromium installs nothing: that one error
    # is about the browser, not the portal; any other (manifest, icons, worker) fails the test.
    about_the_site = [error for error in installability if error["errorId"] != "in-incognito"]
    assert about_the_site == [], installability


def test_the_worker_registers_and_mina_pass_reads_offline_then_log_out_clears_it(
    context_for: Callable[..., BrowserContext],
) -> None:
    context = context_for(user="substitute")
    page = context.new_page()
    page.goto("/")
    _worker_ready(page)
    page.goto("/bemanning/mina-pass/")
    heading = page.get_by_role("heading", level=1).inner_text()
    booking_href = page.evaluate(
        "() => [...document.querySelectorAll('main a')].map((a) => a.getAttribute('href'))"
        ".find((href) => /^\\/bemanning\\/mina-pass\\/\\d+\\/$/.test(href))"
    )
    assert booking_href, "the demo gives Sara coming bookings"
    page.goto(booking_href)
    booking_heading = page.get_by_role("heading", level=1).inner_text()
    page.wait_for_function("async () => (await caches.keys()).some((n) => n.startsWith('vp-user-'))")

    context.set_offline(True)
    page.goto("/bemanning/mina-pass/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    note = page.locator("#offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Du är offline")
    assert page.locator("#offline-saved").get_attribute("datetime")
    page.goto(booking_href)
    expect(page.get_by_role("heading", level=1)).to_have_text(booking_heading)
    # A page never kept: the offline page.
    page.goto("/konto/mina-uppgifter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är offline")
    assert_no_axe_violations(page)

    context.set_offline(False)
    page.goto("/")
    page.locator(".site-header").get_by_role("button", name="Logga ut").click()
    expect(page.locator(".site-header .who")).to_have_count(0)
    assert not [name for name in _cache_names(page) if name.startswith("vp-user-")]
    # Offline again, logged out: Sara's shifts are gone from the phone.
    context.set_offline(True)
    page.goto("/bemanning/mina-pass/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är offline")
    expect(page.locator(f"main a[href='{booking_href}']")).to_have_count(0)


def test_another_persons_page_makes_the_worker_forget_the_copies(
    context_for: Callable[..., BrowserContext],
) -> None:
    # A session that ended without logging out, then someone else logs in on the same phone.
    context = context_for(user="substitute")
    page = context.new_page()
    page.goto("/")
    _worker_ready(page)
    page.goto("/bemanning/mina-pass/")
    page.wait_for_function("async () => (await caches.keys()).some((n) => n.startsWith('vp-user-'))")
    context.clear_cookies()
    page.goto("/konto/logga-in/")
    page.wait_for_function("async () => !(await caches.keys()).some((n) => n.startsWith('vp-user-'))")


def test_the_start_page_on_a_phone_shows_the_offer_and_the_next_shift_without_scrolling(
    context_for: Callable[..., BrowserContext],
) -> None:
    page = context_for(user="substitute").new_page()
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 120, header
    bar = page.locator(".bottom-nav").bounding_box()
    assert bar is not None
    fold = bar["y"]  # the bottom bar covers the rest of the screen
    for selector in ("#open-offers .offer-quick__item", "#next-booking"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= fold, (selector, box, fold)
    expect(page.locator(".bottom-nav__badge")).to_be_visible()


def test_one_tap_answers_after_a_confirmation(context_for: Callable[..., BrowserContext]) -> None:
    page = context_for(user="substitute", language="en").new_page()
    page.goto("/")
    item = page.locator("#open-offers .offer-quick__item").first
    questions: list[str] = []

    def dismiss(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    item.get_by_role("button", name="Decline").click()
    assert questions and questions[0].startswith("Decline the shift")
    expect(page).to_have_url(page.url)  # dismissed: nothing sent
    expect(item).to_be_visible()


def test_the_menu_button_opens_traps_focus_and_closes_on_escape(
    context_for: Callable[..., BrowserContext],
) -> None:
    page = context_for(user="substitute").new_page()
    page.goto("/bemanning/mina-pass/")
    button = page.get_by_role("button", name="Meny")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".site-nav")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".site-nav").get_by_role("link", name="Mina uppgifter")).to_be_visible()
    inside = page.locator("#site-menu-panel, #site-menu-button")
    for _ in range(15):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => !!document.activeElement.closest('#site-menu-panel, #site-menu-button')"
        ), "focus left the open menu"
    assert inside.count() == 2
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    # The bottom bar's "Mer" opens the same menu.
    page.locator(".bottom-nav").get_by_role("link", name="Mer").click()
    expect(button).to_have_attribute("aria-expanded", "true")


def test_without_javascript_the_menu_is_a_link_to_the_panel(browser: Browser, pwa_url: str) -> None:
    context = browser.new_context(base_url=pwa_url, viewport=PHONE_390, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.locator(".site-nav")).to_be_hidden()
    page.get_by_role("link", name="Meny").click()
    expect(page.locator(".site-nav").get_by_role("link", name="Start")).to_be_visible()
    context.close()


@pytest.mark.parametrize("user", ["staffing_centre", "admin"])
def test_the_staff_header_fits_one_line_at_1280_px_with_a_usable_search(
    context_for: Callable[..., BrowserContext], user: str
) -> None:
    page = context_for(user=user, viewport=SIZES["1280"]).new_page()
    page.goto("/")
    search = page.locator("#site-search-q").bounding_box()
    font = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('#site-search-q')).fontSize)"
    )
    assert search is not None and search["width"] >= 12 * font, search
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.brand, #site-menu-button, .site-search, .site-tools')]
                  .map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom])"""
    )
    # One line: every part overlaps the same band.
    assert max(top for top, _ in tops) < min(bottom for _, bottom in tops), tops


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("menu", ["closed", "open"])
def test_the_shell_has_no_axe_violations(
    context_for: Callable[..., BrowserContext], size: str, language: str, menu: str
) -> None:
    page = context_for(user="substitute", language=language, viewport=SIZES[size]).new_page()
    page.goto("/")
    if menu == "open":
        page.locator("#site-menu-button").click()
    assert_no_axe_violations(page)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= SIZES[size]["width"]


def test_the_shell_at_200_percent_zoom_has_no_axe_violations(
    context_for: Callable[..., BrowserContext],
) -> None:
    # 200 % zoom on a 1280 × 800 window: a 640 × 400 layout viewport at two device pixels per px.
    context = context_for(user="staffing_centre", viewport={"width": 640, "height": 400})
    page = context.new_page()
    page.goto("/")
    page.locator("#site-menu-button").click()
    assert_no_axe_violations(page)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 640
