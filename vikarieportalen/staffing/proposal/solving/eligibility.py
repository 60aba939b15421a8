"""Eligibility: whether one person may take one shift on their own, with the rule functions of
``booking/`` (fast: cheap necessary conditions first, the answers kept where they can be)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from vikarieportalen.staffing.booking import rules, working_time
from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    BREAK,
    DAILY_REST,
    INTRODUCTION,
    MONTH_HOURS,
    NOT_BOOKABLE,
    OVERLAP,
    QUALIFICATION,
    WEEKLY_REST,
    Limits,
    ShiftFacts,
    Work,
    intervals_merged,
    month_parts,
)
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute

Interval = tuple[dt.datetime, dt.datetime]


@dataclass
class _Availability:
    cannot: list[Interval]
    can: list[Interval]
    cannot_starts: list[dt.datetime] = field(default_factory=list)
    can_starts: list[dt.datetime] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cannot_starts = [s for s, _e in self.cannot]
        self.can_starts = [s for s, _e in self.can]


def availability_over(person: ProposalSubstitute, start: dt.datetime, end: dt.datetime) -> _Availability:
    """The person's "cannot" and "can" over ``[start, end)``, merged, the weekly pattern expanded by
    the booking rules' own ``weekly_pattern_spans`` (the same reading as ``availability_check``)."""
    spans = [
        *[p for p in person.periods if p.starts_at < end and p.ends_at > start],
        *rules.weekly_pattern_spans(person.weekly, starts_at=start, ends_at=end),
    ]
    return _Availability(
        cannot=intervals_merged((s.starts_at, s.ends_at) for s in spans if not s.available),
        can=intervals_merged((s.starts_at, s.ends_at) for s in spans if s.available),
    )


def _touches(intervals: list[Interval], starts: list[dt.datetime], s: dt.datetime, e: dt.datetime) -> bool:
    index = bisect.bisect_left(starts, e)  # intervals starting before e
    return index > 0 and any(intervals[i][1] > s for i in range(max(0, index - 2), index))


def _covers(intervals: list[Interval], starts: list[dt.datetime], s: dt.datetime, e: dt.datetime) -> bool:
    index = bisect.bisect_right(starts, s) - 1  # merged: the one interval starting at or before s
    return index >= 0 and intervals[index][1] >= e


@dataclass(frozen=True)
class Check:
    """The first rule (in the booking rules' order) that keeps a person from a shift, or ""."""

    code: str
    stated_can: bool = False


# Bookings further than this from a shift cannot touch its daily rest (< 24 h) or the calendar weeks
# it has time in (each within seven days of it, an hour of daylight saving aside).
_WEEK = dt.timedelta(days=8)
_NO_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the period of no shifts at all


@dataclass(frozen=True)
class ShiftInfo:
    """What every check of one shift reads, computed once per shift."""

    facts: ShiftFacts
    minutes: int
    months: dict[tuple[int, int], int]  # month_parts of the work minutes
    required_ids: frozenset[int]
    form: str  # the LAS form of employment
    week: tuple[int, int]  # ISO (year, week) of its day
    window: Interval  # [start - _WEEK, end + _WEEK): the bookings that matter
    work: Work  # the shift as a booking
    # Everything a person's check reads of the shift beyond its workplace: shifts alike in it get
    # the same answer for one person (a period has few distinct shift times).
    signature: tuple[object, ...]


def _shift_info(shift: ProposalShift) -> ShiftInfo:
    facts = shift.facts()
    minutes = facts.work_minutes
    return ShiftInfo(
        facts=facts,
        minutes=minutes,
        months=month_parts(facts.starts_at, facts.ends_at, minutes),
        required_ids=frozenset(q for q, _name in shift.required_qualifications),
        form=rules.employment_form_for(shift.reason),
        week=shift.day.isocalendar()[:2],
        window=(facts.starts_at - _WEEK, facts.ends_at + _WEEK),
        work=facts.as_work(),
        signature=(
            facts.starts_at,
            facts.ends_at,
            facts.break_minutes,
            facts.day,
            facts.required_qualifications,
        ),
    )


@dataclass
class _PersonInfo:
    """What every check of one person reads, computed once per person."""

    availability: _Availability
    bookings: list[Work]  # sorted by start
    booking_ends: list[dt.datetime]  # the running maximum of their ends, for bisecting
    most_month_minutes: int  # the most minutes already booked in any month


