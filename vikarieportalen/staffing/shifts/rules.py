"""Pure rules for a manager's shift input: local times to instants, lengths, series dates, and
the warnings for a need no substitute can take without breaking the working-time rules.

Everything here is plain data in, plain data out: no database, no clock (``now`` is passed in).
Times are wall-clock times in ``zone`` (Europe/Stockholm); an end at or before the start means the
next day, so 21.15–07.15 is a night shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

from vikarieportalen.core.public_holidays import RedDay
from vikarieportalen.core.time import STOCKHOLM, clock_text, duration_text, minutes_between
from vikarieportalen.staffing.booking.facts import Limits, ShiftFacts
from vikarieportalen.staffing.booking.working_time import break_check, daily_rest_check, weekly_rest_check

MAX_SHIFT_MINUTES = 16 * 60
MAX_DAYS_AHEAD = 366
MAX_SERIES_WEEKS = 26


@dataclass(frozen=True)
class ShiftProblem:
    """Something wrong with the input; ``field`` names the form field it belongs to ("" = the whole form)."""

    field: str
    message: str


class ShiftInputError(Exception):
    def __init__(self, problems: list[ShiftProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


@dataclass(frozen=True)
class ShiftTimes:
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def minutes(self) -> int:
        return shift_length_minutes(starts_at=self.starts_at, ends_at=self.ends_at)


def _date_text(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def _time_text(time: dt.time) -> str:
    return clock_text(time)


def local_time_exists(*, day: dt.date, time: dt.time, zone: ZoneInfo = STOCKHOLM) -> bool:
    """False for wall-clock times skipped when the clocks go forward (02:00–02:59 on the last Sunday
    of March in Sweden)."""
    local = dt.datetime.combine(day, time, tzinfo=zone)
    round_trip = local.astimezone(dt.UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def shift_length_minutes(*, starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """Real elapsed minutes. Python subtracts datetimes sharing a tzinfo by wall clock, so go via UTC."""
    return minutes_between(starts_at, ends_at)


def shift_times_resolve(
    *, day: dt.date, starts: dt.time, ends: dt.time, zone: ZoneInfo = STOCKHOLM
) -> ShiftTimes:
    """The instants of a shift given as a date and two wall-clock times.

    An end at or before the start is on the next day (an end equal to the start is refused as a
    zero-length shift). A time that does not exist that day (the spring change) is refused with the
    date in the message; a time that happens twice (the autumn change) means its first occurrence.
    """
    problems: list[ShiftProblem] = []
    if starts == ends:
        raise ShiftInputError([ShiftProblem("ends", _("The shift ends when it starts: it has no length."))])
    end_day = day if ends > starts else day + dt.timedelta(days=1)
    for field, when, time in (("starts", day, starts), ("ends", end_day, ends)):
        if not local_time_exists(day=when, time=time, zone=zone):
            problems.append(
                ShiftProblem(
                    field,
                    _(
                        "%(time)s does not exist on %(date)s: the clocks go forward an hour that night. "
                        "Choose a time before 02:00 or from 03:00."
                    )
                    % {"time": _time_text(time), "date": _date_text(when)},
                )
            )
    if problems:
        raise ShiftInputError(problems)
    starts_at = dt.datetime.combine(day, starts, tzinfo=zone)
    ends_at = dt.datetime.combine(end_day, ends, tzinfo=zone)
    return ShiftTimes(day=day, starts_at=starts_at, ends_at=ends_at)


def shift_input_problems(
    *,
    times: ShiftTimes,
    break_minutes: int,
    now: dt.datetime,
    max_minutes: int = MAX_SHIFT_MINUTES,
    max_days_ahead: int = MAX_DAYS_AHEAD,
) -> list[ShiftProblem]:
    """What is wrong with one shift's times and break (an empty list: nothing)."""
    problems: list[ShiftProblem] = []
    minutes = times.minutes
    if minutes > max_minutes:
        problems.append(
            ShiftProblem(
                "ends",
                _("The shift is %(length)s long; a shift may be at most %(max)s.")
                % {"length": duration_text(minutes), "max": duration_text(max_minutes)},
            )
        )
    if times.starts_at <= now:
        problems.append(
            ShiftProblem(
                "starts",
                _("The shift on %(date)s at %(time)s has already started: a need must lie ahead.")
                % {"date": _date_text(times.day), "time": _time_text(times.starts_at.timetz())},
            )
        )
    latest_day = now.astimezone(times.starts_at.tzinfo).date() + dt.timedelta(days=max_days_ahead)
    if times.day > latest_day:
        problems.append(
            ShiftProblem(
                "day",
                _("A need can be registered at most a year ahead, up to %(date)s.")
                % {"date": _date_text(latest_day)},
            )
        )
    if break_minutes < 0:
        problems.append(ShiftProblem("break_minutes", _("The break cannot be negative.")))
    elif break_minutes >= minutes:
        problems.append(
            ShiftProblem(
                "break_minutes",
                _("A break of %(break)s does not fit in a shift of %(length)s.")
                % {"break": duration_text(break_minutes), "length": duration_text(minutes)},
            )
        )
    return problems


