"""The booking rules: every check of a person against a shift, in one table. Pure, no database.

Each rule returns the ``Violation``s it finds; an empty list means the rule is met. The working-time
rules are in ``working_time.py``, the plain data they all read in ``facts.py``. The interpretation
of each rule is documented in docs/staffing.md ("Rules").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping

from django.utils.translation import gettext as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    BREAK,
    DAILY_REST,
    INTRODUCTION,
    MONTH_HOURS,
    NOT_BOOKABLE,
    NOT_SUBSTITUTE,
    OVERLAP,
    QUALIFICATION,
    SHIFT_CANCELLED,
    SHIFT_ENDED,
    SHIFT_TAKEN,
    UTC,
    WEEKLY_REST,
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    Violation,
    WeeklyPattern,
    day_text,
    intervals_merged,
    local,
    span_text,
    time_text,
)

# The demo modules (being moved by a separate change, not edited here) still read these through this
# module. Remove once they import them from facts.py.
from vikarieportalen.staffing.booking.working_time import (
    break_check,
    daily_rest_check,
    month_hours_check,
    overlap_check,
    weekly_rest_check,
)

# Shift reasons that cover an absent employee's position: those bookings are a *vikariat* under LAS;
# every other booking (an extra need) is a special fixed-term employment (SÄV).
COVERING_REASONS = frozenset({"sick_leave", "vacation", "other_leave"})


def employment_form_for(reason: str) -> str:
    """The LAS form of employment of a booking on a shift with ``reason``: "vikariat" or "sav"."""
    return "vikariat" if reason in COVERING_REASONS else "sav"


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
            start = dt.datetime.combine(day, pattern.starts, tzinfo=STOCKHOLM).astimezone(UTC)
            end = dt.datetime.combine(end_day, ends, tzinfo=STOCKHOLM).astimezone(UTC)
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
    covered = intervals_merged((s.starts_at, s.ends_at) for s in spans if s.available)
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
