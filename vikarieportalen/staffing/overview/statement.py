"""The one SQL statement behind the week grid and the day page (``selectors`` folds its rows).

The shown days' bookings and marks are folded into one row per person in the ``people`` CTE (the
days they are booked, free, cannot work, as bit sets, and their areas as a bit mask); the pool is
then counted per mask in one pass, a sum per day and status. The statement runs on PostgreSQL and
SQLite alike.
"""

# ruff: noqa: S608 - the SQL is put together from table names and placeholders; every value is a parameter
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.availability.intervals import day_start
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Introduction,
    Shift,
    SubstituteProfile,
    WeeklyAvailability,
    Workplace,
)
from vikarieportalen.staffing.overview.rules import DayStatus, Filters
from vikarieportalen.staffing.pool.services import substitute_pool_list

ALL_AREAS = ""  # the row of everyone in the pool, introduced anywhere or nowhere
CHECK = "check"  # both "can" and "cannot" touch the day: resolved in Python
# The sets of days that the statement counts, as the people CTE's columns; the rest are unknown.
COUNTED_SETS = {
    "free": DayStatus.AVAILABLE,
    "booked": DayStatus.BOOKED,
    "unavailable": DayStatus.UNAVAILABLE,
}
PEOPLE_SHOWN = 100  # per status on the day page; the filters narrow a longer list


def _typed(placeholder_type: str) -> str:
    # PostgreSQL must know a VALUES column's type to compare it with a date; SQLite keeps text.
    return f"CAST(%s AS {placeholder_type})" if connection.vendor == "postgresql" else "%s"


def _pool_sql(filters: Filters) -> tuple[str, tuple[Any, ...]]:
    people = substitute_pool_list(
        area=filters.area,
        qualification=filters.qualification,
        workplace=filters.workplace,
        today=filters.first_day,
    )
    sql, params = people.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def day_bit(n: int) -> int:
    """The ``n``-th day shown is bit ``n`` of a person's sets of days (MAX_DAYS bits at most)."""
    return 1 << n


# Each area of work is one bit of a person's ``mask``: the areas they are introduced in (only the
# filtered area when there is one). Areas outside ``AreaOfWork`` (none today) get no bit: they have
# no row to show.
AREA_BITS = {area: 1 << n for n, area in enumerate(AreaOfWork.values)}


def areas_of(mask: int) -> list[str]:
    """ALL_AREAS and the areas whose bits are set in ``mask``."""
    return [ALL_AREAS, *(area for area, bit in AREA_BITS.items() if mask & bit)]


def _days_values(filters: Filters) -> tuple[list[str], list[Any]]:
    """The rows of the ``days`` CTE's VALUES, one a day shown, and their parameters."""
    ops = connection.ops
    day_rows, params = [], []
    for n, day in enumerate(filters.days):
        day_rows.append(
            f"({_typed('date')}, {_typed('date')}, %s, %s, {_typed('timestamptz')}, "
            f"{_typed('timestamptz')}, {_typed('integer')})"
        )
        previous = day - dt.timedelta(days=1)
        params += [
            ops.adapt_datefield_value(day),
            ops.adapt_datefield_value(previous),
            day.weekday(),
            previous.weekday(),
            ops.adapt_datetimefield_value(day_start(day)),
            ops.adapt_datetimefield_value(day_start(day + dt.timedelta(days=1))),
            day_bit(n),
        ]
    return day_rows, params


