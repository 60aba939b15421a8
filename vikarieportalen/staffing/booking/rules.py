"""Working-time and booking rules: pure functions of plain data, no database.

Each rule returns the ``Violation``s it finds; an empty list means the rule is met. Times are aware
datetimes; durations are real elapsed time (so a night shift over the spring daylight-saving change
is one hour shorter than its clock times say). The interpretation of each rule is documented in
docs/staffing.md ("Rules").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")
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
# Formatting for messages (in the active language)


def duration_text(minutes: int) -> str:
    """``570`` → "9 h 30 min"; "11 h"; "45 min"."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_ZONE)


def day_text(moment: dt.datetime | dt.date) -> str:
    """The local date as "3 Dec" in the active language."""
    if isinstance(moment, dt.datetime):
        moment = local(moment).date()
    return date_format(moment, "j F")


def time_text(moment: dt.datetime) -> str:
    return local(moment).strftime("%H:%M")


def span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "3 Dec 21:15–07:15"."""
    return f"{day_text(starts_at)} {time_text(starts_at)}–{time_text(ends_at)}"


# ---------------------------------------------------------------------------------------------
# Time arithmetic


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes of real elapsed time from ``start`` to ``end`` (negative when end is first).

    Both are taken to UTC first: Python subtracts datetimes that share a tzinfo by wall clock.
    """
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


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


# Shift reasons that cover an absent employee's position: those bookings are a *vikariat* under LAS;
# every other booking (an extra need) is a special fixed-term employment (SÄV).
COVERING_REASONS = frozenset({"sick_leave", "vacation", "other_leave"})


def employment_form_for(reason: str) -> str:
    """The LAS form of employment of a booking on a shift with ``reason``: "vikariat" or "sav"."""
    return "vikariat" if reason in COVERING_REASONS else "sav"


def local_midnight(day: dt.date) -> dt.datetime:
    """The instant the local day begins (midnight never falls in a Swedish DST gap)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LOCAL_ZONE).astimezone(UTC)


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


@lru_cache(maxsize=1024)
def week_start(moment: dt.datetime) -> dt.datetime:
    """Monday 00:00 local time of the calendar week ``moment`` falls in."""
    day = local(moment).date()
    return local_midnight(day - dt.timedelta(days=day.weekday()))


def weeks_touched(starts_at: dt.datetime, ends_at: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The calendar weeks (Monday 00:00 to Monday 00:00 local) ``[starts_at, ends_at)`` has time in."""
    return list(_weeks_touched(starts_at, ends_at))


@lru_cache(maxsize=1024)
def _weeks_touched(
    starts_at: dt.datetime, ends_at: dt.datetime
) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    weeks = []
    start, ends_at = week_start(starts_at), ends_at.astimezone(UTC)
    while start < ends_at:
        end = local_midnight(local(start).date() + dt.timedelta(days=7))
        weeks.append((start, end))
        start = end
    return tuple(weeks)


