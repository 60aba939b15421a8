"""The proposal's flow with the database: solve in the background, cancel, review, confirm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, WorkplaceManagerFactory
from vikarieportalen.core.errors import Refused
from vikarieportalen.staffing.models import (
    AssignmentState,
    AvailabilityKind,
    Booking,
    BookingStatus,
    Offer,
    ProposalStatus,
    Shift,
    StaffingProposal,
)
from vikarieportalen.staffing.proposal import services, tasks
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    ShiftFactory,
    WorkplaceFactory,
    substitute_ready_for,
)

pytestmark = pytest.mark.django_db


def _solved(shift: Shift, run: Callable[..., Any]) -> StaffingProposal:
    """A proposal for ``shift``'s day and workplace, solved through the task (run on commit)."""
    with run(execute=True):
        proposal = services.proposal_create(
            by=StaffingCentreFactory(),
            first_day=shift.day,
            last_day=shift.day,
            workplace_ids=[shift.workplace_id],
            time_limit=5,
        )
    proposal.refresh_from_db()
    return proposal


def test_a_proposal_is_solved_in_the_background_with_its_reasons(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    shift = ShiftFactory()
    person = substitute_ready_for(shift)
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    assert proposal.status == ProposalStatus.DONE
    assert (proposal.filled, proposal.shifts_total, proposal.upper_bound, proposal.progress) == (1, 1, 1, 100)
    row = proposal.assignments.get()
    assert (row.shift_id, row.substitute_id, row.state) == (shift.pk, person.pk, AssignmentState.PROPOSED)
    assert "stated_can" in row.reason_codes
    assert not Booking.objects.exists()  # nothing booked before it is confirmed


def test_an_open_shift_nobody_can_take_is_explained(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    shift = ShiftFactory()
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    assert proposal.status == ProposalStatus.DONE
    assert not proposal.assignments.exists()
    assert proposal.unfilled.get().shift_id == shift.pk


def test_bad_periods_are_refused_and_nothing_is_created() -> None:
    shift = ShiftFactory()
    by = StaffingCentreFactory()
    with translation.override("sv"), pytest.raises(Refused) as refused:
        services.proposal_create(
            by=by,
            first_day=shift.day,
            last_day=shift.day + dt.timedelta(days=35),
            workplace_ids=[shift.workplace_id],
        )
    assert refused.value.code == "period_too_long"
    with translation.override("sv"), pytest.raises(Refused) as refused:
        services.proposal_create(
            by=by, first_day=shift.day, last_day=shift.day, workplace_ids=[WorkplaceFactory().pk]
        )
    assert refused.value.code == "no_open_shifts"
    assert "inget att föreslå" in refused.value.message
    with pytest.raises(Refused):
        services.proposal_create(by=by, first_day=shift.day, last_day=shift.day, workplace_ids=[])
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            by=WorkplaceManagerFactory(),
            first_day=shift.day,
            last_day=shift.day,
            workplace_ids=[shift.workplace_id],
        )
    assert not StaffingProposal.objects.exists()


def test_cancel_before_it_starts_and_while_it_runs() -> None:
    shift = ShiftFactory()
    substitute_ready_for(shift)
    by = StaffingCentreFactory()

    def make() -> StaffingProposal:
        return services.proposal_create(
            by=by, first_day=shift.day, last_day=shift.day, workplace_ids=[shift.workplace_id], enqueue=False
        )

    queued = make()
    services.proposal_cancel(proposal=queued, by=by)
    queued.refresh_from_db()
    assert queued.status == ProposalStatus.CANCELLED
    assert tasks.proposal_run(proposal_id=queued.pk) is None  # a cancelled one never starts

    running = make()
    # The click lands once solving has begun: the solver's progress report sees it and stops.
    StaffingProposal.objects.filter(pk=running.pk).update(cancel_requested=True)
    result = tasks.proposal_run(proposal_id=running.pk)
    assert result is not None and result.status == ProposalStatus.CANCELLED
    assert not result.assignments.exists()


def test_confirming_twice_books_nothing_twice(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    shift = ShiftFactory()
    person = substitute_ready_for(shift)
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    by = StaffingCentreFactory()
    first = services.proposal_confirm(proposal=proposal, by=by, as_offers=False)
    assert [row.substitute_id for row in first.confirmed] == [person.pk]
    again = services.proposal_confirm(proposal=proposal, by=by, as_offers=False)
    assert (again.confirmed, again.skipped) == ([], [])
    assert Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).count() == 1


def test_a_shift_booked_meanwhile_is_skipped_and_reported_not_overwritten(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    shift = ShiftFactory()
    substitute_ready_for(shift)
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    other = BookingFactory(shift=shift)
    Shift.objects.filter(pk=shift.pk).update(is_booked=True)
    row = proposal.assignments.get()
    assert row.pk in services.proposal_recheck(proposal=proposal)
    result = services.proposal_confirm(proposal=proposal, by=StaffingCentreFactory(), as_offers=False)
    assert result.confirmed == []
    row.refresh_from_db()
    assert row.state == AssignmentState.SKIPPED and row.skipped_reason
    assert list(Booking.objects.filter(shift=shift).values_list("pk", "substitute_id")) == [
        (other.pk, other.substitute_id)
    ]


def test_a_new_unavailability_is_skipped(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    shift = ShiftFactory()
    person = substitute_ready_for(shift)
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    AvailabilityPeriodFactory(
        substitute=person, kind=AvailabilityKind.UNAVAILABLE, starts_at=shift.starts_at, ends_at=shift.ends_at
    )
    assert proposal.assignments.get().pk in services.proposal_recheck(proposal=proposal)
    result = services.proposal_confirm(proposal=proposal, by=StaffingCentreFactory(), as_offers=False)
    assert [row.state for row in result.skipped] == [AssignmentState.SKIPPED]
    assert not Booking.objects.exists()


def test_confirm_a_selection_as_offers(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    shift = ShiftFactory()
    later = ShiftFactory(
        workplace=shift.workplace,
        starts_at=shift.starts_at + dt.timedelta(hours=10),
        ends_at=shift.ends_at + dt.timedelta(hours=10),
    )
    substitute_ready_for(shift)
    substitute_ready_for(later)
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    rows = list(proposal.assignments.order_by("shift__starts_at"))
    assert len(rows) == 2
    result = services.proposal_confirm(
        proposal=proposal, by=StaffingCentreFactory(), as_offers=True, assignment_ids=[rows[0].pk]
    )
    assert [row.pk for row in result.confirmed] == [rows[0].pk]
    offer = Offer.objects.get()
    assert (offer.shift_id, offer.substitute_id) == (rows[0].shift_id, rows[0].substitute_id)
    assert not Booking.objects.exists()
    rows[1].refresh_from_db()
    assert rows[1].state == AssignmentState.PROPOSED


def test_remove_and_swap_are_checked_at_once(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    shift = ShiftFactory()
    first = substitute_ready_for(shift)
    second = substitute_ready_for(shift)
    busy = substitute_ready_for(shift)
    BookingFactory(
        substitute=busy,
        shift=ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at),
    )
    proposal = _solved(shift, django_capture_on_commit_callbacks)
    row = proposal.assignments.get()
    by = StaffingCentreFactory()
    other = second if row.substitute_id == first.pk else first
    candidates = {person.id for person in services.swap_candidates(row=row)}
    assert other.pk in candidates and busy.pk not in candidates
    with pytest.raises(Refused):
        services.assignment_swap(row=row, substitute_id=busy.pk, by=by)  # already booked then
    row.refresh_from_db()
    assert row.substitute_id != busy.pk
    swapped = services.assignment_swap(row=row, substitute_id=other.pk, by=by)
    assert swapped.substitute_id == other.pk
    services.assignment_remove(row=swapped, by=by)
    swapped.refresh_from_db()
    assert swapped.state == AssignmentState.REMOVED
    with pytest.raises(Refused):
        services.assignment_remove(row=swapped, by=by)
    assert services.proposal_confirm(proposal=proposal, by=by, as_offers=False).confirmed == []


def test_a_proposal_whose_worker_died_is_marked_failed_after_its_time_limit() -> None:
    shift = ShiftFactory()
    by = StaffingCentreFactory()
    started = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)

    def running(limit: int) -> StaffingProposal:
        proposal = services.proposal_create(
            by=by, first_day=shift.day, last_day=shift.day, workplace_ids=[shift.workplace_id], enqueue=False
        )
        StaffingProposal.objects.filter(pk=proposal.pk).update(
            status=ProposalStatus.RUNNING, started_at=started, time_limit_seconds=limit
        )
        return proposal

    short, long = running(20), running(120)
    done = running(20)
    StaffingProposal.objects.filter(pk=done.pk).update(status=ProposalStatus.DONE)
    eleven_minutes = started + dt.timedelta(minutes=11)
    # Still within its time limit and the ten minutes after it: left alone.
    assert tasks.proposals_abandoned_fail(now=started + dt.timedelta(seconds=20, minutes=9)) == 0
    assert tasks.proposals_abandoned_fail(now=eleven_minutes) == 1
    short.refresh_from_db()
    long.refresh_from_db()
    done.refresh_from_db()
    assert (short.status, short.error, short.finished_at) == (
        ProposalStatus.FAILED,
        tasks.WORKER_LOST,
        eleven_minutes,
    )
    assert long.status == ProposalStatus.RUNNING  # 120 s + 10 min is not over yet
    assert done.status == ProposalStatus.DONE
    assert tasks.proposal_run(proposal_id=short.pk) is None  # the task run again does not revive it
    assert tasks.proposals_abandoned_fail(now=started + dt.timedelta(minutes=13)) == 1