def _facts_cte(filters: Filters) -> tuple[str, list[Any]]:
    """``facts (substitute_id, booked, can, cannot)``: a row per booking on a shown day, per weekly
    row in force on one (or running past midnight into one) and per period reaching into one, with
    the day's bit in the column it sets; and its parameters."""
    ops = connection.ops
    weekly = WeeklyAvailability._meta.db_table
    period = AvailabilityPeriod._meta.db_table
    can, cannot = AvailabilityKind.AVAILABLE.value, AvailabilityKind.UNAVAILABLE.value
    kind_bits = "CASE WHEN {0}.kind = %s THEN d.bit ELSE 0 END, CASE WHEN {0}.kind = %s THEN d.bit ELSE 0 END"
    sql = f"""facts (substitute_id, booked, can, cannot) AS (
  SELECT b.substitute_id, 1 << {_days_since("s.day")}, 0, 0 FROM {Shift._meta.db_table} s
    JOIN {Booking._meta.db_table} b ON b.shift_id = s.id AND b.status = %s
    WHERE s.day >= {_typed("date")} AND s.day <= {_typed("date")}
  UNION ALL
  SELECT w.substitute_id, 0, {kind_bits.format("w")} FROM {weekly} w JOIN days d ON w.weekday = d.weekday
    AND w.valid_from <= d.day AND (w.valid_until IS NULL OR w.valid_until >= d.day)
  UNION ALL
  SELECT w.substitute_id, 0, {kind_bits.format("w")} FROM {weekly} w JOIN days d ON w.weekday = d.prev_weekday
    AND w.ends < w.starts AND w.ends > {_typed("time")}
    AND w.valid_from <= d.prev_day AND (w.valid_until IS NULL OR w.valid_until >= d.prev_day)
  UNION ALL
  SELECT p.substitute_id, 0, {kind_bits.format("p")} FROM {period} p JOIN days d
    ON p.starts_at < d.day_end AND p.ends_at > d.day_start
    WHERE p.ends_at > {_typed("timestamptz")} AND p.starts_at < {_typed("timestamptz")}
)"""
    params = [
        ops.adapt_datefield_value(filters.first_day),
        BookingStatus.ACTIVE.value,
        ops.adapt_datefield_value(filters.first_day),
        ops.adapt_datefield_value(filters.last_day),
        *(can, cannot) * 2,
        ops.adapt_timefield_value(dt.time(0, 0)),
        can,
        cannot,
        ops.adapt_datetimefield_value(day_start(filters.first_day)),
        ops.adapt_datetimefield_value(day_start(filters.last_day + dt.timedelta(days=1))),
    ]
    return sql, params


def _people_sql(filters: Filters) -> tuple[str, list[Any]]:
    """``WITH …``: ``days (…, bit)``, ``pool (id)`` and ``people (id, mask, booked, free,
    unavailable, checks)``: one row per pool member with their areas' bits and, as sets of the shown
    days (bit n for the n-th day), the days they are booked, free, cannot work, and the days where
    both "can" and "cannot" marks touch the day (resolved in Python); the other days are unknown.
    The same order as ``rules.status_from_marks``: booked, paused, both, can, cannot.

    Each source is read for the shown days only (bookings through the shifts of those days, weekly
    rows by weekday, periods that reach into the window) and folded per person at once (a bitwise
    or: ``BIT_OR`` on PostgreSQL, ``SUM(DISTINCT bit)`` on SQLite), so what is grouped is the shown
    days' marks and bookings, never person-days times areas."""
    day_rows, params = _days_values(filters)
    pool_sql, pool_params = _pool_sql(filters)
    facts_sql, facts_params = _facts_cte(filters)
    area_bits = " ".join("WHEN %s THEN %s" for _area in AREA_BITS)
    only_area = "WHERE wp.area = %s" if filters.area else ""
    sql = f"""
WITH days (day, prev_day, weekday, prev_weekday, day_start, day_end, bit) AS (VALUES {", ".join(day_rows)}),
pool (id) AS ({pool_sql}),
{facts_sql},
marked (id, booked, can, cannot) AS (
  SELECT f.substitute_id, {_bit_or("f.booked")}, {_bit_or("f.can")}, {_bit_or("f.cannot")}
  FROM facts f GROUP BY f.substitute_id
),
masks (id, mask) AS (
  SELECT i.substitute_id, {_bit_or(f"CASE wp.area {area_bits} ELSE 0 END")}
  FROM {Introduction._meta.db_table} i JOIN {Workplace._meta.db_table} wp ON wp.id = i.workplace_id
  {only_area} GROUP BY i.substitute_id
),
sets (id, mask, booked, can, cannot, paused) AS (
  SELECT pool.id, COALESCE(m.mask, 0), COALESCE(f.booked, 0), COALESCE(f.can, 0), COALESCE(f.cannot, 0),
    CASE WHEN pr.is_bookable = %s THEN 1 ELSE 0 END
  FROM pool LEFT JOIN marked f ON f.id = pool.id LEFT JOIN masks m ON m.id = pool.id
    LEFT JOIN {SubstituteProfile._meta.db_table} pr ON pr.user_id = pool.id
),
people (id, mask, booked, free, unavailable, checks) AS (
  SELECT s.id, s.mask, s.booked,
    CASE WHEN s.paused = 1 THEN 0 ELSE s.can & ~s.cannot & ~s.booked END,
    CASE WHEN s.paused = 1 THEN %s & ~s.booked ELSE s.cannot & ~s.can & ~s.booked END,
    CASE WHEN s.paused = 1 THEN 0 ELSE s.can & s.cannot & ~s.booked END
  FROM sets s
)"""
    params += [
        *pool_params,
        *facts_params,
        *(value for area, bit in AREA_BITS.items() for value in (area, bit)),
        *([filters.area] if filters.area else []),
        False,
        day_bit(len(filters.days)) - 1,  # every day shown
    ]
    return sql, params