def _merged(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def longest_rest(
    work: Iterable[Work], *, window_start: dt.datetime, window_end: dt.datetime
) -> tuple[int, dt.datetime]:
    """The longest stretch without work inside ``[window_start, window_end)``: (minutes, its start)."""
    window_start, window_end = window_start.astimezone(UTC), window_end.astimezone(UTC)
    busy = _merged(
        (max(w.starts_at, window_start), min(w.ends_at, window_end))
        for w in work
        if w.ends_at > window_start and w.starts_at < window_end
    )
    best, best_start, cursor = 0, window_start, window_start
    for start, end in [*busy, (window_end, window_end)]:
        gap = minutes_between(cursor, start)
        if gap > best:
            best, best_start = gap, cursor
        cursor = max(cursor, end)
    return best, best_start


# ---------------------------------------------------------------------------------------------
# The rules


def overlap_check(*, shift: ShiftFacts, bookings: Iterable[Work]) -> list[Violation]:
    """No two bookings of one person may overlap, ever (touching end to start is not overlap)."""
    violations = []
    for booking in bookings:
        if booking.starts_at < shift.ends_at and shift.starts_at < booking.ends_at:
            where = f" ({booking.label})" if booking.label else ""
            violations.append(
                Violation(
                    OVERLAP,
                    _("Already booked %(span)s%(where)s.")
                    % {"span": span_text(booking.starts_at, booking.ends_at), "where": where},
                    overridable=False,
                )
            )
    return violations


def daily_rest_check(*, shift: ShiftFacts, bookings: Iterable[Work], limits: Limits) -> list[Violation]:
    """At least ``daily_rest_minutes`` of unbroken rest after every shift (AB) and in the 24 hours
    from the start of every shift (ATL 13 §).

    Concretely: the rest before the new shift (since the end of the previous booking) and after it
    (until the start of the next) must each be at least the daily rest, and the shift itself may
    last at most 24 h minus the daily rest. Exactly 11 h passes; 10 h 59 min does not.
    """
    need = limits.daily_rest_minutes
    violations = []
    others = [b for b in bookings if not (b.starts_at < shift.ends_at and shift.starts_at < b.ends_at)]
    before = max((b for b in others if b.ends_at <= shift.starts_at), key=lambda b: b.ends_at, default=None)
    after = min((b for b in others if b.starts_at >= shift.ends_at), key=lambda b: b.starts_at, default=None)
    if before is not None:
        rest = minutes_between(before.ends_at, shift.starts_at)
        if rest < need:
            violations.append(
                Violation(
                    DAILY_REST,
                    _(
                        "Only %(rest)s of rest after the shift that ends %(day)s at %(time)s "
                        "(%(need)s needed)."
                    )
                    % {
                        "rest": duration_text(rest),
                        "day": day_text(before.ends_at),
                        "time": time_text(before.ends_at),
                        "need": duration_text(need),
                    },
                    overridable=True,
                )
            )
    if after is not None:
        rest = minutes_between(shift.ends_at, after.starts_at)
        if rest < need:
            violations.append(
                Violation(
                    DAILY_REST,
                    _(
                        "Only %(rest)s of rest before the shift that starts %(day)s at %(time)s "
                        "(%(need)s needed)."
                    )
                    % {
                        "rest": duration_text(rest),
                        "day": day_text(after.starts_at),
                        "time": time_text(after.starts_at),
                        "need": duration_text(need),
                    },
                    overridable=True,
                )
            )
    length = minutes_between(shift.starts_at, shift.ends_at)
    if length > 24 * 60 - need:
        violations.append(
            Violation(
                DAILY_REST,
                _("A shift of %(length)s leaves less than %(need)s of rest in the 24 hours from its start.")
                % {"length": duration_text(length), "need": duration_text(need)},
                overridable=True,
            )
        )
    return violations


def weekly_rest_check(*, shift: ShiftFacts, bookings: Iterable[Work], limits: Limits) -> list[Violation]:
    """At least ``weekly_rest_minutes`` of unbroken rest in every 7-day period (ATL 14 §).

    The 7-day periods are the calendar weeks, Monday 00:00 to Monday 00:00 Europe/Stockholm (the
    law lets the employer fix them); every week the new shift has time in is checked, with the
    bookings already in it. Rest that runs over a week boundary counts in each week only up to it.
    """
    need = limits.weekly_rest_minutes
    work = [*bookings, shift.as_work()]
    violations = []
    for start, end in weeks_touched(shift.starts_at, shift.ends_at):
        longest, _at = longest_rest(work, window_start=start, window_end=end)
        if longest < need:
            violations.append(
                Violation(
                    WEEKLY_REST,
                    _("The week of %(day)s would have at most %(rest)s of unbroken rest (%(need)s needed).")
                    % {"day": day_text(start), "rest": duration_text(longest), "need": duration_text(need)},
                    overridable=True,
                )
            )
    return violations


def break_check(*, shift: ShiftFacts, limits: Limits) -> list[Violation]:
    """No more than ``max_work_without_break_minutes`` of work in a row (ATL 15 §).

    Model: a shift without a break may last at most the limit; a shift with a break has one break
    that the workplace places freely, so its working time (length minus break) may be at most twice
    the limit (5 h + break + 5 h). Longer shifts need a second break the shift cannot express.
    """
    most = limits.max_work_without_break_minutes
    length = minutes_between(shift.starts_at, shift.ends_at)
    if shift.break_minutes == 0:
        if length > most:
            return [
                Violation(
                    BREAK,
                    _("%(length)s of work without a break (at most %(most)s).")
                    % {"length": duration_text(length), "most": duration_text(most)},
                    overridable=True,
                )
            ]
        return []
    work = length - shift.break_minutes
    if work > 2 * most:
        return [
            Violation(
                BREAK,
                _("%(work)s of work with one break leaves more than %(most)s in a row.")
                % {"work": duration_text(work), "most": duration_text(most)},
                overridable=True,
            )
        ]
    return []


def month_hours_check(
    *, shift: ShiftFacts, month_minutes: Mapping[tuple[int, int], int], limits: Limits
) -> list[Violation]:
    """At most ``max_month_minutes`` of work per local calendar month, a shift counting per part."""
    violations = []
    for (year, month), part in month_parts(shift.starts_at, shift.ends_at, shift.work_minutes).items():
        total = month_minutes.get((year, month), 0) + part
        if total > limits.max_month_minutes:
            violations.append(
                Violation(
                    MONTH_HOURS,
                    _("%(total)s of work in %(month)s with this shift (at most %(most)s).")
                    % {
                        "total": duration_text(total),
                        "month": date_format(dt.date(year, month, 1), "F Y"),
                        "most": duration_text(limits.max_month_minutes),
                    },
                    overridable=True,
                )
            )
    return violations


def qualification_check(
    *,
    required: Iterable[tuple[int, str]],
    held: Mapping[int, dt.date | None],
    day: dt.date,
) -> list[Violation]:
    """Every required qualification held and valid on the shift's (start) date."""
    violations = []
    for qualification_id, name in required:
        if qualification_id not in held:
            violations.append(
                Violation(QUALIFICATION, _("Lacks the qualification %(name)s.") % {"name": name}, True)
            )
            continue
        valid_until = held[qualification_id]
        if valid_until is not None and valid_until < day:
            violations.append(
                Violation(
                    QUALIFICATION,
                    _("%(name)s was valid only until %(day)s.")
                    % {"name": name, "day": day_text(valid_until)},
                    overridable=True,
                )
            )
    return violations


def introduction_check(*, introduced: bool, workplace_name: str) -> list[Violation]:
    if introduced:
        return []
    return [
        Violation(
            INTRODUCTION,
            _("Not introduced at %(workplace)s.") % {"workplace": workplace_name},
            overridable=True,
        )
    ]


def bookable_check(*, is_bookable: bool) -> list[Violation]:
    if is_bookable:
        return []
    return [Violation(NOT_BOOKABLE, _("Paused: not bookable at the moment."), overridable=True)]


def weekly_pattern_spans(
    patterns: Iterable[WeeklyPattern], *, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[AvailabilitySpan]:
    """The occurrences of weekly patterns that touch ``[starts_at, ends_at)``, as real instants.

    Each occurrence is expanded in local time on its own date, so "Sunday 22:00–06:00" always runs
    from 22:00 Sunday to 06:00 Monday on the wall clock, whatever the UTC offset (9 real hours on
    the night clocks go back). ``valid_from``/``valid_until`` apply to the date an occurrence starts;
    an end of ``time.max`` (23:59:59.999999) means midnight, the end of the day.
    """
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    first = local(starts_at).date() - dt.timedelta(days=1)
    last = local(ends_at).date()
    spans = []
    day = first
    while day <= last:
        for pattern in patterns:
            if pattern.weekday != day.weekday() or day < pattern.valid_from:
                continue
            if pattern.valid_until is not None and day > pattern.valid_until:
                continue
            end_day = day if pattern.ends > pattern.starts else day + dt.timedelta(days=1)
            ends = pattern.ends
            if ends == dt.time.max:  # "until the end of the day", stored so because starts != ends
                end_day, ends = day + dt.timedelta(days=1), dt.time(0)
            start = dt.datetime.combine(day, pattern.starts, tzinfo=LOCAL_ZONE).astimezone(UTC)
            end = dt.datetime.combine(end_day, ends, tzinfo=LOCAL_ZONE).astimezone(UTC)
            if end > start and start < ends_at and end > starts_at:
                spans.append(AvailabilitySpan(pattern.available, start, end))
        day += dt.timedelta(days=1)
    return spans


def availability_check(
    *,
    shift: ShiftFacts,
    periods: Iterable[AvailabilitySpan],
    weekly: Iterable[WeeklyPattern],
) -> list[Violation]:
    """Available for the whole shift: covered by "can work" (single periods and the weekly pattern
    together) and touched by no "cannot work"; "cannot" wins over "can"."""
    spans = [
        *[p for p in periods if p.starts_at < shift.ends_at and p.ends_at > shift.starts_at],
        *weekly_pattern_spans(weekly, starts_at=shift.starts_at, ends_at=shift.ends_at),
    ]
    cannot = [s for s in spans if not s.available]
    if cannot:
        first = min(cannot, key=lambda s: s.starts_at)
        note = f" ({first.note})" if first.note else ""
        return [
            Violation(
                AVAILABILITY,
                _("Cannot work %(span)s%(note)s.")
                % {
                    "span": span_text(
                        max(first.starts_at, shift.starts_at), min(first.ends_at, shift.ends_at)
                    ),
                    "note": note,
                },
                overridable=True,
            )
        ]
    covered = _merged((s.starts_at, s.ends_at) for s in spans if s.available)
    cursor = shift.starts_at
    for start, end in covered:
        if start > cursor:
            break
        cursor = max(cursor, end)
        if cursor >= shift.ends_at:
            return []
    if not covered:
        message = _("Has not said they can work then.")
    else:
        message = _("Has not said they can work from %(time)s.") % {"time": time_text(cursor)}
    return [Violation(AVAILABILITY, message, overridable=True)]


def substitute_check(*, is_substitute: bool) -> list[Violation]:
    if is_substitute:
        return []
    return [Violation(NOT_SUBSTITUTE, _("Not an active substitute."), overridable=False)]


def shift_state_check(
    *,
    is_cancelled: bool,
    ends_at: dt.datetime,
    now: dt.datetime,
    booked_by: str | None,
) -> list[Violation]:
    """Facts about the shift itself, never overridable: cancelled, over, or taken."""
    if is_cancelled:
        return [Violation(SHIFT_CANCELLED, _("The shift is cancelled."), overridable=False)]
    if ends_at <= now:
        return [Violation(SHIFT_ENDED, _("The shift has already ended."), overridable=False)]
    if booked_by is not None:
        return [
            Violation(
                SHIFT_TAKEN,
                _("The shift is already booked by %(name)s.") % {"name": booked_by},
                overridable=False,
            )
        ]
    return []


RuleFn = Callable[[ShiftFacts, SubstituteFacts, Limits], list[Violation]]

# Every rule about a person and a shift, in the order reasons are shown.
RULES: tuple[tuple[str, RuleFn], ...] = (
    (NOT_SUBSTITUTE, lambda s, p, lim: substitute_check(is_substitute=p.is_substitute)),
    (OVERLAP, lambda s, p, lim: overlap_check(shift=s, bookings=p.bookings)),
    (
        INTRODUCTION,
        lambda s, p, lim: introduction_check(introduced=p.introduced, workplace_name=s.workplace_name),
    ),
    (NOT_BOOKABLE, lambda s, p, lim: bookable_check(is_bookable=p.is_bookable)),
    (AVAILABILITY, lambda s, p, lim: availability_check(shift=s, periods=p.periods, weekly=p.weekly)),
    (
        QUALIFICATION,
        lambda s, p, lim: qualification_check(
            required=s.required_qualifications, held=p.qualifications, day=s.day
        ),
    ),
    (DAILY_REST, lambda s, p, lim: daily_rest_check(shift=s, bookings=p.bookings, limits=lim)),
    (WEEKLY_REST, lambda s, p, lim: weekly_rest_check(shift=s, bookings=p.bookings, limits=lim)),
    (BREAK, lambda s, p, lim: break_check(shift=s, limits=lim)),
    (MONTH_HOURS, lambda s, p, lim: month_hours_check(shift=s, month_minutes=p.month_minutes, limits=lim)),
)


def rules_check(*, shift: ShiftFacts, substitute: SubstituteFacts, limits: Limits) -> list[Violation]:
    """Every rule for booking ``substitute`` onto ``shift``; empty when all are met."""
    violations: list[Violation] = []
    for _code, rule in RULES:
        violations.extend(rule(shift, substitute, limits))
    return violations


def violations_overridable(violations: Collection[Violation]) -> bool:
    """True when the staffing centre may book anyway with a written reason."""
    return all(v.overridable for v in violations)


def violations_text(violations: Iterable[Violation]) -> str:
    return " ".join(v.message for v in violations)
