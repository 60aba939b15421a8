"""The availability editor over HTTP: the substitute's own, and the staffing centre's on their behalf.
Every refusal shows its reason and leaves the tables as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.availability.intervals import WHOLE_DAY_END
from vikarieportalen.staffing.models import AvailabilityPeriod, WeeklyAvailability
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    ShiftFactory,
    WeeklyAvailabilityFactory,
)
from vikarieportalen.testing import client_logged_in, english

pytestmark = pytest.mark.django_db

PERIOD_URL = "/bemanning/tillganglighet/ny-period/"
WEEKLY_URL = "/bemanning/tillganglighet/nytt-veckomonster/"


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def substitute():
    return SubstituteFactory()


@pytest.fixture
def client(substitute):
    return client_logged_in(substitute)


def _period_post(client, **fields):
    data = {"kind": "available", "day": _day(1).isoformat(), "starts": "08:00", "ends": "16:00"}
    data.update({key: value for key, value in fields.items() if value is not None})
    for key in [key for key, value in fields.items() if value is None]:
        data.pop(key, None)
    return english(client).post(PERIOD_URL, data)


def _snapshot():
    return (
        list(AvailabilityPeriod.objects.values_list("pk", "kind", "starts_at", "ends_at")),
        list(
            WeeklyAvailability.objects.values_list(
                "pk", "weekday", "starts", "ends", "valid_from", "valid_until"
            )
        ),
    )


# ---------------------------------------------------------------------------------------------
# The substitute's own editor


def test_the_editor_shows_the_coming_weeks_with_marks_and_bookings(substitute, client):
    AvailabilityPeriodFactory(
        substitute=substitute, starts_at=_local(_day(1), 8), ends_at=_local(_day(1), 16)
    )
    shift = ShiftFactory(starts_at=_local(_day(2), 7), ends_at=_local(_day(2), 15))
    BookingFactory(shift=shift, substitute=substitute)

    response = english(client).get("/bemanning/tillganglighet/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="mypages-week"') == 4
    assert "08:00–16:00" in html
    assert "mypages-mark--booked" in html
    assert 'id="period-' in html


def test_the_week_offset_is_clamped(client):
    assert client.get("/bemanning/tillganglighet/?vecka=9999").status_code == 200
    assert client.get("/bemanning/tillganglighet/?vecka=-5").status_code == 200
    assert client.get("/bemanning/tillganglighet/?vecka=abc").status_code == 200


def test_add_a_timed_period(substitute, client):
    response = _period_post(client)

    assert response.status_code == 302
    assert response["Location"] == "/bemanning/tillganglighet/"
    period = AvailabilityPeriod.objects.get()
    assert (period.substitute, period.created_by, period.kind) == (substitute, substitute, "available")
    assert (period.starts_at, period.ends_at) == (_local(_day(1), 8), _local(_day(1), 16))


def test_an_end_before_the_start_is_a_night(client):
    _period_post(client, starts="22:00", ends="07:00")

    period = AvailabilityPeriod.objects.get()
    assert (period.starts_at, period.ends_at) == (_local(_day(1), 22), _local(_day(2), 7))


def test_several_whole_days(client):
    _period_post(
        client, kind="unavailable", whole_day="on", starts=None, ends=None, last_day=_day(7).isoformat()
    )

    period = AvailabilityPeriod.objects.get()
    assert (period.starts_at, period.ends_at) == (_local(_day(1), 0), _local(_day(8), 0))


def test_times_over_several_days(client):
    _period_post(client, starts="18:00", ends="09:00", last_day=_day(3).isoformat())

    period = AvailabilityPeriod.objects.get()
    assert (period.starts_at, period.ends_at) == (_local(_day(1), 18), _local(_day(3), 9))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"last_day": "__yesterday__"}, "The last date must be on or after the first date."),
        ({"starts": "18:00", "ends": "09:00", "last_day": "__first__"}, "The end must be after the start."),
        ({"day": "__past__"}, "A period cannot begin before today."),
        ({"day": "__far__"}, "at most a year ahead"),
        ({"starts": "08:00", "ends": "08:00"}, "The end must differ from the start."),
        ({"whole_day": "on"}, "Either tick"),
        ({"starts": None}, "Enter both times"),
        ({"day": "31/02/2026"}, "Enter a valid date."),
        ({"kind": "maybe"}, "Select a valid choice."),
        ({"note": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_period_input_is_refused_with_a_message_and_nothing_changes(substitute, client, fields, message):
    AvailabilityPeriodFactory(
        substitute=substitute, starts_at=_local(_day(20), 8), ends_at=_local(_day(20), 16)
    )
    before = _snapshot()
    replacements = {
        "__yesterday__": _day(0).isoformat(),
        "__first__": _day(1).isoformat(),
        "__past__": _day(-1).isoformat(),
        "__far__": _day(400).isoformat(),
    }
    fields = {
        key: replacements.get(value, value) if isinstance(value, str) else value
        for key, value in fields.items()
    }

    response = _period_post(client, **fields)

    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert message in html
    assert _snapshot() == before


def test_a_duplicate_is_refused(substitute, client):
    _period_post(client)
    before = _snapshot()

    response = _period_post(client)

    assert response.status_code == 400
    assert "You have already marked this" in response.content.decode()
    assert _snapshot() == before


def test_cannot_inside_can_is_accepted_but_can_inside_cannot_is_not(client):
    _period_post(client, starts="08:00", ends="16:00")
    assert _period_post(client, kind="unavailable", starts="10:00", ends="11:00").status_code == 302
    before = _snapshot()

    response = _period_post(client, kind="available", starts="10:15", ends="10:45")

    assert response.status_code == 400
    assert _snapshot() == before


def test_the_skipped_spring_hour_is_refused(client):
    # Only testable when the last Sunday in March is in the coming year, which it always is.
    today = timezone.localdate()
    year = today.year if today < dt.date(today.year, 3, 25) else today.year + 1
    march_end = dt.date(year, 3, 31)
    spring_sunday = march_end - dt.timedelta(days=(march_end.weekday() + 1) % 7)
    before = _snapshot()

    response = _period_post(client, day=spring_sunday.isoformat(), starts="02:30", ends="06:00")

    assert response.status_code == 400
    assert "does not exist" in response.content.decode()
    assert _snapshot() == before


def test_add_and_remove_a_weekly_row(substitute, client):
    response = english(client).post(
        WEEKLY_URL,
        {"kind": "unavailable", "weekday": "6", "whole_day": "on", "valid_from": _day(0).isoformat()},
    )
    assert response.status_code == 302
    row = WeeklyAvailability.objects.get()
    assert (row.weekday, row.starts, row.ends, row.created_by) == (6, dt.time(0), WHOLE_DAY_END, substitute)
    assert "every Sunday (whole day)" in english(client).get("/bemanning/tillganglighet/").content.decode()

    response = client.post(f"/bemanning/tillganglighet/veckomonster/{row.pk}/ta-bort/")

    assert response.status_code == 302
    assert not WeeklyAvailability.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"valid_until": "__yesterday__"}, "“Valid until” must be on or after “valid from”."),
        ({"valid_from": "__past__"}, "A weekly pattern cannot begin before today."),
        ({"valid_from": "__far__"}, "must begin within a year"),
        ({"weekday": "7"}, "Select a valid choice."),
        ({"starts": "09:00", "ends": "09:00"}, "The end must differ from the start."),
        ({"starts": "08:00", "ends": "12:00"}, "overlaps"),
    ],
)
def test_bad_weekly_input_is_refused_and_nothing_changes(substitute, client, fields, message):
    WeeklyAvailabilityFactory(
        substitute=substitute, weekday=0, starts=dt.time(7), ends=dt.time(16), valid_from=_day(0)
    )
    before = _snapshot()
    replacements = {
        "__yesterday__": _day(-1).isoformat(),
        "__past__": _day(-1).isoformat(),
        "__far__": _day(400).isoformat(),
    }
    data = {
        "kind": "available",
        "weekday": "0",
        "starts": "07:00",
        "ends": "16:00",
        "valid_from": _day(0).isoformat(),
    }
    data.update({key: replacements.get(value, value) for key, value in fields.items()})
    if "valid_until" in fields:
        data["valid_from"] = _day(0).isoformat()

    response = english(client).post(WEEKLY_URL, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_remove_own_period(substitute, client):
    period = AvailabilityPeriodFactory(substitute=substitute)

    response = client.post(f"/bemanning/tillganglighet/period/{period.pk}/ta-bort/")

    assert response.status_code == 302
    assert not AvailabilityPeriod.objects.exists()


def test_removing_someone_elses_rows_is_not_found_and_changes_nothing(client):
    other = SubstituteFactory()
    period = AvailabilityPeriodFactory(substitute=other)
    weekly = WeeklyAvailabilityFactory(substitute=other)
    before = _snapshot()

    assert client.post(f"/bemanning/tillganglighet/period/{period.pk}/ta-bort/").status_code == 404
    assert client.post(f"/bemanning/tillganglighet/veckomonster/{weekly.pk}/ta-bort/").status_code == 404
    assert _snapshot() == before


def test_removing_takes_post_only(substitute, client):
    period = AvailabilityPeriodFactory(substitute=substitute)

    assert client.get(f"/bemanning/tillganglighet/period/{period.pk}/ta-bort/").status_code == 405
    assert AvailabilityPeriod.objects.filter(pk=period.pk).exists()


def test_another_substitutes_availability_never_shows(substitute, client):
    other = SubstituteFactory()
    AvailabilityPeriodFactory(substitute=other, note="Hemlig anteckning")

    assert "Hemlig anteckning" not in client.get("/bemanning/tillganglighet/").content.decode()


def test_editor_query_count_does_not_grow(substitute, client):
    from vikarieportalen.testing import assert_queries_do_not_grow

    AvailabilityPeriodFactory(substitute=substitute)

    def grow() -> None:
        for days in range(10, 30, 2):
            AvailabilityPeriodFactory(
                substitute=substitute, starts_at=_local(_day(days), 8), ends_at=_local(_day(days), 12)
            )
        for weekday in range(1, 7):
            WeeklyAvailabilityFactory(substitute=substitute, weekday=weekday)

    assert_queries_do_not_grow(client, "/bemanning/tillganglighet/", grow)


# ---------------------------------------------------------------------------------------------
# The staffing centre, on the substitute's behalf


def test_the_staffing_centre_edits_on_behalf_and_is_recorded(substitute):
    staff = StaffingCentreFactory()
    client = client_logged_in(staff)
    base = f"/bemanning/vikariepoolen/{substitute.pk}/tillganglighet/"

    page = english(client).get(base)
    assert page.status_code == 200
    assert substitute.get_full_name() in page.content.decode()

    response = client.post(
        f"{base}ny-period/",
        {"kind": "available", "day": _day(2).isoformat(), "starts": "07:00", "ends": "15:00"},
    )

    assert response.status_code == 302
    assert response["Location"] == base
    period = AvailabilityPeriod.objects.get()
    assert (period.substitute, period.created_by) == (substitute, staff)
    event = AuditEvent.objects.get(kind=StaffingAuditKind.POOL_CHANGED)
    assert (event.user, event.actor, event.details["change"]) == (
        substitute,
        staff,
        "availability_period_added",
    )

    assert client.post(f"{base}period/{period.pk}/ta-bort/").status_code == 302
    assert not AvailabilityPeriod.objects.exists()
    assert AuditEvent.objects.filter(details__change="availability_period_removed").count() == 1


def test_the_staffing_centre_cannot_reach_a_row_through_another_substitute(substitute):
    other = SubstituteFactory()
    period = AvailabilityPeriodFactory(substitute=other)
    client = client_logged_in(StaffingCentreFactory())

    response = client.post(
        f"/bemanning/vikariepoolen/{substitute.pk}/tillganglighet/period/{period.pk}/ta-bort/"
    )

    assert response.status_code == 404
    assert AvailabilityPeriod.objects.filter(pk=period.pk).exists()


def test_a_substitute_cannot_use_the_staffing_centres_editor(substitute, client):
    other = SubstituteFactory()

    response = client.post(
        f"/bemanning/vikariepoolen/{other.pk}/tillganglighet/ny-period/",
        {"kind": "available", "day": _day(2).isoformat(), "starts": "07:00", "ends": "15:00"},
    )

    assert response.status_code == 403
    assert not AvailabilityPeriod.objects.exists()
