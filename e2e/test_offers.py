"""Offers (förfrågan) in the browser: the substitute accepts the demo offer from its short link on a
phone, and the staffing centre sees who took the shift in the send-out."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, expect
from support import DESKTOP

PHONE_360 = {"width": 360, "height": 740}


def test_substitute_accepts_an_offer_from_the_link_on_a_phone(
    new_context: Callable[..., BrowserContext],
) -> None:
    phone = new_context(user="substitute", language="en", viewport=PHONE_360).new_page()

    # The start page lists the offer waiting for an answer; the short link opens it.
    phone.goto("/")
    panel = phone.locator("#open-offers")
    expect(panel).to_be_visible()
    link = panel.locator("a[href^='/f/']").first
    href = link.get_attribute("href")
    assert href is not None and len(href) <= 16, href
    phone.goto(href)
    expect(phone.locator("#offer-accept")).to_be_visible()
    heading = phone.get_by_role("heading", level=1).inner_text()
    assert phone.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE_360["width"]

    phone.locator("#offer-accept").click()
    expect(phone.locator(".messages")).to_contain_text("The shift is yours")
    expect(phone.locator("#offer-state")).to_contain_text("the shift is yours")
    expect(phone.locator("#offer-accept")).to_have_count(0)

    # The booking is among the substitute's shifts.
    phone.locator("#offer-state a").click()
    workplace = heading.splitlines()[0].strip()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(workplace)

    # Answering the same link again changes nothing: the page still says the shift is yours.
    phone.goto(href)
    expect(phone.locator("#offer-state")).to_contain_text("the shift is yours")

    # The staffing centre's send-out shows who accepted.
    name = phone.locator(".site-header .who__name").inner_text().strip()
    staff = new_context(user="staffing_centre", language="en", viewport=DESKTOP).new_page()
    staff.goto("/bemanning/forfragningar/")
    sends = [link.get_attribute("href") for link in staff.locator("main table a").all()]
    texts = []
    for send in sends:
        staff.goto(str(send))
        texts.append(staff.locator("main").inner_text())
    assert any(f"Filled: {name} accepted." in text for text in texts), texts
