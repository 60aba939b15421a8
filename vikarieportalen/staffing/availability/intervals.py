"""Availability: instants, occurrences of weekly rows, interval arithmetic. Pure: no database.

Weekly rows are wall-clock times in Europe/Stockholm; each occurrence is turned into aware instants
on its own date, so daylight saving moves nothing on the wall clock. ``availability_resolve`` turns
plain rows into an ``Availability``: "can work" less every "cannot work".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.booking.facts import intervals_merged
from vikarieportalen.staffing.models import AvailabilityKind

# A weekly row for a whole day ends at the last instant of the day (the table refuses starts == ends).
WHOLE_DAY_END = dt.time.max

Interval = tuple[dt.datetime, dt.datetime]


def local_instant(day: dt.date, time: dt.time, *, zone: ZoneInfo = STOCKHOLM) -> dt.datetime:
    """The aware instant of a wall-clock time; an autumn time that happens twice means the first."""
    return dt.datetime.combine(day, time, tzinfo=zone)


def local_time_exists(day: dt.date, time: dt.time, *, zone: ZoneInfo = STOCKHOLM) -> bool:
    """False for the wall-clock hour skipped when the clocks go forward."""
    local = local_instant(day, time, zone=zone)
    return local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None)


def to_local(instant: dt.datetime, zone: ZoneInfo = STOCKHOLM) -> dt.datetime:
    return instant.astimezone(zone)


def day_start(day: dt.date, *, zone: ZoneInfo = STOCKHOLM) -> dt.datetime:
    return local_instant(day, dt.time(0, 0), zone=zone)


def weekly_bounds(*, day: dt.date, starts: dt.time, ends: dt.time, zone: ZoneInfo = STOCKHOLM) -> Interval:
    """The instants of one occurrence of a weekly row that starts on ``day``."""
    if ends == WHOLE_DAY_END:
        return local_instant(day, starts, zone=zone), day_start(day + dt.timedelta(days=1), zone=zone)
    end_day = day if ends > starts else day + dt.timedelta(days=1)
    return local_instant(day, starts, zone=zone), local_instant(end_day, ends, zone=zone)


def weekly_occurrences(
    *,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None,
    first_day: dt.date,
    last_day: dt.date,
    zone: ZoneInfo = STOCKHOLM,
) -> list[Interval]:
    """Occurrences of a weekly row that start on a day in ``first_day``…``last_day`` (inclusive)
    and within its validity."""
    start = max(first_day, valid_from)
    end = last_day if valid_until is None else min(last_day, valid_until)
    if end < start:
        return []
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    found: list[Interval] = []
    while day <= end:
        found.append(weekly_bounds(day=day, starts=starts, ends=ends, zone=zone))
        day += dt.timedelta(days=7)
    return found


def intervals_union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, merged, non-empty intervals (touching ones join)."""
    return intervals_merged(i for i in intervals if i[1] > i[0])


def intervals_subtract(intervals: Sequence[Interval], remove: Sequence[Interval]) -> list[Interval]:
    """``intervals`` minus ``remove``; both as from ``intervals_union``."""
    result: list[Interval] = []
    for start, end in intervals:
        pieces = [(start, end)]
        for cut_start, cut_end in remove:
            if cut_start >= end:
                break
            next_pieces: list[Interval] = []
            for piece_start, piece_end in pieces:
                if cut_end <= piece_start or cut_start >= piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if cut_start > piece_start:
                    next_pieces.append((piece_start, cut_start))
                if cut_end < piece_end:
                    next_pieces.append((cut_end, piece_end))
            pieces = next_pieces
        result.extend(pieces)
    return result


def intervals_clip(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    return [(max(s, start), min(e, end)) for s, e in intervals if s < end and e > start]


def intervals_cover(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> bool:
    return any(s <= start and end <= e for s, e in intervals)


def intervals_overlap(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> bool:
    return any(s < end and start < e for s, e in intervals)


@dataclass(frozen=True)
class Mark:
    """One occurrence of a row: a single period, or one week's instance of a weekly row."""

    kind: str  # AvailabilityKind value
    starts_at: dt.datetime
    ends_at: dt.datetime
    weekly: bool
    row_id: int | None = None


@dataclass
class Availability:
    """A substitute's availability within a window: "can" less every "cannot"."""

    window: Interval
    marks: list[Mark] = field(default_factory=list)

    def __post_init__(self) -> None:
        cannot = intervals_union(
            (m.starts_at, m.ends_at) for m in self.marks if m.kind == AvailabilityKind.UNAVAILABLE
        )
        can = intervals_union(
            (m.starts_at, m.ends_at) for m in self.marks if m.kind == AvailabilityKind.AVAILABLE
        )
        self.cannot: list[Interval] = cannot
        self.can: list[Interval] = intervals_subtract(can, cannot)

    def covers(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        """Marked "can work" for the whole of ``starts_at``…``ends_at``."""
        return intervals_cover(self.can, starts_at, ends_at)

    def blocked(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        """Marked "cannot work" for some of ``starts_at``…``ends_at``."""
        return intervals_overlap(self.cannot, starts_at, ends_at)

    def day_summary(self, day: dt.date, *, zone: ZoneInfo = STOCKHOLM) -> list[tuple[str, Interval]]:
        """(kind, interval) pieces within the local ``day``, in time order, for the week view."""
        start, end = day_start(day, zone=zone), day_start(day + dt.timedelta(days=1), zone=zone)
        pieces = [(str(AvailabilityKind.AVAILABLE), i) for i in intervals_clip(self.can, start, end)]
        pieces += [(str(AvailabilityKind.UNAVAILABLE), i) for i in intervals_clip(self.cannot, start, end)]
        return sorted(pieces, key=lambda piece: piece[1][0])


def availability_resolve(
    *,
    window: Interval,
    periods: Iterable[tuple[str, dt.datetime, dt.datetime]],
    weekly: Iterable[tuple[str, int, dt.time, dt.time, dt.date, dt.date | None]],
    zone: ZoneInfo = STOCKHOLM,
) -> Availability:
    """Availability within ``window`` from plain rows: periods as (kind, starts_at, ends_at), weekly
    rows as (kind, weekday, starts, ends, valid_from, valid_until)."""
    start, end = window
    marks = [Mark(kind, s, e, weekly=False) for kind, s, e in periods if s < end and e > start]
    first_day = start.astimezone(zone).date() - dt.timedelta(days=1)
    last_day = end.astimezone(zone).date()
    for kind, weekday, starts, ends, valid_from, valid_until in weekly:
        for s, e in weekly_occurrences(
            weekday=weekday,
            starts=starts,
            ends=ends,
            valid_from=valid_from,
            valid_until=valid_until,
            first_day=first_day,
            last_day=last_day,
            zone=zone,
        ):
            if s < end and e > start:
                marks.append(Mark(kind, s, e, weekly=True))
    return Availability(window=window, marks=marks)
