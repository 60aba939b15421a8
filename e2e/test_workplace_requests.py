"""More workplaces: a substitute asks on a phone to work at Hemtjänst Centrum, the staffing centre
sends the request on, the manager there approves, and the substitute sees the new workplace — with
an SMS after each step."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, expect
from support import DESKTOP, PHONE, sent_sms

WORKPLACE = "Hemtjänst Centrum"  # not among JOSA9804's workplaces in the demo
HEMTJANST_MANAGER = "YOAD8116"  # Ahmed Yousef, the demo manager of Hemtjänst Centrum
JOSA_MOBILE = "+46701740605"


def _texts_about(workplace: str) -> list[str]:
    return [text for text in sent_sms(JOSA_MOBILE) if workplace in text]


def test_substitute_asks_staffing_centre_forwards_manager_approves(
    new_context: Callable[..., BrowserContext],
) -> None:
    # The substitute asks, on a phone.
    substitute = new_context(user="substitute", language="en", viewport=PHONE).new_page()
    substitute.goto("/bemanning/fler-arbetsplatser/")
    expect(substitute.get_by_role("heading", level=1)).to_have_text("More workplaces")
    expect(substitute.locator("#introduced")).not_to_contain_text(WORKPLACE)
    substitute.get_by_label("Workplace", exact=True).select_option(label=WORKPLACE)
    substitute.get_by_label("Message to the staffing centre (optional)").fill("Jag har B-körkort.")
    substitute.get_by_role("button", name="Send the request").click()
    expect(substitute.locator(".messages")).to_contain_text(f"to work at {WORKPLACE} is sent")
    expect(substitute.get_by_role("heading", level=1)).to_contain_text(WORKPLACE)
    expect(substitute.locator("main")).to_contain_text("Sent to the staffing centre")
    assert substitute.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]

    # The staffing centre reviews it and sends it on to the manager.
    staff = new_context(user="staffing_centre", language="en", viewport=DESKTOP).new_page()
    staff.goto("/bemanning/arbetsplatsonskemal/")
    card = staff.locator("#to-review .wpreq-item", has_text=WORKPLACE).filter(has_text="Sara Johansson")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Solbackens äldreboende")  # where she works now
    card.get_by_role("link", name=re.compile("Sara Johansson")).click()
    staff.get_by_label("Note").fill("Har körkort, passar i hemtjänsten.")
    staff.get_by_role("button", name="Send to the manager").click()
    expect(staff.locator(".messages")).to_contain_text(f"sent to the manager of {WORKPLACE}")
    forwarded = _texts_about(WORKPLACE)
    assert len(forwarded) == 1 and "/bemanning/fler-arbetsplatser/" in forwarded[0], forwarded
    assert "körkort" not in forwarded[0]  # notes stay on the request page

    # The manager approves, on a phone.
    manager = new_context(user=HEMTJANST_MANAGER, language="en", viewport=PHONE).new_page()
    manager.goto("/bemanning/chef/arbetsplatsonskemal/")
    card = manager.locator("#to-decide .wpreq-item", has_text="Sara Johansson")
    expect(card).to_have_count(1)
    card.get_by_role("link", name=re.compile("Sara Johansson")).click()
    expect(manager.locator("main")).to_contain_text("Har körkort, passar i hemtjänsten.")
    manager.get_by_role("button", name="Approve").click()
    expect(manager.locator(".messages")).to_contain_text(f"may now be booked at {WORKPLACE}")
    assert len(_texts_about(WORKPLACE)) == 2

    # The substitute now works there.
    substitute.goto("/bemanning/fler-arbetsplatser/")
    expect(substitute.locator("#introduced")).to_contain_text(WORKPLACE)
    substitute.locator("#closed-requests a", has_text=WORKPLACE).click()
    expect(substitute.locator("main")).to_contain_text("Approved by the workplace's manager")
