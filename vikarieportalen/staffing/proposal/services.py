"""The staffing proposal's actions (issue 18): ask for one, solve it in the background, cancel it,
review it (remove, swap: each re-checked at once by the independent checker) and confirm it through
the existing booking and offer services, which check every rule again."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.booking.candidates import limits_by_agreement
from vikarieportalen.staffing.booking.services import BookingRefused, booking_create
from vikarieportalen.staffing.models import (
    AssignmentState,
    ProposalAssignment,
    ProposalStatus,
    Shift,
    ShiftStatus,
    StaffingProposal,
)
from vikarieportalen.staffing.offers.services import OfferRefused, offer_send
from vikarieportalen.staffing.proposal import explain
from vikarieportalen.staffing.proposal.checker import Finding, proposal_check
from vikarieportalen.staffing.proposal.facts import (
    Assignment,
    ProposalShift,
    ProposalSubstitute,
)
from vikarieportalen.staffing.proposal.selectors import period_check, proposal_facts_load
from vikarieportalen.staffing.proposal.tasks import proposal_solve

logger = logging.getLogger(__name__)

TIME_LIMIT_MIN, TIME_LIMIT_MAX, TIME_LIMIT_DEFAULT = 5, 120, 20
POLL_SECONDS = 0.5  # how often the progress is written and the cancel button's flag read


def user_may_propose(user: User) -> bool:
    return user.is_active and (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR))


def _allowed(user: User) -> None:
    if not user_may_propose(user):
        raise PermissionDenied("Only the staffing centre makes staffing proposals.")


def _open_shifts(*, first_day: dt.date, last_day: dt.date, workplace_ids: Collection[int]) -> bool:
    return Shift.objects.filter(
        status=ShiftStatus.ACTIVE,
        is_booked=False,
        day__gte=first_day,
        day__lte=last_day,
        ends_at__gt=timezone.now(),
        workplace_id__in=list(workplace_ids),
    ).exists()


@transaction.atomic
def proposal_create(
    *,
    by: User,
    first_day: dt.date,
    last_day: dt.date,
    workplace_ids: Collection[int],
    time_limit: int = TIME_LIMIT_DEFAULT,
    enqueue: bool = True,
) -> StaffingProposal:
    """A proposal for the open shifts of ``first_day``..``last_day`` at ``workplace_ids``, solved in
    the background (``tasks.proposal_solve``) once this transaction commits.

    Refused, with nothing created, for no workplace, a period longer than five weeks, a time limit
    out of range, or no open shift in the period at those workplaces."""
    _allowed(by)
    if not workplace_ids:
        raise Refused(_("Choose at least one workplace."), code="no_workplaces")
    period_check(first_day=first_day, last_day=last_day)
    if not TIME_LIMIT_MIN <= time_limit <= TIME_LIMIT_MAX:
        raise Refused(
            _("Give a time limit between %(min)d and %(max)d seconds.")
            % {"min": TIME_LIMIT_MIN, "max": TIME_LIMIT_MAX},
            code="time_limit",
        )
    if not _open_shifts(first_day=first_day, last_day=last_day, workplace_ids=workplace_ids):
        raise Refused(
            _("There are no open shifts in that period at those workplaces: nothing to propose."),
            code="no_open_shifts",
        )
    proposal = StaffingProposal.objects.create(
        created_by=by, first_day=first_day, last_day=last_day, time_limit_seconds=time_limit
    )
    proposal.workplaces.set(list(workplace_ids))
    if enqueue:
        pk = proposal.pk
        transaction.on_commit(lambda: proposal_solve.enqueue(proposal_id=pk), robust=True)
    return proposal


def proposal_cancel(*, proposal: StaffingProposal, by: User) -> None:
    """Ask a queued or running proposal to stop: a queued one never starts, a running one's search
    stops at its next progress report (about a second). Nothing is kept of a cancelled proposal."""
    _allowed(by)
    StaffingProposal.objects.filter(
        pk=proposal.pk, status__in=[ProposalStatus.QUEUED, ProposalStatus.RUNNING]
    ).update(cancel_requested=True)
    StaffingProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.QUEUED).update(
        status=ProposalStatus.CANCELLED, finished_at=timezone.now()
    )


# ---------------------------------------------------------------------------------------------
# Review: the proposal against the facts as they are now


def _reviewable(proposal: StaffingProposal) -> None:
    if proposal.status != ProposalStatus.DONE:
        raise Refused(_("The proposal is not ready to review."), code="not_ready")


def _facts_now(
    proposal: StaffingProposal,
) -> tuple[list[ProposalShift], list[ProposalSubstitute]]:
    workplace_ids = list(proposal.workplaces.values_list("pk", flat=True))
    try:
        return proposal_facts_load(
            first_day=proposal.first_day, last_day=proposal.last_day, workplace_ids=workplace_ids
        )
    except Refused:
        return [], []  # no open shift left: every proposed one has changed since


def _as_assignment(row: ProposalAssignment) -> Assignment:
    return Assignment(row.shift_id, row.substitute_id, stated_can=False)


def _changed_text(findings: Sequence[Finding]) -> str:
    return " ".join(dict.fromkeys(finding.message for finding in findings))


def proposal_recheck(*, proposal: StaffingProposal) -> dict[int, str]:
    """For each proposed assignment that no longer holds (the shift booked or gone meanwhile, a new
    booking or unavailability of the person, …), what the independent checker says now; by row id."""
    rows = list(proposal.assignments.filter(state=AssignmentState.PROPOSED))
    if not rows:
        return {}
    shifts, substitutes = _facts_now(proposal)
    findings = proposal_check(shifts, substitutes, [_as_assignment(row) for row in rows])
    by_pair: dict[tuple[int, int], list[Finding]] = {}
    for finding in findings:
        by_pair.setdefault((finding.shift_id, finding.substitute_id), []).append(finding)
    result = {}
    open_ids = {shift.id for shift in shifts}
    for row in rows:
        if row.shift_id not in open_ids:
            result[row.pk] = _("The shift is no longer open (booked, cancelled or started).")
        elif (row.shift_id, row.substitute_id) in by_pair:
            result[row.pk] = _changed_text(by_pair[(row.shift_id, row.substitute_id)])
    return result


@transaction.atomic
def assignment_remove(*, row: ProposalAssignment, by: User) -> None:
    """Take one assignment out of the proposal (its shift is then left for the staffing centre)."""
    _allowed(by)
    locked = ProposalAssignment.objects.select_for_update().select_related("proposal").get(pk=row.pk)
    _reviewable(locked.proposal)
    if locked.state != AssignmentState.PROPOSED:
        raise Refused(_("Only a proposed assignment can be removed."), code="state")
    locked.state = AssignmentState.REMOVED
    locked.save(update_fields=["state", "updated_at"])


def swap_candidates(*, row: ProposalAssignment, limit: int = 15) -> list[ProposalSubstitute]:
    """Who could take ``row``'s shift instead, beside what the proposal already gives them (the
    independent checker decides), fewest hours this month first."""
    shifts, substitutes = _facts_now(row.proposal)
    shift = next((s for s in shifts if s.id == row.shift_id), None)
    if shift is None:
        return []
    own = _proposed_by_person(row.proposal, exclude=row.pk)
    fits = []
    for person in substitutes:
        if person.id == row.substitute_id or shift.workplace_id not in person.introduced_at:
            continue
        trial = [*own.get(person.id, []), Assignment(shift.id, person.id, stated_can=False)]
        if not proposal_check(shifts, [person], trial):
            fits.append(person)
    fits.sort(key=lambda p: (explain.month_minutes_before(shift, p), p.name.casefold(), p.id))
    return fits[:limit]


def _proposed_by_person(proposal: StaffingProposal, *, exclude: int) -> dict[int, list[Assignment]]:
    result: dict[int, list[Assignment]] = {}
    for other in proposal.assignments.filter(state=AssignmentState.PROPOSED).exclude(pk=exclude):
        result.setdefault(other.substitute_id, []).append(_as_assignment(other))
    return result


@transaction.atomic
def assignment_swap(*, row: ProposalAssignment, substitute_id: int, by: User) -> ProposalAssignment:
    """Give ``row``'s shift to another person instead. Checked at once by the independent checker
    with everything else the proposal gives that person; refused (nothing changed) if a rule breaks."""
    _allowed(by)
    locked = ProposalAssignment.objects.select_for_update().select_related("proposal").get(pk=row.pk)
    _reviewable(locked.proposal)
    if locked.state != AssignmentState.PROPOSED:
        raise Refused(_("Only a proposed assignment can be swapped."), code="state")
    shifts, substitutes = _facts_now(locked.proposal)
    shift = next((s for s in shifts if s.id == locked.shift_id), None)
    person = next((p for p in substitutes if p.id == substitute_id), None)
    if shift is None:
        raise Refused(_("The shift is no longer open (booked, cancelled or started)."), code="changed")
    if person is None or substitute_id == locked.substitute_id:
        raise Refused(_("Choose someone introduced at the workplace."), code="substitute")
    own = _proposed_by_person(locked.proposal, exclude=locked.pk).get(person.id, [])
    findings = proposal_check(shifts, [person], [*own, Assignment(shift.id, person.id, stated_can=False)])
    if findings:
        raise Refused(_changed_text(findings), code="rules")
    stated_can = not proposal_check(shifts, [person], [Assignment(shift.id, person.id, stated_can=True)])
    locked.substitute_id = person.id
    locked.reason_codes = explain.reason_codes(
        worked_here_before=shift.workplace_id in person.worked_at,
        stated_can=stated_can,
        urgent=shift.urgent,
        sick_leave=shift.reason == "sick_leave",
    )
    locked.month_minutes_before = explain.month_minutes_before(shift, person)
    locked.save()
    return locked


# ---------------------------------------------------------------------------------------------
# Confirm: through the booking and offer services


@dataclass
class ConfirmResult:
    confirmed: list[ProposalAssignment] = field(default_factory=list)
    skipped: list[ProposalAssignment] = field(default_factory=list)


@transaction.atomic
def proposal_confirm(
    *,
    proposal: StaffingProposal,
    by: User,
    as_offers: bool,
    assignment_ids: Collection[int] | None = None,
) -> ConfirmResult:
    """Book (or offer) the proposed assignments, all or those in ``assignment_ids``, each through
    ``booking_create`` or ``offer_send``, which check every rule again now. One that no longer
    holds is skipped with the reason, never forced. Confirming again books nothing twice: only
    assignments still proposed are confirmed, and the proposal is locked while it is done."""
    _allowed(by)
    locked = StaffingProposal.objects.select_for_update().get(pk=proposal.pk)
    _reviewable(locked)
    rows = locked.assignments.filter(state=AssignmentState.PROPOSED).select_related(
        "shift__workplace", "substitute"
    )
    if assignment_ids is not None:
        rows = rows.filter(pk__in=list(assignment_ids))
    rows = rows.order_by("shift__starts_at", "pk")
    result = ConfirmResult()
    for row in rows:
        reason = _confirm_one(row, by=by, as_offer=as_offers)
        if reason:
            row.state = AssignmentState.SKIPPED
            row.skipped_reason = reason[:500]
            result.skipped.append(row)
        else:
            row.state = AssignmentState.CONFIRMED
            row.as_offer = as_offers
            result.confirmed.append(row)
        row.save(update_fields=["state", "skipped_reason", "as_offer", "updated_at"])
    return result


def _confirm_one(row: ProposalAssignment, *, by: User, as_offer: bool) -> str:
    """ "" when booked or offered; else why not (in the active language)."""
    try:
        with transaction.atomic():
            if as_offer:
                sent = offer_send(shifts=[row.shift], by=by, substitutes=[row.substitute])
                if not sent.offers:
                    return sent.skipped[0][2] if sent.skipped else _("Not offered.")
            else:
                booking_create(shift=row.shift, substitute=row.substitute, by=by)
    except (BookingRefused, OfferRefused) as exc:
        return exc.message
    return ""


def month_max_minutes() -> int:
    """The month maximum of the default agreement (for "alla med introduktion når 165 h")."""
    return limits_by_agreement()[1].max_month_minutes