def _person_info(person: ProposalSubstitute, first: dt.datetime, last: dt.datetime) -> _PersonInfo:
    bookings = sorted(person.bookings, key=lambda b: b.starts_at)
    ends: list[dt.datetime] = []
    for booking in bookings:
        ends.append(max(ends[-1], booking.ends_at) if ends else booking.ends_at)
    return _PersonInfo(
        availability=availability_over(person, first, last),
        bookings=bookings,
        booking_ends=ends,
        most_month_minutes=max(person.month_minutes.values(), default=0),
    )


def weekly_rest_surely_kept(shift: ShiftFacts, bookings: Sequence[Work], limits: Limits) -> bool:
    """True when no week the shift touches can lack the weekly rest, by counting alone: k pieces
    of work leave at most k + 1 gaps, so the longest is at least the free time over k + 1. False
    means "ask the rule" (``weekly_rest_check``), not that the rest is too short."""
    need = dt.timedelta(minutes=limits.weekly_rest_minutes)
    for week_start, week_end in working_time.weeks_touched(shift.starts_at, shift.ends_at):
        pieces = [
            min(end, week_end) - max(start, week_start)
            for start, end in [
                (shift.starts_at, shift.ends_at),
                *((b.starts_at, b.ends_at) for b in bookings),
            ]
            if start < week_end and end > week_start
        ]
        free = (week_end - week_start) - sum(pieces, dt.timedelta())
        if free / (len(pieces) + 1) < need:
            return False
    return True


