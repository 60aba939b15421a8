"""The booking rules' plain data: what they read, what they return, and the helpers they share.

No database: ``candidates.py`` loads these facts in bulk, the checks in ``working_time.py`` and
``rules.py`` read them. Times are aware datetimes, held in UTC; durations are real elapsed time (so a
night shift over the spring daylight-saving change is one hour shorter than its clock times say).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.formats import date_format

from vikarieportalen.core.time import STOCKHOLM, clock_text, day_start, minutes_between

UTC = dt.UTC

# Rule codes. The never-overridable ones are facts about time or the shift itself.
OVERLAP = "overlap"
SHIFT_TAKEN = "shift_taken"
SHIFT_CANCELLED = "shift_cancelled"
SHIFT_ENDED = "shift_ended"
NOT_SUBSTITUTE = "not_substitute"
DAILY_REST = "daily_rest"
WEEKLY_REST = "weekly_rest"
BREAK = "break"
MONTH_HOURS = "month_hours"
QUALIFICATION = "qualification"
INTRODUCTION = "introduction"
AVAILABILITY = "availability"
NOT_BOOKABLE = "not_bookable"


@dataclass(frozen=True)
class Violation:
    """One broken rule for one booking: a stable ``code`` and a translated, specific ``message``."""

    code: str
    message: str
    overridable: bool


@dataclass(frozen=True)
class Limits:
    """A collective agreement's working-time parameters, in minutes."""

    daily_rest_minutes: int = 11 * 60
    weekly_rest_minutes: int = 36 * 60
    max_work_without_break_minutes: int = 5 * 60
    max_month_minutes: int = 165 * 60

    @classmethod
    def from_agreement(cls, agreement: Any) -> Limits:
        return cls(
            daily_rest_minutes=agreement.daily_rest_minutes,
            weekly_rest_minutes=agreement.weekly_rest_minutes,
            max_work_without_break_minutes=agreement.max_work_without_break_minutes,
            max_month_minutes=agreement.max_month_minutes,
        )


@dataclass(frozen=True)
class Work:
    """A stretch of booked (or to-be-booked) work: ``starts_at`` to ``ends_at`` minus breaks."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    work_minutes: int
    label: str = ""  # e.g. the workplace, for messages

    def __post_init__(self) -> None:
        _utc_fields(self, "starts_at", "ends_at")


@dataclass(frozen=True)
class ShiftFacts:
    """What the rules need to know about the shift being booked."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    break_minutes: int
    day: dt.date
    workplace_id: int
    workplace_name: str = ""
    # (qualification id, name) for every required qualification
    required_qualifications: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        _utc_fields(self, "starts_at", "ends_at")

    @property
    def work_minutes(self) -> int:
        return work_minutes_of(self.starts_at, self.ends_at, self.break_minutes)

    def as_work(self) -> Work:
        return Work(self.starts_at, self.ends_at, self.work_minutes, self.workplace_name)


@dataclass(frozen=True)
class AvailabilitySpan:
    """A single availability period (``available`` True = can work, False = cannot)."""

    available: bool
    starts_at: dt.datetime
    ends_at: dt.datetime
    note: str = ""

    def __post_init__(self) -> None:
        _utc_fields(self, "starts_at", "ends_at")


@dataclass(frozen=True)
class WeeklyPattern:
    """A weekly availability pattern in local time; ``ends`` at or before ``starts`` runs past midnight."""

    available: bool
    weekday: int  # 0 = Monday
    starts: dt.time
    ends: dt.time
    valid_from: dt.date
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class SubstituteFacts:
    """What the rules need to know about the substitute, loaded around the shift.

    ``bookings`` are the substitute's active bookings at least from eight days before the shift to
    eight days after it (enough for daily and weekly rest); ``month_minutes`` holds the booked work
    minutes of each calendar month the shift touches, ``(year, month) -> minutes``.
    """

    name: str = ""
    is_substitute: bool = True
    is_bookable: bool = True
    introduced: bool = True
    qualifications: Mapping[int, dt.date | None] = field(default_factory=dict)  # id -> valid until
    bookings: Sequence[Work] = ()
    month_minutes: Mapping[tuple[int, int], int] = field(default_factory=dict)
    periods: Sequence[AvailabilitySpan] = ()
    weekly: Sequence[WeeklyPattern] = ()


# ---------------------------------------------------------------------------------------------
# Time arithmetic


def _utc_fields(instance: object, *names: str) -> None:
    # Python compares and subtracts datetimes sharing a tzinfo by wall clock, which is wrong over
    # the daylight-saving changes; the rules work in UTC only.
    for name in names:
        value = getattr(instance, name)
        if value.tzinfo is None:
            raise ValueError(f"{name} must be an aware datetime")
        object.__setattr__(instance, name, value.astimezone(UTC))


def work_minutes_of(starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int) -> int:
    return max(0, minutes_between(starts_at, ends_at) - break_minutes)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(STOCKHOLM)


def local_midnight(day: dt.date) -> dt.datetime:
    """The instant the Swedish day begins, in UTC like every instant the rules compare."""
    return day_start(day).astimezone(UTC)


def month_start(year: int, month: int) -> dt.datetime:
    return local_midnight(dt.date(year, month, 1))


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def months_touched(starts_at: dt.datetime, ends_at: dt.datetime) -> list[tuple[int, int]]:
    """The local calendar months ``[starts_at, ends_at)`` has time in."""
    return list(_months_touched(starts_at, ends_at))


@lru_cache(maxsize=1024)  # the same shift is checked for hundreds of candidates
def _months_touched(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[tuple[int, int], ...]:
    first = local(starts_at)
    last = local(ends_at - dt.timedelta(microseconds=1))
    months = [(first.year, first.month)]
    while months[-1] != (last.year, last.month):
        months.append(next_month(*months[-1]))
    return tuple(months)


def month_parts(
    starts_at: dt.datetime, ends_at: dt.datetime, work_minutes: int
) -> dict[tuple[int, int], int]:
    """Split ``work_minutes`` over the local calendar months in proportion to the time in each.

    A night shift from 31 Jan 21:00 to 1 Feb 07:00 counts 3/10 in January and 7/10 in February;
    the parts always add up to ``work_minutes``.
    """
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    months = months_touched(starts_at, ends_at)
    if len(months) == 1:
        return {months[0]: work_minutes}
    total = (ends_at - starts_at).total_seconds()
    parts: dict[tuple[int, int], int] = {}
    given = 0
    for index, (year, month) in enumerate(months):
        if index == len(months) - 1:
            parts[(year, month)] = work_minutes - given
            break
        part_start = max(starts_at, month_start(year, month))
        part_end = min(ends_at, month_start(*next_month(year, month)))
        share = round(work_minutes * (part_end - part_start).total_seconds() / total)
        parts[(year, month)] = share
        given += share
    return parts


def intervals_merged(
    intervals: Iterable[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Sorted, with overlapping and touching intervals joined."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------------------------------------
# Formatting for messages (in the active language)


def day_text(moment: dt.datetime | dt.date) -> str:
    """The local date as "3 Dec" in the active language."""
    if isinstance(moment, dt.datetime):
        moment = local(moment).date()
    return date_format(moment, "j F")


def time_text(moment: dt.datetime) -> str:
    return clock_text(moment)


def span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "3 Dec 21:15–07:15"."""
    return f"{day_text(starts_at)} {time_text(starts_at)}–{time_text(ends_at)}"
