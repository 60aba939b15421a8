"""The CSV file of an export: the same lines as the PAXml file, for spreadsheets and other systems.

Made for Swedish Excel and payroll imports: UTF-8 with a byte order mark (so Excel reads å, ä, ö),
semicolons between fields, a decimal comma in the hours, CRLF line ends, one header row. The header
is fixed Swedish text, not translated: a file format must not change with the exporter's language.
"""

from __future__ import annotations

import csv
import io

from vikarieportalen.payroll.export.rules import hours_from_minutes, local_minute, spreadsheet_safe
from vikarieportalen.payroll.export.types import ExportLine

HEADER = [
    "Rad-id",
    "Anställningsnummer",
    "Datum",
    "Start",
    "Slut",
    "Timmar",
    "Minuter",
    "Tidkod",
    "PAXml-tidkod",
    "Kostnadsställe",
]


class CsvWriter:
    """``add()`` each line in order, then ``finish()`` for the file's bytes."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._text = io.TextIOWrapper(self._out, encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._text, delimiter=";", lineterminator="\r\n")
        self._csv.writerow(HEADER)
        self.count = 0

    def add(self, line: ExportLine) -> None:
        self._csv.writerow(
            [
                line.pk,
                spreadsheet_safe(line.employee_number),
                line.day.isoformat(),
                local_minute(line.starts_at),
                local_minute(line.ends_at),
                str(hours_from_minutes(line.minutes)).replace(".", ","),
                line.minutes,
                spreadsheet_safe(line.time_code),
                line.paxml_time_code,
                spreadsheet_safe(line.cost_centre),
            ]
        )
        self.count += 1

    def finish(self) -> bytes:
        self._text.flush()
        data = self._out.getvalue()
        self._text.detach()
        return data