def shift_work_minutes(*, times: ShiftTimes, break_minutes: int) -> int:
    return times.minutes - break_minutes


def series_days(
    *,
    first_day: dt.date,
    last_day: dt.date | None,
    weekdays: Iterable[int],
    max_weeks: int = MAX_SERIES_WEEKS,
) -> list[dt.date]:
    """The dates of a weekly repeating need from ``first_day`` to ``last_day`` on ``weekdays``
    (0 = Monday), both ends included. Raises ShiftInputError naming the field to fix."""
    chosen = sorted(set(weekdays))
    problems: list[ShiftProblem] = []
    if not chosen:
        problems.append(ShiftProblem("weekdays", _("Choose at least one weekday for the repeating need.")))
    elif any(not 0 <= weekday <= 6 for weekday in chosen):
        problems.append(ShiftProblem("weekdays", _("Unknown weekday.")))
    if last_day is None:
        problems.append(ShiftProblem("until", _("Say until which date the need repeats.")))
    elif last_day < first_day:
        problems.append(
            ShiftProblem(
                "until",
                _("The last date, %(until)s, is before the first, %(first)s.")
                % {"until": _date_text(last_day), "first": _date_text(first_day)},
            )
        )
    elif (last_day - first_day).days >= max_weeks * 7:
        problems.append(
            ShiftProblem(
                "until",
                _("A repeating need may cover at most %(weeks)d weeks, up to %(date)s.")
                % {"weeks": max_weeks, "date": _date_text(first_day + dt.timedelta(days=max_weeks * 7 - 1))},
            )
        )
    if problems or last_day is None:
        raise ShiftInputError(problems)
    days = []
    day = first_day
    while day <= last_day:
        if day.weekday() in chosen:
            days.append(day)
        day += dt.timedelta(days=1)
    if not days:
        raise ShiftInputError(
            [ShiftProblem("weekdays", _("None of the chosen weekdays falls between the two dates."))]
        )
    return days


def series_times_resolve(
    *,
    days: Iterable[dt.date],
    starts: dt.time,
    ends: dt.time,
    break_minutes: int,
    now: dt.datetime,
    zone: ZoneInfo = STOCKHOLM,
) -> list[ShiftTimes]:
    """Every shift of a series, or ShiftInputError with the problems of the first day that has any
    (the same message the single-shift form gives, so one date can be fixed at a time)."""
    resolved = []
    for day in days:
        times = shift_times_resolve(day=day, starts=starts, ends=ends, zone=zone)
        problems = shift_input_problems(times=times, break_minutes=break_minutes, now=now)
        if problems:
            raise ShiftInputError(problems)
        resolved.append(times)
    return resolved


# ---------------------------------------------------------------------------------------------
# Warnings: a need the form accepts but no substitute can take within the working-time rules


