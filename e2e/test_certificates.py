"""Certificates in the browser: a substitute orders, HR signs and releases, anyone checks it.

The substitute's pages need a strong login (password + SMS code, as test_support.py does). The
flow runs in English (the msgids); the pages pass axe-core on a phone. With E2E_SHOTS=<folder> the
test also saves phone screenshots of Mina intyg and HR's queue there.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import sent_sms
from test_support import SUBSTITUTE_MOBILE, strong_login


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True, animations="disabled")


def test_substitute_orders_hr_releases_and_the_public_check_says_genuine(
    new_context: Callable[..., BrowserContext],
) -> None:
    today = dt.datetime.now(tz=ZoneInfo("Europe/Stockholm")).date()

    # The substitute orders a certificate of service for the last year.
    substitute = new_context(language="en").new_page()
    strong_login(substitute, "/intyg/")
    assert_no_axe_violations(substitute)
    _shot(substitute, "certificates-mina-intyg-phone")
    substitute.get_by_role("link", name=re.compile("Certificate of service")).click()
    expect(substitute).to_have_url(re.compile(r"/intyg/bestall/tjanstgoringsintyg/$"))
    # Bad input first: the end before the start is refused next to its field.
    substitute.locator("#id_period_from").fill((today - dt.timedelta(days=10)).isoformat())
    substitute.locator("#id_period_to").fill((today - dt.timedelta(days=20)).isoformat())
    substitute.locator("main form button[type=submit]").click()
    expect(substitute.locator("#id_period_to-error")).to_be_visible()
    assert_no_axe_violations(substitute)
    substitute.locator("#id_period_from").fill((today - dt.timedelta(days=365)).isoformat())
    substitute.locator("#id_period_to").fill((today - dt.timedelta(days=1)).isoformat())
    substitute.locator("#id_purpose").fill("Ny arbetsgivare")
    substitute.locator("main form button[type=submit]").click()
    expect(substitute).to_have_url(re.compile(r"/intyg/\d+/$"))
    order_path = substitute.url[substitute.url.index("/intyg/") :]
    number = substitute.locator(".details dd").first.inner_text().strip()
    assert number.startswith("INT-")
    assert_no_axe_violations(substitute)

    # HR finds it in the queue, previews, signs and releases.
    hr = new_context(user="hr", language="en").new_page()
    hr.goto("/intyg/ko/")
    assert_no_axe_violations(hr)
    _shot(hr, "certificates-hr-queue-phone")
    hr.locator("main .support-list li", has_text=number).get_by_role("link").click()
    assert_no_axe_violations(hr)
    hr.get_by_role("button", name="Sign and release").click()
    expect(hr.locator(".messages")).to_contain_text("signed and released")

    # The SMS says it is ready, with no personal details; the PDF is there to download.
    texts = sent_sms(SUBSTITUTE_MOBILE)
    assert any("/intyg/" in text for text in texts[-2:]), texts[-2:]
    substitute.goto(order_path)
    expect(substitute.get_by_role("link", name="Download PDF")).to_be_visible()
    response = substitute.request.get(f"{order_path}pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.body())).pages)
    assert number in text
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    assert code is not None

    # Anyone: the number and code say genuine; a forged code says no such certificate.
    public = new_context(language="en").new_page()
    public.goto("/intyg/kontroll/")
    public.locator("#id_nummer").fill(number)
    public.locator("#id_kod").fill(code.group(0))
    public.locator("#id_fil").set_input_files(
        [{"name": f"{number}.pdf", "mimeType": "application/pdf", "buffer": response.body()}]
    )
    public.locator("main form button[type=submit]").click()
    expect(public.locator("#verify-result")).to_contain_text("genuine")
    expect(public.locator("#verify-result")).to_contain_text("unchanged")
    assert_no_axe_violations(public)
    public.goto(f"/intyg/kontroll/?nummer={number}&kod=ABCD-EFGH-JKMN")
    expect(public.locator("#verify-result")).to_contain_text("No such certificate")
    assert_no_axe_violations(public)
