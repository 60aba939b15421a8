"""Payroll makes an export on a phone, sees it listed and downloads its PAXml and CSV files; axe on the way.

This changes the demo's state (the waiting lines are exported), so it checks only what it made.
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


def test_payroll_exports_the_waiting_hours_and_downloads_both_files(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    page = new_context(user="payroll", language="en").new_page()
    page.goto("/lon/export/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payroll export")
    waiting = page.locator("#export-waiting .export-count")
    if waiting.count() == 0:  # already exported by an earlier run against this server
        return
    count = int(waiting.inner_text())

    page.locator("#export-make").click()

    expect(page.locator(".message--success")).to_contain_text(f"Time transactions: {count}.")
    expect(page.locator("#export-waiting")).to_contain_text("There are no new approved hours to export.")
    assert_no_axe_violations(page)
    batch = page.locator(".export-batch").first
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
