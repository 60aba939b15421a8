"""Availability: when a substitute can, and cannot, work.

Two kinds of rows: single periods (``AvailabilityPeriod``, aware instants) and a repeating weekly
pattern (``WeeklyAvailability``, wall-clock times in Europe/Stockholm; an end at or before the start
runs past midnight; ``WHOLE_DAY_END`` as the end means "until midnight").

How they combine (the same as the booking rule ``rules.availability_check``): time marked "can
work" by a period or the pattern is available unless some "cannot work" (period or pattern) touches
it; "cannot" wins. The editor keeps each level tidy: no two rows of the same kind overlap, and a
"cannot" may lie inside a "can" but not partly across one (nor a "can" inside a "cannot", which
would change nothing). Across levels a "cannot" period may cover pattern rows (a vacation over "can
work on Mondays" is the point of it), but a "can" period that a "cannot" pattern blocks is refused.

Pure functions first (no database, no clock: ``now``/``today`` are passed in), then selectors,
then services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    WeeklyAvailability,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_DAYS_AHEAD = 365
# A weekly row for a whole day ends at the last instant of the day (the table refuses starts == ends).
WHOLE_DAY_END = dt.time.max

Interval = tuple[dt.datetime, dt.datetime]


# ---------------------------------------------------------------------------------------------
# Pure: instants, occurrences, interval arithmetic


def local_instant(day: dt.date, time: dt.time, *, zone: ZoneInfo = STOCKHOLM) -> dt.datetime:
    """The aware instant of a wall-clock time; an autumn time that happens twice means the first."""
    return dt.datetime.combine(day, time, tzinfo=zone)


def local_time_exists(day: dt.date, time: dt.time, *, zone: ZoneInfo = STOCKHOLM) -> bool:
    """False for the wall-clock hour skipped when the clocks go forward."""
    local = local_instant(day, time, zone=zone)
    return local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None)


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
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


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


def _covers(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> bool:
    return any(s <= start and end <= e for s, e in intervals)


def _overlaps(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> bool:
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
        return _covers(self.can, starts_at, ends_at)

    def blocked(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        """Marked "cannot work" for some of ``starts_at``…``ends_at``."""
        return _overlaps(self.cannot, starts_at, ends_at)

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


# ---------------------------------------------------------------------------------------------
# Pure: the editor's rules


def _time_text(time: dt.time) -> str:
    return "24:00" if time == WHOLE_DAY_END else time.strftime("%H:%M")


def _local(instant: dt.datetime, zone: ZoneInfo = STOCKHOLM) -> dt.datetime:
    return instant.astimezone(zone)


def _is_whole_days(starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    start, end = _local(starts_at), _local(ends_at)
    return start.time() == dt.time(0, 0) and end.time() == dt.time(0, 0)


def period_text(*, kind: str, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "can work 3 March 08:00–16:00", "cannot work 1 July–14 July (whole days)"."""
    what = AvailabilityKind(kind).label.lower()
    start, end = _local(starts_at), _local(ends_at)
    if _is_whole_days(starts_at, ends_at):
        last = end.date() - dt.timedelta(days=1)
        if last == start.date():
            return _("%(what)s %(day)s (whole day)") % {
                "what": what,
                "day": formats.date_format(start.date(), "l j F"),
            }
        return _("%(what)s %(first)s–%(last)s (whole days)") % {
            "what": what,
            "first": formats.date_format(start.date(), "j F"),
            "last": formats.date_format(last, "j F Y"),
        }
    if end.date() == start.date():
        return _("%(what)s %(day)s %(from)s–%(until)s") % {
            "what": what,
            "day": formats.date_format(start.date(), "l j F"),
            "from": start.strftime("%H:%M"),
            "until": end.strftime("%H:%M"),
        }
    return _("%(what)s %(day)s %(from)s – %(end_day)s %(until)s") % {
        "what": what,
        "day": formats.date_format(start.date(), "l j F"),
        "from": start.strftime("%H:%M"),
        "end_day": formats.date_format(end.date(), "l j F"),
        "until": end.strftime("%H:%M"),
    }


