"""Who is free (*Tillgänglighetsöversikt*): a substitute's status on one day. Pure: no database.

One status per person and local day, the first that holds:

1. **booked**: an active booking on a shift of that day;
2. **unavailable**: paused in the pool ("can be booked" off), or nothing but "cannot work" marked;
3. **available** (free): some time that day is marked "can work" and no "cannot work" covers it
   (the same resolution as the booking rules: "cannot" wins where they meet);
4. **unknown**: nothing marked that day.

The week grid counts the first three in the database from whether "can" and "cannot" marks touch
the day; only a day where both touch needs the exact intervals (``status_from_marks`` says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vikarieportalen.staffing.models import Qualification, Workplace

# The longest range the week view shows at once: two weeks.
MAX_DAYS = 14


class DayStatus(StrEnum):
    AVAILABLE = "available"
    BOOKED = "booked"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    DayStatus.AVAILABLE: _("Free"),
    DayStatus.BOOKED: _("Booked"),
    DayStatus.UNAVAILABLE: _("Cannot work"),
    DayStatus.UNKNOWN: _("Not marked"),
}


def day_status(*, booked: bool, bookable: bool, free_time: bool, cannot_marked: bool) -> DayStatus:
    """The status of one person on one day. ``free_time``: some "can work" time that day that no
    "cannot work" covers; ``cannot_marked``: some "cannot work" touches the day."""
    if booked:
        return DayStatus.BOOKED
    if not bookable:
        return DayStatus.UNAVAILABLE
    if free_time:
        return DayStatus.AVAILABLE
    if cannot_marked:
        return DayStatus.UNAVAILABLE
    return DayStatus.UNKNOWN


def status_from_marks(
    *, booked: bool, bookable: bool, can_marked: bool, cannot_marked: bool
) -> DayStatus | None:
    """The status from which kinds of marks touch the day; None when both "can" and "cannot" touch
    it, so whether free time remains needs the intervals."""
    if can_marked and cannot_marked and not booked and bookable:
        return None
    return day_status(booked=booked, bookable=bookable, free_time=can_marked, cannot_marked=cannot_marked)


def short_of_people(*, open_shifts: int, free: int) -> bool:
    """More open shifts than free people: the centre cannot fill them all from those who said yes."""
    return open_shifts > free


def days_between(first_day: dt.date, last_day: dt.date) -> list[dt.date]:
    return [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]


@dataclass(frozen=True)
class Filters:
    """The days shown and whom they count: the pool of one area, one qualification, one workplace."""

    first_day: dt.date
    last_day: dt.date
    area: str = ""
    qualification: Qualification | None = None
    workplace: Workplace | None = None

    @property
    def days(self) -> list[dt.date]:
        return days_between(self.first_day, self.last_day)