@dataclass(frozen=True)
class NeedWarning:
    """Why no substitute can take a need without the staffing centre overriding a rule."""

    code: str  # the booking rule's code (facts.BREAK, DAILY_REST, WEEKLY_REST)
    message: str


def limits_most_lenient(limits: Collection[Limits]) -> Limits:
    """The limits a need must break for *every* substitute to break them: the shortest rest and the
    longest stretch without a break of all the agreements in use (the defaults when there are none)."""
    if not limits:
        return Limits()
    return Limits(
        daily_rest_minutes=min(limit.daily_rest_minutes for limit in limits),
        weekly_rest_minutes=min(limit.weekly_rest_minutes for limit in limits),
        max_work_without_break_minutes=max(limit.max_work_without_break_minutes for limit in limits),
        max_month_minutes=max(limit.max_month_minutes for limit in limits),
    )


def _facts(times: ShiftTimes, break_minutes: int) -> ShiftFacts:
    return ShiftFacts(
        starts_at=times.starts_at,
        ends_at=times.ends_at,
        break_minutes=break_minutes,
        day=times.day,
        workplace_id=0,
    )


def need_warnings(
    *,
    times: ShiftTimes,
    break_minutes: int,
    limits: Limits,
    series: Sequence[ShiftTimes] = (),
) -> list[NeedWarning]:
    """What every substitute would break by taking the need, with the reason (empty: nothing).

    The booking rules themselves decide (``booking.working_time``), run on the shift alone: its
    breaks (ATL 15 §) and the daily rest its length leaves in 24 hours (ATL 13 §), which is also the
    rest between the shifts of a series repeated daily. For a series, the weekly rest (ATL 14 §) is
    checked as if one substitute took every shift of each week: that one person cannot, though
    several can share them. Input the form refuses (a negative break, one longer than the shift)
    gives no warning: the form's own message says what is wrong.
    """
    warnings: list[NeedWarning] = []
    lengths_seen: set[int] = set()
    # Every length once: a series over a daylight-saving change has one shift an hour longer.
    for one in [times, *series]:
        if one.minutes in lengths_seen or break_minutes < 0 or break_minutes >= one.minutes:
            continue
        lengths_seen.add(one.minutes)
        shift = _facts(one, break_minutes)
        for violation in [
            *break_check(shift=shift, limits=limits),
            *daily_rest_check(shift=shift, bookings=(), limits=limits),
        ]:
            message = violation.message
            if one is not times:
                message = _("On %(day)s: %(reason)s") % {"day": _date_text(one.day), "reason": message}
            warnings.append(NeedWarning(violation.code, message))
    series_facts = [_facts(one, break_minutes) for one in series if 0 <= break_minutes < one.minutes]
    work = [one.as_work() for one in series_facts]
    for facts in series_facts:
        others = [w for w in work if (w.starts_at, w.ends_at) != (facts.starts_at, facts.ends_at)]
        weekly = weekly_rest_check(shift=facts, bookings=others, limits=limits)
        if weekly:
            message = _("If one substitute takes every shift of a week: %(reason)s") % {
                "reason": weekly[0].message
            }
            warnings.append(NeedWarning(weekly[0].code, message))
            break
    return warnings


def need_warnings_key(warnings: Iterable[NeedWarning]) -> str:
    """What the manager acknowledged by registering the need anyway: the rules' codes, sorted."""
    return ",".join(sorted({warning.code for warning in warnings}))


# ---------------------------------------------------------------------------------------------
# Public holidays and eves in a series


@dataclass(frozen=True)
class PreviewDay:
    """One shift of a series preview, with the public holiday or eve it falls on (if any)."""

    times: ShiftTimes
    red_day: RedDay | None


def series_preview_days(
    times: Iterable[ShiftTimes], *, red_days: Mapping[dt.date, RedDay]
) -> list[PreviewDay]:
    """Each shift with the red day of its date: a need on Christmas Eve is harder to staff."""
    return [PreviewDay(times=one, red_day=red_days.get(one.day)) for one in times]
