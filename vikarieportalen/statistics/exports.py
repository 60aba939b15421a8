"""The statistics as files: CSV (semicolons, for Excel in Swedish) and XLSX, one sheet per table."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from vikarieportalen.statistics.selectors import Cell, Report

SHEET_NAME_MAX = 31  # Excel's limit


def csv_safe(value: Cell) -> Cell:
    """Text a spreadsheet will not run as a formula; numbers as they are."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return f"'{value}"
    return value


def _period_line(report: Report) -> list[str]:
    scope = report.scope
    return [_("Period"), scope.first.isoformat(), scope.last.isoformat()]


def report_csv(report: Report) -> str:
    """Every table after another: its title, its header, its rows, and an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_period_line(report))
    writer.writerow([])
    for table in report.tables:
        writer.writerow([csv_safe(table.title)])
        writer.writerow([csv_safe(column) for column in table.columns])
        for row in table.rows:
            writer.writerow(["" if cell is None else csv_safe(cell) for cell in row.cells])
        writer.writerow([])
    return "\ufeff" + out.getvalue()


def report_xlsx(report: Report) -> bytes:
    """One sheet per table, numbers as numbers; the first sheet says the period."""
    book = Workbook(write_only=True)
    about = book.create_sheet(_("Period")[:SHEET_NAME_MAX])
    about.append(_period_line(report))
    used = {about.title}
    for table in report.tables:
        name = table.title[:SHEET_NAME_MAX]
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        while name in used:
            name = f"{name[: SHEET_NAME_MAX - 2]} {len(used)}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([table.title])
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append([float(c) if isinstance(c, Decimal) else csv_safe(c) for c in row.cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
