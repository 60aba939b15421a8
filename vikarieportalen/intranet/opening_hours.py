"""Is a contact open now, and when does it open next? Swedish local time, Swedish holidays.

Pure functions of plain data (weekly intervals, a moment, the closed days); no database, no Django.

Closed days are Sweden's public holidays and the three eves (midsummer, Christmas, New Year's), from
the portal's one calendar (``core.public_holidays``); an ordinary Sunday is not one, so a unit with
weekend hours is open then. Easter Sunday and Whitsunday are public holidays and stay closed.

Opening-hours arithmetic is a few lines over a week of intervals. The maintained libraries on PyPI
(e.g. opening-hours-py, a Rust binding) read OpenStreetMap's text syntax: our hours are rows an
editor enters, so using one would mean writing that syntax from the rows, teaching it the three
eves, and adding a compiled dependency, all to get the answer a loop over the next days gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vikarieportalen.core.public_holidays import swedish_holiday_names
from vikarieportalen.core.time import STOCKHOLM, local_instant

# How far ahead to look for the next opening. Christmas to New Year with weekends is under two weeks.
HORIZON_DAYS = 21

Interval = tuple[dt.time, dt.time]
WeeklyHours = Mapping[int, Sequence[Interval]]  # weekday (Monday 0) → the day's intervals, in order


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    closes_at: dt.datetime | None = None  # local time the current opening ends (when open)
    opens_at: dt.datetime | None = None  # local time of the next opening (when closed), if any soon
    closed_today: str = ""  # the holiday's name when it closes a day that has opening hours


def weekly_hours(rows: Iterable[tuple[int, dt.time, dt.time]]) -> dict[int, list[Interval]]:
    """Rows (weekday, opens, closes) as each weekday's intervals, sorted, touching ones joined.

    8–12 and 12–16 become 8–16: open across noon, not "open until 12".
    """
    by_day: dict[int, list[Interval]] = {}
    for weekday, opens, closes in sorted(rows):
        day = by_day.setdefault(weekday, [])
        if day and opens <= day[-1][1]:
            day[-1] = (day[-1][0], max(day[-1][1], closes))
        else:
            day.append((opens, closes))
    return by_day


def swedish_closed_days(years: Iterable[int], *, language: str = "sv") -> dict[dt.date, str]:
    """Public holidays and the three eves of the given years, with their names in ``language``.

    ``language`` is one the library knows for Sweden: "sv" or "en_US".
    """
    return swedish_holiday_names(years, language=language)


def opening_status(
    *,
    weekly: WeeklyHours,
    now: dt.datetime,
    closed_days: Mapping[dt.date, str],
    horizon_days: int = HORIZON_DAYS,
) -> OpeningStatus:
    """Open or closed at ``now`` (an aware moment), with when that changes, in Stockholm time.

    Opening hours are wall-clock times, so the comparison is in local wall-clock time: 6.30 is 6.30
    on the days the clocks change too.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(STOCKHOLM)
    today, time_now = local.date(), local.time().replace(tzinfo=None)

    def intervals(day: dt.date) -> Sequence[Interval]:
        return () if day in closed_days else weekly.get(day.weekday(), ())

    for opens, closes in intervals(today):
        if opens <= time_now < closes:
            return OpeningStatus(is_open=True, closes_at=local_instant(today, closes))

    closed_today = closed_days.get(today, "") if weekly.get(today.weekday()) else ""
    for offset in range(horizon_days + 1):
        day = today + dt.timedelta(days=offset)
        for opens, _closes in intervals(day):
            if offset > 0 or opens > time_now:
                return OpeningStatus(
                    is_open=False, opens_at=local_instant(day, opens), closed_today=closed_today
                )
    return OpeningStatus(is_open=False, closed_today=closed_today)


def time_label(value: dt.time) -> str:
    """Swedish style, as on the seed page: 6.30, 16 (not 16.00)."""
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"
