"""The proposal's plain data: the open shifts, the pool, what a proposal holds. No database.

Times are aware datetimes held in UTC, as in the booking rules (``booking/facts.py``), whose
``Limits``, ``Work``, ``AvailabilitySpan`` and ``WeeklyPattern`` these facts reuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from vikarieportalen.staffing.booking.facts import (
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    WeeklyPattern,
    Work,
)
from vikarieportalen.staffing.las.rules import LasCounts


@dataclass(frozen=True)
class ProposalShift:
    """An open shift to fill. ``urgent``: it starts soon (the caller decides what soon is)."""

    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    break_minutes: int
    day: dt.date
    workplace_id: int
    workplace_name: str = ""
    area: str = ""
    reason: str = "extra_need"
    urgent: bool = False
    # (qualification id, name) for every required qualification
    required_qualifications: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        for name in ("starts_at", "ends_at"):
            value = getattr(self, name)
            if value.tzinfo is None:
                raise ValueError(f"{name} must be an aware datetime")
            object.__setattr__(self, name, value.astimezone(dt.UTC))

    def facts(self) -> ShiftFacts:
        """The shift as the booking rules read it."""
        return ShiftFacts(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            break_minutes=self.break_minutes,
            day=self.day,
            workplace_id=self.workplace_id,
            workplace_name=self.workplace_name,
            required_qualifications=self.required_qualifications,
        )

    @property
    def work_minutes(self) -> int:
        return self.facts().work_minutes


@dataclass(frozen=True)
class ProposalSubstitute:
    """A substitute in the pool, with everything the rules and the goals read.

    ``bookings``: the active bookings from a week before the period to a week after it (fixed: the
    proposal never moves them). ``month_minutes``: booked minutes of every month the period touches,
    ``(year, month) -> minutes``, those bookings included. ``las``: LAS days up to the period's first
    day. ``worked_at``: workplaces with an earlier booking of theirs.
    """

    id: int
    name: str = ""
    limits: Limits = field(default_factory=Limits)
    is_bookable: bool = True
    introduced_at: frozenset[int] = frozenset()
    qualifications: Mapping[int, dt.date | None] = field(default_factory=dict)  # id -> valid until
    bookings: tuple[Work, ...] = ()
    month_minutes: Mapping[tuple[int, int], int] = field(default_factory=dict)
    periods: tuple[AvailabilitySpan, ...] = ()
    weekly: tuple[WeeklyPattern, ...] = ()
    las: LasCounts = field(default_factory=LasCounts)
    worked_at: frozenset[int] = frozenset()

    def facts_for(
        self,
        shift: ProposalShift,
        *,
        bookings: tuple[Work, ...] | None = None,
        month_minutes: Mapping[tuple[int, int], int] | None = None,
    ) -> SubstituteFacts:
        """The substitute as the booking rules read them for ``shift`` (optionally with more work)."""
        return SubstituteFacts(
            name=self.name,
            is_substitute=True,
            is_bookable=self.is_bookable,
            introduced=shift.workplace_id in self.introduced_at,
            qualifications=self.qualifications,
            bookings=self.bookings if bookings is None else bookings,
            month_minutes=self.month_minutes if month_minutes is None else month_minutes,
            periods=self.periods,
            weekly=self.weekly,
        )


@dataclass(frozen=True)
class Weights:
    """The goals' weights (integers; larger means it matters more). ``fill`` is set above the sum of
    one assignment's costs, so leaving a shift open never pays (see docs/staffing-proposal.md): the
    fairness cost of a 10-hour shift for someone at the month maximum is 21 steps x 600 minutes =
    12,600, and the other costs together at most 7,400."""

    fill: int = 30_000  # per filled shift
    urgent: int = 4_000  # extra per filled urgent shift
    sick_leave: int = 2_000  # extra per filled shift covering a sick leave
    fair_per_minute_step: int = 1  # per minute over each step of ``fair_step_minutes`` (convex)
    fair_step_minutes: int = 8 * 60
    las_days: int = 600  # times the share of the LAS threshold already used
    las_conversion: int = 3_000  # the shift would take the person over a conversion threshold
    new_workplace: int = 400  # the person has not worked at the workplace before
    workplace_change_week: int = 300  # per extra workplace in a person's calendar week
    workplace_change_day: int = 600  # per extra workplace in a person's day
    not_stated_can: int = 2_500  # the person has not said they can work then


@dataclass(frozen=True)
class Assignment:
    shift_id: int
    substitute_id: int
    stated_can: bool = True  # covered by the person's "can work"
    worked_here_before: bool = False


@dataclass(frozen=True)
class Unfilled:
    """Why a shift stayed open: the booking rule that bound it (a code from ``booking/facts.py``,
    or ``TAKEN``/``TIME_LIMIT``), how many were stopped by it, and the smallest change that would help."""

    shift_id: int
    code: str
    count: int = 0
    change: str = ""  # a code of CHANGES, "" when none is known


# Unfilled codes beyond the booking rules'.
TAKEN = "taken"  # every eligible person is proposed for something that conflicts
TIME_LIMIT = "time_limit"  # someone could take it, the solver did not find it in time
NOBODY = "nobody"  # nobody in the pool at all

# The smallest changes that would fill an unfilled shift.
ONE_MORE_INTRODUCED = "introduce_one"  # someone qualified and free is not introduced there
ONE_MORE_QUALIFIED = "qualify_one"  # someone introduced and free lacks the qualification
ONE_OVERRIDE = "override_one"  # someone would be free with one overridden rule


@dataclass(frozen=True)
class Progress:
    """How far solving has come, handed to the caller's ``progress`` function while it runs."""

    seconds: float
    time_limit: float
    phase: str  # "built" (the model is ready, the search begins) or "search"
    solutions: int = 0
    objective: int | None = None
    best_bound: int | None = None

    @property
    def percent(self) -> int:
        if self.time_limit <= 0:
            return 100
        return max(0, min(99, int(100 * self.seconds / self.time_limit)))


@dataclass(frozen=True)
class Proposal:
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    # "optimal"; "feasible" (the solver's best in time, not proven); "first" (the solver found
    # nothing better in time than the first solution, built by the rules themselves)
    status: str
    upper_bound: int  # a proven upper bound on the number of shifts any proposal fills
    seconds: float
    variables: int = 0
    objective: int | None = None  # the solver's objective of the returned solution, when it has one
    best_bound: int | None = None  # the solver's proven bound on the objective
    stopped: bool = False  # the caller asked the search to stop (``progress`` returned True)

    @property
    def filled(self) -> int:
        return len(self.assignments)
