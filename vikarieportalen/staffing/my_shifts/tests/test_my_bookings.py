"""The substitute's bookings: upcoming list, month calendar, details, history and cancelling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.notifications.sms_backends import locmem
from vikarieportalen.staffing.models import Agreement, Booking, BookingStatus
from vikarieportalen.staffing.my_shifts.selectors import HISTORY_PAGE_SIZE, month_step, month_weeks
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    locmem.reset()
    yield
    locmem.reset()


def _local(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _booking(substitute: User, *, days: int, hour: int = 7, hours: int = 8, **fields) -> Booking:
    shift = ShiftFactory(
        starts_at=_local(days, hour), ends_at=_local(days, hour) + dt.timedelta(hours=hours), **fields
    )
    return BookingFactory(shift=shift, substitute=substitute)


@pytest.fixture
def substitute() -> User:
    return SubstituteFactory()


@pytest.fixture
def client(substitute: User) -> Client:
    return client_logged_in(substitute)


def _booking_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r"/bemanning/mina-pass/(\d+)/", html)}


# ---------------------------------------------------------------------------------------------
# Upcoming


def test_upcoming_lists_own_active_future_bookings_soonest_first(substitute, client):
    later = _booking(substitute, days=5)
    sooner = _booking(substitute, days=2)
    past = _booking(substitute, days=-3)
    cancelled = _booking(substitute, days=4)
    Booking.objects.filter(pk=cancelled.pk).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
    )
    someone_elses = _booking(SubstituteFactory(), days=3)

    response = client.get("/bemanning/mina-pass/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _booking_ids(html) == {sooner.pk, later.pk}
    assert html.index(f"/mina-pass/{sooner.pk}/") < html.index(f"/mina-pass/{later.pk}/")
    assert past.pk not in _booking_ids(html) and someone_elses.pk not in _booking_ids(html)


def test_a_shift_under_way_is_still_upcoming(substitute, client):
    now = timezone.now()
    shift = ShiftFactory(starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(hours=3))
    booking = BookingFactory(shift=shift, substitute=substitute)

    assert booking.pk in _booking_ids(client.get("/bemanning/mina-pass/").content.decode())


def test_upcoming_page_query_count_does_not_grow(substitute, client):
    _booking(substitute, days=1)

    def grow() -> None:
        for days in range(2, 12):
            _booking(substitute, days=days)
        for days in range(1, 40):
            _booking(substitute, days=-days)

    assert_queries_do_not_grow(client, "/bemanning/mina-pass/", grow)


# ---------------------------------------------------------------------------------------------
# Month calendar


def test_month_weeks_start_on_monday_and_place_bookings_on_their_local_day():
    booking = Booking(starts_at=dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC))  # 1 April 00:30 local
    weeks = month_weeks(year=2026, month=4, bookings=[booking])

    assert weeks[0][0].day == dt.date(2026, 3, 30)  # a Monday
    assert all(len(week) == 7 for week in weeks)
    [april_first] = [cell for week in weeks for cell in week if cell.day == dt.date(2026, 4, 1)]
    assert april_first.bookings == [booking] and april_first.in_month


def test_month_step_crosses_years():
    assert month_step(2026, 12, 1) == (2027, 1)
    assert month_step(2026, 1, -1) == (2025, 12)


def test_month_calendar_is_a_table_with_column_headers_and_month_links(substitute, client):
    booking = _booking(substitute, days=0, hour=23)  # today, whatever the date
    today = timezone.localdate()

    response = english(client).get("/bemanning/mina-pass/kalender/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<th scope="col"') == 7
    assert "<caption>" in html
    assert 'aria-current="date"' in html
    assert f"/bemanning/mina-pass/{booking.pk}/" in html
    previous = month_step(today.year, today.month, -1)
    following = month_step(today.year, today.month, 1)
    assert f"/bemanning/mina-pass/kalender/{previous[0]}/{previous[1]}/" in html
    assert f"/bemanning/mina-pass/kalender/{following[0]}/{following[1]}/" in html


def test_month_calendar_shows_only_that_months_own_bookings(substitute, client):
    in_month = _booking(substitute, days=40)
    other_month = _booking(substitute, days=100)
    _booking(SubstituteFactory(), days=40)
    month = in_month.starts_at.astimezone(timezone.get_default_timezone())

    html = client.get(f"/bemanning/mina-pass/kalender/{month.year}/{month.month}/").content.decode()

    assert _booking_ids(html) == {in_month.pk}
    assert other_month.pk not in _booking_ids(html)


@pytest.mark.parametrize("path", ["2026/13/", "2026/0/", "1900/1/"])
def test_month_calendar_refuses_impossible_months(client, path):
    assert client.get(f"/bemanning/mina-pass/kalender/{path}").status_code == 404


def test_month_calendar_query_count_does_not_grow(substitute, client):
    _booking(substitute, days=0, hour=1, hours=1)
    today = timezone.localdate()

    def grow() -> None:
        for hour in range(3, 20, 3):
            _booking(substitute, days=0, hour=hour, hours=2)

    url = f"/bemanning/mina-pass/kalender/{today.year}/{today.month}/"
    assert_queries_do_not_grow(client, url, grow)


# ---------------------------------------------------------------------------------------------
# Details


def test_details_show_time_break_workplace_note_and_who_booked(substitute, client):
    staff = StaffingCentreFactory(preferred_given_name="Lisa", family_name="Lind")
    workplace = WorkplaceFactory(
        name="Hemtjänst Väst", address="Storgatan 4, Kristinehamn", phone="0550-123 45"
    )
    shift = ShiftFactory(
        workplace=workplace,
        starts_at=_local(3, 7),
        ends_at=_local(3, 16),
        break_minutes=45,
        note="Nyckel i receptionen",
    )
    booking = BookingFactory(shift=shift, substitute=substitute, created_by=staff)

    html = english(client).get(f"/bemanning/mina-pass/{booking.pk}/").content.decode()

    for text in (
        "Hemtjänst Väst",
        "Storgatan 4, Kristinehamn",
        "0550-123 45",
        "Nyckel i receptionen",
        "Lisa Lind",
    ):
        assert text in html
    assert "07:00–16:00" in html
    assert "45 min" in html
    assert 'href="tel:0550123' in html


def test_another_substitutes_booking_is_not_found(client):
    someone_elses = _booking(SubstituteFactory(), days=3)

    assert client.get(f"/bemanning/mina-pass/{someone_elses.pk}/").status_code == 404
    assert client.get(f"/bemanning/mina-pass/{someone_elses.pk}/avboka/").status_code == 404
    assert client.post(f"/bemanning/mina-pass/{someone_elses.pk}/avboka/").status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.status == BookingStatus.ACTIVE


# ---------------------------------------------------------------------------------------------
# History


def test_history_has_past_and_cancelled_newest_first_paginated(substitute, client):
    past = [_booking(substitute, days=-days) for days in range(1, HISTORY_PAGE_SIZE + 3)]
    cancelled = _booking(substitute, days=5)
    Booking.objects.filter(pk=cancelled.pk).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
    )
    upcoming = _booking(substitute, days=6)

    first = client.get("/bemanning/mina-pass/historik/").content.decode()
    second = client.get("/bemanning/mina-pass/historik/?page=2").content.decode()

    shown = _booking_ids(first) | _booking_ids(second)
    assert shown == {b.pk for b in past} | {cancelled.pk}
    assert upcoming.pk not in shown
    assert len(_booking_ids(first)) == HISTORY_PAGE_SIZE
    assert first.index(f"/mina-pass/{cancelled.pk}/") < first.index(f"/mina-pass/{past[0].pk}/")


def test_history_query_count_does_not_grow(substitute, client):
    _booking(substitute, days=-1)

    def grow() -> None:
        for days in range(2, 60):
            _booking(substitute, days=-days)

    assert_queries_do_not_grow(client, "/bemanning/mina-pass/historik/", grow)


# ---------------------------------------------------------------------------------------------
# Cancelling


def _cancel_hours() -> int:
    return Agreement.objects.get(is_default=True).substitute_cancel_hours


def test_substitute_cancels_in_good_time(substitute, client, django_capture_on_commit_callbacks):
    booking = _booking(substitute, days=10)
    assert "/avboka/" in client.get(f"/bemanning/mina-pass/{booking.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bemanning/mina-pass/{booking.pk}/avboka/", {"reason": "Sjuk"})

    assert response.status_code == 302
    assert response["Location"] == f"/bemanning/mina-pass/{booking.pk}/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancelled_by == substitute
    assert booking.cancel_reason == "Sjuk"
    assert [sms.to for sms in locmem.outbox] == [substitute.mobile]


def test_after_the_deadline_the_button_is_gone_and_a_post_is_refused_with_the_phone(
    substitute, client, settings
):
    settings.STAFFING_CENTRE_PHONE = "0550-858 89"
    starts_in = dt.timedelta(hours=_cancel_hours() - 1)
    now = timezone.now()
    shift = ShiftFactory(starts_at=now + starts_in, ends_at=now + starts_in + dt.timedelta(hours=8))
    booking = BookingFactory(shift=shift, substitute=substitute)

    details = english(client).get(f"/bemanning/mina-pass/{booking.pk}/").content.decode()
    assert "/avboka/" not in details
    assert "0550-858 89" in details

    response = english(client).post(f"/bemanning/mina-pass/{booking.pk}/avboka/", {"reason": "x"})

    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="cancel-refused"' in html
    assert "0550-858 89" in html
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE
    assert locmem.outbox == []


def test_a_too_long_reason_is_refused_and_nothing_changes(substitute, client):
    booking = _booking(substitute, days=10)

    response = client.post(f"/bemanning/mina-pass/{booking.pk}/avboka/", {"reason": "x" * 501})

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE


def test_an_already_cancelled_booking_cannot_be_cancelled_again(substitute, client):
    booking = _booking(substitute, days=10)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())

    response = client.post(f"/bemanning/mina-pass/{booking.pk}/avboka/")

    assert response.status_code == 409
    assert locmem.outbox == []