class Rules:
    """The booking rules for every (person, shift) pair of a proposal, fast.

    Cheap necessary conditions first (introduction, held qualifications and "cannot work" as set
    and interval lookups); the exact rule functions of ``booking/`` decide for the pairs that pass.
    Where a rule's answer depends on the shift and the agreement alone (the break, the length
    parts of daily and weekly rest for someone with no booking near), it is computed once and kept.
    The month maximum is called only when the person's busiest month plus the whole shift could
    exceed it (otherwise every part of the shift fits in every month, and the rule would agree).
    """

    def __init__(self, shifts: Sequence[ProposalShift], substitutes: Sequence[ProposalSubstitute]) -> None:
        self.shifts = shifts
        self.substitutes = substitutes
        self.infos = [_shift_info(s) for s in shifts]
        self.first = min((s.starts_at for s in shifts), default=_NO_TIME) - dt.timedelta(days=1)
        self.last = max((s.ends_at for s in shifts), default=_NO_TIME) + dt.timedelta(days=1)
        self._people: dict[int, _PersonInfo] = {}
        self._alone: dict[tuple[int, Limits], frozenset[str]] = {}
        self._near: dict[tuple[int, Limits, tuple[Interval, ...]], frozenset[str]] = {}
        self._month: dict[tuple[int, Limits, tuple[int, ...]], bool] = {}
        self._seen: dict[tuple[int, tuple[object, ...]], Check] = {}

    def person(self, p: int) -> _PersonInfo:
        info = self._people.get(p)
        if info is None:
            info = self._people[p] = _person_info(self.substitutes[p], self.first, self.last)
        return info

    def nearby(self, index: int, p: int) -> list[Work]:
        """The person's fixed bookings that may bear on the shift's overlap and rest."""
        start, end = self.infos[index].window
        info = self.person(p)
        if not info.bookings:
            return []
        first = bisect.bisect_right(info.booking_ends, start)  # bookings ending before it: none matters
        return [b for b in info.bookings[first:] if b.starts_at < end and b.ends_at > start]

    def alone(self, index: int, limits: Limits) -> frozenset[str]:
        """Which of break, daily rest and weekly rest the shift breaks on its own (no other work)."""
        key = (index, limits)
        codes = self._alone.get(key)
        if codes is None:
            facts = self.infos[index].facts
            found = set()
            if working_time.break_check(shift=facts, limits=limits):
                found.add(BREAK)
            if working_time.daily_rest_check(shift=facts, bookings=(), limits=limits):
                found.add(DAILY_REST)
            if working_time.weekly_rest_check(shift=facts, bookings=(), limits=limits):
                found.add(WEEKLY_REST)
            codes = self._alone[key] = frozenset(found)
        return codes

    def check(self, index: int, p: int, *, skip: frozenset[str] = frozenset()) -> Check:
        """Whether person ``p`` may take shift ``index`` on their own (their fixed bookings
        included); the rules in ``skip`` are not checked (to ask what a single change would do)."""
        if skip:
            return self._check(index, p, skip)
        person = self.substitutes[p]
        if not person.is_bookable:
            return Check(NOT_BOOKABLE)
        if self.shifts[index].workplace_id not in person.introduced_at:
            return Check(INTRODUCTION)
        key = (p, self.infos[index].signature)
        check = self._seen.get(key)
        if check is None:
            check = self._seen[key] = self._check(index, p, skip)
        return check

    def _check(self, index: int, p: int, skip: frozenset[str]) -> Check:
        shift, info = self.shifts[index], self.infos[index]
        person = self.substitutes[p]
        facts = info.facts
        if NOT_BOOKABLE not in skip and not person.is_bookable:
            return Check(NOT_BOOKABLE)
        if INTRODUCTION not in skip and shift.workplace_id not in person.introduced_at:
            return Check(INTRODUCTION)
        if QUALIFICATION not in skip and info.required_ids:
            held = person.qualifications
            if any(q not in held for q in info.required_ids) or rules.qualification_check(
                required=shift.required_qualifications, held=held, day=shift.day
            ):
                return Check(QUALIFICATION)
        s, e = facts.starts_at, facts.ends_at
        availability = self.person(p).availability
        if (
            AVAILABILITY not in skip
            and availability.cannot
            and _touches(availability.cannot, availability.cannot_starts, s, e)
        ):
            return Check(AVAILABILITY)
        stated_can = bool(availability.can) and _covers(availability.can, availability.can_starts, s, e)
        limits = person.limits
        alone = self.alone(index, limits)
        if BREAK not in skip and BREAK in alone:
            return Check(BREAK, stated_can)
        nearby = self.nearby(index, p)
        near = self.near(index, limits, nearby) if nearby else alone
        for code in (OVERLAP, DAILY_REST, WEEKLY_REST):
            if code not in skip and code in near:
                return Check(code, stated_can)
        if (
            MONTH_HOURS not in skip
            and self.person(p).most_month_minutes + info.minutes > limits.max_month_minutes
            and self.month(index, limits, person.month_minutes)
        ):
            return Check(MONTH_HOURS, stated_can)
        return Check("", stated_can)

    def near(self, index: int, limits: Limits, nearby: list[Work]) -> frozenset[str]:
        """Which of overlap, daily rest and weekly rest the shift breaks with ``nearby`` bookings.

        The rules read only the bookings' times, so the answer is kept per shift, agreement and
        times. An overlap, or a rest too short next to the shift, is seen at once (the rule would
        say the same, with a message not needed here); the rule functions decide the rest."""
        key = (index, limits, tuple((b.starts_at, b.ends_at) for b in nearby))
        codes = self._near.get(key)
        if codes is not None:
            return codes
        facts = self.infos[index].facts
        s, e = facts.starts_at, facts.ends_at
        rest = dt.timedelta(minutes=limits.daily_rest_minutes)
        found = set(self.alone(index, limits) & {DAILY_REST, WEEKLY_REST})
        overlapping = [b for b in nearby if b.starts_at < e and s < b.ends_at]
        if overlapping or working_time.overlap_check(shift=facts, bookings=nearby):
            found.add(OVERLAP)
        others = [b for b in nearby if not (b.starts_at < e and s < b.ends_at)]
        if any(
            s - rest < b.ends_at <= s or e <= b.starts_at < e + rest for b in others
        ) or working_time.daily_rest_check(shift=facts, bookings=nearby, limits=limits):
            found.add(DAILY_REST)
        if not weekly_rest_surely_kept(facts, nearby, limits) and working_time.weekly_rest_check(
            shift=facts, bookings=nearby, limits=limits
        ):
            found.add(WEEKLY_REST)
        codes = self._near[key] = frozenset(found)
        return codes

    def month(self, index: int, limits: Limits, month_minutes: Mapping[tuple[int, int], int]) -> bool:
        """Whether the shift takes the person over the month maximum (the rule, kept per shift,
        agreement and minutes so far in the months it touches)."""
        info = self.infos[index]
        so_far = tuple(month_minutes.get(m, 0) for m in info.months)
        key = (index, limits, so_far)
        over = self._month.get(key)
        if over is None:
            over = self._month[key] = bool(
                working_time.month_hours_check(
                    shift=info.facts, month_minutes=dict(zip(info.months, so_far, strict=True)), limits=limits
                )
            )
        return over
