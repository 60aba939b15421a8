"""A workplace manager registers shift needs (one or repeating), sees the week, and cancels needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.core.web.navigation import nav_items_for
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Qualification,
    Shift,
    ShiftSeries,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.shifts.rules import shift_length_minutes
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    QualificationFactory,
    ShiftFactory,
    WorkplaceFactory,
    at,
)
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

# Thursday 1 October 2026, 10:00: before the October change (25 Oct) and half a year before March's.
NOW = at(2026, 10, 1, 10, 0)
NEW = "/bemanning/behov/nytt/"
LIST = "/bemanning/behov/"


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def manager() -> User:
    return WorkplaceManagerFactory(mobile="+46701110001")


@pytest.fixture
def own(manager: User) -> Workplace:
    return WorkplaceFactory(name="Hemtjänst Väst", managers=[manager])


@pytest.fixture
def other() -> Workplace:
    return WorkplaceFactory(name="Äldreboendet Björken", managers=[WorkplaceManagerFactory()])


@pytest.fixture
def client(manager: User) -> Client:
    client = client_logged_in(manager)
    client.cookies["vp_language"] = "en"
    return client


@pytest.fixture
def nurse() -> Qualification:
    return QualificationFactory(code="usk", name="Undersköterska")


def form(workplace: Workplace, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "workplace": workplace.pk,
        "day": "2026-10-14",
        "starts": "07:00",
        "ends": "16:00",
        "break_minutes": "45",
        "reason": "sick_leave",
        "note": "Nyckel i receptionen",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def nothing_changed() -> bool:
    return not Shift.objects.exists() and not ShiftSeries.objects.exists()


# --- registering one shift ----------------------------------------------------------------------


def test_the_form_offers_only_the_managers_own_workplaces(
    client: Client, own: Workplace, other: Workplace
) -> None:
    page = client.get(NEW).content.decode()
    assert f'<option value="{own.pk}"' in page
    assert f'<option value="{other.pk}"' not in page
    assert other.name not in page


def test_manager_registers_a_day_shift(
    client: Client, own: Workplace, manager: User, nurse: Qualification
) -> None:
    response = client.post(NEW, form(own, qualifications=[nurse.pk]), follow=True)
    shift = Shift.objects.get()
    assert (shift.workplace, shift.day, shift.break_minutes, shift.reason) == (
        own,
        dt.date(2026, 10, 14),
        45,
        "sick_leave",
    )
    assert shift.starts_at == at(2026, 10, 14, 7) and shift.ends_at == at(2026, 10, 14, 16)
    assert list(shift.required_qualifications.all()) == [nurse]
    assert (shift.created_by, shift.note, shift.series) == (manager, "Nyckel i receptionen", None)
    assert "The need is registered: 1 shift at Hemtjänst Väst." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{LIST}?date=2026-10-14&workplace={own.pk}"


def test_a_night_shift_over_the_october_change_is_eleven_hours(client: Client, own: Workplace) -> None:
    data = form(own, day="2026-10-24", starts="21:15", ends="07:15", break_minutes="30")
    # 10 h 30 min of work with one break: registered once the manager has seen the warning.
    assert "10 h 30 min of work with one break" in client.post(NEW, data).content.decode()
    assert nothing_changed()
    client.post(NEW, {**data, "warnings_seen": "break"})
    shift = Shift.objects.get()
    assert shift.day == dt.date(2026, 10, 24)
    assert shift.ends_at == at(2026, 10, 25, 7, 15)
    assert shift_length_minutes(starts_at=shift.starts_at, ends_at=shift.ends_at) == 11 * 60


def test_swedish_dot_times_are_understood(client: Client, own: Workplace) -> None:
    client.post(NEW, form(own, starts="21.15", ends="07.15"))
    assert Shift.objects.get().ends_at == at(2026, 10, 15, 7, 15)


BAD_INPUT = [
    ("zero length", {"starts": "07:00", "ends": "07:00"}, "The shift ends when it starts"),
    ("17 hours", {"starts": "06:00", "ends": "23:00"}, "a shift may be at most 16 h"),
    ("in the past", {"day": "2026-09-30"}, "has already started"),
    ("earlier today", {"day": "2026-10-01", "starts": "06:00"}, "has already started"),
    ("over a year ahead", {"day": "2027-10-03"}, "at most a year ahead"),
    (
        "break longer than the shift",
        {"starts": "07:00", "ends": "09:00", "break_minutes": "150"},
        "does not fit",
    ),
    ("negative break", {"break_minutes": "-15"}, "The break cannot be negative."),
    ("break not a number", {"break_minutes": "en halvtimme"}, "Enter the break as whole minutes"),
    ("no such date", {"day": "2026-02-30"}, "Enter a date that exists"),
    ("no such time", {"starts": "25:00"}, "Enter a time such as 07:00"),
    (
        "skipped hour in March",
        {"day": "2027-03-28", "starts": "02:30"},
        "02:30 does not exist on 28 March 2027",
    ),
    ("unknown qualification", {"qualifications": ["999999"]}, "Unknown qualification"),
    ("qualification not a number", {"qualifications": ["usk"]}, "Unknown qualification"),
    ("no reason", {"reason": ""}, "Choose a reason for the need."),
    ("unknown reason", {"reason": "boredom"}, "Choose one of the reasons in the list."),
    ("series without weekdays", {"repeat": "on", "until": "2026-11-30"}, "Choose at least one weekday"),
    (
        "series ending before it starts",
        {"repeat": "on", "weekdays": ["0"], "until": "2026-10-01"},
        "is before the first",
    ),
    ("series over 26 weeks", {"repeat": "on", "weekdays": ["0"], "until": "2027-06-30"}, "at most 26 weeks"),
    ("series without an end", {"repeat": "on", "weekdays": ["0"]}, "until which date"),
    (
        "series with a bad weekday",
        {"repeat": "on", "weekdays": ["9"], "until": "2026-11-30"},
        "Unknown weekday",
    ),
    ("note too long", {"note": "x" * 501}, "at most 500 characters"),
]


@pytest.mark.parametrize(("case", "changes", "message"), BAD_INPUT, ids=[case for case, *_ in BAD_INPUT])
def test_bad_input_is_explained_and_nothing_is_saved(
    client: Client, own: Workplace, case: str, changes: dict[str, Any], message: str
) -> None:
    response = client.post(NEW, form(own, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert message in page
    assert nothing_changed()


def test_a_tampered_workplace_of_another_manager_is_refused(
    client: Client, own: Workplace, other: Workplace
) -> None:
    response = client.post(NEW, form(other))
    assert response.status_code == 200
    assert "Choose one of your own workplaces." in response.content.decode()
    assert nothing_changed()


def test_an_inactive_own_workplace_is_not_offered(client: Client, own: Workplace, manager: User) -> None:
    WorkplaceFactory(name="Hemtjänst Öst", managers=[manager])
    Workplace.objects.filter(pk=own.pk).update(is_active=False)
    response = client.post(NEW, form(own))
    assert "Choose one of your own workplaces." in response.content.decode()
    assert nothing_changed()


def test_a_manager_without_workplaces_is_told_so(client: Client) -> None:
    page = client.get(NEW).content.decode()
    assert "You are not the manager of any workplace" in page
    assert 'name="starts"' not in page


# --- repeating needs ------------------------------------------------------------------------------


def test_a_repeating_need_is_shown_before_it_is_created(client: Client, own: Workplace) -> None:
    data = form(own, day="2026-10-05", repeat="on", weekdays=["0", "2"], until="2026-10-30")
    response = client.post(data=data, path=NEW)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This registers 8 shifts" in page
    assert "Register 8 shifts" in page
    assert 'name="confirmed_count" value="8"' in page
    assert nothing_changed()


def test_a_confirmed_repeating_need_creates_the_series_and_all_shifts(
    client: Client, own: Workplace, nurse: Qualification, manager: User
) -> None:
    data = form(
        own,
        day="2026-10-05",
        repeat="on",
        weekdays=["0", "2"],
        until="2026-10-30",
        qualifications=[nurse.pk],
        starts="21:15",
        ends="07:15",
        confirmed_count="8",
    )
    response = client.post(NEW, data, follow=True)
    assert "The need is registered: 8 shifts at Hemtjänst Väst." in response.content.decode()
    series = ShiftSeries.objects.get()
    assert (series.workplace, series.weekdays, series.created_by) == (own, [0, 2], manager)
    assert (series.first_day, series.last_day) == (dt.date(2026, 10, 5), dt.date(2026, 10, 28))
    shifts = list(series.shifts.order_by("starts_at"))
    assert [s.day.isoformat() for s in shifts] == [
        "2026-10-05", "2026-10-07", "2026-10-12", "2026-10-14",
        "2026-10-19", "2026-10-21", "2026-10-26", "2026-10-28",
    ]  # fmt: skip
    assert all(list(s.required_qualifications.all()) == [nurse] for s in shifts)
    assert {shift_length_minutes(starts_at=s.starts_at, ends_at=s.ends_at) for s in shifts} == {600}


def test_a_series_confirmed_for_another_count_is_shown_again(client: Client, own: Workplace) -> None:
    data = form(own, day="2026-10-05", repeat="on", weekdays=["0"], until="2026-10-30", confirmed_count="8")
    response = client.post(NEW, data)
    assert "This registers 4 shifts" in response.content.decode()
    assert nothing_changed()


def test_a_series_over_the_october_change_gets_real_lengths(client: Client, own: Workplace) -> None:
    data = form(
        own,
        day="2026-10-23",
        repeat="on",
        weekdays=["4", "5", "6"],
        until="2026-10-25",
        starts="21:15",
        ends="07:15",
        confirmed_count="3",
        warnings_seen="break",  # the night the clocks go back: 10 h 15 min of work with one break
    )
    client.post(NEW, data)
    lengths = [
        shift_length_minutes(starts_at=s.starts_at, ends_at=s.ends_at) // 60
        for s in Shift.objects.order_by("starts_at")
    ]
    assert lengths == [10, 11, 10]


def test_a_series_touching_a_day_in_the_past_creates_nothing(client: Client, own: Workplace) -> None:
    data = form(
        own, day="2026-09-28", repeat="on", weekdays=["0", "3"], until="2026-10-30", confirmed_count="10"
    )
    response = client.post(NEW, data)
    assert "has already started" in response.content.decode()
    assert nothing_changed()


# --- working-time warnings while filling in, and red days in a series ------------------------------

WARNINGS = "/bemanning/behov/nytt/varningar/"
FIFTEEN_HOURS = {"starts": "06:00", "ends": "21:00", "break_minutes": "30"}


def test_the_form_asks_for_warnings_as_the_times_change(client: Client, own: Workplace) -> None:
    page = client.get(NEW).content.decode()
    assert f'hx-get="{WARNINGS}"' in page
    assert 'id="need-warnings"' in page and 'aria-live="polite"' in page and 'role="status"' in page


def test_the_check_warns_of_a_fifteen_hour_shift_with_the_reasons(client: Client, own: Workplace) -> None:
    response = client.get(WARNINGS, form(own, **FIFTEEN_HOURS), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No substitute can take this need within the working-time rules" in page
    assert "14 h 30 min of work with one break leaves more than 5 h in a row." in page
    assert "A shift of 15 h leaves less than 11 h of rest in the 24 hours from its start." in page
    assert 'name="warnings_seen" value="break,daily_rest"' in page
    assert "<html" not in page  # a fragment
    assert nothing_changed()


def test_the_check_is_in_swedish_for_a_swedish_manager(client: Client, own: Workplace) -> None:
    client.cookies["vp_language"] = "sv"
    page = client.get(WARNINGS, form(own, **FIFTEEN_HOURS)).content.decode()
    assert "Ingen vikarie kan ta passet inom arbetstidsreglerna" in page


def test_the_check_says_nothing_of_an_ordinary_shift(client: Client, own: Workplace) -> None:
    response = client.get(WARNINGS, form(own))
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_check_warns_before_the_rest_of_a_series_is_filled_in(client: Client, own: Workplace) -> None:
    page = client.get(WARNINGS, form(own, repeat="on", **FIFTEEN_HOURS)).content.decode()
    assert "A shift of 15 h leaves less than 11 h" in page


def test_the_check_warns_that_one_person_cannot_take_a_daily_series(client: Client, own: Workplace) -> None:
    every_day = form(
        own, day="2026-10-05", repeat="on", weekdays=[str(d) for d in range(7)], until="2026-10-18"
    )
    page = client.get(WARNINGS, every_day).content.decode()
    assert "If one substitute takes every shift of a week" in page
    assert 'value="weekly_rest"' in page


BAD_TIMES = [
    ("no such time", {"starts": "25:00"}, "Enter a time such as 07:00."),
    ("letters for a time", {"ends": "kväll"}, "Enter a time such as 16:00."),
    ("break not a number", {"break_minutes": "en halvtimme"}, "Enter the break as whole minutes, e.g. 30."),
    ("no such date", {"day": "2026-02-30"}, "Enter a date that exists"),
    ("zero length", {"starts": "07:00", "ends": "07:00"}, "The shift ends when it starts"),
    ("skipped hour", {"day": "2027-03-28", "starts": "02:30"}, "02:30 does not exist on 28 March 2027"),
]


@pytest.mark.parametrize(("case", "changes", "message"), BAD_TIMES, ids=[case for case, *_ in BAD_TIMES])
def test_the_check_explains_times_it_cannot_read(
    client: Client, own: Workplace, case: str, changes: dict[str, Any], message: str
) -> None:
    response = client.get(WARNINGS, form(own, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The working-time rules cannot be checked yet:" in page
    assert message in page
    assert "warnings_seen" not in page


def test_the_check_says_nothing_until_the_times_are_given(client: Client, own: Workplace) -> None:
    response = client.get(WARNINGS, {"workplace": own.pk, "starts": "07:00"})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_check_refuses_another_managers_workplace(
    client: Client, own: Workplace, other: Workplace
) -> None:
    assert client.get(WARNINGS, form(other, **FIFTEEN_HOURS)).status_code == 403
    assert client.get(WARNINGS, {**form(own), "workplace": "999999"}).status_code == 403


def test_the_check_is_only_asked_with_get(client: Client, own: Workplace) -> None:
    assert client.post(WARNINGS, form(own, **FIFTEEN_HOURS)).status_code == 405


def test_a_need_with_warnings_is_shown_with_them_before_it_is_registered(
    client: Client, own: Workplace
) -> None:
    data = form(own, **FIFTEEN_HOURS)
    response = client.post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check before you register" in page
    assert "A shift of 15 h leaves less than 11 h of rest" in page
    assert 'name="warnings_seen" value="break,daily_rest"' in page
    assert "Register the need anyway" in page
    assert 'class="error-summary"' not in page
    assert nothing_changed()
    response = client.post(NEW, {**data, "warnings_seen": "break,daily_rest"}, follow=True)
    assert "The need is registered: 1 shift at Hemtjänst Väst." in response.content.decode()
    assert Shift.objects.get().ends_at == at(2026, 10, 14, 21)


def test_warnings_seen_for_other_times_are_shown_again(client: Client, own: Workplace) -> None:
    response = client.post(NEW, form(own, **FIFTEEN_HOURS, warnings_seen="break"))
    assert "Register the need anyway" in response.content.decode()
    assert nothing_changed()


def test_a_need_without_warnings_is_registered_at_once(client: Client, own: Workplace) -> None:
    client.post(NEW, form(own, warnings_seen=""))
    assert Shift.objects.count() == 1


def test_a_series_preview_flags_public_holidays_and_eves(client: Client, own: Workplace) -> None:
    data = form(own, day="2026-12-21", repeat="on", weekdays=["3", "4"], until="2027-01-01")
    page = client.post(NEW, data).content.decode()
    assert "This registers 4 shifts" in page
    assert "Eve: Christmas Eve" in page
    assert "Public holiday: Christmas Day" in page
    assert "Eve: New Year&#x27;s Eve" in page
    assert "Public holiday: New Year&#x27;s Day" in page
    assert nothing_changed()


def test_a_series_preview_names_the_red_days_in_swedish(client: Client, own: Workplace) -> None:
    client.cookies["vp_language"] = "sv"
    data = form(own, day="2027-03-22", repeat="on", weekdays=["5", "6"], until="2027-06-27")
    page = client.post(NEW, data).content.decode()
    for flag in ("Afton: Påskafton", "Helgdag: Påskdagen", "Afton: Pingstafton", "Helgdag: Pingstdagen"):
        assert flag in page
    assert "Midsommardagen" in page and "Midsommarafton" not in page  # a Friday, not in the series


# --- the week ----------------------------------------------------------------------------------------


def test_the_week_shows_own_shifts_with_who_is_booked(
    client: Client, own: Workplace, other: Workplace
) -> None:
    open_shift = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    booked = ShiftFactory(workplace=own, starts_at=at(2026, 10, 7, 21, 15), ends_at=at(2026, 10, 8, 7, 15))
    BookingFactory(
        shift=booked,
        substitute__preferred_given_name="Sara",
        substitute__family_name="Johansson",
        substitute__mobile="+46701234567",
    )
    ShiftFactory(workplace=own, starts_at=at(2026, 10, 8, 7), status=ShiftStatus.CANCELLED, cancelled_at=NOW)
    theirs = ShiftFactory(workplace=other, starts_at=at(2026, 10, 6, 7))

    page = client.get(LIST, {"date": "2026-10-07"}).content.decode()
    assert "Week 41" in page
    assert f"/bemanning/behov/{open_shift.pk}/" in page
    assert "Sara Johansson" in page and "070-123 45 67" in page
    assert "21:15–07:15 (next day)" in page
    assert page.count("shift-badge--open") == 1
    assert page.count("shift-badge--booked") == 1
    assert page.count("shift-badge--cancelled") == 1
    assert f"/bemanning/behov/{theirs.pk}/" not in page
    assert other.name not in page


def test_the_week_filters_by_own_workplace_and_refuses_anothers(
    client: Client, own: Workplace, other: Workplace, manager: User
) -> None:
    second = WorkplaceFactory(name="Hemtjänst Öst", managers=[manager])
    mine = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    ShiftFactory(workplace=second, starts_at=at(2026, 10, 6, 8))
    theirs = ShiftFactory(workplace=other, starts_at=at(2026, 10, 6, 7))

    page = client.get(LIST, {"date": "2026-10-06", "workplace": own.pk}).content.decode()
    assert f"/bemanning/behov/{mine.pk}/" in page
    assert page.count("shift-card ") == 1

    tampered = client.get(LIST, {"date": "2026-10-06", "workplace": other.pk}).content.decode()
    assert "Choose one of your own workplaces." in tampered
    assert f"/bemanning/behov/{theirs.pk}/" not in tampered


def test_the_week_query_count_does_not_grow(client: Client, own: Workplace) -> None:
    qualification = QualificationFactory()

    def grow() -> None:
        for day in range(5, 12):
            shift = ShiftFactory(
                workplace=own, starts_at=at(2026, 10, day, 7), required_qualifications=[qualification]
            )
            BookingFactory(shift=shift)
            ShiftFactory(
                workplace=WorkplaceFactory(managers=[own.managers.first()]), starts_at=at(2026, 10, day, 9)
            )

    ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    assert_queries_do_not_grow(client, f"{LIST}?date=2026-10-06", grow)


# --- one shift and cancelling ------------------------------------------------------------------------


def test_another_managers_shift_is_not_found(client: Client, other: Workplace) -> None:
    theirs = ShiftFactory(workplace=other, starts_at=at(2026, 10, 6, 7))
    assert client.get(f"/bemanning/behov/{theirs.pk}/").status_code == 404
    assert client.post(f"/bemanning/behov/{theirs.pk}/avboka/", {"scope": "one"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ShiftStatus.ACTIVE


def test_manager_cancels_an_open_shift(client: Client, own: Workplace, manager: User) -> None:
    shift = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    response = client.post(
        f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "one", "reason": "Frisk igen"}, follow=True
    )
    assert "1 shift is cancelled." in response.content.decode()
    shift.refresh_from_db()
    assert (shift.status, shift.cancelled_by, shift.cancel_reason, shift.cancelled_at) == (
        ShiftStatus.CANCELLED,
        manager,
        "Frisk igen",
        NOW,
    )
    assert not Message.objects.exists()


def test_cancelling_twice_is_explained(client: Client, own: Workplace) -> None:
    shift = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    client.post(f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "one"})
    response = client.post(f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "one"}, follow=True)
    assert "The shift is already cancelled." in response.content.decode()


def test_an_ended_shift_cannot_be_cancelled(client: Client, own: Workplace) -> None:
    shift = ShiftFactory(workplace=own, starts_at=at(2026, 9, 30, 7))
    response = client.post(f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "one"}, follow=True)
    assert "has already ended" in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.ACTIVE


def test_a_bad_scope_is_explained_and_nothing_changes(client: Client, own: Workplace) -> None:
    shift = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    response = client.post(f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "everything"})
    assert response.status_code == 200
    assert "Choose what to cancel." in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.ACTIVE


def test_cancelling_a_booked_shift_cancels_the_booking_with_an_sms(
    client: Client, own: Workplace, django_capture_on_commit_callbacks: Any
) -> None:
    shift = ShiftFactory(workplace=own, starts_at=at(2026, 10, 6, 7))
    booking = BookingFactory(shift=shift, substitute__mobile="+46701234567")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/bemanning/behov/{shift.pk}/avboka/", {"scope": "one", "reason": "Frisk igen"})
    shift.refresh_from_db()
    booking.refresh_from_db()
    assert shift.status == ShiftStatus.CANCELLED
    assert booking.status == BookingStatus.CANCELLED
    sms = Message.objects.get()
    assert (sms.recipient, sms.to_number) == (booking.substitute, "+46701234567")
    # The workplace cancelled the need: the substitute is told so, not that their booking went.
    assert sms.text.startswith("Avbokad: arbetsplatsen behöver dig inte längre"), sms.text


def test_cancelling_the_rest_of_a_series(client: Client, own: Workplace) -> None:
    data = form(own, day="2026-10-05", repeat="on", weekdays=["0"], until="2026-10-26", confirmed_count="4")
    client.post(NEW, data)
    _first, second, _third, _fourth = Shift.objects.order_by("starts_at")
    page = client.get(f"/bemanning/behov/{second.pk}/").content.decode()
    assert "(3 shifts)" in page
    response = client.post(f"/bemanning/behov/{second.pk}/avboka/", {"scope": "series"}, follow=True)
    assert "3 shifts are cancelled." in response.content.decode()
    statuses = list(Shift.objects.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["active", "cancelled", "cancelled", "cancelled"]
    assert Booking.objects.count() == 0


def test_the_menu_shows_shift_needs_to_managers_and_the_board_to_the_staffing_centre() -> None:
    def names(user: User) -> set[str]:
        return {item.url_name for item in nav_items_for(user)}

    assert "staffing:manager_shifts" in names(WorkplaceManagerFactory())
    assert "staffing:board" not in names(WorkplaceManagerFactory())
    for staff in (StaffingCentreFactory(), AdministratorFactory()):
        assert "staffing:board" in names(staff)
    assert not names(SubstituteFactory()) & {"staffing:board", "staffing:manager_shifts"}
