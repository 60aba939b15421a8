"""Issue 16.1: offers follow the urgency rule. At midnight a shift this morning is offered at once,
one 11 days away waits until quiet hours end; the page says which, and rounds count from then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.staffing.models import OfferSend, Shift
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.notify import SMS_KIND_OFFER
from vikarieportalen.staffing.tests.factories import STOCKHOLM, ShiftFactory, substitute_ready_for
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

MIDNIGHT = dt.datetime(2025, 6, 12, 0, 0, tzinfo=STOCKHOLM)
SEVEN = dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def night(settings: Any, time_machine: Any) -> None:
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    settings.NOTIFICATIONS_URGENT_WINDOW_HOURS = 12
    time_machine.move_to(MIDNIGHT, tick=False)


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory()


def shift_in(days: int, hour: int) -> Shift:
    starts = dt.datetime.combine(MIDNIGHT.date() + dt.timedelta(days=days), dt.time(hour), tzinfo=STOCKHOLM)
    return ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=3))


def send(staff: User, shift: Shift, language: str) -> str:
    person = substitute_ready_for(shift, mobile="+46701234567")
    client = client_logged_in(staff)
    client.cookies["vp_language"] = language
    response = client.post(
        reverse("staffing:offer_send_shift", args=[shift.pk]),
        {"who": "chosen", "substitutes": [person.pk], "round_size": "", "round_minutes": ""},
        follow=True,
    )
    return response.content.decode()


WAITS = {
    "en": "SMS waiting for the quiet hours to end, going at 07:00: 1.",
    "sv": "Sms som väntar tills nattuppehållet för sms är slut och skickas kl. 07.00: 1.",
}
NOW = {"en": "SMS being sent now: 1.", "sv": "Sms som skickas nu: 1."}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_offer_at_midnight_for_a_shift_in_eleven_days_waits_until_seven(
    staff: User, language: str
) -> None:
    page = send(staff, shift_in(11, 7), language)
    sms = Message.objects.get(kind=SMS_KIND_OFFER)
    assert (sms.urgent, sms.status, sms.next_attempt_at) == (False, Status.HELD, SEVEN)
    assert WAITS[language] in page and NOW[language] not in page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_offer_at_midnight_for_a_shift_this_morning_goes_now(staff: User, language: str) -> None:
    page = send(staff, shift_in(0, 7), language)
    sms = Message.objects.get(kind=SMS_KIND_OFFER)
    assert (sms.urgent, sms.status) == (True, Status.QUEUED)
    assert NOW[language] in page and WAITS[language] not in page


def test_automatic_rounds_count_from_when_the_first_rounds_sms_go(staff: User) -> None:
    shift = shift_in(11, 7)
    for _ in range(3):
        substitute_ready_for(shift, mobile="+46701234567")
    offers.offer_send(shifts=[shift], by=staff, top_n=1, round_size=1, round_minutes=30)
    assert OfferSend.objects.get().next_round_at == SEVEN + dt.timedelta(minutes=30)
