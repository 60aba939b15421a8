"""What a report is made of (rows, tables, sections, the scope) and the helpers every section uses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import date_text, day_start
from vikarieportalen.staffing.models import (
    AreaOfWork,
    Workplace,
)
from vikarieportalen.statistics import rules
from vikarieportalen.statistics.rules import Step

Days = tuple[dt.date, dt.date] | list[dt.date]  # (first, last), or the days one by one


def booked_on(days: Days) -> Q:
    """Bookings whose shift lies on ``days``, by the booking's start: the shift's, copied when booked
    (a shift never moves), and the shift's ``day`` is its Swedish date. So PostgreSQL reads only those
    days' bookings through ``staffing_booking_start``, without the shifts, instead of every booking.
    Days one by one (the refresh's): by the shift's date, within the start's range of them all."""
    if isinstance(days, tuple):
        return Q(starts_at__gte=day_start(days[0]), starts_at__lt=day_start(days[1] + dt.timedelta(days=1)))
    return Q(shift__day__in=days) & Q(
        starts_at__gte=day_start(min(days)), starts_at__lt=day_start(max(days) + dt.timedelta(days=1))
    )


STAFF_ROLES = (Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.ADMINISTRATOR)
Cell = int | float | Decimal | str | None


def statistics_sees_everything(*, user: User) -> bool:
    return any(user.has_role(role) for role in STAFF_ROLES)


def statistics_workplaces(*, user: User) -> QuerySet[Workplace]:
    """The workplaces ``user`` may see figures for: every one for the staffing centre, HR and
    administrators, a manager's own (closed ones too, for their history) for a manager."""
    if statistics_sees_everything(user=user):
        return Workplace.objects.order_by("name")
    if user.has_role(Role.WORKPLACE_MANAGER):
        return Workplace.objects.filter(managers=user).order_by("name")
    return Workplace.objects.none()


# ---------------------------------------------------------------------------------------------
# What a report is made of


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    is_total: bool = False

    @property
    def shown(self) -> list[tuple[Cell, bool]]:
        """(cell, whether it is a number) for the page, which aligns numbers to the right."""
        return [(cell, not isinstance(cell, str)) for cell in self.cells]


@dataclass(frozen=True)
class Table:
    key: str  # the sheet's name in the XLSX and the anchor on the page
    title: str
    columns: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class Series:
    """What a chart draws: one value per label (None: nothing to draw there)."""

    labels: list[str]
    values: list[float | None]
    unit: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: list[Table]
    chart: Series | None = None
    chart_kind: str = "bar"  # "bar" or "line"
    note: str = ""


@dataclass(frozen=True)
class Scope:
    workplaces: list[Workplace]
    first: dt.date
    last: dt.date
    step: Step
    today: dt.date

    @property
    def workplace_ids(self) -> list[int]:
        return [workplace.pk for workplace in self.workplaces]


@dataclass
class Report:
    scope: Scope
    sections: list[Section] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


# ---------------------------------------------------------------------------------------------
# Helpers


def _area_label(area: str) -> str:
    return str(AreaOfWork(area).label) if area in AreaOfWork.values else area


def trunc(step: Step, name: str) -> TruncWeek | TruncMonth:
    return TruncWeek(name) if step == Step.WEEK else TruncMonth(name)


def step_label(start: dt.date, step: Step) -> str:
    if step == Step.WEEK:
        year, week, _weekday = start.isocalendar()
        return _("week %(week)d, %(year)d") % {"week": week, "year": year}
    return date_text(start, "YEAR_MONTH_FORMAT")


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class Sums:
    """Grouped rows (one per workplace, or per workplace and step) added up per workplace, per
    area, per step and in total; ``names`` are the summed columns."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.workplace: dict[int, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(names, 0))
        self.step: dict[dt.date, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(names, 0))

    def add(
        self, rows: Iterable[Mapping[str, Any]], *, workplace_key: str, step_key: str | None = None
    ) -> None:
        """Add ``rows`` up; a row whose workplace or step is None counts only for the other."""
        names = self.names
        for row in rows:
            targets = []
            if row[workplace_key] is not None:
                targets.append(self.workplace[row[workplace_key]])
            if step_key is not None and row[step_key] is not None:
                targets.append(self.step[_as_date(row[step_key])])
            for name in names:
                value = row.get(name) or 0
                for target in targets:
                    target[name] += value

    def area(self, workplaces: Iterable[Workplace]) -> dict[str, dict[str, Any]]:
        totals: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(self.names, 0))
        for workplace in workplaces:
            for name in self.names:
                totals[workplace.area][name] += self.workplace[workplace.pk][name]
        return totals

    def total(self) -> dict[str, Any]:
        return {name: sum(values[name] for values in self.workplace.values()) for name in self.names}


def _by_area(scope: Scope) -> list[tuple[str, list[Workplace]]]:
    """The scope's workplaces grouped by area, areas and workplaces by name."""
    groups: dict[str, list[Workplace]] = defaultdict(list)
    for workplace in scope.workplaces:
        groups[workplace.area].append(workplace)
    labels = {area: _area_label(area) for area in groups}
    return sorted(groups.items(), key=lambda item: labels[item[0]])


def workplace_table(
    scope: Scope,
    *,
    key: str,
    title: str,
    columns: list[str],
    cells_for_workplace: Any,
    cells_for_area: Any,
    total_cells: list[Cell],
) -> Table:
    """Rows per workplace under each area, the area's row after its workplaces, the total last."""
    rows: list[Row] = []
    areas = _by_area(scope)
    for area, workplaces in areas:
        label = _area_label(area)  # once per area: a translated label costs a lookup each time
        for workplace in workplaces:
            rows.append(Row([label, workplace.name, *cells_for_workplace(workplace)]))
        if len(areas) > 1 or len(workplaces) > 1:
            rows.append(Row([label, _("All in the area"), *cells_for_area(area)], is_total=True))
    rows.append(Row([_("All"), _("All workplaces"), *total_cells], is_total=True))
    return Table(key=key, title=title, columns=[_("Area"), _("Workplace"), *columns], rows=rows)


@dataclass(frozen=True)
class SumTables:
    """A summed section's tables: per workplace (areas and total after), and per step when asked."""

    table: Table
    trend: Table | None
    labels: list[str]
    starts: list[dt.date]


def sum_tables(
    scope: Scope,
    sums: Sums,
    *,
    key: str,
    title: str,
    columns: list[str],
    cells: Callable[[dict[str, Any]], list[Cell]],
    trend_title: str | None = None,
) -> SumTables:
    """The table per workplace of the summed figures ``cells`` shows, and (``trend_title``) the
    same per week or month of the period, with the labels and step starts for a chart."""
    areas = sums.area(scope.workplaces)
    table = workplace_table(
        scope,
        key=key,
        title=title,
        columns=columns,
        cells_for_workplace=lambda w: cells(sums.workplace[w.pk]),
        cells_for_area=lambda a: cells(areas[a]),
        total_cells=cells(sums.total()),
    )
    starts = rules.step_starts(scope.first, scope.last, scope.step)
    labels = [step_label(start, scope.step) for start in starts]
    trend = None
    if trend_title is not None:
        trend = Table(
            key=f"{key}_trend",
            title=trend_title,
            columns=[_("Period"), *columns],
            rows=[Row([label, *cells(sums.step[s])]) for s, label in zip(starts, labels, strict=True)],
        )
    return SumTables(table=table, trend=trend, labels=labels, starts=starts)