def weekday_name(weekday: int) -> str:
    # 2024-01-01 was a Monday: the locale's weekday name without a table of our own.
    return formats.date_format(dt.date(2024, 1, 1) + dt.timedelta(days=weekday), "l")


def weekly_text(*, kind: str, weekday: int, starts: dt.time, ends: dt.time) -> str:
    """ "can work every Monday 08:00–16:00"."""
    what = AvailabilityKind(kind).label.lower()
    if starts == dt.time(0, 0) and ends == WHOLE_DAY_END:
        return _("%(what)s every %(weekday)s (whole day)") % {"what": what, "weekday": weekday_name(weekday)}
    if ends != WHOLE_DAY_END and ends <= starts:
        return _("%(what)s every %(weekday)s %(from)s–%(until)s the next day") % {
            "what": what,
            "weekday": weekday_name(weekday),
            "from": _time_text(starts),
            "until": _time_text(ends),
        }
    return _("%(what)s every %(weekday)s %(from)s–%(until)s") % {
        "what": what,
        "weekday": weekday_name(weekday),
        "from": _time_text(starts),
        "until": _time_text(ends),
    }


@dataclass(frozen=True)
class Row:
    """A row as the editor's rules see it: its occurrences and how to name it in a message."""

    kind: str
    occurrences: tuple[Interval, ...]
    text: str
    identity: tuple[object, ...]  # equal identities (and overlapping occurrences) = the same row twice


def _conflict(new: Row, old: Row) -> str | None:
    """Why ``new`` may not sit beside ``old`` (same level), or None."""
    for new_start, new_end in new.occurrences:
        for old_start, old_end in old.occurrences:
            if not (new_start < old_end and old_start < new_end):
                continue
            if new.kind == old.kind:
                if new.identity == old.identity:
                    return _("You have already marked this: %(row)s.") % {"row": old.text}
                return _(
                    "It overlaps “%(row)s”. Remove that one first, or choose times that do not overlap."
                ) % {"row": old.text}
            can, cannot = ((new_start, new_end), (old_start, old_end))
            if new.kind == AvailabilityKind.UNAVAILABLE:
                can, cannot = cannot, can
            if not (can[0] <= cannot[0] and cannot[1] <= can[1]):
                return _(
                    "It crosses “%(row)s”. A “cannot work” may lie inside a “can work”, but they may not "
                    "partly overlap, and a “can work” inside a “cannot work” would change nothing."
                ) % {"row": old.text}
    return None


def conflicts(*, new: Row, existing: Iterable[Row]) -> list[str]:
    """Messages for every existing row (of the same level) that ``new`` may not sit beside."""
    return [message for old in existing if (message := _conflict(new, old)) is not None]


def blocked_by_patterns(*, new: Row, patterns: Iterable[Row]) -> list[str]:
    """A "can work" period that a "cannot work" weekly row touches would change nothing there."""
    if new.kind != AvailabilityKind.AVAILABLE:
        return []
    messages = []
    for pattern in patterns:
        if pattern.kind == AvailabilityKind.UNAVAILABLE and any(
            _overlaps(pattern.occurrences, start, end) for start, end in new.occurrences
        ):
            messages.append(
                _("You have marked that you %(row)s, and “cannot work” wins. End that weekly pattern first.")
                % {"row": pattern.text}
            )
    return messages


