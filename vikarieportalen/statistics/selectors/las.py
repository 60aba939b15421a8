"""The LAS section: the substitutes who worked in the scope, counted by their LAS state per rule on
the period's last day (or today).

``staffing.las`` counts distinct local dates of active bookings over five years per person; for a
report of every workplace that is every substitute's whole history. The refresh keeps those days per
substitute and month (``SubstituteMonthDays``, ``las_days_write``), so a report adds up the whole
months of each window the summary holds and counts only the days at the windows' edges from the
bookings: two queries, the same counts as ``las_rows_for`` (a month holds whole days, so the days of
disjoint months and edges add up to the distinct days of the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.lookups import AnyOf
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM, date_text, day_start
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.models import Booking, BookingStatus
from vikarieportalen.statistics.models import SubstituteMonthDays
from vikarieportalen.statistics.selectors.base import Row, Scope, Section, Table
from vikarieportalen.statistics.selectors.durations import months_between, next_month

Days = tuple[dt.date, dt.date]  # first and last day, inclusive


def _local_day() -> TruncDate:
    return TruncDate("starts_at", tzinfo=STOCKHOLM)


def _starts_within(days: Days) -> Q:
    return Q(starts_at__gte=day_start(days[0]), starts_at__lt=day_start(days[1] + dt.timedelta(days=1)))


def las_days_write(months: list[dt.date]) -> None:
    """Count the months' LAS days again from the bookings (INSERT … SELECT), per substitute."""
    if not months:
        return
    SubstituteMonthDays.objects.filter(month__in=months).delete()
    period = Q()
    for month in months:
        period |= _starts_within((month, next_month(month) - dt.timedelta(days=1)))
    day = _local_day()
    rows: Any = (
        Booking.objects.filter(period, status=BookingStatus.ACTIVE)
        .order_by()
        .annotate(row_month=TruncMonth(day))
        .values("substitute_id", "row_month")
        .annotate(
            row_sav=Count(day, distinct=True, filter=Q(employment_form=las.SAV)),
            row_vikariat=Count(day, distinct=True, filter=Q(employment_form=las.VIKARIAT)),
            row_days=Count(day, distinct=True),
        )
        .values_list("substitute_id", "row_month", "row_sav", "row_vikariat", "row_days")
    )
    sql, params = rows.query.sql_with_params()
    table = SubstituteMonthDays._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (substitute_id, month, sav, vikariat, days) {sql}", params)


def _split(window: Days, through: dt.date | None) -> tuple[list[dt.date], list[Days]]:
    """The whole months of ``window`` the summary holds, and the days around them (from the bookings)."""
    whole = [] if through is None else months_between(window[0], min(window[1], through), whole_only=True)
    if not whole:
        return [], [window]
    edges = [(window[0], whole[0] - dt.timedelta(days=1)), (next_month(whole[-1]), window[1])]
    return whole, [(first, last) for first, last in edges if first <= last]


def _stretch_days(spans: list[Days]) -> int:
    return sum((last - first).days + 1 for first, last in spans)


def _substitutes() -> QuerySet[Any]:
    return User.objects.filter(is_active=True, groups__name=Role.SUBSTITUTE.value).values("pk")


def _month_days(
    ids: list[int], *, conversion: list[dt.date], priority: list[dt.date], reference: dt.date
) -> dict[int, list[int]]:
    """[SÄV, vikariat, either form] days per active substitute of ``ids`` in the whole months of
    the conversion and the priority window (one query). The list and the role filter apart:
    PostgreSQL then estimates the list well (a hash join for thousands of people, the index for a
    few)."""
    if not conversion and not priority:
        return {}

    def within(months: list[dt.date]) -> Q:
        return Q(month__range=(months[0], months[-1])) if months else Q(pk__in=[])

    rows = (
        SubstituteMonthDays.objects.filter(AnyOf(F("substitute_id"), ids))
        .filter(substitute_id__in=_substitutes(), month__range=(min(conversion + priority), reference))
        .order_by()
        .values("substitute_id")
        .annotate(
            sav=Sum("sav", filter=within(conversion)),
            vikariat=Sum("vikariat", filter=within(conversion)),
            days=Sum("days", filter=within(priority)),
        )
        .values_list("substitute_id", "sav", "vikariat", "days")
    )
    return {substitute_id: [value or 0 for value in sums] for substitute_id, *sums in rows}


