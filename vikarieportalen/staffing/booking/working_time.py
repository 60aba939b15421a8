"""The working-time rules (*arbetstidslagen* and the collective agreement): pure, no database.

Overlap, daily rest (ATL 13 §), weekly rest (ATL 14 §), breaks (ATL 15 §) and the month maximum,
each a function of plain data (``facts.py``) that returns the ``Violation``s it finds; an empty list
means the rule is met. The interpretation of each rule is documented in docs/staffing.md ("Rules").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vikarieportalen.core.time import duration_text, minutes_between
from vikarieportalen.staffing.booking.facts import (
    BREAK,
    DAILY_REST,
    MONTH_HOURS,
    OVERLAP,
    UTC,
    WEEKLY_REST,
    Limits,
    ShiftFacts,
    Violation,
    Work,
    day_text,
    intervals_merged,
    local,
    local_midnight,
    month_parts,
    span_text,
    time_text,
)

# ---------------------------------------------------------------------------------------------
# Calendar weeks and rest


@lru_cache(maxsize=1024)
def week_start(moment: dt.datetime) -> dt.datetime:
    """Monday 00:00 local time of the calendar week ``moment`` falls in."""
    day = local(moment).date()
    return local_midnight(day - dt.timedelta(days=day.weekday()))


def weeks_touched(starts_at: dt.datetime, ends_at: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The calendar weeks (Monday 00:00 to Monday 00:00 local) ``[starts_at, ends_at)`` has time in."""
    return list(_weeks_touched(starts_at, ends_at))


@lru_cache(maxsize=1024)
def _weeks_touched(
    starts_at: dt.datetime, ends_at: dt.datetime
) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    weeks = []
    start, ends_at = week_start(starts_at), ends_at.astimezone(UTC)
    while start < ends_at:
        end = local_midnight(local(start).date() + dt.timedelta(days=7))
        weeks.append((start, end))
        start = end
    return tuple(weeks)


def longest_rest(
    work: Iterable[Work], *, window_start: dt.datetime, window_end: dt.datetime
) -> tuple[int, dt.datetime]:
    """The longest stretch without work inside ``[window_start, window_end)``: (minutes, its start)."""
    window_start, window_end = window_start.astimezone(UTC), window_end.astimezone(UTC)
    busy = intervals_merged(
        (max(w.starts_at, window_start), min(w.ends_at, window_end))
        for w in work
        if w.ends_at > window_start and w.starts_at < window_end
    )
    best, best_start, cursor = 0, window_start, window_start
    for start, end in [*busy, (window_end, window_end)]:
        gap = minutes_between(cursor, start)
        if gap > best:
            best, best_start = gap, cursor
        cursor = max(cursor, end)
    return best, best_start


# ---------------------------------------------------------------------------------------------
# The rules


def overlap_check(*, shift: ShiftFacts, bookings: Iterable[Work]) -> list[Violation]:
    """No two bookings of one person may overlap, ever (touching end to start is not overlap)."""
    violations = []
    for booking in bookings:
        if booking.starts_at < shift.ends_at and shift.starts_at < booking.ends_at:
            where = f" ({booking.label})" if booking.label else ""
            violations.append(
                Violation(
                    OVERLAP,
                    _("Already booked %(span)s%(where)s.")
                    % {"span": span_text(booking.starts_at, booking.ends_at), "where": where},
                    overridable=False,
                )
            )
    return violations


def _rest_too_short(message: str, *, rest: int, need: int, at: dt.datetime) -> Violation:
    """A daily-rest violation from ``message`` (translated; rest, day and time of ``at``, need)."""
    return Violation(
        DAILY_REST,
        message
        % {
            "rest": duration_text(rest),
            "day": day_text(at),
            "time": time_text(at),
            "need": duration_text(need),
        },
        overridable=True,
    )


