"""The statistics, read from staffing's shifts, bookings and offers and payroll's pay lines.

Every figure is an aggregate in the database: counts, sums and percentiles grouped by workplace (and
by week or month), or by area where a percentile cannot be added up. The additive figures (fill
rate, cancellations, cost) come from the daily summary for whole past days and from the bookings
for the last few (``daily``, ``summed``); percentiles and per-person figures from the refresh's
histograms and per-person months and the bookings (``durations``, ``hours``, ``las``, ``live``).
What Python does afterwards is add up grouped rows (one per workplace and step, never one per
booking) into the area and total rows, and lay them out as tables. A report takes a fixed
number of queries, whatever the data.
"""

from __future__ import annotations

from vikarieportalen.statistics.selectors.base import (
    STAFF_ROLES,
    Cell,
    Report,
    Row,
    Scope,
    Section,
    Series,
    Table,
    statistics_sees_everything,
    statistics_workplaces,
)
from vikarieportalen.statistics.selectors.daily import daily_live, summary_through
from vikarieportalen.statistics.selectors.las import las_section
from vikarieportalen.statistics.selectors.live import (
    hours_section,
    lead_time_section,
    offer_section,
    substitute_minutes,
)
from vikarieportalen.statistics.selectors.summed import (
    cancellation_section,
    cost_section,
    fill_section,
    summed_figures,
)

__all__ = [
    "STAFF_ROLES",
    "Cell",
    "Report",
    "Row",
    "Scope",
    "Section",
    "Series",
    "Table",
    "daily_live",
    "statistics_report",
    "statistics_sees_everything",
    "statistics_workplaces",
    "summary_through",
]


def statistics_report(*, scope: Scope, summary: bool = True) -> Report:
    """Every section of the statistics for the scope's workplaces over its period. ``summary``
    False computes every figure from the bookings (the tests compare the two)."""
    report = Report(scope=scope)
    if not scope.workplaces:
        return report
    sums = summed_figures(scope, summary=summary)
    minutes = substitute_minutes(scope, summary=summary)
    report.sections = [
        fill_section(scope, sums),
        lead_time_section(scope, summary=summary),
        offer_section(scope, sums, summary=summary),
        hours_section(minutes),
        cancellation_section(scope, sums),
        las_section(scope, minutes, through=summary_through() if summary else None),
        cost_section(scope, sums),
    ]
    return report
