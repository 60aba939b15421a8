"""Reconciliation of a pay period (*avstämning*): hours and amounts per time code, and the check.

The check: the lines in the period's exports (batches of the period, done) are exactly the lines
paid in the period, in number, minutes and kronor, and no exported line of the period's batches
belongs to another period. For a period not yet exported it says how much is still unexported.
Three queries, however many lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from vikarieportalen.payroll.export.rules import hours_from_minutes, spreadsheet_safe
from vikarieportalen.payroll.models import ExportStatus, TimeTransaction

CENT = Decimal("0.01")
CSV_HEADER = ["Period", "Tidkod", "Rader", "Vikarier", "Timmar", "Minuter", "Belopp (kr)", "Sena rader"]


@dataclass(frozen=True)
class Totals:
    lines: int
    minutes: int
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True)
class CodeRow:
    time_code: str
    lines: int
    substitutes: int
    minutes: int
    amount: Decimal
    late: int

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True)
class Reconciliation:
    period: dt.date
    rows: list[CodeRow]
    substitutes: int
    approved: Totals  # every line paid in the period
    exported: Totals  # the lines of the period's exports
    foreign: int  # lines in the period's exports that belong to another period (must be 0)

    @property
    def unexported(self) -> Totals:
        return Totals(
            lines=self.approved.lines - self.exported.lines,
            minutes=self.approved.minutes - self.exported.minutes,
            amount=self.approved.amount - self.exported.amount,
        )

    @property
    def balanced(self) -> bool:
        """The exports hold exactly the period's approved lines."""
        return self.foreign == 0 and self.approved == self.exported


def _kronor(value: Decimal | None) -> Decimal:
    """A sum of amounts to the öre (SQLite's sums come back without their decimals)."""
    return Decimal(value or 0).quantize(CENT)


def _totals(values: dict[str, Any]) -> Totals:
    return Totals(
        lines=int(values["lines"] or 0),
        minutes=int(values["minutes"] or 0),
        amount=_kronor(values["amount"]),
    )


def period_reconciliation(month: dt.date) -> Reconciliation:
    lines = TimeTransaction.objects.filter(period=month)
    rows = [
        CodeRow(
            time_code=row["time_code"],
            lines=row["lines"],
            substitutes=row["substitutes"],
            minutes=row["minutes"] or 0,
            amount=_kronor(row["amount"]),
            late=row["late"],
        )
        for row in lines.values("time_code")
        .annotate(
            lines=Count("pk"),
            substitutes=Count("substitute", distinct=True),
            minutes=Sum("minutes"),
            amount=Sum("amount"),
            late=Count("pk", filter=Q(late=True)),
        )
        .order_by("time_code")
    ]
    approved = lines.aggregate(
        lines=Count("pk"),
        minutes=Sum("minutes"),
        amount=Sum("amount"),
        substitutes=Count("substitute", distinct=True),
    )
    in_exports = TimeTransaction.objects.filter(batch__period=month, batch__status=ExportStatus.DONE)
    exported = in_exports.aggregate(
        lines=Count("pk", filter=Q(period=month)),
        minutes=Sum("minutes", filter=Q(period=month)),
        amount=Sum("amount", filter=Q(period=month)),
        foreign=Count("pk", filter=~Q(period=month)),
    )
    return Reconciliation(
        period=month,
        rows=rows,
        substitutes=approved["substitutes"],
        approved=_totals(approved),
        exported=_totals(exported),
        foreign=exported["foreign"],
    )


def _decimal_comma(value: Decimal) -> str:
    return str(value).replace(".", ",")


def reconciliation_csv(report: Reconciliation) -> bytes:
    """For Swedish Excel, like the export's CSV: UTF-8 with BOM, semicolons, decimal comma, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    period = f"{report.period:%Y-%m}"
    for row in report.rows:
        writer.writerow(
            [
                period,
                spreadsheet_safe(row.time_code),
                row.lines,
                row.substitutes,
                _decimal_comma(row.hours),
                row.minutes,
                _decimal_comma(row.amount),
                row.late,
            ]
        )
    approved, exported = report.approved, report.exported
    writer.writerow(
        [
            period,
            "Summa",
            approved.lines,
            report.substitutes,
            _decimal_comma(approved.hours),
            approved.minutes,
            _decimal_comma(approved.amount),
            sum(row.late for row in report.rows),
        ]
    )
    writer.writerow(
        [
            period,
            "Exporterat",
            exported.lines,
            "",
            _decimal_comma(exported.hours),
            exported.minutes,
            _decimal_comma(exported.amount),
            "",
        ]
    )
    writer.writerow([period, "Stämmer", "ja" if report.balanced else "nej", "", "", "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