def period_problems(
    *, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime, zone: ZoneInfo = STOCKHOLM
) -> list[str]:
    """What is wrong with a single period on its own (order, past, far future)."""
    today = now.astimezone(zone).date()
    if ends_at <= starts_at:
        return [_("The end must be after the start.")]
    problems: list[str] = []
    if starts_at.astimezone(zone).date() < today:
        problems.append(_("A period cannot begin before today."))
    elif ends_at <= now:
        problems.append(_("That period is already over."))
    last_day = (ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date()
    if last_day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        problems.append(
            _("Availability can be marked at most a year ahead (until %(day)s).")
            % {"day": formats.date_format(today + dt.timedelta(days=MAX_DAYS_AHEAD), "j F Y")}
        )
    return problems


def weekly_problems(*, valid_from: dt.date, valid_until: dt.date | None, today: dt.date) -> list[str]:
    """What is wrong with a weekly row's validity on its own."""
    if valid_until is not None and valid_until < valid_from:
        return [_("“Valid until” must be on or after “valid from”.")]
    problems: list[str] = []
    if valid_from < today:
        problems.append(_("A weekly pattern cannot begin before today."))
    if valid_from > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        problems.append(
            _("A weekly pattern must begin within a year (by %(day)s).")
            % {"day": formats.date_format(today + dt.timedelta(days=MAX_DAYS_AHEAD), "j F Y")}
        )
    return problems


def period_row(*, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, row_id: int | None = None) -> Row:
    return Row(
        kind=kind,
        occurrences=((starts_at, ends_at),),
        text=period_text(kind=kind, starts_at=starts_at, ends_at=ends_at),
        identity=("period", kind, starts_at, ends_at),
    )


def weekly_row(
    *,
    kind: str,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None,
    today: dt.date,
    zone: ZoneInfo = STOCKHOLM,
) -> Row:
    """A weekly row with its occurrences within the editor's horizon: every overlap of two rows that
    both begin within a year shows within a year and a week."""
    return Row(
        kind=kind,
        occurrences=tuple(
            weekly_occurrences(
                weekday=weekday,
                starts=starts,
                ends=ends,
                valid_from=valid_from,
                valid_until=valid_until,
                first_day=today - dt.timedelta(days=1),
                last_day=today + dt.timedelta(days=MAX_DAYS_AHEAD + 8),
                zone=zone,
            )
        ),
        text=weekly_text(kind=kind, weekday=weekday, starts=starts, ends=ends),
        identity=("weekly", kind, weekday, starts, ends),
    )


# ---------------------------------------------------------------------------------------------
# Selectors


def _window_filter_periods(starts_at: dt.datetime, ends_at: dt.datetime) -> Q:
    return Q(starts_at__lt=ends_at, ends_at__gt=starts_at)


def _window_filter_weekly(starts_at: dt.datetime, ends_at: dt.datetime) -> Q:
    first_day = starts_at.astimezone(STOCKHOLM).date() - dt.timedelta(days=1)
    last_day = ends_at.astimezone(STOCKHOLM).date()
    return Q(valid_from__lte=last_day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))


def availability_for_substitutes(
    *, substitute_ids: Iterable[int], starts_at: dt.datetime, ends_at: dt.datetime
) -> dict[int, Availability]:
    """Each substitute's resolved availability within the window, in two queries however many."""
    ids = list(substitute_ids)
    periods: dict[int, list[tuple[str, dt.datetime, dt.datetime]]] = {i: [] for i in ids}
    weekly: dict[int, list[tuple[str, int, dt.time, dt.time, dt.date, dt.date | None]]] = {i: [] for i in ids}
    for substitute_id, kind, s, e in AvailabilityPeriod.objects.filter(
        _window_filter_periods(starts_at, ends_at), substitute_id__in=ids
    ).values_list("substitute_id", "kind", "starts_at", "ends_at"):
        periods[substitute_id].append((kind, s, e))
    for substitute_id, *row in WeeklyAvailability.objects.filter(
        _window_filter_weekly(starts_at, ends_at), substitute_id__in=ids
    ).values_list("substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"):
        weekly[substitute_id].append(tuple(row))  # type: ignore[arg-type]
    window = (starts_at, ends_at)
    return {i: availability_resolve(window=window, periods=periods[i], weekly=weekly[i]) for i in ids}


def availability_for(*, substitute: User, starts_at: dt.datetime, ends_at: dt.datetime) -> Availability:
    return availability_for_substitutes(substitute_ids=[substitute.pk], starts_at=starts_at, ends_at=ends_at)[
        substitute.pk
    ]


