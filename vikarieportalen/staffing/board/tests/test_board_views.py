"""The staffing centre's board, a shift's candidates, booking (also over the rules) and cancelling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.core.time import date_text
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.booking import notify as booking_notify
from vikarieportalen.staffing.models import AreaOfWork, Booking, BookingStatus, Shift, Workplace
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    WorkplaceFactory,
    substitute_ready_for,
)
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

BOARD = "/bemanning/tavla/"


def in_days(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory(preferred_given_name="Lina", family_name="Lennartsson")


@pytest.fixture
def client(staff: User) -> Client:
    client = client_logged_in(staff)
    client.cookies["vp_language"] = "en"
    return client


@pytest.fixture
def workplace() -> Workplace:
    return WorkplaceFactory(name="Solrosen", area=AreaOfWork.ELDERLY_CARE, address="Solrosvägen 1")


@pytest.fixture
def shift(workplace: Workplace) -> Shift:
    return ShiftFactory(workplace=workplace, starts_at=in_days(2, 7), ends_at=in_days(2, 16))


def candidates_url(shift: Shift) -> str:
    return f"/bemanning/pass/{shift.pk}/kandidater/"


# --- the board -------------------------------------------------------------------------------------


def test_the_board_lists_open_shifts_of_the_coming_week_by_day_area_and_workplace(
    client: Client, workplace: Workplace
) -> None:
    school = WorkplaceFactory(name="Kyrkskolan", area=AreaOfWork.SCHOOL)
    today = ShiftFactory(workplace=workplace, starts_at=in_days(0, 23), ends_at=in_days(1, 7))
    later = ShiftFactory(workplace=school, starts_at=in_days(6, 8), ends_at=in_days(6, 15))
    booked = BookingFactory(shift=ShiftFactory(workplace=workplace, starts_at=in_days(1, 7))).shift
    too_late = ShiftFactory(workplace=workplace, starts_at=in_days(7, 7))
    over = ShiftFactory(
        workplace=workplace,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(minutes=1),
    )
    cancelled = ShiftFactory(
        workplace=workplace, starts_at=in_days(1, 9), status="cancelled", cancelled_at=timezone.now()
    )

    page = client.get(BOARD).content.decode()
    for shown in (today, later):
        assert candidates_url(shown) in page
    for hidden in (booked, too_late, cancelled, over):
        assert candidates_url(hidden) not in page
    assert "Elderly care" in page and "School" in page
    assert page.index(candidates_url(today)) < page.index(candidates_url(later))
    assert "23:00–07:00 (next day)" in page


def test_the_board_shows_booked_shifts_when_asked(client: Client, workplace: Workplace) -> None:
    booking = BookingFactory(
        shift=ShiftFactory(workplace=workplace, starts_at=in_days(1, 7)),
        substitute__preferred_given_name="Sara",
        substitute__family_name="Johansson",
    )
    page = client.get(BOARD, {"show": "all"}).content.decode()
    assert candidates_url(booking.shift) in page
    assert "Sara Johansson" in page


def test_the_board_filters(client: Client, workplace: Workplace) -> None:
    nurse = QualificationFactory(name="Undersköterska")
    school = WorkplaceFactory(name="Kyrkskolan", area=AreaOfWork.SCHOOL)
    needs_nurse = ShiftFactory(workplace=workplace, starts_at=in_days(1, 7), required_qualifications=[nurse])
    plain = ShiftFactory(workplace=workplace, starts_at=in_days(1, 9))
    at_school = ShiftFactory(workplace=school, starts_at=in_days(3, 8))
    far = ShiftFactory(workplace=school, starts_at=in_days(20, 8))

    def shown(**query: Any) -> set[int]:
        page = client.get(BOARD, query).content.decode()
        return {s.pk for s in (needs_nurse, plain, at_school, far) if candidates_url(s) in page}

    assert shown() == {needs_nurse.pk, plain.pk, at_school.pk}
    assert shown(area="school") == {at_school.pk}
    assert shown(workplace=workplace.pk) == {needs_nurse.pk, plain.pk}
    assert shown(qualification=nurse.pk) == {needs_nurse.pk}
    day = timezone.localdate()
    assert shown(
        first_day=(day + dt.timedelta(days=15)).isoformat(),
        last_day=(day + dt.timedelta(days=25)).isoformat(),
    ) == {far.pk}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first_day": "2026-12-10", "last_day": "2026-12-01"}, "The last date is before the first."),
        ({"first_day": "2026-12-01", "last_day": "2027-02-01"}, "Show at most 31 days at a time."),
        ({"first_day": "2026-13-01"}, "Enter a valid date"),
        ({"area": "space"}, "Select a valid choice"),
        ({"workplace": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_and_the_default_week_shown(
    client: Client, shift: Shift, query: dict[str, str], message: str
) -> None:
    response = client.get(BOARD, query)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert candidates_url(shift) in page  # the default: the coming week


def test_fill_rate_per_day_and_workplace(client: Client, workplace: Workplace) -> None:
    for hour in (7, 9, 11):
        ShiftFactory(workplace=workplace, starts_at=in_days(1, hour), ends_at=in_days(1, hour + 1))
    BookingFactory(shift=Shift.objects.order_by("starts_at").first())
    other = WorkplaceFactory(name="Kyrkskolan")
    BookingFactory(shift=ShiftFactory(workplace=other, starts_at=in_days(1, 8)))

    page = client.get(BOARD).content.decode()
    # Per day: 2 of 4 booked (50 %), 2 open; per workplace: Solrosen 1/3 (33 %) before Kyrkskolan 1/1 (100 %).
    assert "50 %" in page and "2 / 4" in page
    assert "33 %" in page and "(1/3)" in page
    assert page.index("(1/3)") < page.index("(1/1)")
    assert 'aria-hidden="true"' in page  # the bars are decoration; the numbers carry the data
    assert "<caption" in page


def test_the_board_query_count_does_not_grow(client: Client, workplace: Workplace) -> None:
    ShiftFactory(workplace=workplace, starts_at=in_days(1, 7))

    def grow() -> None:
        qualification = QualificationFactory()
        for n in range(6):
            place = WorkplaceFactory(area=AreaOfWork.SCHOOL if n % 2 else AreaOfWork.HOME_CARE)
            open_shift = ShiftFactory(
                workplace=place, starts_at=in_days(n % 7, 20), required_qualifications=[qualification]
            )
            BookingFactory(shift=ShiftFactory(workplace=place, starts_at=in_days(n % 7, 7)))
            assert open_shift.pk

    assert_queries_do_not_grow(client, BOARD, grow)
    assert_queries_do_not_grow(client, f"{BOARD}?show=all&alla=1", grow)


# --- candidates --------------------------------------------------------------------------------------


def test_candidates_are_ranked_with_reasons_and_the_excluded_explained(client: Client, shift: Shift) -> None:
    ready = substitute_ready_for(shift, preferred_given_name="Sara", family_name="Johansson")
    BookingFactory(substitute=ready, shift=ShiftFactory(workplace=shift.workplace, starts_at=in_days(-10, 7)))
    fresh = substitute_ready_for(shift, preferred_given_name="Omar", family_name="Ali")
    unavailable = SubstituteFactory(preferred_given_name="Eva", family_name="Berg")
    IntroductionFactory(substitute=unavailable, workplace=shift.workplace)

    page = client.get(candidates_url(shift)).content.decode()
    eligible, excluded = page.split('id="excluded-heading"')
    assert eligible.index("Sara Johansson") < eligible.index("Omar Ali")  # worked there before
    assert "Worked here before" in eligible
    assert "this month" in eligible
    assert "Eva Berg" in excluded and "Eva Berg" not in eligible
    assert f"/bemanning/pass/{shift.pk}/boka/{unavailable.pk}/undantag/" in excluded
    assert f'name="substitute" value="{fresh.pk}"' in eligible


def test_candidate_search_narrows_the_lists(client: Client, shift: Shift) -> None:
    substitute_ready_for(shift, preferred_given_name="Sara", family_name="Johansson")
    substitute_ready_for(shift, preferred_given_name="Omar", family_name="Ali")
    page = client.get(candidates_url(shift), {"q": "johans"}).content.decode()
    assert "Sara Johansson" in page and "Omar Ali" not in page
    assert 'value="johans"' in page


def test_candidate_search_finds_anyone_in_the_pool_not_only_the_first_listed(
    client: Client, shift: Shift
) -> None:
    for n in range(55):  # not introduced, listed by name before the one searched for
        SubstituteFactory(preferred_given_name="Anna", family_name=f"Andersson {n:02d}")
    SubstituteFactory(preferred_given_name="Zara", family_name="Zetterlund")
    assert "Zara Zetterlund" not in client.get(candidates_url(shift)).content.decode()
    page = client.get(candidates_url(shift), {"q": "zetter"}).content.decode()
    assert "Zara Zetterlund" in page and "Andersson" not in page


def test_the_candidates_query_count_does_not_grow_with_the_pool(client: Client, shift: Shift) -> None:
    substitute_ready_for(shift)

    def grow() -> None:
        for _n in range(5):
            substitute_ready_for(shift)
            IntroductionFactory(workplace=shift.workplace)
            SubstituteFactory()

    assert_queries_do_not_grow(client, candidates_url(shift), grow)


# --- booking -------------------------------------------------------------------------------------------


def test_booking_a_candidate_sends_the_sms_and_goes_back(
    client: Client, shift: Shift, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    sara = substitute_ready_for(
        shift, preferred_given_name="Sara", family_name="Johansson", mobile="+46701234567"
    )
    back = f"{BOARD}?area=elderly_care"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    booking = Booking.objects.get()
    assert (booking.shift, booking.substitute, booking.created_by, booking.status) == (
        shift,
        sara,
        staff,
        "active",
    )
    sms = Message.objects.get(kind=booking_notify.SMS_KIND_BOOKED)
    assert sms.to_number == "+46701234567" and "Solrosen" in sms.text
    page = client.get(back).content.decode()
    assert "Sara Johansson is booked at Solrosen" in page
    assert "An SMS with the booking is being sent to 070-123 45 67 now." in page
    with translation.override("en"):
        day = date_text(booking.starts_at, "WEEKDAY_DAY_FORMAT")  # "Thu 10 Dec", not "2026-12-10"
    assert f"Solrosen on {day}, " in page


def test_a_shift_someone_else_booked_meanwhile_says_by_whom(client: Client, shift: Shift) -> None:
    sara = substitute_ready_for(shift)
    omar = substitute_ready_for(shift, preferred_given_name="Omar", family_name="Ali")
    # The page was loaded while the shift was open; then a colleague booked Omar.
    assert f'value="{sara.pk}"' in client.get(candidates_url(shift)).content.decode()
    BookingFactory(shift=shift, substitute=omar)

    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk}, follow=True)
    assert "The shift is already booked by Omar Ali." in response.content.decode()
    assert list(Booking.objects.values_list("substitute", flat=True)) == [omar.pk]
    assert not Message.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_booking_without_a_real_substitute_is_explained(client: Client, shift: Shift, value: str) -> None:
    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": value}, follow=True)
    assert "Choose a substitute from the list." in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_a_staff_member_is_refused(client: Client, shift: Shift, staff: User) -> None:
    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": staff.pk}, follow=True)
    assert "Choose a substitute from the list." in response.content.decode()
    assert not Booking.objects.exists()


def test_a_rule_breaking_booking_asks_for_a_written_reason(client: Client, shift: Shift, staff: User) -> None:
    eva = SubstituteFactory(preferred_given_name="Eva", family_name="Berg")
    IntroductionFactory(substitute=eva, workplace=shift.workplace)  # introduced but not available
    override = f"/bemanning/pass/{shift.pk}/boka/{eva.pk}/undantag/"

    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": eva.pk})
    assert response.status_code == 302 and response["Location"].startswith(override)
    page = client.get(override).content.decode()
    assert "Eva Berg" in page and 'name="override_reason"' in page

    refused = client.post(override, {"override_reason": "   "})
    assert "Write why the rules are overridden." in refused.content.decode()
    assert not Booking.objects.exists()

    client.post(override, {"override_reason": "Ringde henne, hon kan trots allt"})
    booking = Booking.objects.get()
    assert booking.substitute == eva
    assert booking.override_reason == "Ringde henne, hon kan trots allt"
    assert booking.overridden_rules == ["availability"]


def test_an_overlap_can_never_be_overridden(client: Client, shift: Shift) -> None:
    sara = substitute_ready_for(shift)
    elsewhere = ShiftFactory(starts_at=shift.starts_at + dt.timedelta(hours=2), ends_at=shift.ends_at)
    BookingFactory(shift=elsewhere, substitute=sara)
    override = f"/bemanning/pass/{shift.pk}/boka/{sara.pk}/undantag/"

    page = client.get(override).content.decode()
    assert "cannot be overridden" in page
    assert 'name="override_reason"' not in page
    response = client.post(override, {"override_reason": "Det går nog"}, follow=True)
    assert response.status_code == 200
    assert Booking.objects.filter(shift=shift).count() == 0
    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk}, follow=True)
    assert Booking.objects.filter(shift=shift).count() == 0


def test_cancelling_a_booking_needs_a_reason_then_reopens_the_shift_with_an_sms(
    client: Client, shift: Shift
) -> None:
    booking = BookingFactory(shift=shift, substitute__mobile="+46701234567")
    url = f"/bemanning/bokning/{booking.pk}/avboka/"

    refused = client.post(url, {"reason": " "}, follow=True)
    assert "Write why the booking is cancelled." in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE

    response = client.post(url, {"reason": "Sjuk"}, follow=True)
    assert (
        "is cancelled. The shift is open again. An SMS about the cancellation is being sent"
        in response.content.decode()
    )
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "Sjuk")
    assert Message.objects.get(kind=booking_notify.SMS_KIND_CANCELLED).to_number == "+46701234567"
    assert candidates_url(shift) in client.get(BOARD).content.decode()  # open again

    again = client.post(url, {"reason": "Sjuk"}, follow=True)
    assert "The booking is already cancelled." in again.content.decode()
    assert Message.objects.count() == 1


def test_a_booked_shift_shows_who_and_the_cancel_form(client: Client, shift: Shift) -> None:
    booking = BookingFactory(
        shift=shift, substitute__preferred_given_name="Sara", substitute__family_name="Johansson"
    )
    page = client.get(candidates_url(shift)).content.decode()
    assert "Sara Johansson" in page
    assert f"/bemanning/bokning/{booking.pk}/avboka/" in page
    assert 'id="eligible-heading"' not in page


def test_unknown_shift_is_not_found(client: Client) -> None:
    assert client.get("/bemanning/pass/999999/kandidater/").status_code == 404
    assert client.post("/bemanning/pass/999999/boka/", {"substitute": 1}).status_code == 404
    assert client.post("/bemanning/bokning/999999/avboka/", {"reason": "x"}).status_code == 404


def test_next_outside_the_site_is_ignored(client: Client, shift: Shift) -> None:
    sara = substitute_ready_for(shift)
    response = client.post(
        f"/bemanning/pass/{shift.pk}/boka/", {"substitute": sara.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == BOARD


def test_a_long_board_comes_in_pages_that_cross_days(client: Client, workplace: Workplace) -> None:
    first_day = [
        ShiftFactory(workplace=workplace, starts_at=in_days(1, 6) + dt.timedelta(minutes=n))
        for n in range(60)
    ]
    second_day = [
        ShiftFactory(workplace=workplace, starts_at=in_days(2, 6) + dt.timedelta(minutes=n))
        for n in range(60)
    ]
    listed = [*first_day, *second_day]

    def shown(page: str) -> list[int]:
        html = client.get(BOARD, {"sida": page}).content.decode()
        return [s.pk for s in listed if candidates_url(s) in html]

    # 50 a page: the second page holds the first day's last ten and the second day's first forty.
    one, two, three = shown("1"), shown("2"), shown("3")
    assert one == [s.pk for s in listed[:50]]
    assert two == [s.pk for s in listed[50:100]]
    assert three == [s.pk for s in listed[100:]]
    page = client.get(BOARD, {"sida": "2"}).content.decode()
    assert "Shifts 51–100 of 120." in page
    assert 'rel="prev"' in page and "sida=1" in page and "sida=3" in page
    assert shown("99") == three  # past the end: the last page
    assert shown("x") == one


def test_only_a_shift_that_has_not_started_can_be_sent_as_an_offer(
    client: Client, workplace: Workplace
) -> None:
    coming = ShiftFactory(workplace=workplace, starts_at=in_days(1, 7), ends_at=in_days(1, 16))
    now = timezone.now()
    started = ShiftFactory(
        workplace=workplace, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=6)
    )
    assert 'id="send-offer"' in client.get(candidates_url(coming)).content.decode()
    page = client.get(candidates_url(started)).content.decode()
    assert 'id="send-offer"' not in page and "Book" in page  # it may still be booked directly
