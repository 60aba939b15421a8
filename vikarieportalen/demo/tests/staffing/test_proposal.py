"""The demo's staffing proposal: solved and ready to review, and a second run adds nothing (without
building the whole demo municipality)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.demo.staffing.proposal import demo_proposal_build
from vikarieportalen.staffing.models import ProposalStatus, StaffingProposal
from vikarieportalen.staffing.tests.factories import QualificationFactory, ShiftFactory, substitute_ready_for

pytestmark = pytest.mark.django_db


def test_demo_proposal_is_ready_to_review_and_a_second_run_adds_nothing() -> None:
    StaffingCentreFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    shift = ShiftFactory(
        starts_at=timezone.make_aware(dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(7)))
    )
    substitute_ready_for(shift)
    # A shift that needs a qualification nobody holds: left open, with the rule that bound it.
    ShiftFactory(
        workplace=shift.workplace,
        starts_at=shift.starts_at + dt.timedelta(days=2),
        required_qualifications=[QualificationFactory()],
    )
    counted: list[bool] = []
    proposal = demo_proposal_build(count=lambda _what, created: counted.append(created))
    assert proposal is not None
    assert proposal.status == ProposalStatus.DONE
    assert proposal.assignments.count() == 1
    assert proposal.unfilled.get().code == "qualification"
    assert demo_proposal_build(count=lambda _what, created: counted.append(created)) is None
    assert StaffingProposal.objects.count() == 1
    assert counted == [True, False]
