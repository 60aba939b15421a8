"""What a person does with the portal, click by click, on a phone unless said otherwise."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from support import log_in, set_language


def scroll_width(page: Page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth")


def test_log_in_with_lower_case_username_then_log_out(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("Användarnamn").fill("josa9804")
    page.get_by_label("Lösenord", exact=True).fill("Sommar-Vikarie-2026")
    page.locator("main").get_by_role("button", name="Logga in").click()

    header = page.locator(".site-header")
    expect(header.locator(".who__name")).to_have_text("Sara Johansson")
    expect(header.locator(".who__roles")).to_have_text("Timvikarie")
    expect(page.locator("main")).to_contain_text("Välkommen, Sara.")

    header.get_by_role("button", name="Logga ut").click()
    expect(header.locator(".who")).to_have_count(0)
    expect(header.get_by_role("link", name="Logga in")).to_be_visible()
    # Logged out for real: the profile now asks for a login.
    page.goto("/konto/mina-uppgifter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert "/konto/logga-in/?next=" in page.url


def test_wrong_password_is_explained_and_nothing_happens(page: Page) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("JOSA9804")
    page.get_by_label("Lösenord", exact=True).fill("fel-lösenord")
    page.locator("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord")
    expect(page.locator(".site-header .who")).to_have_count(0)


def test_manager_sees_role_and_own_workplaces(page: Page) -> None:
    log_in(page, "EKAA7221")
    expect(page.locator(".site-header .who__name")).to_have_text("Anna Ekholm")
    expect(page.locator(".site-header .who__roles")).to_have_text("Chef")
    page.get_by_role("button", name="Meny").click()  # on a phone the menu is behind its button
    page.get_by_role("link", name="Mina uppgifter").click()
    expect(page.get_by_role("heading", name="Arbetsplatser du är chef för")).to_be_visible()


def test_switch_language_with_header_button(page: Page) -> None:
    page.goto("/fragor-och-svar/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator(".site-header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/fragor-och-svar/"), "the button keeps the reader on the same page"
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.locator(".site-header").get_by_role("link", name="Log in")).to_be_visible()
    # The choice sticks to the next page, and the button switches back.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    set_language(page, "sv")
    expect(page.locator(".site-header").get_by_role("link", name="Logga in")).to_be_visible()


REFLOW_PAGES = [
    ("/", None),
    ("/fragor-och-svar/", None),
    ("/konto/logga-in/", None),
    ("/", "manager"),  # the header is fullest when logged in: name, role, log out, language
    ("/konto/mina-uppgifter/", "manager"),
]


@pytest.mark.parametrize(("path", "user"), REFLOW_PAGES, ids=lambda v: v or "anonymous")
@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_horizontal_scrolling_at_320_px(
    new_context: Callable[..., BrowserContext], path: str, user: str | None, language: str
) -> None:
    # WCAG 1.4.10 Reflow: content fits 320 CSS px without scrolling sideways.
    page = new_context(user=user, language=language, viewport={"width": 320, "height": 640}).new_page()
    page.goto(path)
    assert scroll_width(page) <= 320


@pytest.mark.parametrize(("path", "user"), REFLOW_PAGES, ids=lambda v: v or "anonymous")
def test_no_horizontal_scrolling_at_200_percent_zoom(
    new_context: Callable[..., BrowserContext], path: str, user: str | None
) -> None:
    # WCAG 1.4.4 Resize text: browser zoom to 200 % on a 1280 × 800 window leaves a layout viewport
    # of 640 × 400 CSS px with two device pixels per CSS px. A 640 × 400 viewport with
    # device_scale_factor=2 is exactly that (CSS `zoom` would scale the page but not the media
    # queries, so it would test a layout no browser shows).
    context = new_context(user=user, viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("() => window.innerWidth") == 640
    assert page.evaluate("() => window.devicePixelRatio") == 2
    assert scroll_width(page) <= 640


@pytest.mark.parametrize("user", [None, "staffing_centre", "admin"], ids=lambda v: v or "anonymous")
@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_the_header_search_field_is_wide_enough_to_type_in(
    new_context: Callable[..., BrowserContext], user: str | None, width: int
) -> None:
    # Beside a staff member's long menu the desktop header once squeezed the field to 23 px.
    page = new_context(user=user, viewport={"width": width, "height": 800}).new_page()
    page.goto("/")
    box = page.locator("#site-search-q").bounding_box()
    assert box is not None and box["width"] >= 150
    assert scroll_width(page) <= width


def test_skip_link_is_first_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/fragor-och-svar/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Hoppa till innehållet")
    expect(focused).to_have_attribute("href", "#main")
    # It is hidden until focused, and then visible on screen.
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes into the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
