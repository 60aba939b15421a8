"""The statistics, read from staffing's shifts, bookings and offers and payroll's pay lines.

Every figure is an aggregate in the database: counts, sums and percentiles grouped by workplace (and
by week or month), or by area where a percentile cannot be added up. What Python does afterwards is
add up those grouped rows (one per workplace and step, never one per booking) into the area and
total rows, and lay them out as tables. A report takes a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import date_text
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import las_attention_rows
from vikarieportalen.staffing.models import (
    AreaOfWork,
    Booking,
    BookingStatus,
    Offer,
    OfferStatus,
    Shift,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.statistics import rules
from vikarieportalen.statistics.aggregates import Percentile, SecondsBetween
from vikarieportalen.statistics.rules import Step

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


def _trunc(step: Step, name: str) -> TruncWeek | TruncMonth:
    return TruncWeek(name) if step == Step.WEEK else TruncMonth(name)


def _step_label(start: dt.date, step: Step) -> str:
    if step == Step.WEEK:
        year, week, _weekday = start.isocalendar()
        return _("week %(week)d, %(year)d") % {"week": week, "year": year}
    return date_text(start, "YEAR_MONTH_FORMAT")


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _Sums:
    """Grouped rows (one per workplace, or per workplace and step) added up per workplace, per
    area, per step and in total; ``names`` are the summed columns."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.workplace: dict[int, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(names, 0))
        self.step: dict[dt.date, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(names, 0))

    def add(
        self, rows: Iterable[Mapping[str, Any]], *, workplace_key: str, step_key: str | None = None
    ) -> None:
        for row in rows:
            for name in self.names:
                value = row.get(name) or 0
                self.workplace[row[workplace_key]][name] += value
                if step_key is not None:
                    self.step[_as_date(row[step_key])][name] += value

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
    return sorted(groups.items(), key=lambda item: _area_label(item[0]))


