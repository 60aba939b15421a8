"""The calendar feed: the page with the secret address, renewal, and the iCalendar itself
(parsed back with the library, checked for the RFC 5545 essentials)."""

from __future__ import annotations

import datetime as dt
import logging
import re

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.models import Booking, BookingStatus, SubstituteProfile
from vikarieportalen.staffing.my_shifts.calendar_feed import calendar_token_ensure
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import OUTSIDE_ADDRESS, assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

FEED_PAGE = "/bemanning/mina-pass/prenumerera/"


def _local(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _booking(substitute, *, days: int, hour: int = 7, **shift_fields) -> Booking:
    shift = ShiftFactory(starts_at=_local(days, hour), ends_at=_local(days, hour + 8), **shift_fields)
    return BookingFactory(shift=shift, substitute=substitute)


def _feed_url(substitute) -> str:
    token = calendar_token_ensure(substitute=substitute).calendar_token
    return f"/bemanning/kalender/{token}.ics"


def _events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def substitute():
    return SubstituteFactory()


@pytest.fixture
def anonymous() -> Client:
    """A phone's calendar: no session, from anywhere."""
    return Client(REMOTE_ADDR=OUTSIDE_ADDRESS)


# ---------------------------------------------------------------------------------------------
# The page


def test_first_visit_makes_a_token_and_shows_both_addresses(substitute, settings):
    settings.PUBLIC_URL = "https://vikarie.example.se"
    client = client_logged_in(substitute)

    html = client.get(FEED_PAGE).content.decode()

    token = SubstituteProfile.objects.get(user=substitute).calendar_token
    assert token and len(token) >= 43
    assert f"https://vikarie.example.se/bemanning/kalender/{token}.ics" in html
    assert f"webcal://vikarie.example.se/bemanning/kalender/{token}.ics" in html
    # A second visit keeps the address.
    client.get(FEED_PAGE)
    assert SubstituteProfile.objects.get(user=substitute).calendar_token == token


def test_renewal_makes_the_old_address_unknown(substitute, anonymous):
    old_url = _feed_url(substitute)
    assert anonymous.get(old_url).status_code == 200

    response = client_logged_in(substitute).post("/bemanning/mina-pass/prenumerera/ny-adress/")

    assert response.status_code == 302
    new_url = _feed_url(substitute)
    assert new_url != old_url
    old = anonymous.get(old_url)
    assert old.status_code == 404
    assert old.content == b""
    assert anonymous.get(new_url).status_code == 200


def test_renewal_takes_post_only(substitute):
    token = calendar_token_ensure(substitute=substitute).calendar_token
    client_logged_in(substitute).get("/bemanning/mina-pass/prenumerera/ny-adress/")
    assert SubstituteProfile.objects.get(user=substitute).calendar_token == token


def test_an_unknown_token_is_not_found_and_not_logged(anonymous, caplog):
    token = "A" * 43
    with caplog.at_level(logging.DEBUG):
        response = anonymous.get(f"/bemanning/kalender/{token}.ics")
    assert response.status_code == 404
    assert token not in caplog.text


def test_a_deactivated_account_has_no_feed(substitute, anonymous):
    url = _feed_url(substitute)
    substitute.is_active = False
    substitute.save(update_fields=["is_active"])
    assert anonymous.get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# The feed


def test_feed_is_valid_icalendar_with_crlf_and_folded_lines(substitute, anonymous):
    workplace = WorkplaceFactory(
        name="Äldreboendet Solrosen med ett mycket långt namn som måste vikas på flera rader",
        address="Solrosvägen 12, 681 42 Kristinehamn",
    )
    _booking(substitute, days=3, workplace=workplace)

    response = anonymous.get(_feed_url(substitute))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded at 75 octets
    assert b"\r\n " in body  # the long summary was folded
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in body  # ISO 8601, as Outlook reads it
    [event] = calendar.walk("VEVENT")
    assert workplace.name in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Solrosvägen 12, 681 42 Kristinehamn"


def test_each_event_has_the_rfc_essentials_in_utc(substitute, anonymous):
    booking = _booking(substitute, days=3)

    [event] = _events(anonymous.get(_feed_url(substitute))).values()

    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "STATUS"):
        assert name in event, name
    assert event.decoded("DTSTART") == booking.starts_at
    assert event.decoded("DTEND") == booking.ends_at
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event["DTSTART"].to_ical().endswith(b"Z")  # UTC form: no VTIMEZONE needed
    assert str(event["STATUS"]) == "CONFIRMED"


def test_only_own_active_bookings_from_the_recent_past_on(substitute, anonymous):
    mine = _booking(substitute, days=3)
    recent = _booking(substitute, days=-10)
    old = _booking(substitute, days=-200)
    cancelled = _booking(substitute, days=4)
    Booking.objects.filter(pk=cancelled.pk).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
    )
    someone_elses = _booking(SubstituteFactory(), days=3)

    uids = set(_events(anonymous.get(_feed_url(substitute))))

    numbers = {int(re.match(r"booking-(\d+)@", uid).group(1)) for uid in uids}
    assert numbers == {mine.pk, recent.pk}
    assert not numbers & {old.pk, cancelled.pk, someone_elses.pk}


def test_a_moved_booking_keeps_its_uid_and_gets_newer_stamps(substitute, anonymous):
    booking = _booking(substitute, days=3)
    url = _feed_url(substitute)
    [(uid, before)] = _events(anonymous.get(url)).items()

    later = booking.starts_at + dt.timedelta(hours=2)
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=later,
        ends_at=later + dt.timedelta(hours=8),
        sequence=booking.sequence + 1,
        updated_at=timezone.now() + dt.timedelta(seconds=1),
    )
    [(uid_after, after)] = _events(anonymous.get(url)).items()

    assert uid_after == uid
    assert after.decoded("DTSTART") == later
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_a_cancelled_booking_leaves_the_feed(substitute, anonymous):
    booking = _booking(substitute, days=3)
    url = _feed_url(substitute)
    assert len(_events(anonymous.get(url))) == 1

    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())

    assert _events(anonymous.get(url)) == {}


def test_feed_is_in_the_substitutes_language(anonymous):
    english = SubstituteFactory(language="en")
    _booking(english, days=3, break_minutes=30)

    [event] = _events(anonymous.get(_feed_url(english))).values()

    assert str(event["SUMMARY"]).startswith("Shift: ")
    assert "Break: 30 min" in str(event["DESCRIPTION"])


def test_feed_query_count_does_not_grow(substitute, anonymous):
    _booking(substitute, days=1)

    def grow() -> None:
        for days in range(2, 30):
            _booking(substitute, days=days)

    assert_queries_do_not_grow(anonymous, _feed_url(substitute), grow)


def test_feed_does_not_need_a_session(substitute, anonymous):
    response = anonymous.get(_feed_url(substitute))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
