"""The proposal's facts from the database: refusals, what is read, and a proposal that checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from vikarieportalen.core.errors import Refused
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.booking.facts import month_parts
from vikarieportalen.staffing.models import Shift
from vikarieportalen.staffing.proposal import checker, solver
from vikarieportalen.staffing.proposal.selectors import proposal_facts_load
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    QualificationFactory,
    ShiftFactory,
    WorkplaceFactory,
    substitute_ready_for,
)

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.now().astimezone(STOCKHOLM).date()


def test_a_period_longer_than_five_weeks_is_refused_in_the_users_language() -> None:
    workplace = WorkplaceFactory()
    ShiftFactory(workplace=workplace)
    first = today()
    with translation.override("sv"), pytest.raises(Refused) as refused:
        proposal_facts_load(
            first_day=first, last_day=first + dt.timedelta(days=35), workplace_ids=[workplace.pk]
        )
    assert refused.value.code == "period_too_long"
    assert "5 veckor" in refused.value.message
    with translation.override("en"), pytest.raises(Refused) as refused:
        proposal_facts_load(
            first_day=first, last_day=first + dt.timedelta(days=35), workplace_ids=[workplace.pk]
        )
    assert "at most 5 weeks" in refused.value.message
    # Exactly five weeks is allowed.
    shifts, _people = proposal_facts_load(
        first_day=first, last_day=first + dt.timedelta(days=34), workplace_ids=[workplace.pk]
    )
    assert len(shifts) == 1


def test_no_open_shifts_is_refused() -> None:
    workplace = WorkplaceFactory()
    booked = ShiftFactory(workplace=workplace)
    BookingFactory(shift=booked)
    Shift.objects.filter(pk=booked.pk).update(is_booked=True)
    with translation.override("sv"), pytest.raises(Refused) as refused:
        proposal_facts_load(
            first_day=today(), last_day=today() + dt.timedelta(days=7), workplace_ids=[workplace.pk]
        )
    assert refused.value.code == "no_open_shifts"
    assert "Inga lediga pass" in refused.value.message


def test_facts_read_and_a_proposal_that_passes_the_checker() -> None:
    workplace, elsewhere = WorkplaceFactory(), WorkplaceFactory()
    delegation = QualificationFactory()
    shift = ShiftFactory(workplace=workplace)
    shift.required_qualifications.add(delegation)
    other = ShiftFactory(workplace=elsewhere)  # not asked for
    ready = substitute_ready_for(shift)
    # A fixed booking the evening before: too little rest before 07:00 is not in play (ends 16:00).
    earlier = ShiftFactory(
        workplace=workplace,
        starts_at=shift.starts_at - dt.timedelta(days=1),
        ends_at=shift.ends_at - dt.timedelta(days=1),
    )
    BookingFactory(shift=earlier, substitute=ready)
    shifts, people = proposal_facts_load(
        first_day=today(), last_day=today() + dt.timedelta(days=7), workplace_ids=[workplace.pk]
    )
    assert [s.id for s in shifts] == [shift.pk]
    assert other.pk not in {s.id for s in shifts}
    assert shifts[0].required_qualifications == ((delegation.pk, delegation.name),)
    (person,) = people
    assert person.id == ready.pk
    assert person.introduced_at == frozenset({workplace.pk})
    assert delegation.pk in person.qualifications
    assert [b.starts_at for b in person.bookings] == [earlier.starts_at]
    booked = month_parts(earlier.starts_at, earlier.ends_at, 9 * 60 - 45)
    for month, minutes in person.month_minutes.items():
        assert minutes == booked.get(month, 0)
    assert person.worked_at == frozenset({workplace.pk})
    result = solver.solve(shifts, people, time_limit=2, workers=1)
    assert result.filled == 1
    assert checker.proposal_check(shifts, people, result.assignments) == []
