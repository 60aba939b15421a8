"""The proposal as the review page shows it: per day and workplace, each assignment with its reason
and each shift left open with the rule that bound it (the words come from ``explain``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vikarieportalen.staffing.models import (
    AssignmentState,
    ProposalAssignment,
    ProposalUnfilled,
    Shift,
    StaffingProposal,
)
from vikarieportalen.staffing.proposal import explain


@dataclass
class AssignmentItem:
    row: ProposalAssignment
    reason: str
    changed: str = ""  # what the checker says now, when the assignment no longer holds


@dataclass
class UnfilledItem:
    shift: Shift
    rule: str
    change: str


@dataclass
class WorkplaceDay:
    name: str
    assignments: list[AssignmentItem] = field(default_factory=list)
    unfilled: list[UnfilledItem] = field(default_factory=list)


@dataclass
class ReviewDay:
    day: dt.date
    workplaces: list[WorkplaceDay] = field(default_factory=list)


@dataclass
class Review:
    days: list[ReviewDay]
    counts: dict[str, int]


def proposal_review(*, proposal: StaffingProposal, changed: dict[int, str], month_max_minutes: int) -> Review:
    """The proposal grouped by day, then workplace by name, shifts by start."""
    grid: dict[dt.date, dict[str, WorkplaceDay]] = {}

    def cell(shift: Shift) -> WorkplaceDay:
        by_name = grid.setdefault(shift.day, {})
        return by_name.setdefault(shift.workplace.name, WorkplaceDay(shift.workplace.name))

    counts = dict.fromkeys(AssignmentState.values, 0)
    rows = proposal.assignments.select_related("shift__workplace", "substitute").order_by(
        "shift__starts_at", "pk"
    )
    for row in rows:
        counts[row.state] += 1
        if row.state == AssignmentState.REMOVED:
            continue
        cell(row.shift).assignments.append(
            AssignmentItem(
                row,
                explain.assignment_text(row.reason_codes, month_minutes_before=row.month_minutes_before),
                changed.get(row.pk, ""),
            )
        )
    unfilled_rows: list[ProposalUnfilled] = list(
        proposal.unfilled.select_related("shift__workplace")
        .prefetch_related("shift__required_qualifications")
        .order_by("shift__starts_at", "pk")
    )
    counts["unfilled"] = len(unfilled_rows)
    for item in unfilled_rows:
        names = sorted(q.name for q in item.shift.required_qualifications.all())
        cell(item.shift).unfilled.append(
            UnfilledItem(
                item.shift,
                explain.unfilled_text(item.code, qualifications=names, month_max_minutes=month_max_minutes),
                explain.change_text(item.change, qualifications=names),
            )
        )
    days = [
        ReviewDay(day, [grid[day][name] for name in sorted(grid[day], key=str.casefold)])
        for day in sorted(grid)
    ]
    return Review(days, counts)
