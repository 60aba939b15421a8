"""Approval of worked hours on a phone: EKAA7221 approves a shift as booked with one tap, another with
a later end and a note, and the list follows; the page never scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, expect

PHONE_360 = {"width": 360, "height": 780}


def test_manager_approves_hours_on_a_phone(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    page = new_context(user="manager", language="en", viewport=PHONE_360).new_page()
    page.goto("/bemanning/attest/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve worked hours")
    cards = page.locator("#hours-waiting .hours-card")
    waiting = cards.count()
    assert waiting >= 2, "the demo leaves EKAA7221 shifts waiting"
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE_360["width"]
    page.screenshot(path=str(tmp_path / "hours_list_phone.png"), full_page=True)

    # One tap: approved as booked, the card leaves the list.
    first = cards.first
    first_id = first.get_attribute("id")
    first.get_by_role("button", name=re.compile("^Approve as booked")).click()
    expect(page.locator(".messages")).to_contain_text("Approved:")
    expect(page.locator(f"#{first_id}")).to_have_count(0)
    expect(cards).to_have_count(waiting - 1)

    # Another shift: the substitute stayed half an hour longer.
    cards.first.get_by_role("link", name=re.compile("^Other times or not worked")).click()
    expect(page.get_by_role("heading", level=2, name="Approve the actual times")).to_be_visible()
    booked_end = page.get_by_label("Actual end").input_value()
    hours, minutes = (int(part) for part in booked_end.split(":"))
    later = f"{(hours + (minutes + 30) // 60) % 24:02d}:{(minutes + 30) % 60:02d}"
    page.get_by_label("Actual end").fill(later)
    page.get_by_label("Note (optional)").first.fill("Stannade kvar för överrapportering")
    page.screenshot(path=str(tmp_path / "hours_detail_phone.png"), full_page=True)
    page.get_by_role("button", name="Approve the hours").click()
    expect(page.locator(".messages")).to_contain_text("Approved:")
    expect(cards).to_have_count(waiting - 2)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE_360["width"]