def daily_rest_check(*, shift: ShiftFacts, bookings: Iterable[Work], limits: Limits) -> list[Violation]:
    """At least ``daily_rest_minutes`` of unbroken rest after every shift (AB) and in the 24 hours
    from the start of every shift (ATL 13 §).

    Concretely: the rest before the new shift (since the end of the previous booking) and after it
    (until the start of the next) must each be at least the daily rest, and the shift itself may
    last at most 24 h minus the daily rest. Exactly 11 h passes; 10 h 59 min does not.
    """
    need = limits.daily_rest_minutes
    violations = []
    others = [b for b in bookings if not (b.starts_at < shift.ends_at and shift.starts_at < b.ends_at)]
    before = max((b for b in others if b.ends_at <= shift.starts_at), key=lambda b: b.ends_at, default=None)
    after = min((b for b in others if b.starts_at >= shift.ends_at), key=lambda b: b.starts_at, default=None)
    if before is not None:
        rest = minutes_between(before.ends_at, shift.starts_at)
        if rest < need:
            message = _(
                "Only %(rest)s of rest after the shift that ends %(day)s at %(time)s (%(need)s needed)."
            )
            violations.append(_rest_too_short(message, rest=rest, need=need, at=before.ends_at))
    if after is not None:
        rest = minutes_between(shift.ends_at, after.starts_at)
        if rest < need:
            message = _(
                "Only %(rest)s of rest before the shift that starts %(day)s at %(time)s (%(need)s needed)."
            )
            violations.append(_rest_too_short(message, rest=rest, need=need, at=after.starts_at))
    length = minutes_between(shift.starts_at, shift.ends_at)
    if length > 24 * 60 - need:
        violations.append(
            Violation(
                DAILY_REST,
                _("A shift of %(length)s leaves less than %(need)s of rest in the 24 hours from its start.")
                % {"length": duration_text(length), "need": duration_text(need)},
                overridable=True,
            )
        )
    return violations


def weekly_rest_check(*, shift: ShiftFacts, bookings: Iterable[Work], limits: Limits) -> list[Violation]:
    """At least ``weekly_rest_minutes`` of unbroken rest in every 7-day period (ATL 14 §).

    The 7-day periods are the calendar weeks, Monday 00:00 to Monday 00:00 Europe/Stockholm (the
    law lets the employer fix them); every week the new shift has time in is checked, with the
    bookings already in it. Rest that runs over a week boundary counts in each week only up to it.
    """
    need = limits.weekly_rest_minutes
    work = [*bookings, shift.as_work()]
    violations = []
    for start, end in weeks_touched(shift.starts_at, shift.ends_at):
        longest, _at = longest_rest(work, window_start=start, window_end=end)
        if longest < need:
            violations.append(
                Violation(
                    WEEKLY_REST,
                    _("The week of %(day)s would have at most %(rest)s of unbroken rest (%(need)s needed).")
                    % {"day": day_text(start), "rest": duration_text(longest), "need": duration_text(need)},
                    overridable=True,
                )
            )
    return violations


def break_check(*, shift: ShiftFacts, limits: Limits) -> list[Violation]:
    """No more than ``max_work_without_break_minutes`` of work in a row (ATL 15 §).

    Model: a shift without a break may last at most the limit; a shift with a break has one break
    that the workplace places freely, so its working time (length minus break) may be at most twice
    the limit (5 h + break + 5 h). Longer shifts need a second break the shift cannot express.
    """
    most = limits.max_work_without_break_minutes
    length = minutes_between(shift.starts_at, shift.ends_at)
    if shift.break_minutes == 0:
        if length > most:
            return [
                Violation(
                    BREAK,
                    _("%(length)s of work without a break (at most %(most)s).")
                    % {"length": duration_text(length), "most": duration_text(most)},
                    overridable=True,
                )
            ]
        return []
    work = length - shift.break_minutes
    if work > 2 * most:
        return [
            Violation(
                BREAK,
                _("%(work)s of work with one break leaves more than %(most)s in a row.")
                % {"work": duration_text(work), "most": duration_text(most)},
                overridable=True,
            )
        ]
    return []


def month_hours_check(
    *, shift: ShiftFacts, month_minutes: Mapping[tuple[int, int], int], limits: Limits
) -> list[Violation]:
    """At most ``max_month_minutes`` of work per local calendar month, a shift counting per part."""
    violations = []
    for (year, month), part in month_parts(shift.starts_at, shift.ends_at, shift.work_minutes).items():
        total = month_minutes.get((year, month), 0) + part
        if total > limits.max_month_minutes:
            violations.append(
                Violation(
                    MONTH_HOURS,
                    _("%(total)s of work in %(month)s with this shift (at most %(most)s).")
                    % {
                        "total": duration_text(total),
                        "month": date_format(dt.date(year, month, 1), "F Y"),
                        "most": duration_text(limits.max_month_minutes),
                    },
                    overridable=True,
                )
            )
    return violations
