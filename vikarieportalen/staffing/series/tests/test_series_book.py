"""Booking a whole series for one person: the passing shifts are booked, the others listed with
reasons, one SMS in the substitute's language (quiet hours respected); the page, bad input, access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.staffing.booking.facts import WEEKLY_REST
from vikarieportalen.staffing.models import Booking, BookingStatus, Shift, ShiftSeries, Workplace
from vikarieportalen.staffing.series import services
from vikarieportalen.staffing.series.notify import SMS_KIND_SERIES_BOOKED
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    ShiftFactory,
    WorkplaceFactory,
    at,
)
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

NOW = at(2026, 10, 1, 10, 0)  # Thursday 1 October 2026, 10:00
MONDAY = dt.date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory()


@pytest.fixture
def workplace() -> Workplace:
    return WorkplaceFactory(name="Solrosen", address="Storgatan 1", phone="")


def week_series(workplace: Workplace, days: int = 7) -> ShiftSeries:
    """Monday to Sunday (or fewer days), 07:00–16:00 with 45 minutes' break."""
    series = ShiftSeries.objects.create(
        workplace=workplace,
        weekdays=list(range(days)),
        first_day=MONDAY,
        last_day=MONDAY + dt.timedelta(days=days - 1),
    )
    for n in range(days):
        day = MONDAY + dt.timedelta(days=n)
        ShiftFactory(
            workplace=workplace,
            series=series,
            starts_at=at(day.year, day.month, day.day, 7),
            ends_at=at(day.year, day.month, day.day, 16),
        )
    return series


def ready(workplace: Workplace, **fields: Any) -> User:
    """Introduced at the workplace and free the whole of October."""
    person: User = SubstituteFactory(
        preferred_given_name="Sara", family_name="Ek", mobile="+46701234567", **fields
    )
    IntroductionFactory(substitute=person, workplace=workplace)
    AvailabilityPeriodFactory(substitute=person, starts_at=at(2026, 10, 1), ends_at=at(2026, 11, 1))
    return person


def series_sms() -> list[Message]:
    return list(Message.objects.filter(kind=SMS_KIND_SERIES_BOOKED))


# --- the service --------------------------------------------------------------------------------


def test_the_passing_shifts_are_booked_and_saturday_is_listed_with_the_reason(
    staff: User, workplace: Workplace
) -> None:
    series = week_series(workplace)
    sara = ready(workplace, language="en")
    result = services.series_book(series=series, substitute=sara, by=staff)
    booked_days = sorted(b.starts_at.date().weekday() for b in result.bookings)
    assert booked_days == [0, 1, 2, 3, 4, 6]
    [(saturday, violations)] = result.failed
    assert saturday.day.weekday() == 5
    assert [v.code for v in violations] == [WEEKLY_REST]
    assert Booking.objects.filter(substitute=sara, status=BookingStatus.ACTIVE).count() == 6
    # One SMS for the series, none per booking, in the substitute's language.
    assert Message.objects.count() == 1
    [sms] = series_sms()
    assert sms.recipient == sara
    assert sms.text.startswith("Booked: 6 shifts at Solrosen, 07:00-16:00: Mon 5 Oct, Tue 6 Oct,")
    assert "Sun 11 Oct. Address: Storgatan 1." in sms.text


