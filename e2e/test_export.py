"""Payroll sees the demo's exported, locked pay period on a phone and downloads its PAXml and CSV files.

Read-only: the demo exported every pay period that is over, so there is nothing to export here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from axe import assert_no_axe_violations
from lxml import etree
from playwright.sync_api import BrowserContext, expect

XSD = (
    Path(__file__).resolve().parent.parent / "vikarieportalen" / "payroll" / "export" / "schema" / "paxml.xsd"
)


def test_payroll_sees_the_locked_period_and_downloads_its_files(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    page = new_context(user="payroll", language="en").new_page()
    page.goto("/lon/export/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payroll export")
    # The demo exported every period that is over; the page opens on the last of them, locked.
    expect(page.locator("#export-waiting")).to_contain_text("Exported and locked on")
    expect(page.locator("#export-make")).to_have_count(0)
    assert_no_axe_violations(page)
    batch = page.locator(".export-batch").first
    count = int(batch.get_by_text("Time transactions:").inner_text().rsplit(" ", 1)[-1])
    with page.expect_download() as paxml_download:
        batch.get_by_role("link", name="PAXml file").click()
    paxml = tmp_path / "export.xml"
    paxml_download.value.save_as(paxml)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    root = etree.parse(str(paxml))
    assert schema.validate(root), schema.error_log
    assert len(root.findall("tidtransaktioner/tidtrans")) == count
    with page.expect_download() as csv_download:
        batch.get_by_role("link", name="CSV file").click()
    csv = tmp_path / "export.csv"
    csv_download.value.save_as(csv)
    assert len(csv.read_bytes().decode("utf-8-sig").splitlines()) == count + 1
