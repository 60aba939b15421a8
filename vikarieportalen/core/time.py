"""Swedish time: the one zone, local days as real instants, elapsed minutes, durations as text.

Pure functions: no database, no clock (callers pass ``now``/``day``). Every rule that counts days
or hours (ATL, OB, LAS, opening hours) works in Swedish time, so this zone is named here once and
not read from settings; ``core/tests/test_time.py`` pins that ``settings.TIME_ZONE`` agrees.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, get_format_modules, time_format
from django.utils.translation import get_language
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


def named_format(name: str) -> str:
    """The active language's format called ``name``: Django's ("TIME_FORMAT") or the portal's ("DAY_FORMAT").

    The one home of the formats is ``core/formats/<language>/formats.py``; Django's own locale
    formats answer for names the portal leaves out.
    """
    for module in get_format_modules(get_language()):
        value = getattr(module, name, None)
        if isinstance(value, str):
            return value
    raise ValueError(f"No date format called {name!r}")


def date_text(value: dt.date | dt.datetime, name: str = "DATE_FORMAT") -> str:
    """``value`` (a moment in Swedish time) in the named format: "9 dec" for ``DAY_FORMAT`` in Swedish."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(STOCKHOLM)
    return date_format(value, named_format(name))


def clock_text(moment: dt.datetime | dt.time) -> str:
    """The Swedish wall-clock time of ``moment`` in the active language: "13.45" (sv), "13:45" (en)."""
    local = moment.astimezone(STOCKHOLM) if isinstance(moment, dt.datetime) else moment
    return time_format(local, "TIME_FORMAT")


def midnight_end_text() -> str:
    """The end of a whole day as a clock time: "24.00" (sv), "24:00" (en)."""
    return "24" + clock_text(dt.time.min)[2:]


def moment_text(moment: dt.datetime, *, now: dt.datetime) -> str:
    """When ``moment`` is, to end a sentence: "kl. 13.45", "i morgon kl. 07.10", "den 9 dec kl. 13.45".

    English: "at 13:45", "tomorrow at 07:10", "on 9 Dec at 13:45".
    """
    local, today = moment.astimezone(STOCKHOLM), now.astimezone(STOCKHOLM).date()
    clock = clock_text(moment)
    if local.date() == today:
        return _("at %(time)s") % {"time": clock}
    if local.date() == today + dt.timedelta(days=1):
        return _("tomorrow at %(time)s") % {"time": clock}
    return _("on %(day)s at %(time)s") % {
        "day": date_text(local.date(), "DAY_FORMAT"),
        "time": clock,
    }
