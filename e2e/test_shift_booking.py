"""From need to SMS: a manager registers a shift need on a phone, the staffing centre finds it on the
board and books the top candidate, and the substitute's SMS arrives."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from playwright.sync_api import BrowserContext, expect
from support import DESKTOP, sent_sms

PHONE_390 = {"width": 390, "height": 844}


def _a_weekday_ahead(days: int = 9) -> dt.date:
    """A Tuesday at least ``days`` ahead: demo substitutes are most often available on weekdays."""
    day = dt.datetime.now(tz=ZoneInfo("Europe/Stockholm")).date() + dt.timedelta(days=days)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def test_manager_registers_a_need_and_the_staffing_centre_books_the_top_candidate(
    new_context: Callable[..., BrowserContext],
) -> None:
    day = _a_weekday_ahead()

    # The manager, on a phone, registers a need for one of their workplaces.
    manager = new_context(user="manager", language="en", viewport=PHONE_390).new_page()
    manager.goto("/bemanning/behov/")
    manager.get_by_role("link", name="Register a need").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Register a need")
    workplace = manager.get_by_label("Workplace", exact=True)
    workplace_name = workplace.locator("option:checked").inner_text().strip()
    workplace_id = workplace.input_value()
    manager.get_by_label("Date", exact=True).fill(day.isoformat())
    manager.get_by_label("Starts").fill("08:10")
    manager.get_by_label("Ends").fill("14:50")
    manager.get_by_label("Break (minutes)").fill("30")
    manager.get_by_label("Reason").select_option("sick_leave")
    manager.get_by_label("Note for the substitute").fill("Fråga efter Anna i receptionen")
    manager.get_by_role("button", name="Register the need").click()
    expect(manager.locator(".messages")).to_contain_text(f"1 shift at {workplace_name}")
    card = manager.locator(".shift-card", has_text="08:10–14:50")
    expect(card).to_have_count(1)
    expect(card.locator(".shift-badge--open")).to_be_visible()
    assert manager.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE_390["width"]

    # The staffing centre filters the board to the workplace and the day and opens the shift.
    staff = new_context(user="staffing_centre", language="en", viewport=DESKTOP).new_page()
    staff.goto("/bemanning/tavla/")
    staff.get_by_label("From", exact=True).fill(day.isoformat())
    staff.get_by_label("To", exact=True).fill(day.isoformat())
    staff.get_by_label("Workplace", exact=True).select_option(workplace_id)
    staff.get_by_role("button", name="Filter").click()
    shift_card = staff.locator(".shift-card", has_text="08:10–14:50")
    expect(shift_card).to_have_count(1)
    shift_card.get_by_role("link", name=re.compile("^Book")).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(workplace_name)
    expect(staff.locator("main")).to_contain_text("Fråga efter Anna i receptionen")

    # The top candidate: first in the ranked list, with the reasons for the rank.
    top = staff.locator(".candidate-list").first.locator(".candidate").first
    expect(top.locator(".shift-tag").first).to_be_visible()
    name = top.locator(".candidate__name strong").inner_text().strip()
    mobile = (top.locator(".candidate__phone").get_attribute("href") or "").removeprefix("tel:")
    assert mobile.startswith("+46"), mobile
    top.get_by_role("button", name=re.compile("^Book")).click()
    expect(staff.locator(".messages")).to_contain_text(f"{name} is booked at {workplace_name}")

    # The substitute's SMS, in Swedish (their language), with the workplace and the times.
    texts = [text for text in sent_sms(mobile) if workplace_name in text]
    assert len(texts) == 1, texts
    assert "08.10-14.50" in texts[0]

    # The manager's week now shows who comes.
    manager.goto(f"/bemanning/behov/?date={day.isoformat()}&workplace={workplace_id}")
    card = manager.locator(".shift-card", has_text="08:10–14:50")
    expect(card.locator(".shift-badge--booked")).to_be_visible()
    expect(card).to_contain_text(name)


def test_bad_need_input_is_explained_on_a_phone(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="manager", language="en", viewport=PHONE_390).new_page()
    page.goto("/bemanning/behov/nytt/")
    page.get_by_label("Date", exact=True).fill(_a_weekday_ahead().isoformat())
    page.get_by_label("Starts").fill("07:00")
    page.get_by_label("Ends").fill("07:00")
    page.get_by_label("Reason").select_option("vacation")
    page.get_by_role("button", name="Register the need").click()
    expect(page.get_by_role("alert")).to_contain_text("The shift ends when it starts")
    expect(page.get_by_label("Starts")).to_have_value("07:00")  # nothing the manager typed is lost
