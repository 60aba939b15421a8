"""The rule facts of one substitute for booking, with their row locked (a selector, in SQL).

Booking (an accepted offer above all) checks every rule in its own transaction, for one person:
``facts_load_locked`` reads what ``loading.facts_load`` reads for a group, in two statements of
plain SQL, built once: the substitute's row locked (``FOR NO KEY UPDATE``, which serialises every
booking of one person, so the rest and month rules see each other's bookings) with their profile,
role, agreement and introduction at the shift's workplace; then their bookings around the shift,
availability periods and weekly availability together (UNION ALL). Building the same queries
through the ORM cost more time than running them. The same rows, the same rules: the tests
compare both paths (``test_booking_locked_facts.py``). The database's constraints remain the last
guard of every booking.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.booking.facts import (
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    WeeklyPattern,
    months_touched,
)
from vikarieportalen.staffing.booking.loading import (
    FACTS_WINDOW,
    LONGEST_BOOKING,
    Facts,
    bookings_fold,
    bookings_read_range,
    required_held_load,
    shift_facts,
    weekly_days,
)
from vikarieportalen.staffing.models import AvailabilityKind, BookingStatus, Shift

_LIMITS = ("daily_rest_minutes", "weekly_rest_minutes", "max_work_without_break_minutes", "max_month_minutes")

_PERSON_SQL = """
SELECT u.is_active,
    EXISTS (SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
            WHERE ug.user_id = u.id AND g.name = %s),
    EXISTS (SELECT 1 FROM staffing_introduction i WHERE i.substitute_id = u.id AND i.workplace_id = %s),
    p.id, p.is_bookable,
    a.daily_rest_minutes, a.weekly_rest_minutes, a.max_work_without_break_minutes, a.max_month_minutes
FROM accounts_user u
LEFT JOIN staffing_substituteprofile p ON p.user_id = u.id
LEFT JOIN staffing_agreement a ON a.id = (
    SELECT own.id FROM staffing_agreement own
    WHERE own.id = p.agreement_id OR own.is_default ORDER BY own.is_default LIMIT 1)
WHERE u.id = %s"""

# One row per booking ('b'), availability period ('p') or weekly row ('w'): kind, two instants,
# minutes or weekday, a text, two clock times, two days. NULLs are typed for PostgreSQL's UNION.
_AROUND_SQL = """
SELECT 'b', CAST(NULL AS varchar(20)), b.starts_at, b.ends_at, b.work_minutes, w.name,
    CAST(NULL AS time), CAST(NULL AS time), CAST(NULL AS date), CAST(NULL AS date)
FROM staffing_booking b JOIN staffing_workplace w ON w.id = b.workplace_id
WHERE b.substitute_id = %s AND b.status = %s AND b.starts_at < %s AND b.starts_at > %s
    AND b.ends_at > %s AND b.shift_id <> %s
UNION ALL
SELECT 'p', a.kind, a.starts_at, a.ends_at, CAST(NULL AS integer), a.note,
    CAST(NULL AS time), CAST(NULL AS time), CAST(NULL AS date), CAST(NULL AS date)
FROM staffing_availabilityperiod a
WHERE a.substitute_id = %s AND a.starts_at < %s AND a.ends_at > %s
UNION ALL
SELECT 'w', r.kind, CAST(NULL AS timestamp with time zone), CAST(NULL AS timestamp with time zone),
    r.weekday, CAST(NULL AS varchar(20)), r.starts, r.ends, r.valid_from, r.valid_until
FROM staffing_weeklyavailability r
WHERE r.substitute_id = %s AND r.valid_from <= %s AND (r.valid_until IS NULL OR r.valid_until >= %s)"""


@cache
def _person_sql(vendor: str) -> str:
    """The person's statement, their row locked where the database locks rows (SQLite's
    transaction is IMMEDIATE instead: see ``booking.services``)."""
    if connection.features.has_select_for_no_key_update and connection.features.has_select_for_update_of:
        return _PERSON_SQL + "\nFOR NO KEY UPDATE OF u"
    return _PERSON_SQL


def _instant(value: Any) -> dt.datetime:
    """An aware datetime from the database (SQLite gives text, in UTC, outside a plain column)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value  # type: ignore[no-any-return]