@dataclass(frozen=True)
class DayView:
    day: dt.date
    pieces: list[tuple[str, Interval]]
    bookings: list[Booking]

    @property
    def is_empty(self) -> bool:
        return not self.pieces and not self.bookings

    @property
    def lines(self) -> list[tuple[str, str]]:
        """(kind, "08:00–16:00" or "whole day") for each piece."""
        next_day = day_start(self.day + dt.timedelta(days=1))
        result = []
        for kind, (start, end) in self.pieces:
            local_start = _local(start)
            if local_start.time() == dt.time(0, 0) and end == next_day:
                result.append((kind, _("whole day")))
            else:
                until = "24:00" if end == next_day else _local(end).strftime("%H:%M")
                result.append((kind, f"{local_start:%H:%M}–{until}"))
        return result


@dataclass(frozen=True)
class WeekView:
    number: int  # ISO week number
    days: list[DayView]


def availability_weeks(*, substitute: User, first_day: dt.date, weeks: int) -> list[WeekView]:
    """``weeks`` weeks from the Monday on or before ``first_day``: what is marked each day and the
    bookings that start that day. Three queries."""
    monday = first_day - dt.timedelta(days=first_day.weekday())
    end_day = monday + dt.timedelta(days=7 * weeks)
    window = (day_start(monday), day_start(end_day))
    availability = availability_for(substitute=substitute, starts_at=window[0], ends_at=window[1])
    by_day: dict[dt.date, list[Booking]] = {}
    for booking in (
        Booking.objects.filter(
            substitute=substitute,
            status=BookingStatus.ACTIVE,
            starts_at__lt=window[1],
            ends_at__gt=window[0],
        )
        .select_related("workplace")
        .order_by("starts_at")
    ):
        by_day.setdefault(booking.starts_at.astimezone(STOCKHOLM).date(), []).append(booking)
    result: list[WeekView] = []
    for week in range(weeks):
        days = []
        for offset in range(7):
            day = monday + dt.timedelta(days=7 * week + offset)
            days.append(DayView(day=day, pieces=availability.day_summary(day), bookings=by_day.get(day, [])))
        result.append(WeekView(number=days[0].day.isocalendar().week, days=days))
    return result


def availability_period_list(*, substitute: User, now: dt.datetime) -> list[AvailabilityPeriod]:
    """Periods that have not ended, soonest first."""
    return list(
        AvailabilityPeriod.objects.filter(substitute=substitute, ends_at__gt=now).order_by("starts_at")
    )


def availability_weekly_list(*, substitute: User, today: dt.date) -> list[WeeklyAvailability]:
    """Weekly rows still in force or to come, by weekday and time."""
    return list(
        WeeklyAvailability.objects.filter(substitute=substitute)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("weekday", "starts", "valid_from")
    )


# ---------------------------------------------------------------------------------------------
# Services


