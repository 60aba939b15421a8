"""Swedish time: the one zone, local days as real instants, elapsed minutes, durations as text.

Pure functions: no database, no clock (callers pass ``now``/``day``). Every rule that counts days
or hours (ATL, OB, LAS, opening hours) works in Swedish time, so this zone is named here once and
not read from settings; ``core/tests/test_time.py`` pins that ``settings.TIME_ZONE`` agrees.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_instant(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment of a Swedish wall-clock time.

    An autumn time that happens twice means the first; a spring time the clocks skip is read with
    the winter offset (02:30 on the change day is 03:30 summer time).
    """
    return dt.datetime.combine(day, time, tzinfo=STOCKHOLM)


def day_start(day: dt.date) -> dt.datetime:
    """The moment the Swedish day begins (midnight exists every day: the clocks change at 02:00/03:00)."""
    return local_instant(day, dt.time.min)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """``[start, end)`` of the Swedish day: 23 hours long in late March, 25 in late October."""
    return day_start(day), day_start(day + dt.timedelta(days=1))


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes of real elapsed time from ``start`` to ``end`` (negative when end is first).

    Both are taken to UTC first: Python subtracts datetimes that share a tzinfo by wall clock.
    """
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)


def duration_text(minutes: int) -> str:
    """``570`` → "9 h 30 min"; "11 h"; "45 min"; "0 min" (in the active language)."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}
