"""Issue 16.1: a booking or cancellation at night tells the substitute at once when the shift is soon,
waits for the morning when it is not, and the page says truthfully which (Swedish and English)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.staffing.booking import notify as booking_notify
from vikarieportalen.staffing.models import Booking, Shift
from vikarieportalen.staffing.tests.factories import (
    STOCKHOLM,
    BookingFactory,
    ShiftFactory,
    WorkplaceFactory,
    substitute_ready_for,
)
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

# A Wednesday, twelve minutes before midnight: inside the quiet hours 21:00–07:00.
LATE = dt.datetime(2025, 6, 11, 23, 48, tzinfo=STOCKHOLM)
SEVEN_NEXT_MORNING = dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 6, day, hour, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def night(settings: Any, time_machine: Any) -> None:
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    settings.NOTIFICATIONS_URGENT_WINDOW_HOURS = 12
    time_machine.move_to(LATE, tick=False)


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory()


def client_in(staff: User, language: str) -> Client:
    client = client_logged_in(staff)
    client.cookies["vp_language"] = language
    return client


def shift_at(starts_at: dt.datetime, ends_at: dt.datetime) -> Shift:
    return ShiftFactory(workplace=WorkplaceFactory(name="Solrosen"), starts_at=starts_at, ends_at=ends_at)


def book(client: Client, shift: Shift) -> tuple[str, Message]:
    sara = substitute_ready_for(shift, preferred_given_name="Sara", mobile="+46701234567")
    page = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk}, follow=True)
    return page.content.decode(), Message.objects.get(kind=booking_notify.SMS_KIND_BOOKED)


NOW_TEXT = {
    "en": "An SMS with the booking is being sent to 070-123 45 67 now.",
    "sv": "Ett sms med bokningen skickas nu till 070-123 45 67.",
}
LATER_TEXT = {
    "en": "An SMS with the booking goes to 070-123 45 67 tomorrow at 07:00, when the quiet hours end.",
    "sv": "Ett sms med bokningen skickas till 070-123 45 67 i morgon kl. 07.00, "
    "när nattuppehållet för sms är slut.",
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_booking_at_23_48_for_seven_next_morning_goes_now_and_the_page_says_so(
    staff: User, language: str
) -> None:
    page, sms = book(client_in(staff, language), shift_at(at(12, 7), at(12, 16)))
    assert (sms.urgent, sms.status) == (True, Status.QUEUED)
    assert NOW_TEXT[language] in page
    assert LATER_TEXT[language] not in page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_booking_at_23_48_for_a_shift_in_three_days_waits_and_the_page_says_until_when(
    staff: User, language: str
) -> None:
    page, sms = book(client_in(staff, language), shift_at(at(14, 7), at(14, 16)))
    assert (sms.urgent, sms.status, sms.next_attempt_at) == (False, Status.HELD, SEVEN_NEXT_MORNING)
    assert LATER_TEXT[language] in page
    assert NOW_TEXT[language] not in page


def test_a_shift_under_way_is_booked_with_an_sms_at_once(staff: User) -> None:
    _page, sms = book(client_in(staff, "en"), shift_at(at(11, 22), at(12, 6)))
    assert (sms.urgent, sms.status) == (True, Status.QUEUED)


def test_a_booking_without_a_mobile_number_does_not_claim_an_sms(staff: User) -> None:
    shift = shift_at(at(12, 7), at(12, 16))
    sara = substitute_ready_for(shift, preferred_given_name="Sara", family_name="Berg", mobile="")
    page = client_in(staff, "en").post(
        f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk}, follow=True
    )
    assert Booking.objects.filter(substitute=sara).exists()
    assert "No SMS was sent: there is no usable mobile number. Tell Sara Berg another way." in page.text
    assert not Message.objects.exists()


CANCEL_NOW = {
    "en": "An SMS about the cancellation is being sent to 070-123 45 67 now.",
    "sv": "Ett sms om avbokningen skickas nu till 070-123 45 67.",
}
CANCEL_LATER = {
    "en": "An SMS about the cancellation goes to 070-123 45 67 tomorrow at 07:00, when the quiet hours end.",
    "sv": "Ett sms om avbokningen skickas till 070-123 45 67 i morgon kl. 07.00, "
    "när nattuppehållet för sms är slut.",
}


def cancel(client: Client, shift: Shift) -> tuple[str, Message]:
    booking = BookingFactory(shift=shift, substitute__mobile="+46701234567")
    page = client.post(f"/bemanning/bokning/{booking.pk}/avboka/", {"reason": "Sjuk"}, follow=True)
    return page.content.decode(), Message.objects.get(kind=booking_notify.SMS_KIND_CANCELLED)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_cancelling_a_shift_under_way_at_night_tells_the_substitute_now(staff: User, language: str) -> None:
    page, sms = cancel(client_in(staff, language), shift_at(at(11, 22), at(12, 6)))
    assert (sms.urgent, sms.status) == (True, Status.QUEUED)
    assert CANCEL_NOW[language] in page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_cancelling_a_shift_in_eleven_days_at_night_waits_for_the_morning(staff: User, language: str) -> None:
    page, sms = cancel(client_in(staff, language), shift_at(at(22, 7), at(22, 16)))
    assert (sms.status, sms.next_attempt_at) == (Status.HELD, SEVEN_NEXT_MORNING)
    assert CANCEL_LATER[language] in page