def _clock(value: Any) -> dt.time:
    return parse_time(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _day(value: Any) -> dt.date | None:
    return parse_date(value) if isinstance(value, str) else value


def _person(substitute_id: int, workplace_id: int) -> tuple[bool, bool, bool, bool, Limits]:
    """(active, in the substitute role, introduced at the workplace, bookable, limits), the row locked."""
    with connection.cursor() as cursor:
        cursor.execute(_person_sql(connection.vendor), [Role.SUBSTITUTE.value, workplace_id, substitute_id])
        row = cursor.fetchone()
    if row is None:
        raise User.DoesNotExist(f"No user {substitute_id}.")
    active, in_role, introduced, profile_id, bookable, *limits = row
    values = [int(v) if v is not None else None for v in limits]
    return (
        bool(active),
        bool(in_role),
        bool(introduced),
        bool(bookable) if profile_id is not None else True,
        Limits(**dict(zip(_LIMITS, values, strict=True))) if None not in values else Limits(),  # type: ignore[arg-type]
    )


def _around(
    substitute_id: int, *, shift: Shift, facts: ShiftFacts, months: list[tuple[int, int]]
) -> tuple[list[tuple[int, dt.datetime, dt.datetime, int, str]], list[AvailabilitySpan], list[WeeklyPattern]]:
    """The substitute's active bookings that ``loading.bookings_load`` reads for ``shift`` (its own
    booking left out), their availability periods touching it and their weekly rows in force."""
    ops = connection.ops
    read_from, read_until = bookings_read_range(
        (facts.starts_at - FACTS_WINDOW, facts.ends_at + FACTS_WINDOW), months
    )
    first_day, last_day, weekdays = weekly_days((facts.starts_at, facts.ends_at))
    sql = _AROUND_SQL
    params: list[Any] = [
        substitute_id,
        BookingStatus.ACTIVE.value,
        ops.adapt_datetimefield_value(read_until),
        ops.adapt_datetimefield_value(read_from - LONGEST_BOOKING),
        ops.adapt_datetimefield_value(read_from),
        shift.pk,
        substitute_id,
        ops.adapt_datetimefield_value(facts.ends_at),
        ops.adapt_datetimefield_value(facts.starts_at),
        substitute_id,
        ops.adapt_datefield_value(last_day),
        ops.adapt_datefield_value(first_day),
    ]
    if weekdays is not None:
        sql += f" AND r.weekday IN ({', '.join(['%s'] * len(weekdays))})"
        params.extend(weekdays)
    bookings: list[tuple[int, dt.datetime, dt.datetime, int, str]] = []
    spans: list[AvailabilitySpan] = []
    patterns: list[WeeklyPattern] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row_kind, kind, starts_at, ends_at, number, text, starts, ends, valid_from, valid_until in rows:
        if row_kind == "b":
            bookings.append((substitute_id, _instant(starts_at), _instant(ends_at), number, text))
        elif row_kind == "p":
            available = kind == AvailabilityKind.AVAILABLE
            spans.append(AvailabilitySpan(available, _instant(starts_at), _instant(ends_at), text))
        else:
            patterns.append(
                WeeklyPattern(
                    kind == AvailabilityKind.AVAILABLE,
                    number,
                    _clock(starts),
                    _clock(ends),
                    _day(valid_from),  # type: ignore[arg-type]
                    _day(valid_until),
                )
            )
    return bookings, spans, patterns


def facts_load_locked(*, shift: Shift, substitute: User, requires_qualifications: bool = True) -> Facts:
    """The rule facts of ``substitute`` for ``shift``, their row locked, in the caller's
    transaction: two statements (three when the shift requires qualifications). ``substitute``
    gives the name; every fact a rule reads comes from the database."""
    active, in_role, introduced, bookable, limits = _person(substitute.pk, shift.workplace_id)
    facts = Facts(shift=shift_facts(shift, required=None if requires_qualifications else ()))
    sf = facts.shift
    months = months_touched(sf.starts_at, sf.ends_at)
    rows, periods, weekly = _around(substitute.pk, shift=shift, facts=sf, months=months)
    window = (sf.starts_at - FACTS_WINDOW, sf.ends_at + FACTS_WINDOW)
    bookings, month_minutes = bookings_fold(rows, window=window, months=months)
    facts.limits[substitute.pk] = limits
    facts.substitutes[substitute.pk] = SubstituteFacts(
        name=substitute.get_full_name(),
        is_substitute=active and in_role,
        is_bookable=bookable,
        introduced=introduced,
        qualifications=required_held_load([substitute.pk], sf).get(substitute.pk, {}),
        bookings=bookings.get(substitute.pk, []),
        month_minutes={month: month_minutes.get(substitute.pk, {}).get(month, 0) for month in months},
        periods=periods,
        weekly=weekly,
    )
    return facts