def _workplace_table(
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
        for workplace in workplaces:
            rows.append(Row([_area_label(area), workplace.name, *cells_for_workplace(workplace)]))
        if len(areas) > 1 or len(workplaces) > 1:
            rows.append(Row([_area_label(area), _("All in the area"), *cells_for_area(area)], is_total=True))
    rows.append(Row([_("All"), _("All workplaces"), *total_cells], is_total=True))
    return Table(key=key, title=title, columns=[_("Area"), _("Workplace"), *columns], rows=rows)


# ---------------------------------------------------------------------------------------------
# The sections


def _fill_section(scope: Scope) -> Section:
    grouped = (
        Shift.objects.filter(workplace_id__in=scope.workplace_ids, day__range=(scope.first, scope.last))
        .annotate(step_start=_trunc(scope.step, "day"))
        .order_by()
        .values("workplace_id", "step_start")
        .annotate(
            needed=Count("pk", filter=Q(status=ShiftStatus.ACTIVE)),
            booked=Count("pk", filter=Q(status=ShiftStatus.ACTIVE, is_booked=True)),
        )
    )
    sums = _Sums(["needed", "booked"])
    sums.add(grouped, workplace_key="workplace_id", step_key="step_start")
    areas = sums.area(scope.workplaces)

    def cells(values: dict[str, int]) -> list[Cell]:
        return [values["needed"], values["booked"], rules.rate(values["booked"], values["needed"])]

    columns = [_("Shifts needed"), _("Shifts booked"), _("Fill rate (%)")]
    table = _workplace_table(
        scope,
        key="fill",
        title=_("Fill rate per workplace"),
        columns=columns,
        cells_for_workplace=lambda w: cells(sums.workplace[w.pk]),
        cells_for_area=lambda a: cells(areas[a]),
        total_cells=cells(sums.total()),
    )
    starts = rules.step_starts(scope.first, scope.last, scope.step)
    labels = [_step_label(start, scope.step) for start in starts]
    trend_rows = [Row([label, *cells(sums.step[start])]) for start, label in zip(starts, labels, strict=True)]
    trend = Table(
        key="fill_trend",
        title=_("Fill rate per week") if scope.step == Step.WEEK else _("Fill rate per month"),
        columns=[_("Period"), *columns],
        rows=trend_rows,
    )
    chart = Series(
        labels=labels,
        values=[rules.rate(sums.step[s]["booked"], sums.step[s]["needed"]) for s in starts],
        unit="%",
    )
    return Section(
        key="fill",
        title=_("Fill rate"),
        tables=[trend, table],
        chart=chart,
        chart_kind="line",
        note=_("Booked shifts of the shifts needed (cancelled needs not counted), by the shift's date."),
    )


def _percentile_table(
    scope: Scope,
    queryset: QuerySet[Any],
    *,
    workplace_field: str,
    value: Any,
    value_filter: Q | None,
    count: Any,
    per: int,
    key: str,
    title: str,
    columns: list[str],
    extra: dict[str, Any] | None = None,
    extra_cells: Any = None,
) -> Table:
    """A table of a count, the median and the 90th percentile of ``value`` (seconds; shown per
    ``per`` seconds): one grouped query per workplace, one per area, one for the total."""
    aggregates = {
        "count": count,
        "median": Percentile(value, fraction=0.5, filter=value_filter),
        "p90": Percentile(value, fraction=0.9, filter=value_filter),
        **(extra or {}),
    }
    per_workplace = {
        row[workplace_field]: row
        for row in queryset.order_by().values(workplace_field).annotate(**aggregates)
    }
    area_field = workplace_field.removesuffix("_id") + "__area"
    per_area = {row[area_field]: row for row in queryset.order_by().values(area_field).annotate(**aggregates)}
    total = queryset.order_by().aggregate(**aggregates)
    extra_cells = extra_cells or (lambda row: [])

    def cells(row: dict[str, Any] | None) -> list[Cell]:
        if row is None:
            row = dict.fromkeys(aggregates, None) | {"count": 0}
            return [0, *extra_cells(row), None, None]
        return [
            row["count"],
            *extra_cells(row),
            rules.hours(row["median"], per=per),
            rules.hours(row["p90"], per=per),
        ]

    return _workplace_table(
        scope,
        key=key,
        title=title,
        columns=columns,
        cells_for_workplace=lambda w: cells(per_workplace.get(w.pk)),
        cells_for_area=lambda a: cells(per_area.get(a)),
        total_cells=cells(total),
    )


def _lead_time_section(scope: Scope) -> Section:
    bookings = Booking.objects.filter(
        workplace_id__in=scope.workplace_ids,
        status=BookingStatus.ACTIVE,
        shift__day__range=(scope.first, scope.last),
    )
    table = _percentile_table(
        scope,
        bookings,
        workplace_field="workplace_id",
        value=SecondsBetween(F("created_at"), F("shift__created_at")),
        value_filter=None,
        count=Count("pk"),
        per=3600,
        key="lead_time",
        title=_("From need registered to booked"),
        columns=[_("Bookings"), _("Median (hours)"), _("90th percentile (hours)")],
    )
    return Section(
        key="lead_time",
        title=_("Time to booking"),
        tables=[table],
        note=_("Hours from when the need was registered to when the substitute who holds it was booked."),
    )


def _offer_section(scope: Scope) -> Section:
    offers = Offer.objects.filter(
        shift__workplace_id__in=scope.workplace_ids, shift__day__range=(scope.first, scope.last)
    )
    answered = Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.DECLINED], responded_at__isnull=False)
    table = _percentile_table(
        scope,
        offers,
        workplace_field="shift__workplace_id",
        value=SecondsBetween(F("responded_at"), F("created_at")),
        value_filter=answered,
        count=Count("pk"),
        per=60,
        key="offers",
        title=_("Offer answers"),
        columns=[
            _("Offers sent"),
            _("Answered"),
            _("Accepted"),
            _("Declined"),
            _("Answer rate (%)"),
            _("Median answer time (minutes)"),
            _("90th percentile answer time (minutes)"),
        ],
        extra={
            "answered": Count("pk", filter=answered),
            "accepted": Count("pk", filter=Q(status=OfferStatus.ACCEPTED)),
            "declined": Count("pk", filter=Q(status=OfferStatus.DECLINED)),
        },
        extra_cells=lambda row: [
            row["answered"] or 0,
            row["accepted"] or 0,
            row["declined"] or 0,
            rules.rate(row["answered"] or 0, row["count"] or 0),
        ],
    )
    return Section(
        key="offers",
        title=_("Offers"),
        tables=[table],
        note=_(
            "Offers of shifts in the period. Answered: accepted or declined; the rest expired, were "
            "withdrawn, went to someone else or still wait."
        ),
    )


