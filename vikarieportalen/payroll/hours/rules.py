"""Is an approval of worked hours sane? Pure rules, no database (see docs/hours.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vikarieportalen.core.time import clock_text, minutes_between


@dataclass(frozen=True)
class Problem:
    """One reason the times cannot be approved; ``field`` is the form field it belongs to ("" = none)."""

    field: str
    message: str


def work_minutes(*, starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int) -> int:
    """Real minutes between start and end (across a daylight-saving change too) minus the break."""
    return minutes_between(starts_at, ends_at) - break_minutes


def _local_time(moment: dt.datetime) -> str:
    return clock_text(moment)


def actual_times_problems(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    booked_starts_at: dt.datetime,
    booked_ends_at: dt.datetime,
    now: dt.datetime,
    max_work_hours: int,
    max_deviation_hours: int,
) -> list[Problem]:
    """Everything wrong with actual times; an empty list means they may be approved."""
    problems: list[Problem] = []
    length = work_minutes(starts_at=starts_at, ends_at=ends_at, break_minutes=0)
    if length <= 0:
        return [Problem("ends", _("The end must be after the start."))]
    if length > max_work_hours * 60:
        problems.append(
            Problem(
                "ends",
                _("At most %(hours)d hours can be approved for one shift.") % {"hours": max_work_hours},
            )
        )
    if break_minutes < 0:
        problems.append(Problem("break_minutes", _("The break cannot be negative.")))
    elif break_minutes >= length:
        problems.append(Problem("break_minutes", _("The break must be shorter than the time worked.")))
    if ends_at > now:
        problems.append(
            Problem("ends", _("The end is in the future. Approve the hours once the shift is over."))
        )
    deviation = dt.timedelta(hours=max_deviation_hours)
    for field, actual, booked, message in (
        (
            "starts",
            starts_at,
            booked_starts_at,
            _("The start must be within %(hours)d hours of the booked start (%(time)s)."),
        ),
        (
            "ends",
            ends_at,
            booked_ends_at,
            _("The end must be within %(hours)d hours of the booked end (%(time)s)."),
        ),
    ):
        if abs(actual.astimezone(dt.UTC) - booked.astimezone(dt.UTC)) > deviation:
            problems.append(
                Problem(field, message % {"hours": max_deviation_hours, "time": _local_time(booked)})
            )
    return problems