def _days_since(column: str) -> str:
    """SQL for the days from the first day shown (a parameter) to the date in ``column``: the day's
    bit number, without a join per day (the shifts are read by one range of the day index)."""
    if connection.vendor == "postgresql":
        return f"({column} - {_typed('date')})"
    return f"CAST(julianday({column}) - julianday(%s) AS INTEGER)"


def _bit_or(expression: str) -> str:
    """The bitwise or of ``expression`` over a group. SQLite has no BIT_OR; there the sum of the
    distinct values is the same, as each value is 0 or a single bit (a day, an area)."""
    return f"BIT_OR({expression})" if connection.vendor == "postgresql" else f"SUM(DISTINCT {expression})"


# The status of a listed person on the day page, as the statement returns it (an index here).
LISTED_STATUSES = [DayStatus.BOOKED, DayStatus.AVAILABLE, DayStatus.UNAVAILABLE, CHECK, DayStatus.UNKNOWN]


def _listed_sql(filters: Filters, *, columns: int) -> tuple[str, list[Any]]:
    """Rows ``(2, 0, person, status index, 0…)`` for the first PEOPLE_SHOWN of each status by
    name on the first day shown (bit 1), to add to the statement with ``columns`` columns."""
    sql = f"""
UNION ALL
SELECT 2, 0, l.id, l.status, {", ".join(["0"] * (columns - 4))} FROM (
  SELECT s.id, s.status, ROW_NUMBER() OVER (
    PARTITION BY s.status ORDER BY u.family_name, u.preferred_given_name, u.id) AS n
  FROM (SELECT p.id, CASE
    WHEN (p.booked & 1) <> 0 THEN 0 WHEN (p.free & 1) <> 0 THEN 1 WHEN (p.unavailable & 1) <> 0 THEN 2
    WHEN (p.checks & 1) <> 0 THEN 3 ELSE 4 END AS status FROM people p) s
  JOIN {User._meta.db_table} u ON u.id = s.id
) l WHERE l.n <= %s"""
    return sql, [PEOPLE_SHOWN]


def overview_sql(filters: Filters, *, listed: bool) -> tuple[str, list[Any]]:
    """The whole statement. The pool is counted per area mask in one pass, with a sum per day and
    status (bit n of a set, as 0 or 1: (set >> n) & 1): rows ``(0, mask, people, sums…)``, at most
    64 however many people. The person-days to check come back one person a row, with the days to
    check as bits: ``(1, mask, person, checks, 0…)``. When ``listed``, ``_listed_sql``'s rows too."""
    people_sql, params = _people_sql(filters)
    days = filters.days
    columns = 3 + len(days) * len(COUNTED_SETS)
    listed_sql, listed_params = _listed_sql(filters, columns=columns) if listed else ("", [])
    sums = ", ".join(f"SUM((p.{column} >> {n}) & 1)" for n in range(len(days)) for column in COUNTED_SETS)
    sql = (
        people_sql
        + f"""
SELECT 0, p.mask, COUNT(*), {sums} FROM people p GROUP BY p.mask
UNION ALL
SELECT 1, p.mask, p.id, p.checks, {", ".join(["0"] * (columns - 4))} FROM people p
  WHERE p.checks <> 0"""
        + listed_sql
    )
    return sql, [*params, *listed_params]


def fetch(sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())