def _hours_section(scope: Scope) -> Section:
    minutes = list(
        Booking.objects.filter(
            workplace_id__in=scope.workplace_ids,
            status=BookingStatus.ACTIVE,
            shift__day__range=(scope.first, scope.last),
        )
        .order_by()
        .values("substitute_id")
        .annotate(minutes=Sum("work_minutes"))
        .values_list("minutes", flat=True)
    )
    per_person = [m / 60 for m in minutes]
    buckets = rules.hours_distribution(per_person)
    labels = [_("%(low)d–%(high)d h") % {"low": b.low, "high": b.high} for b in buckets]
    distribution = Table(
        key="hours_distribution",
        title=_("Substitutes by booked hours"),
        columns=[_("Booked hours"), _("Substitutes")],
        rows=[Row([label, bucket.count]) for label, bucket in zip(labels, buckets, strict=True)],
    )
    summary = Table(
        key="hours_summary",
        title=_("Booked hours per substitute"),
        columns=[_("Substitutes"), _("Hours in all"), _("Median"), _("90th percentile"), _("Most")],
        rows=[
            Row(
                [
                    len(per_person),
                    round(sum(per_person), 1),
                    _round(rules.percentile_cont(per_person, 0.5)),
                    _round(rules.percentile_cont(per_person, 0.9)),
                    _round(max(per_person, default=None)),
                ]
            )
        ],
    )
    return Section(
        key="hours",
        title=_("Hours per substitute"),
        tables=[summary, distribution],
        chart=Series(labels=labels, values=[float(b.count) for b in buckets], unit=_("substitutes")),
        note=_("How the booked hours in the period are shared among the substitutes who worked them."),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _cancellation_section(scope: Scope) -> Section:
    def managed(user_field: str) -> Q:
        return Q(
            Exists(
                Workplace.managers.through.objects.filter(
                    workplace_id=OuterRef("workplace_id"), user_id=OuterRef(user_field)
                )
            )
        )

    by_substitute = Q(cancelled_by_id=F("substitute_id"))
    bookings = (
        Booking.objects.filter(
            workplace_id__in=scope.workplace_ids,
            status=BookingStatus.CANCELLED,
            shift__day__range=(scope.first, scope.last),
        )
        .order_by()
        .values("workplace_id")
        .annotate(
            booking_substitute=Count("pk", filter=by_substitute),
            booking_manager=Count("pk", filter=~by_substitute & managed("cancelled_by_id")),
            booking_staff=Count("pk", filter=~by_substitute & ~managed("cancelled_by_id")),
        )
    )
    needs = (
        Shift.objects.filter(
            workplace_id__in=scope.workplace_ids,
            status=ShiftStatus.CANCELLED,
            day__range=(scope.first, scope.last),
        )
        .order_by()
        .values("workplace_id")
        .annotate(
            need_manager=Count("pk", filter=managed("cancelled_by_id")),
            need_staff=Count("pk", filter=~managed("cancelled_by_id")),
        )
    )
    names = ["booking_substitute", "booking_manager", "booking_staff", "need_manager", "need_staff"]
    sums = _Sums(names)
    sums.add(bookings, workplace_key="workplace_id")
    sums.add(needs, workplace_key="workplace_id")
    areas = sums.area(scope.workplaces)
    total = sums.total()

    def cells(values: dict[str, int]) -> list[Cell]:
        return [values[name] for name in names]

    table = _workplace_table(
        scope,
        key="cancellations",
        title=_("Cancellations by whom"),
        columns=[
            _("Bookings cancelled by the substitute"),
            _("Bookings cancelled by the manager"),
            _("Bookings cancelled by the staffing centre"),
            _("Needs withdrawn by the manager"),
            _("Needs withdrawn by the staffing centre"),
        ],
        cells_for_workplace=lambda w: cells(sums.workplace[w.pk]),
        cells_for_area=lambda a: cells(areas[a]),
        total_cells=cells(total),
    )
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
        tables=[table],
        chart=chart,
        note=_(
            "Who cancelled: the substitute themselves, one of the workplace's managers, or anyone else "
            "(the staffing centre, HR, an administrator)."
        ),
    )