class AvailabilityRefused(Exception):
    """The row was not saved; ``messages`` say why, each one whole and translated."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages))


def _lock_substitute(substitute: User) -> None:
    # Two editors (the substitute and the staffing centre) adding at once: the overlap check and the
    # insert must see each other's rows.
    User.objects.select_for_update().filter(pk=substitute.pk).first()


@transaction.atomic
def availability_period_add(
    *,
    substitute: User,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    now: dt.datetime,
    note: str = "",
) -> AvailabilityPeriod:
    """Adds a single period, or refuses with every reason (nothing saved)."""
    problems = period_problems(starts_at=starts_at, ends_at=ends_at, now=now)
    if problems:
        raise AvailabilityRefused(problems)
    _lock_substitute(substitute)
    existing = [
        period_row(kind=p.kind, starts_at=p.starts_at, ends_at=p.ends_at)
        for p in AvailabilityPeriod.objects.filter(
            _window_filter_periods(starts_at, ends_at), substitute=substitute
        )
    ]
    new = period_row(kind=kind, starts_at=starts_at, ends_at=ends_at)
    problems = conflicts(new=new, existing=existing)
    if kind == AvailabilityKind.AVAILABLE:
        today = now.astimezone(STOCKHOLM).date()
        patterns = [
            weekly_row(
                kind=w.kind,
                weekday=w.weekday,
                starts=w.starts,
                ends=w.ends,
                valid_from=w.valid_from,
                valid_until=w.valid_until,
                today=today,
            )
            for w in WeeklyAvailability.objects.filter(
                _window_filter_weekly(starts_at, ends_at),
                substitute=substitute,
                kind=AvailabilityKind.UNAVAILABLE,
            )
        ]
        problems += blocked_by_patterns(new=new, patterns=patterns)
    if problems:
        raise AvailabilityRefused(problems)
    period = AvailabilityPeriod.objects.create(
        substitute=substitute, kind=kind, starts_at=starts_at, ends_at=ends_at, note=note, created_by=by
    )
    _audit_on_behalf(
        substitute=substitute,
        by=by,
        change="availability_period_added",
        availability=kind,
        starts_at=starts_at.isoformat(),
        ends_at=ends_at.isoformat(),
    )
    return period


@transaction.atomic
def availability_weekly_add(
    *,
    substitute: User,
    kind: str,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None,
    by: User,
    today: dt.date,
) -> WeeklyAvailability:
    """Adds a weekly row, or refuses with every reason (nothing saved)."""
    problems = weekly_problems(valid_from=valid_from, valid_until=valid_until, today=today)
    if starts == ends:
        problems.insert(0, _("The end must differ from the start."))
    if problems:
        raise AvailabilityRefused(problems)
    _lock_substitute(substitute)
    new = weekly_row(
        kind=kind,
        weekday=weekday,
        starts=starts,
        ends=ends,
        valid_from=valid_from,
        valid_until=valid_until,
        today=today,
    )
    existing = [
        weekly_row(
            kind=w.kind,
            weekday=w.weekday,
            starts=w.starts,
            ends=w.ends,
            valid_from=w.valid_from,
            valid_until=w.valid_until,
            today=today,
        )
        for w in WeeklyAvailability.objects.filter(substitute=substitute).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    ]
    problems = conflicts(new=new, existing=existing)
    if problems:
        raise AvailabilityRefused(problems)
    row = WeeklyAvailability.objects.create(
        substitute=substitute,
        kind=kind,
        weekday=weekday,
        starts=starts,
        ends=ends,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=by,
    )
    _audit_on_behalf(
        substitute=substitute,
        by=by,
        change="availability_weekly_added",
        availability=kind,
        weekday=weekday,
        starts=starts.isoformat(),
        ends=ends.isoformat(),
    )
    return row


@transaction.atomic
def availability_period_remove(*, substitute: User, period_id: int, by: User) -> None:
    """Removes one of the substitute's periods; ``AvailabilityPeriod.DoesNotExist`` for anyone else's."""
    period = AvailabilityPeriod.objects.get(pk=period_id, substitute=substitute)
    period.delete()
    _audit_on_behalf(
        substitute=substitute,
        by=by,
        change="availability_period_removed",
        availability=period.kind,
        starts_at=period.starts_at.isoformat(),
        ends_at=period.ends_at.isoformat(),
    )


@transaction.atomic
def availability_weekly_remove(*, substitute: User, weekly_id: int, by: User, today: dt.date) -> None:
    """Ends a weekly row from today on: one that has been in force keeps its past (it ends
    yesterday), one that has not begun is deleted. ``WeeklyAvailability.DoesNotExist`` for anyone
    else's row."""
    row = WeeklyAvailability.objects.get(pk=weekly_id, substitute=substitute)
    if row.valid_from < today:
        row.valid_until = today - dt.timedelta(days=1)
        row.save(update_fields=["valid_until"])
    else:
        row.delete()
    _audit_on_behalf(
        substitute=substitute,
        by=by,
        change="availability_weekly_removed",
        availability=row.kind,
        weekday=row.weekday,
        starts=row.starts.isoformat(),
        ends=row.ends.isoformat(),
    )


def _audit_on_behalf(*, substitute: User, by: User, change: str, **details: Any) -> None:
    """The staffing centre changing a substitute's availability is audited; the substitute's own
    edits carry ``created_by`` and need no more."""
    if by.pk == substitute.pk:
        return
    from vikarieportalen.staffing.pool.services import pool_audit

    pool_audit(substitute=substitute, by=by, change=change, **details)
