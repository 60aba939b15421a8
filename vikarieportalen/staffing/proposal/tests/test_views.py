"""The proposal's pages over HTTP: ask, follow, review, swap, remove, confirm; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.staffing.models import AssignmentState, Booking, ProposalStatus, StaffingProposal
from vikarieportalen.staffing.proposal import services
from vikarieportalen.staffing.tests.factories import QualificationFactory, ShiftFactory, substitute_ready_for
from vikarieportalen.testing import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(StaffingCentreFactory())
    return client


def test_ask_for_a_proposal_and_review_it(
    staff: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    shift = ShiftFactory()
    person = substitute_ready_for(shift)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("staffing:proposal_list"),
            {
                "first_day": shift.day.isoformat(),
                "last_day": shift.day.isoformat(),
                "workplaces": [shift.workplace_id],
                "time_limit": 5,
            },
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    proposal = StaffingProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:proposal_detail", args=[proposal.pk])
    page = staff.get(response["Location"])
    assert page.status_code == 200
    assert person.get_full_name() in page.content.decode()
    assert "hittills i månaden" in page.content.decode()
    # The progress fragment of a finished proposal reloads the page for htmx.
    fragment = staff.get(reverse("staffing:proposal_progress", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    assert fragment.headers.get("HX-Refresh") == "true"

    confirm = reverse("staffing:proposal_confirm", args=[proposal.pk])
    response = staff.post(confirm, {"mode": "book", "everything": "on"})
    assert response.status_code == 302
    assert Booking.objects.filter(shift=shift, substitute=person).count() == 1
    staff.post(confirm, {"mode": "book", "everything": "on"})  # twice: nothing booked twice
    assert Booking.objects.filter(shift=shift).count() == 1


def test_a_too_long_period_gets_a_clear_message_and_nothing_is_created(staff: Client) -> None:
    shift = ShiftFactory()
    response = staff.post(
        reverse("staffing:proposal_list"),
        {
            "first_day": shift.day.isoformat(),
            "last_day": (shift.day + dt.timedelta(days=40)).isoformat(),
            "workplaces": [shift.workplace_id],
            "time_limit": 5,
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "högst 5 veckor" in response.content.decode()
    assert not StaffingProposal.objects.exists()


def _queued() -> StaffingProposal:
    """A proposal of one open shift, queued (no worker runs it)."""
    shift = ShiftFactory()
    return services.proposal_create(
        by=StaffingCentreFactory(),
        first_day=shift.day,
        last_day=shift.day,
        workplace_ids=[shift.workplace_id],
        enqueue=False,
    )


def test_progress_page_polls_and_cancel_stops_it(staff: Client) -> None:
    proposal = _queued()
    page = staff.get(reverse("staffing:proposal_detail", args=[proposal.pk])).content.decode()
    assert reverse("staffing:proposal_progress", args=[proposal.pk]) in page
    assert 'hx-trigger="every 2s"' in page
    response = staff.post(reverse("staffing:proposal_cancel", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED


def test_swap_and_remove_over_http(
    staff: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    shift = ShiftFactory()
    first, second = substitute_ready_for(shift), substitute_ready_for(shift)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            by=StaffingCentreFactory(),
            first_day=shift.day,
            last_day=shift.day,
            workplace_ids=[shift.workplace_id],
            time_limit=5,
        )
    row = proposal.assignments.get()
    other = second if row.substitute_id == first.pk else first
    swap = reverse("staffing:proposal_assignment_swap", args=[proposal.pk, row.pk])
    assert other.get_full_name() in staff.get(swap).content.decode()
    bad = staff.post(swap, {"substitute": 999999}, HTTP_ACCEPT_LANGUAGE="sv")
    assert bad.status_code == 200  # not a choice: the form says so, nothing changed
    row.refresh_from_db()
    assert row.substitute_id != other.pk
    assert staff.post(swap, {"substitute": other.pk}).status_code == 302
    row.refresh_from_db()
    assert row.substitute_id == other.pk
    remove = reverse("staffing:proposal_assignment_remove", args=[proposal.pk, row.pk])
    assert staff.post(remove).status_code == 302
    row.refresh_from_db()
    assert row.state == AssignmentState.REMOVED


def test_confirm_with_nothing_chosen_changes_nothing(
    staff: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    shift = ShiftFactory()
    substitute_ready_for(shift)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            by=StaffingCentreFactory(),
            first_day=shift.day,
            last_day=shift.day,
            workplace_ids=[shift.workplace_id],
            time_limit=5,
        )
    response = staff.post(
        reverse("staffing:proposal_confirm", args=[proposal.pk]),
        {"mode": "book"},
        HTTP_ACCEPT_LANGUAGE="sv",
        follow=True,
    )
    assert "Välj vilka bokningar som ska bekräftas" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_shift_left_open_shows_the_binding_rule(
    staff: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    shift = ShiftFactory(required_qualifications=[QualificationFactory(name="Delegering för läkemedel")])
    substitute_ready_for(ShiftFactory(workplace=shift.workplace))  # introduced, but without it
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            by=StaffingCentreFactory(),
            first_day=shift.day,
            last_day=shift.day,
            workplace_ids=[shift.workplace_id],
            time_limit=5,
        )
    page = staff.get(reverse("staffing:proposal_detail", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Ingen ledig med delegering för läkemedel" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Beräkningen avbröts oväntat"),
        ("en", "Solving stopped unexpectedly (the worker was restarted). Make the proposal again."),
    ],
)
def test_a_proposal_that_lost_its_worker_says_so(staff: Client, language: str, text: str) -> None:
    proposal = _queued()
    StaffingProposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.FAILED, error="worker_lost")
    if language == "en":
        english(staff)
    page = staff.get(reverse("staffing:proposal_detail", args=[proposal.pk])).content.decode()
    assert text.replace("'", "&#x27;") in page
    assert "worker_lost" not in page