def _las_section(scope: Scope) -> Section:
    reference = min(scope.last, scope.today)
    limits = las.LasLimits.from_settings()
    worked = set(
        Booking.objects.filter(
            workplace_id__in=scope.workplace_ids,
            status=BookingStatus.ACTIVE,
            shift__day__range=(scope.first, scope.last),
        )
        .order_by()
        .values_list("substitute_id", flat=True)
        .distinct()
    )
    states: dict[las.LasRule, dict[las.LasState, int]] = {
        rule: dict.fromkeys(las.LasState, 0) for rule in las.LasRule
    }
    if worked:
        for row in las_attention_rows(today=reference, limits=limits):
            if row.substitute_id not in worked:
                continue
            status = row.status(reference=reference, limits=limits)
            for measure in status.measures:
                states[measure.rule][measure.state] += 1
    rows = []
    for rule in las.LasRule:
        counts = states[rule]
        below = len(worked) - counts[las.LasState.NEARING] - counts[las.LasState.OVER]
        rows.append(
            Row([str(las.RULE_LABELS[rule]), below, counts[las.LasState.NEARING], counts[las.LasState.OVER]])
        )
    table = Table(
        key="las",
        title=_("LAS days of the substitutes who worked here"),
        columns=[
            _("Rule"),
            str(las.STATE_LABELS[las.LasState.OK]),
            str(las.STATE_LABELS[las.LasState.NEARING]),
            str(las.STATE_LABELS[las.LasState.OVER]),
        ],
        rows=rows,
    )
    return Section(
        key="las",
        title=_("LAS"),
        tables=[table],
        note=_("Substitutes booked in the period, counted by their LAS days on %(day)s.")
        % {"day": date_text(reference)},
    )


def _cost_section(scope: Scope) -> Section:
    ordinary = Q(band__isnull=True)
    grouped = (
        TimeTransaction.objects.filter(
            report__booking__workplace_id__in=scope.workplace_ids, day__range=(scope.first, scope.last)
        )
        .annotate(step_start=_trunc(scope.step, "day"))
        .order_by()
        .values("report__booking__workplace_id", "step_start")
        .annotate(
            minutes=Sum("minutes", filter=ordinary),
            wages=Sum("amount", filter=ordinary),
            supplements=Sum("amount", filter=~ordinary),
        )
    )
    sums = _Sums(["minutes", "wages", "supplements"])
    sums.add(grouped, workplace_key="report__booking__workplace_id", step_key="step_start")
    areas = sums.area(scope.workplaces)

    def kronor(value: Decimal | int) -> int:
        return int(Decimal(value).quantize(Decimal(1)))

    def cells(values: dict[str, Any]) -> list[Cell]:
        return [
            round(values["minutes"] / 60, 1),
            kronor(values["wages"]),
            kronor(values["supplements"]),
            kronor(values["wages"] + values["supplements"]),
        ]

    columns = [_("Hours approved"), _("Wages (SEK)"), _("Unsocial-hours supplements (SEK)"), _("Total (SEK)")]
    table = _workplace_table(
        scope,
        key="cost",
        title=_("Cost per workplace"),
        columns=columns,
        cells_for_workplace=lambda w: cells(sums.workplace[w.pk]),
        cells_for_area=lambda a: cells(areas[a]),
        total_cells=cells(sums.total()),
    )
    starts = rules.step_starts(scope.first, scope.last, scope.step)
    labels = [_step_label(start, scope.step) for start in starts]
    trend = Table(
        key="cost_trend",
        title=_("Cost per week") if scope.step == Step.WEEK else _("Cost per month"),
        columns=[_("Period"), *columns],
        rows=[Row([label, *cells(sums.step[start])]) for start, label in zip(starts, labels, strict=True)],
    )
    return Section(
        key="cost",
        title=_("Cost"),
        tables=[trend, table],
        chart=Series(
            labels=labels,
            values=[float(kronor(sums.step[s]["wages"] + sums.step[s]["supplements"])) for s in starts],
            unit=_("SEK"),
        ),
        note=_("Approved hours sent to payroll: the hourly wage and the unsocial-hours supplements (OB)."),
    )


def statistics_report(*, scope: Scope) -> Report:
    """Every section of the statistics for the scope's workplaces over its period."""
    report = Report(scope=scope)
    if not scope.workplaces:
        return report
    report.sections = [
        _fill_section(scope),
        _lead_time_section(scope),
        _offer_section(scope),
        _hours_section(scope),
        _cancellation_section(scope),
        _las_section(scope),
        _cost_section(scope),
    ]
    return report