def test_the_sms_is_in_swedish_for_a_swedish_speaker(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    sara = ready(workplace, language="sv")
    services.series_book(series=series, substitute=sara, by=staff)
    [sms] = series_sms()
    assert sms.text.startswith("Bokad: 2 pass på Solrosen, 07.00-16.00: mån 5 okt, tis 6 okt.")


def test_the_sms_waits_for_the_morning_in_quiet_hours(
    staff: User, workplace: Workplace, settings: Any, time_machine: Any
) -> None:
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    time_machine.move_to(at(2026, 10, 1, 23, 30), tick=False)
    series = week_series(workplace, days=2)
    services.series_book(series=series, substitute=ready(workplace), by=staff)
    [sms] = series_sms()
    assert (sms.urgent, sms.status, sms.next_attempt_at) == (False, Status.HELD, at(2026, 10, 2, 7))


def test_a_long_series_is_summarised_within_the_sms_limit(staff: User, workplace: Workplace) -> None:
    """Monday, Wednesday and Friday for 13 weeks do not fit in one SMS of three parts (the last
    day, New Year's Day, falls outside Sara's availability)."""
    last = MONDAY + dt.timedelta(weeks=13) - dt.timedelta(days=3)
    series = ShiftSeries.objects.create(
        workplace=workplace, weekdays=[0, 2, 4], first_day=MONDAY, last_day=last
    )
    for n in range((last - MONDAY).days + 1):
        day = MONDAY + dt.timedelta(days=n)
        if day.weekday() in (0, 2, 4):
            ShiftFactory(
                workplace=workplace,
                series=series,
                starts_at=at(day.year, day.month, day.day, 7),
                ends_at=at(day.year, day.month, day.day, 16),
            )
    sara = ready(workplace, language="en")
    AvailabilityPeriodFactory(substitute=sara, starts_at=at(2026, 11, 1), ends_at=at(2027, 1, 1))
    services.series_book(series=series, substitute=sara, by=staff)
    [sms] = series_sms()
    assert sms.text == (
        "Booked: 38 shifts at Solrosen, 07:00-16:00, Mon 5 Oct to Wed 30 Dec. See every day under My shifts. "
        "Address: Storgatan 1. /Vikarieportalen"
    )


def test_a_series_where_every_shift_fails_books_nothing_and_sends_nothing(
    staff: User, workplace: Workplace
) -> None:
    series = week_series(workplace, days=3)
    stranger = SubstituteFactory(preferred_given_name="Olle", family_name="Berg", mobile="+46701234568")
    with pytest.raises(services.SeriesRefused) as refused:
        services.series_book(series=series, substitute=stranger, by=staff)
    assert len(refused.value.failed) == 3
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_only_the_staffing_centre_books_a_series(workplace: Workplace) -> None:
    manager = WorkplaceManagerFactory()
    workplace.managers.add(manager)
    series = week_series(workplace, days=1)
    with pytest.raises(PermissionDenied):
        services.series_book(series=series, substitute=ready(workplace), by=manager)
    assert not Booking.objects.exists()


# --- the page -----------------------------------------------------------------------------------


def url(series: ShiftSeries) -> str:
    return f"/bemanning/serie/{series.pk}/boka/"


def swedish(user: User) -> Client:
    client = client_logged_in(user)
    client.cookies["vp_language"] = "sv"
    return client


def test_the_page_checks_every_shift_for_the_chosen_person(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace)
    sara = ready(workplace)
    page = swedish(staff).get(url(series), {"substitute": sara.pk}).content.decode()
    assert "6 av 7 pass kan bokas för Sara Ek" in page
    assert "skulle få högst 32 h sammanhängande vila" in page
    assert "Boka 6 pass för Sara Ek" in page
    assert not Booking.objects.exists()  # looking books nothing


def test_the_page_starts_with_the_managers_wish(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    sara = ready(workplace)
    Shift.objects.filter(series=series).update(wished_substitute=sara)
    page = swedish(staff).get(url(series)).content.decode()
    assert "Chefen önskar Sara Ek." in page
    assert f'<option value="{sara.pk}" selected>' in page


def test_booking_from_the_page_books_and_says_so(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace)
    sara = ready(workplace)
    response = swedish(staff).post(url(series), {"substitute": sara.pk}, follow=True)
    text = response.content.decode()
    assert "Sara Ek är bokad på 6 av 7 pass på Solrosen." in text
    assert "Ett sms med alla bokade pass skickas till 070-123 45 67 nu." in text
    assert Booking.objects.filter(substitute=sara).count() == 6
    assert len(series_sms()) == 1


def test_a_series_nobody_can_take_is_refused_with_a_message(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    stranger = SubstituteFactory(preferred_given_name="Olle", family_name="Berg")
    response = swedish(staff).post(url(series), {"substitute": stranger.pk}, follow=True)
    text = response.content.decode()
    assert "Inget pass i serien kunde bokas för Olle Berg: inget bokades och inget sms skickades." in text
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_someone_outside_the_pool_is_refused(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    response = swedish(staff).post(url(series), {"substitute": staff.pk})
    assert response.status_code == 200
    assert "Välj en vikarie ur poolen." in response.content.decode()
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_a_booked_day_shows_as_booked_afterwards(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    sara = ready(workplace)
    first = Shift.objects.filter(series=series).order_by("starts_at").first()
    BookingFactory(shift=first, substitute=sara)
    page = swedish(staff).get(url(series), {"substitute": sara.pk}).content.decode()
    assert "1 av 2 pass kan bokas för Sara Ek" in page
