"""Issue 16.2: a booked shift that has ended but is not yet approved is not certified as lost.

The substitute's order is refused with the date and what to do; HR cannot sign an order whose
claimed day became uncertain, and is told why. Nothing is stored or released either way.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.certificates import selectors, services
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CertificateStatus
from vikarieportalen.certificates.services import CertificateRefused, Refusal
from vikarieportalen.certificates.tests.factories import booked_day, not_worked_day, order, worked_day
from vikarieportalen.core.roles import Role
from vikarieportalen.payroll.tests.factories import HourlyWageFactory
from vikarieportalen.support.tests.factories import high_assurance_client
from vikarieportalen.testing import client_logged_in, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/intyg/bestall/forlorad-arbetsinkomst/"
WAITING = {
    "en": "A booked shift on 3 Mar is still waiting for your manager's approval",
    "sv": "Ett bokat pass den 3 mar väntar fortfarande på att din chef godkänner det",
}


@pytest.fixture
def substitute() -> User:
    user: User = SubstituteFactory(mobile="+46701234567")
    HourlyWageFactory(substitute=user, valid_from=D(2025, 1, 1), amount=Decimal("160.00"))
    return user


def test_an_ended_shift_awaiting_approval_refuses_the_order(substitute: User) -> None:
    booked_day(substitute, D(2025, 3, 3))  # ended long ago, never approved
    with pytest.raises(CertificateRefused) as refused:
        services.certificate_order_create(
            substitute=substitute, kind=CertificateKind.LOST_EARNINGS, claimed_dates=[D(2025, 3, 3)]
        )
    assert (refused.value.reason, refused.value.days) == (Refusal.NOT_APPROVED, [D(2025, 3, 3)])
    assert not CertificateOrder.objects.exists()


def test_a_worked_shift_is_not_lost_even_beside_a_lost_one(substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    not_worked_day(substitute, D(2025, 3, 4))
    made = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.LOST_EARNINGS,
        claimed_dates=[D(2025, 3, 3), D(2025, 3, 4)],
    )
    lost = selectors.lost_earnings_for(made, selectors.facts_for(made))
    assert [(day.day, day.minutes) for day in lost.days] == [(D(2025, 3, 4), 495)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_substitute_is_told_which_date_waits_and_nothing_is_stored(
    substitute: User, language: str
) -> None:
    booked_day(substitute, D(2025, 3, 3))
    client: Client = high_assurance_client(substitute)
    client.cookies["vp_language"] = language
    response = client.post(URL, {"dates": "2025-03-03", "purpose": "", "recipient": ""})
    assert response.status_code == 200
    assert WAITING[language] in html.unescape(response.content.decode())
    assert not CertificateOrder.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hr_cannot_sign_while_a_claimed_shift_awaits_approval(substitute: User, language: str) -> None:
    booked_day(substitute, D(2025, 3, 3))
    # An order stored before the day became uncertain (e.g. made under the old rule).
    waiting: CertificateOrder = order(
        substitute=substitute,
        kind=CertificateKind.LOST_EARNINGS,
        claimed_dates=["2025-03-03"],
        period_from=None,
        period_to=None,
    )
    staff = client_logged_in(user_with_role(Role.HR_SERVICE))
    staff.cookies["vp_language"] = language
    response = staff.post(f"/intyg/ko/{waiting.pk}/signera/")
    assert response.status_code == 400
    assert WAITING[language] in html.unescape(response.content.decode())
    waiting.refresh_from_db()
    assert (waiting.status, bytes(waiting.pdf or b"")) == (CertificateStatus.ORDERED, b"")
    preview = staff.get(f"/intyg/ko/{waiting.pk}/forhandsgranska/")
    assert preview.status_code != 200 or not preview.content.startswith(b"%PDF")
