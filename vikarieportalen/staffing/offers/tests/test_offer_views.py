"""Offer pages over HTTP: the staffing centre's send and follow-up pages, the substitute's list and
short link, and the inbound SMS webhook (end to end through the 46elks test server)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.notifications.inbound import inbound_handler_register
from vikarieportalen.notifications.models import Message
from vikarieportalen.notifications.tests.fake_gateway import FakeElks, start
from vikarieportalen.staffing.models import Booking, Offer, OfferSend, OfferStatus
from vikarieportalen.staffing.offers import answers
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.sms import offer_sms_inbound
from vikarieportalen.staffing.tests.factories import STOCKHOLM, ShiftFactory, substitute_ready_for
from vikarieportalen.testing import client_logged_in, english

pytestmark = pytest.mark.django_db


def _soon(hours: float) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=hours)


@pytest.fixture
def shift():
    return ShiftFactory(starts_at=_soon(0), ends_at=_soon(3))


@pytest.fixture
def staff():
    return StaffingCentreFactory()


@pytest.fixture
def people(shift):
    return [substitute_ready_for(shift, language="en") for _ in range(3)]


@pytest.fixture
def sent(shift, staff, people):
    return offers.offer_send(shifts=[shift], by=staff, substitutes=people).offers


def _state() -> tuple[list[tuple[int, str]], int, int]:
    return (
        sorted(Offer.objects.values_list("pk", "status")),
        Booking.objects.count(),
        OfferSend.objects.count(),
    )


# --- the staffing centre ---------------------------------------------------------------------------


def test_the_send_page_lists_the_candidates_and_the_rule_of_thumb(shift, staff, people):
    response = english(client_logged_in(staff)).get(reverse("staffing:offer_send_shift", args=[shift.pk]))
    assert response.status_code == 200
    for person in people:
        assert person.get_full_name() in response.text
    assert "This one does." in response.text  # a three-hour shift goes as an offer


def test_sending_to_ticked_candidates(shift, staff, people):
    response = english(client_logged_in(staff)).post(
        reverse("staffing:offer_send_shift", args=[shift.pk]),
        {"who": "chosen", "substitutes": [people[0].pk, people[2].pk], "round_size": "", "round_minutes": ""},
    )
    send = OfferSend.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staffing:offer_send_detail", args=[send.pk]
    )
    assert set(Offer.objects.values_list("substitute_id", flat=True)) == {people[0].pk, people[2].pk}


def test_sending_to_the_top_candidates_with_rounds_and_an_answer_time(shift, staff, people):
    answer_by = timezone.localtime(_soon(-5)).replace(second=0)
    response = english(client_logged_in(staff)).post(
        reverse("staffing:offer_send_shift", args=[shift.pk]),
        {
            "who": "top",
            "top_n": "2",
            "answer_day": answer_by.date().isoformat(),
            "answer_time": answer_by.strftime("%H:%M"),
            "rounds": "on",
            "round_size": "1",
            "round_minutes": "15",
        },
    )
    assert response.status_code == 302
    send = OfferSend.objects.get()
    assert send.auto_round_size == 1 and send.next_round_at is not None
    assert {o.expires_at for o in Offer.objects.all()} == {answer_by}
    assert Offer.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"who": "chosen"}, "substitutes"),
        ({"who": "top", "top_n": ""}, "top_n"),
        ({"who": "top", "top_n": "0"}, "top_n"),
        ({"who": "top", "top_n": "2", "answer_day": "2020-01-01", "answer_time": "08:00"}, "answer_time"),
        ({"who": "top", "top_n": "2", "answer_day": "2030-01-01"}, "answer_time"),
        ({"who": "top", "top_n": "2", "rounds": "on", "round_size": "", "round_minutes": "30"}, "round_size"),
        ({"who": "nobody"}, "who"),
    ],
)
def test_bad_input_on_the_send_page_is_shown_beside_the_field_and_nothing_is_sent(
    shift, staff, people, data, field
):
    before = _state()
    response = english(client_logged_in(staff)).post(
        reverse("staffing:offer_send_shift", args=[shift.pk]), data
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.text
    assert _state() == before and not Message.objects.exists()


def test_a_booked_shift_cannot_be_offered(shift, staff, people):
    from vikarieportalen.staffing.booking.services import booking_create

    booking_create(shift=shift, substitute=people[0], by=staff)
    response = english(client_logged_in(staff)).post(
        reverse("staffing:offer_send_shift", args=[shift.pk]), {"who": "top", "top_n": "2"}
    )
    assert response.status_code == 400 and 'id="offer-closed"' in response.text
    assert not Offer.objects.exists()


def test_the_set_page_offers_several_shifts_to_their_top_candidates(staff, time_machine):
    # Ten in the morning, so the shifts 26–31 hours ahead fall tomorrow, inside the page's days.
    time_machine.move_to(dt.datetime.combine(timezone.localdate(), dt.time(10), tzinfo=STOCKHOLM))
    first = ShiftFactory(
        starts_at=timezone.now() + dt.timedelta(hours=26), ends_at=timezone.now() + dt.timedelta(hours=30)
    )
    second = ShiftFactory(
        starts_at=timezone.now() + dt.timedelta(hours=27), ends_at=timezone.now() + dt.timedelta(hours=31)
    )
    for shift in (first, second):
        substitute_ready_for(shift)
        substitute_ready_for(shift)
    client = client_logged_in(staff)
    page = english(client).get(reverse("staffing:offer_send_set"))
    assert page.status_code == 200
    response = english(client).post(
        reverse("staffing:offer_send_set"), {"shifts": [first.pk, second.pk], "top_n": "1"}
    )
    assert response.status_code == 302
    assert sorted(Offer.objects.values_list("shift_id", flat=True)) == sorted([first.pk, second.pk])


def test_the_set_page_refuses_no_shifts_and_unknown_ones(staff):
    client = client_logged_in(staff)
    for data in ({"top_n": "1"}, {"shifts": ["999999"], "top_n": "1"}):
        response = english(client).post(reverse("staffing:offer_send_set"), data)
        assert response.status_code == 400 and "shifts" in response.context["form"].errors
    assert not OfferSend.objects.exists()


def test_the_overview_and_a_send_show_who_answered_what(shift, staff, people, sent):
    answers.offer_decline(offer=sent[1], by=people[1])
    answers.offer_accept(offer=sent[0], by=people[0])
    client = client_logged_in(staff)
    listing = english(client).get(reverse("staffing:offer_sends"))
    assert listing.status_code == 200
    detail = english(client).get(reverse("staffing:offer_send_detail", args=[sent[0].send_id]))
    assert detail.status_code == 200
    assert f"Filled: {people[0].get_full_name()} accepted." in detail.text
    assert "Declined" in detail.text and "Filled by someone else" in detail.text


def test_the_overview_takes_the_same_queries_however_many_sends(
    staff, shift, people, django_assert_max_num_queries
):
    for person in people:
        offers.offer_send(shifts=[shift], by=staff, substitutes=[person])
    client = client_logged_in(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staffing:offer_sends")).status_code == 200


def test_withdrawing_a_send_closes_its_open_offers(staff, sent):
    client = client_logged_in(staff)
    url = reverse("staffing:offer_send_withdraw", args=[sent[0].send_id])
    assert english(client).post(url).status_code == 302
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.OPEN}  # nothing chosen
    response = english(client).post(url, {"offer": "all"})
    assert response.status_code == 302
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.WITHDRAWN}


def test_withdrawing_one_offer_and_a_foreign_offer_id(staff, sent):
    other_shift = ShiftFactory(starts_at=_soon(30), ends_at=_soon(33))
    foreign = offers.offer_send(
        shifts=[other_shift], by=staff, substitutes=[substitute_ready_for(other_shift)]
    )
    client = client_logged_in(staff)
    url = reverse("staffing:offer_send_withdraw", args=[sent[0].send_id])
    before = _state()
    for bad in ("abc", "999999", str(foreign.offers[0].pk)):
        assert english(client).post(url, {"offer": bad}).status_code == 302
    assert _state() == before
    assert client.post(reverse("staffing:offer_send_withdraw", args=[999999])).status_code == 404
    english(client).post(url, {"offer": sent[1].pk})
    assert Offer.objects.get(pk=sent[1].pk).status == OfferStatus.WITHDRAWN
    assert Offer.objects.get(pk=sent[0].pk).status == OfferStatus.OPEN


# --- the substitute ------------------------------------------------------------------------------


def test_my_offers_lists_open_and_earlier_offers(people, sent):
    answers.offer_decline(offer=sent[0], by=people[0])
    response = english(client_logged_in(people[1])).get(reverse("staffing:my_offers"))
    assert response.status_code == 200
    assert reverse("offers:page", args=[sent[1].token]) in response.text
    assert reverse("offers:page", args=[sent[0].token]) not in response.text
    mine = english(client_logged_in(people[0])).get(reverse("staffing:my_offers"))
    assert "Declined" in mine.text


def test_my_offers_takes_the_same_queries_however_many_offers(staff, people, django_assert_max_num_queries):
    me = people[0]
    client = client_logged_in(me)
    client.get(reverse("staffing:my_offers"))  # warm: session, roles
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("staffing:my_offers"))
    for hours in (30, 60, 90):
        shift = ShiftFactory(starts_at=_soon(hours), ends_at=_soon(hours + 3))
        offers.offer_send(shifts=[shift], by=staff, substitutes=[substitute_ready_for(shift), me])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("staffing:my_offers")).status_code == 200


def test_the_short_link_is_short_and_shows_the_shift(people, sent, shift):
    url = reverse("offers:page", args=[sent[0].token])
    assert url == f"/f/{sent[0].token}/" and len(url) == 16
    response = english(client_logged_in(people[0])).get(url)
    assert response.status_code == 200
    assert shift.workplace.name in response.text and 'id="offer-accept"' in response.text


def test_the_short_link_needs_a_login(client, sent):
    response = client.get(reverse("offers:page", args=[sent[0].token]))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_someone_elses_link_is_not_found_and_cannot_be_answered(people, sent):
    url = reverse("offers:page", args=[sent[0].token])
    other = client_logged_in(people[1])
    before = _state()
    assert other.get(url).status_code == 404
    assert other.post(url, {"answer": "accept"}).status_code == 404
    assert client_logged_in(SubstituteFactory()).post(url, {"answer": "accept"}).status_code == 404
    assert _state() == before


def test_accepting_from_the_link_books_the_shift(people, sent, shift):
    client = client_logged_in(people[0])
    url = reverse("offers:page", args=[sent[0].token])
    response = english(client).post(url, {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == url
    assert Booking.objects.get().substitute == people[0]
    page = english(client).get(url)
    assert "the shift is yours" in page.text


def test_a_late_acceptance_from_the_link_hears_it_is_taken_and_nothing_changes(people, sent):
    answers.offer_accept(offer=sent[0], by=people[0])
    before = _state()
    response = english(client_logged_in(people[1])).post(
        reverse("offers:page", args=[sent[1].token]), {"answer": "accept"}
    )
    assert response.status_code == 409
    assert "Sorry, the shift is already filled." in response.text
    assert 'id="offer-accept"' not in response.text
    assert _state() == before


def test_an_expired_or_withdrawn_offer_is_refused_with_the_reason(people, sent, staff, time_machine):
    offers.offer_withdraw(send=sent[0].send, by=staff, offer=sent[0])
    response = english(client_logged_in(people[0])).post(
        reverse("offers:page", args=[sent[0].token]), {"answer": "accept"}
    )
    assert response.status_code == 409 and "withdrawn" in response.text
    time_machine.move_to(sent[1].expires_at + dt.timedelta(minutes=1))
    response = english(client_logged_in(people[1])).post(
        reverse("offers:page", args=[sent[1].token]), {"answer": "accept"}
    )
    assert response.status_code == 409 and "The offer expired" in response.text
    assert not Booking.objects.exists()


def test_declining_from_the_link_and_a_bad_answer(people, sent):
    client = client_logged_in(people[0])
    url = reverse("offers:page", args=[sent[0].token])
    before = _state()
    assert english(client).post(url, {"answer": "maybe"}).status_code == 400
    assert client.get(url.replace("/f/", "/f/x")).status_code == 404
    assert _state() == before
    assert english(client).post(url, {"answer": "decline"}).status_code == 302
    assert Offer.objects.get(pk=sent[0].pk).status == OfferStatus.DECLINED


def test_the_start_page_panel_lists_open_offers(people, sent):
    from vikarieportalen.intranet.selectors import personal_panel_for

    panel = personal_panel_for(user=people[0])
    assert panel is not None and [item.first.pk for item in panel.open_offers] == [sent[0].pk]


# --- the inbound webhook, through the 46elks test server -------------------------------------------


@pytest.fixture
def elks(settings) -> Iterator[FakeElks]:
    fake = FakeElks()
    _server, url, stop = start(fake)
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.elks.SmsBackend"
    settings.ELKS_API_URL = url
    settings.ELKS_API_USERNAME = fake.username
    settings.ELKS_API_PASSWORD = fake.password
    settings.SMS_CALLBACK_SECRET = "inbound-secret"
    inbound_handler_register("staffing.offers", offer_sms_inbound)
    yield fake
    stop()


def _post_inbound(client, person, text, secret="inbound-secret", gateway_id="i1"):  # noqa: S107
    return client.post(
        reverse("notifications:sms_inbound", args=[secret]),
        {
            "direction": "incoming",
            "id": gateway_id,
            "from": person.mobile,
            "to": "+46766860000",
            "message": text,
        },
    )


def test_a_yes_through_the_gateway_books_and_the_booking_sms_goes_out(
    client, elks, people, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_inbound(client, people[0], f"Ja {sent[0].code}").status_code == 200
    assert Booking.objects.get().substitute == people[0]
    to_winner = [r["message"] for r in elks.requests if r["to"] == people[0].mobile]
    assert any(text.startswith("Booked:") for text in to_winner)
    to_others = [r["message"] for r in elks.requests if r["to"] == people[1].mobile]
    assert any("already filled" in text for text in to_others)


def test_a_forged_webhook_is_not_found_and_changes_nothing(client, elks, people, sent):
    before = _state()
    messages_before = Message.objects.count()
    assert _post_inbound(client, people[0], f"JA {sent[0].code}", secret="forged").status_code == 404
    assert _state() == before and Message.objects.count() == messages_before and elks.requests == []


def test_an_answer_from_an_unknown_number_through_the_gateway_costs_nothing(
    client, elks, people, sent, django_capture_on_commit_callbacks
):
    before, messages_before = _state(), Message.objects.count()
    stranger = SimpleNamespace(mobile="+46709998877")
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_inbound(client, stranger, f"JA {sent[0].code}", gateway_id="u1").status_code == 200
    assert _state() == before and Message.objects.count() == messages_before
    assert [r for r in elks.requests if r["to"] == stranger.mobile] == []
