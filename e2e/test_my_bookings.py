"""The substitute's shifts, availability and calendar feed, and the staffing centre's pool, on a phone.

The substitute (JOSA9804) marks a day off and removes it again, finds a booked shift in the list and
in the month calendar, and copies the calendar-feed address, which serves iCalendar. The staffing
centre (LILE7514) introduces the substitute at a new workplace. Screens are 390 × 844 (an iPhone 14);
set E2E_SCREENSHOT_DIR to keep a screenshot of each page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect

PHONE_390 = {"width": 390, "height": 844}


def today() -> dt.date:
    return dt.datetime.now(tz=ZoneInfo("Europe/Stockholm")).date()


def shot(page: Page, name: str) -> None:
    directory = os.environ.get("E2E_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the screen"


@pytest.fixture
def substitute_page(new_context: Callable[..., BrowserContext]) -> Page:
    context = new_context(user="substitute", language="en", viewport=PHONE_390)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context.new_page()


def test_substitute_marks_a_day_off_on_a_phone_and_removes_it(substitute_page: Page) -> None:
    page = substitute_page
    page.goto("/bemanning/tillganglighet/")
    expect(page.locator(".mypages-week")).to_have_count(4)
    fits_the_screen(page)
    shot(page, "availability")

    page.locator("main a[href$='/tillganglighet/ny-period/']").click()
    day = today() + dt.timedelta(days=20)
    page.locator("#id_kind_1").check()  # cannot work
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_whole_day").check()
    page.locator("#id_note").fill("Tandläkare")
    fits_the_screen(page)
    shot(page, "availability-add")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/bemanning/tillganglighet/$"))
    row = page.locator(".mypages-row", has_text="Tandläkare")
    expect(row).to_have_count(1)
    assert_no_axe_violations(page)

    row.locator("button[type=submit]").click()
    expect(page.locator(".mypages-row", has_text="Tandläkare")).to_have_count(0)


def test_a_period_that_ends_before_it_starts_is_refused(substitute_page: Page) -> None:
    page = substitute_page
    page.goto("/bemanning/tillganglighet/ny-period/")
    day = today() + dt.timedelta(days=5)
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_last_day").fill((day - dt.timedelta(days=2)).isoformat())
    page.locator("#id_whole_day").check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator(".error-summary")).to_contain_text(
        "The last date must be on or after the first date."
    )
    assert_no_axe_violations(page)
    shot(page, "availability-error")


def test_substitute_sees_a_booking_in_the_list_and_the_month(substitute_page: Page) -> None:
    page = substitute_page
    page.goto("/bemanning/mina-pass/")
    first = page.locator(".mypages-booking a").first
    expect(first).to_be_visible()
    href = first.get_attribute("href")
    assert href is not None
    fits_the_screen(page)
    shot(page, "my-shifts")

    page.goto("/bemanning/mina-pass/kalender/")
    link = page.locator(f"table.mypages-month a[href='{href}']")
    if link.count() == 0:  # the shift is early next month
        page.locator("a[rel=next]").click()
    expect(page.locator(f"table.mypages-month a[href='{href}']")).to_have_count(1)
    expect(page.locator("table.mypages-month thead th[scope=col]")).to_have_count(7)
    fits_the_screen(page)
    shot(page, "my-calendar")

    page.locator(f"table.mypages-month a[href='{href}']").click()
    expect(page.locator("dl.details")).to_contain_text("Workplace phone")
    fits_the_screen(page)
    shot(page, "my-booking")


def test_substitute_copies_the_feed_address_and_it_serves_icalendar(substitute_page: Page) -> None:
    page = substitute_page
    page.goto("/bemanning/mina-pass/prenumerera/")
    address = page.locator("#feed-https").input_value()
    assert re.search(r"/bemanning/kalender/[A-Za-z0-9_-]{43}\.ics$", address)
    assert page.locator("#feed-webcal").input_value().startswith("webcal://")
    fits_the_screen(page)
    shot(page, "my-calendar-feed")

    page.locator("button[data-copy-from=feed-https]").click()
    expect(page.locator("#feed-copy-status")).to_have_text("The address is copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # The phone's calendar asks without a session: the address alone is the key.
    path = address[address.index("/bemanning/") :]
    response = page.context.request.get(path, headers={"Cookie": ""})
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in body


def test_staffing_centre_introduces_a_substitute_at_a_workplace(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(user="staffing_centre", language="en", viewport=PHONE_390).new_page()
    page.goto("/bemanning/vikariepoolen/?q=JOSA9804")
    fits_the_screen(page)
    shot(page, "pool")
    page.locator("table.mypages-pool tbody a").first.click()
    expect(page.locator("h1")).to_be_visible()
    shot(page, "pool-substitute")

    introduced = page.locator("#introductions ~ .mypages-rows .mypages-row__text").all_inner_texts()
    options = page.locator("#id_workplace option").all()
    choice = next(
        option
        for option in options[1:]
        if not any(option.inner_text().strip() in text for text in introduced)
    )
    name = choice.inner_text().strip()
    page.locator("#id_workplace").select_option(label=name)
    page.locator("#id_introduced_on").fill(today().isoformat())
    page.locator("form[action$='/introduktion/'] button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text(f"Introduced at {name}.")
    expect(page.locator("section[aria-labelledby=introductions] .mypages-row", has_text=name)).to_have_count(
        1
    )
    assert_no_axe_violations(page)
