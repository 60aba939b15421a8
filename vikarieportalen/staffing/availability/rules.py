"""Availability: when a substitute can, and cannot, work. The editor's rules: no database, no clock.

Two kinds of rows: single periods (``AvailabilityPeriod``, aware instants) and a repeating weekly
pattern (``WeeklyAvailability``, wall-clock times in Europe/Stockholm; an end at or before the start
runs past midnight; ``WHOLE_DAY_END`` as the end means "until midnight"), resolved in
``intervals.py``. ``now``/``today`` are passed in.

How they combine (the same as the booking rule ``booking.rules.availability_check``): time marked
"can work" by a period or the pattern is available unless some "cannot work" (period or pattern)
touches it; "cannot" wins. The editor keeps each level tidy: no two rows of the same kind overlap,
and a "cannot" may lie inside a "can" but not partly across one (nor a "can" inside a "cannot",
which would change nothing). Across levels a "cannot" period may cover pattern rows (a vacation over
"can work on Mondays" is the point of it), but a "can" period that a "cannot" pattern blocks is
refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

from vikarieportalen.core.time import STOCKHOLM, clock_text, midnight_end_text
from vikarieportalen.staffing.availability.intervals import (
    WHOLE_DAY_END,
    Interval,
    intervals_overlap,
    to_local,
    weekly_occurrences,
)
from vikarieportalen.staffing.models import AvailabilityKind

MAX_DAYS_AHEAD = 365


def _time_text(time: dt.time) -> str:
    return midnight_end_text() if time == WHOLE_DAY_END else clock_text(time)


def _is_whole_days(starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    start, end = to_local(starts_at), to_local(ends_at)
    return start.time() == dt.time(0, 0) and end.time() == dt.time(0, 0)


def period_text(*, kind: str, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "can work 3 March 08:00–16:00", "cannot work 1 July–14 July (whole days)"."""
    what = AvailabilityKind(kind).label.lower()
    start, end = to_local(starts_at), to_local(ends_at)
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
            "from": clock_text(start),
            "until": clock_text(end),
        }
    return _("%(what)s %(day)s %(from)s – %(end_day)s %(until)s") % {
        "what": what,
        "day": formats.date_format(start.date(), "l j F"),
        "from": clock_text(start),
        "end_day": formats.date_format(end.date(), "l j F"),
        "until": clock_text(end),
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
            intervals_overlap(pattern.occurrences, start, end) for start, end in new.occurrences
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