def _stretches_add(counts: dict[int, list[int]], *, conversion: list[Days], priority: list[Days]) -> None:
    """Add the days of the stretches around the whole months to ``counts`` (its people only): one
    query per stretch, a single range each, so that every person's bookings are one range of the
    (substitute, starts_at) index; a stretch both windows share is read once."""
    stretches: dict[Days, set[str]] = {}
    for span in conversion:
        stretches.setdefault(span, set()).add("conversion")
    for span in priority:
        stretches.setdefault(span, set()).add("priority")
    day = _local_day()
    for span, rules in sorted(stretches.items()) if counts else []:
        live = (
            Booking.objects.filter(AnyOf(F("substitute_id"), counts))
            .filter(_starts_within(span), substitute_id__in=_substitutes(), status=BookingStatus.ACTIVE)
            .order_by()
            .values("substitute_id")
            .annotate(
                sav=Count(day, distinct=True, filter=Q(employment_form=las.SAV)),
                vikariat=Count(day, distinct=True, filter=Q(employment_form=las.VIKARIAT)),
                days=Count(day, distinct=True),
            )
            .values_list("substitute_id", "sav", "vikariat", "days")
        )
        for substitute_id, sav, vikariat, days in live:
            added = counts[substitute_id]
            if "conversion" in rules:
                added[0] += sav
                added[1] += vikariat
            if "priority" in rules:
                added[2] += days


def las_counts(
    substitute_ids: Collection[int], *, reference: dt.date, limits: las.LasLimits, through: dt.date | None
) -> dict[int, las.LasCounts]:
    """The LAS days up to ``reference`` of those of ``substitute_ids`` who are active substitutes
    and may be near a limit; everyone else is below every limit. Whole months from the summary
    (held through ``through``; None: none) in one query, and the stretches of days around them (at
    most three: each window's first days, the days after the months) from the bookings, one query
    each, but only for the people the months leave near a limit: a stretch adds at most its length
    in days, so someone whose months plus the stretches' lengths stay at or below every threshold
    less the warning margin is below every limit (``las_busy``'s first pass, from the months)."""
    conversion = (las.window_first_day(reference, limits.conversion_window_years), reference)
    priority = (las.window_first_day(reference, limits.priority_window_years), reference)
    ids = sorted(substitute_ids)
    conversion_months, conversion_days = _split(conversion, through)
    priority_months, priority_days = _split(priority, through)
    found = _month_days(ids, conversion=conversion_months, priority=priority_months, reference=reference)
    margins = [
        limits.threshold(rule) - limits.warning_days - _stretch_days(spans)
        for rule, spans in (
            (las.LasRule.SAV_CONVERSION, conversion_days),
            (las.LasRule.VIKARIAT_CONVERSION, conversion_days),
            (las.LasRule.PRIORITY, priority_days),
        )
    ]
    near = [
        pk
        for pk in ids
        if any(days > margin for days, margin in zip(found.get(pk, [0, 0, 0]), margins, strict=True))
    ]
    counts = {pk: found.get(pk, [0, 0, 0]) for pk in near}
    _stretches_add(counts, conversion=conversion_days, priority=priority_days)
    return {pk: las.LasCounts(*counts[pk]) for pk in near if pk in found or any(counts[pk])}


def las_section(scope: Scope, worked: Collection[int], *, through: dt.date | None) -> Section:
    """``worked``: the substitutes with an active booking in the scope and period (the hours
    section's people); ``through``: the summary's last day, None to count from the bookings only."""
    reference = min(scope.last, scope.today)
    limits = las.LasLimits.from_settings()
    states: dict[las.LasRule, dict[las.LasState, int]] = {
        rule: dict.fromkeys(las.LasState, 0) for rule in las.LasRule
    }
    if worked:
        for days in las_counts(worked, reference=reference, limits=limits, through=through).values():
            for measure in las.status_for(days, reference=reference, limits=limits).measures:
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
