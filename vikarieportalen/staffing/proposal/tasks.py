"""The staffing proposal's background side (issue 18): the task that solves a queued proposal,
writes its progress as it goes, stops when the cancel button was pressed, and stores the result.
Solving takes up to the time limit, so a worker does it (the demo runs it directly)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from vikarieportalen.core.errors import Refused
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.models import (
    ProposalAssignment,
    ProposalStatus,
    ProposalUnfilled,
    StaffingProposal,
)
from vikarieportalen.staffing.proposal import explain
from vikarieportalen.staffing.proposal.facts import (
    Assignment,
    Progress,
    Proposal,
    ProposalShift,
    ProposalSubstitute,
    Unfilled,
)
from vikarieportalen.staffing.proposal.selectors import proposal_facts_load
from vikarieportalen.staffing.proposal.solver import solve

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how often the progress is written and the cancel button's flag read
# A proposal solving this long past its time limit has lost its worker (reading the facts and
# storing the result take seconds, not minutes): ``proposals_abandoned_fail`` marks it failed.
ABANDONED_AFTER = dt.timedelta(minutes=10)
WORKER_LOST = StaffingProposal.WORKER_LOST  # ``error`` of such a proposal; its page explains it


@task
def proposal_solve(proposal_id: int) -> None:
    """Solve one queued proposal (harmless twice: only a queued proposal is claimed)."""
    proposal_run(proposal_id=proposal_id)


def proposal_run(*, proposal_id: int, now: dt.datetime | None = None) -> StaffingProposal | None:
    """Solve a queued proposal and store the result (the task's body). Harmless to run twice: only
    a queued proposal is claimed. Progress goes to the row as the solver reports it."""
    claimed = StaffingProposal.objects.filter(pk=proposal_id, status=ProposalStatus.QUEUED).update(
        status=ProposalStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    proposal = StaffingProposal.objects.get(pk=proposal_id)
    try:
        return _run(proposal, now=now)
    except Exception as exc:
        logger.exception("staffing proposal %s failed", proposal_id)
        StaffingProposal.objects.filter(pk=proposal_id).update(
            status=ProposalStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        if isinstance(exc, Refused):
            return StaffingProposal.objects.get(pk=proposal_id)
        raise


def proposals_abandoned_fail(*, now: dt.datetime | None = None) -> int:
    """Mark failed every proposal still RUNNING ABANDONED_AFTER past its time limit: its worker was
    killed, ran out of memory or was restarted, and nothing else would end it (the database queue
    runs an abandoned task again, but a RUNNING proposal is never claimed twice; RQ does not run it
    again). The page then says so, and a new proposal can be made. Returns how many; the
    scheduler's job ``staffing.proposals_abandoned`` runs it."""
    now = now or timezone.now()
    running = StaffingProposal.objects.filter(
        status=ProposalStatus.RUNNING, started_at__lt=now - ABANDONED_AFTER
    )
    lost = [
        pk
        for pk, started_at, limit in running.values_list("pk", "started_at", "time_limit_seconds")
        if started_at is not None and started_at + dt.timedelta(seconds=limit) + ABANDONED_AFTER < now
    ]
    for pk in lost:
        logger.warning("staffing proposal %s lost its worker while solving: marked failed", pk)
    return StaffingProposal.objects.filter(pk__in=lost, status=ProposalStatus.RUNNING).update(
        status=ProposalStatus.FAILED, error=WORKER_LOST, finished_at=now
    )


def _cancel_asked(pk: int) -> bool:
    return StaffingProposal.objects.filter(pk=pk, cancel_requested=True).exists()


def _run(proposal: StaffingProposal, *, now: dt.datetime | None) -> StaffingProposal:
    workplace_ids = list(proposal.workplaces.values_list("pk", flat=True))
    shifts, substitutes = proposal_facts_load(
        first_day=proposal.first_day, last_day=proposal.last_day, workplace_ids=workplace_ids, now=now
    )
    StaffingProposal.objects.filter(pk=proposal.pk).update(shifts_total=len(shifts))
    result, cancelled = _solve_watched(proposal, shifts, substitutes)
    return _finish(proposal, shifts, substitutes, result, cancelled=cancelled)


def _solve_watched(
    proposal: StaffingProposal, shifts: Sequence[ProposalShift], substitutes: Sequence[ProposalSubstitute]
) -> tuple[Proposal, bool]:
    """The solver's result, and whether the cancel button was pressed while it ran.

    The solver runs in a thread of its own and never touches the database: its callbacks keep
    the latest report and read the cancel flag (an Event). This thread writes the progress and
    reads the cancel button's flag from the database about once a second."""
    latest: list[Progress] = []
    cancel = threading.Event()

    def progress(report: Progress) -> bool:
        latest[:] = [report]
        return cancel.is_set()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="proposal") as pool:
        future = pool.submit(
            solve,
            shifts,
            substitutes,
            las_limits=las.LasLimits.from_settings(),
            time_limit=float(proposal.time_limit_seconds),
            progress=progress,
        )
        while True:
            try:
                result = future.result(timeout=POLL_SECONDS)
                break
            except FutureTimeout:
                pass
            if latest:
                report = latest[0]
                StaffingProposal.objects.filter(pk=proposal.pk).update(
                    progress=report.percent,
                    solutions=report.solutions,
                    objective=report.objective,
                    best_bound=report.best_bound,
                )
            if _cancel_asked(proposal.pk):
                cancel.set()
    if _cancel_asked(proposal.pk):
        cancel.set()
    return result, cancel.is_set()


def _finish(
    proposal: StaffingProposal,
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    result: Proposal,
    *,
    cancelled: bool,
) -> StaffingProposal:
    """The result stored, or the proposal marked cancelled (the result then dropped)."""
    with transaction.atomic():
        locked = StaffingProposal.objects.select_for_update().get(pk=proposal.pk)
        locked.finished_at = timezone.now()
        locked.seconds = round(result.seconds, 2)
        if result.stopped or cancelled or locked.cancel_requested:
            locked.status = ProposalStatus.CANCELLED
            locked.save(update_fields=["status", "finished_at", "seconds"])
            return locked
        _store(locked, shifts, substitutes, result.assignments, result.unfilled)
        locked.status = ProposalStatus.DONE
        locked.progress = 100
        locked.filled = len(result.assignments)
        locked.upper_bound = result.upper_bound
        locked.objective = result.objective
        locked.best_bound = result.best_bound
        locked.solver_status = result.status
        locked.save()
    return locked


def _store(
    proposal: StaffingProposal,
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    assignments: Sequence[Assignment],
    unfilled: Sequence[Unfilled],
) -> None:
    shift_by_id = {shift.id: shift for shift in shifts}
    person_by_id = {person.id: person for person in substitutes}
    rows = []
    for assignment in assignments:
        shift, person = shift_by_id[assignment.shift_id], person_by_id[assignment.substitute_id]
        rows.append(
            ProposalAssignment(
                proposal=proposal,
                shift_id=shift.id,
                substitute_id=person.id,
                reason_codes=explain.reason_codes(
                    worked_here_before=assignment.worked_here_before,
                    stated_can=assignment.stated_can,
                    urgent=shift.urgent,
                    sick_leave=shift.reason == "sick_leave",
                ),
                month_minutes_before=explain.month_minutes_before(shift, person),
            )
        )
    ProposalAssignment.objects.bulk_create(rows)
    ProposalUnfilled.objects.bulk_create(
        ProposalUnfilled(
            proposal=proposal, shift_id=item.shift_id, code=item.code, count=item.count, change=item.change
        )
        for item in unfilled
    )
