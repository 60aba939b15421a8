"""Unsocial-hours supplements (*OB*): which part of a piece of work falls in which supplement band.

Pure functions of plain data, no database. The rules:

- A band is a set of wall-clock windows in Swedish time: on each of its ``weekdays`` (0 = Monday)
  from ``starts`` to ``ends``; an ``ends`` at or before ``starts`` runs past midnight into the next
  day, and a band without times covers its weekdays whole. An ``on_holidays`` band also covers every
  public holiday (and midsummer, Christmas and New Year's eve) from 00:00 to 24:00.
- Windows are turned into real moments day by day, so the night the clocks go back an 22–06 night
  band lasts nine real hours, and eight the night they go forward; minutes are always real minutes.
- Where several bands cover a moment, the one with the highest ``priority`` wins (then the lowest
  code), so a minute is never paid two supplements.
- **The break** is unpaid and placed in the middle of the work: from start + (length − break) / 2,
  in whole minutes. No band is paid for it and the ordinary line is the length minus the break.
  The time of the break is not recorded, so this is the simplest rule that is the same for everyone,
  never pays a supplement for more minutes than were worked and keeps every piece a real interval.
- Amounts are Decimal kronor, each line rounded to öre (half up).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from vikarieportalen.core.public_holidays import swedish_holidays
from vikarieportalen.core.time import STOCKHOLM, local_instant, minutes_between

UTC = dt.UTC
ORE = Decimal("0.01")
MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class BandRule:
    """A supplement band as plain data (``payroll.SupplementBand`` without the database)."""

    code: str
    weekdays: frozenset[int]
    starts: dt.time | None
    ends: dt.time | None
    on_holidays: bool = False
    priority: int = 0
    key: int | None = None  # the SupplementBand's pk


@dataclass(frozen=True)
class Piece:
    """A piece of work in one band: real moments in UTC, ``starts_at`` < ``ends_at``."""

    band: BandRule
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def minutes(self) -> int:
        return minutes_between(self.starts_at, self.ends_at)

    @property
    def day(self) -> dt.date:
        """The Swedish date the piece starts on."""
        return self.starts_at.astimezone(STOCKHOLM).date()


def money(amount_per_hour: Decimal, minutes: int) -> Decimal:
    """``minutes`` at ``amount_per_hour`` kronor an hour, rounded to öre (half up)."""
    return (amount_per_hour * minutes / 60).quantize(ORE, rounding=ROUND_HALF_UP)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment of a local wall-clock time, in UTC (a time the clocks skip counts as before the change)."""
    return local_instant(day, time).astimezone(UTC)


def band_windows(
    band: BandRule, *, first_day: dt.date, last_day: dt.date, holidays: Collection[dt.date]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The real intervals ``band`` covers that start on the local days ``first_day``..``last_day``."""
    windows: list[tuple[dt.datetime, dt.datetime]] = []
    day = first_day
    while day <= last_day:
        next_day = day + dt.timedelta(days=1)
        if band.on_holidays and day in holidays:
            windows.append((_at(day, dt.time(0)), _at(next_day, dt.time(0))))
        if day.weekday() in band.weekdays:
            if band.starts is None or band.ends is None:
                windows.append((_at(day, dt.time(0)), _at(next_day, dt.time(0))))
            else:
                ends_day = next_day if band.ends <= band.starts else day
                windows.append((_at(day, band.starts), _at(ends_day, band.ends)))
        day = next_day
    return windows


def break_interval(
    starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int
) -> tuple[dt.datetime, dt.datetime] | None:
    """Where the unpaid break is put: in the middle of the work, whole minutes (see the module doc)."""
    if break_minutes <= 0:
        return None
    length = minutes_between(starts_at, ends_at)
    if break_minutes >= length:
        raise ValueError("the break must be shorter than the work")
    begins = starts_at.astimezone(UTC) + MINUTE * ((length - break_minutes) // 2)
    return begins, begins + MINUTE * break_minutes


def _winner(bands: Sequence[BandRule]) -> BandRule:
    return min(bands, key=lambda band: (-band.priority, band.code))


def split_into_bands(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    bands: Sequence[BandRule],
    holidays: Collection[dt.date] | None = None,
) -> list[Piece]:
    """The pieces of the work ``starts_at``–``ends_at`` (minus the break) that fall in a band, in order.

    Adjacent moments in the same band make one piece; the break splits a piece in two. Times must be
    aware; ``holidays`` defaults to Sweden's (``swedish_holidays``) for the years concerned.
    """
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    if ends_at <= starts_at:
        raise ValueError("the work must end after it starts")
    # Every moment in UTC: Python compares and subtracts two times of one zone by the wall clock.
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    first_day = starts_at.astimezone(STOCKHOLM).date() - dt.timedelta(days=1)
    last_day = ends_at.astimezone(STOCKHOLM).date()
    if holidays is None:
        holidays = swedish_holidays(range(first_day.year, last_day.year + 1))

    covered: list[tuple[dt.datetime, dt.datetime, BandRule]] = []
    points = {starts_at, ends_at}
    pause = break_interval(starts_at, ends_at, break_minutes)
    if pause is not None:
        points.update(pause)
    for band in bands:
        for window_start, window_end in band_windows(
            band, first_day=first_day, last_day=last_day, holidays=holidays
        ):
            begins, ends = max(window_start, starts_at), min(window_end, ends_at)
            if begins < ends:
                covered.append((begins, ends, band))
                points.update((begins, ends))

    pieces: list[Piece] = []
    moments = sorted(points)
    for begins, ends in itertools.pairwise(moments):
        if pause is not None and pause[0] <= begins and ends <= pause[1]:
            continue
        here = [band for (a, b, band) in covered if a <= begins and ends <= b]
        if not here:
            continue
        band = _winner(here)
        if pieces and pieces[-1].band == band and pieces[-1].ends_at == begins:
            pieces[-1] = Piece(band, pieces[-1].starts_at, ends)
        else:
            pieces.append(Piece(band, begins, ends))
    return pieces
