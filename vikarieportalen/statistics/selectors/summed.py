"""The sections made of sums per workplace and day (fill rate, cancellations, cost): read from the
daily summary for whole past days and from the bookings for the rest (``selectors.daily``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from vikarieportalen.statistics import rules
from vikarieportalen.statistics.models import SUMMED
from vikarieportalen.statistics.rules import Step
from vikarieportalen.statistics.selectors.base import Cell, Scope, Section, Series, Sums, sum_tables
from vikarieportalen.statistics.selectors.daily import daily_figures


def summed_figures(scope: Scope, *, summary: bool = True) -> Sums:
    """Every summed figure of the scope per workplace and per step."""
    sums = Sums(SUMMED)
    rows = daily_figures(scope.workplace_ids, scope.first, scope.last, step=scope.step, summary=summary)
    sums.add(rows, workplace_key="workplace_id", step_key="start")
    return sums


def fill_section(scope: Scope, sums: Sums) -> Section:
    def cells(values: dict[str, Any]) -> list[Cell]:
        return [values["needed"], values["booked"], rules.rate(values["booked"], values["needed"])]

    tables = sum_tables(
        scope,
        sums,
        key="fill",
        title=_("Fill rate per workplace"),
        columns=[_("Shifts needed"), _("Shifts booked"), _("Fill rate (%)")],
        cells=cells,
        trend_title=_("Fill rate per week") if scope.step == Step.WEEK else _("Fill rate per month"),
    )
    assert tables.trend is not None  # noqa: S101 - asked for above
    chart = Series(
        labels=tables.labels,
        values=[rules.rate(sums.step[s]["booked"], sums.step[s]["needed"]) for s in tables.starts],
        unit="%",
    )
    return Section(
        key="fill",
        title=_("Fill rate"),
        tables=[tables.trend, tables.table],
        chart=chart,
        chart_kind="line",
        note=_("Booked shifts of the shifts needed (cancelled needs not counted), by the shift's date."),
    )


CANCELLATIONS = ["booking_substitute", "booking_manager", "booking_staff", "need_manager", "need_staff"]


def cancellation_section(scope: Scope, sums: Sums) -> Section:
    tables = sum_tables(
        scope,
        sums,
        key="cancellations",
        title=_("Cancellations by whom"),
        columns=[
            _("Bookings cancelled by the substitute"),
            _("Bookings cancelled by the manager"),
            _("Bookings cancelled by the staffing centre"),
            _("Needs withdrawn by the manager"),
            _("Needs withdrawn by the staffing centre"),
        ],
        cells=lambda values: [values[name] for name in CANCELLATIONS],
    )
    total = sums.total()
    chart = Series(
        labels=[_("Substitute"), _("Manager"), _("Staffing centre")],
        values=[
            float(total["booking_substitute"]),
            float(total["booking_manager"]),
            float(total["booking_staff"]),
        ],
        unit=_("bookings"),
    )
    return Section(
        key="cancellations",
        title=_("Cancellations"),
        tables=[tables.table],
        chart=chart,
        note=_(
            "Who cancelled: the substitute themselves, one of the workplace's managers, or anyone else "
            "(the staffing centre, HR, an administrator)."
        ),
    )


def _kronor(value: Decimal | int) -> int:
    return int(Decimal(value).quantize(Decimal(1)))


def cost_section(scope: Scope, sums: Sums) -> Section:
    def cells(values: dict[str, Any]) -> list[Cell]:
        return [
            round(values["minutes"] / 60, 1),
            _kronor(values["wages"]),
            _kronor(values["supplements"]),
            _kronor(values["wages"] + values["supplements"]),
        ]

    tables = sum_tables(
        scope,
        sums,
        key="cost",
        title=_("Cost per workplace"),
        columns=[
            _("Hours approved"),
            _("Wages (SEK)"),
            _("Unsocial-hours supplements (SEK)"),
            _("Total (SEK)"),
        ],
        cells=cells,
        trend_title=_("Cost per week") if scope.step == Step.WEEK else _("Cost per month"),
    )
    assert tables.trend is not None  # noqa: S101 - asked for above
    step = sums.step
    return Section(
        key="cost",
        title=_("Cost"),
        tables=[tables.trend, tables.table],
        chart=Series(
            labels=tables.labels,
            values=[float(_kronor(step[s]["wages"] + step[s]["supplements"])) for s in tables.starts],
            unit=_("SEK"),
        ),
        note=_("Approved hours sent to payroll: the hourly wage and the unsocial-hours supplements (OB)."),
    )
