"""Offering a whole series to one person: one offer per passing shift, ONE SMS with one number and
one link; the person accepts all or some (web or SMS), each through the single offer's accept, the
shifts taken meanwhile reported; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.inbound import InboundSms, inbound_sms_dispatch
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import (
    Booking,
    BookingSource,
    BookingStatus,
    Offer,
    OfferChannel,
    OfferSend,
    OfferStatus,
    ShiftSeries,
    Workplace,
)
from vikarieportalen.staffing.offers import answers, notify
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.series import services
from vikarieportalen.staffing.series.tests.test_series_book import MONDAY, NOW, ready, week_series
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at
from vikarieportalen.testing import client_logged_in, postgresql_only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory()


@pytest.fixture
def workplace() -> Workplace:
    return WorkplaceFactory(name="Solrosen", address="Storgatan 1", phone="")


def _offer(series: ShiftSeries, person: User, by: User) -> services.SeriesOffered:
    return services.series_offer(series=series, substitute=person, by=by)


def _texts(kind: str) -> list[str]:
    return list(Message.objects.filter(kind=kind).values_list("text", flat=True))


def _in(sender: str, text: str, gateway_id: str = "in-1") -> None:
    inbound_sms_dispatch(
        InboundSms(
            gateway_id=gateway_id, sender=sender, to="+46766860000", text=text, received_at=timezone.now()
        )
    )


def _state() -> tuple[Any, ...]:
    """Everything an answer could change."""
    return (
        sorted(Offer.objects.values_list("pk", "status", "channel", "booking_id")),
        sorted(Booking.objects.values_list("pk", "status")),
        Message.objects.count(),
    )


# --- sending --------------------------------------------------------------------------------------


def test_each_passing_shift_gets_an_offer_and_the_person_one_sms(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace)
    sara = ready(workplace, language="en")
    result = _offer(series, sara, staff)

    assert [o.shift.day.weekday() for o in result.offers] == [0, 1, 2, 3, 4, 6]
    [(saturday, reasons)] = result.failed
    assert saturday.day.weekday() == 5 and "36 h" in reasons[0]  # the week's rest
    made = list(Offer.objects.filter(send=result.send))
    assert len(made) == 6 and not Booking.objects.exists()
    assert len({o.code for o in made}) == 1 and len({o.series_key for o in made}) == 1
    assert len({o.token for o in made}) == 6 and all(o.status == OfferStatus.OPEN for o in made)
    assert all(o.expires_at == o.shift.starts_at for o in made)
    # ONE SMS, not one per shift: the days, the one number and the one link.
    assert Message.objects.count() == 1
    [text] = _texts(notify.SMS_KIND_OFFER_SERIES)
    code, key = made[0].code, made[0].series_key
    assert text.startswith(f"Offer {code}: 6 shifts at Solrosen, 07:00-16:00: Mon 5 Oct, Tue 6 Oct,")
    assert f"Reply YES {code} for all of them or NO {code}" in text and f"/f/s/{key}/" in text
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_SENT).count() == 6


def test_the_sms_is_in_swedish_for_a_swedish_speaker(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="sv")
    _offer(week_series(workplace, days=2), sara, staff)
    [text] = _texts(notify.SMS_KIND_OFFER_SERIES)
    assert "2 pass på Solrosen, 07.00-16.00: mån 5 okt, tis 6 okt." in text
    assert "Svara JA" in text


def test_nobody_who_can_take_a_shift_gets_nothing_and_no_sms(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=3)
    stranger = SubstituteFactory(mobile="+46701234568")  # not introduced there
    with pytest.raises(services.SeriesOfferRefused) as refused:
        _offer(series, stranger, staff)
    assert len(refused.value.failed) == 3
    assert not OfferSend.objects.exists() and not Offer.objects.exists() and not Message.objects.exists()


def test_the_same_series_offered_twice_offers_nothing_new(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    sara = ready(workplace)
    _offer(series, sara, staff)
    before = _state()
    # The reasons are worded in the language active when refused: Swedish, whatever an earlier test
    # in the same process left active.
    with translation.override("sv"), pytest.raises(services.SeriesOfferRefused) as refused:
        _offer(series, sara, staff)
    assert [reasons for _shift, reasons in refused.value.failed] == [
        ["Har redan fått förfrågan om passet."]
    ] * 2
    assert _state() == before and OfferSend.objects.count() == 1


def test_only_the_staffing_centre_offers_a_series(workplace: Workplace) -> None:
    manager = WorkplaceManagerFactory()
    with pytest.raises(PermissionDenied):
        _offer(week_series(workplace, days=1), ready(workplace), manager)
    assert not Offer.objects.exists()


# --- answers by SMS --------------------------------------------------------------------------------


def test_yes_books_every_shift_with_one_sms_back(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace), sara, staff)
    _in(sara.mobile, f"JA {result.offers[0].code}")

    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.ACCEPTED}
    assert set(Offer.objects.values_list("channel", flat=True)) == {OfferChannel.SMS}
    bookings = Booking.objects.filter(substitute=sara, status=BookingStatus.ACTIVE)
    assert bookings.count() == 6 and {b.source for b in bookings} == {BookingSource.OFFER}
    # No booking SMS per shift: the one answer says what was booked.
    assert Message.objects.count() == 2
    [reply] = _texts(notify.SMS_KIND_OFFER_REPLY)
    assert reply.startswith(
        f"Booked (offer {result.offers[0].code}): 6 shifts at Solrosen, 07:00-16:00: Mon 5 Oct"
    )
    assert "Not booked" not in reply
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_ANSWERED).count() == 6
    # The gateway posting the same SMS again changes nothing.
    before = _state()
    _in(sara.mobile, f"JA {result.offers[0].code}")
    assert _state() == before


def test_a_bare_yes_answers_the_one_series_offer(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace)
    _offer(week_series(workplace, days=3), sara, staff)
    _in(sara.mobile, "ja")
    assert Booking.objects.filter(substitute=sara).count() == 3


def test_a_shift_taken_meanwhile_is_reported_and_the_rest_booked(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=3)
    sara = ready(workplace, language="en")
    result = _offer(series, sara, staff)
    tuesday = result.offers[1].shift
    BookingFactory(shift=tuesday, substitute=SubstituteFactory())  # booked directly meanwhile

    _in(sara.mobile, f"YES {result.offers[0].code}")

    assert Booking.objects.filter(substitute=sara, status=BookingStatus.ACTIVE).count() == 2
    assert Offer.objects.get(shift=tuesday).status == OfferStatus.TAKEN
    [reply] = _texts(notify.SMS_KIND_OFFER_REPLY)
    assert "2 shifts" in reply and "Not booked: Tue 6 Oct (already filled)." in reply


def test_the_rules_are_checked_again_at_acceptance(staff: User, workplace: Workplace) -> None:
    """Booked elsewhere on Wednesday after the offer: Wednesday is refused, its offer stays open."""
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=3), sara, staff)
    wednesday = MONDAY + dt.timedelta(days=2)
    BookingFactory(
        substitute=sara,
        shift=ShiftFactory(starts_at=at(2026, 10, 7, 6), ends_at=at(2026, 10, 7, 12)),
    )
    answers.offer_series_accept(series_key=result.offers[0].series_key, by=sara, substitute=sara)

    offered = {o.shift.day: o for o in Offer.objects.filter(send=result.send)}
    assert offered[wednesday].status == OfferStatus.OPEN and offered[wednesday].booking_id is None
    assert Booking.objects.filter(substitute=sara, shift__series__isnull=False).count() == 2


def test_no_declines_every_shift(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=3), sara, staff)
    _in(sara.mobile, f"nej {result.offers[0].code}")
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.DECLINED}
    assert not Booking.objects.exists()
    [reply] = _texts(notify.SMS_KIND_OFFER_REPLY)
    assert reply == f"Thank you. We have noted your no to offer {result.offers[0].code}."


def test_withdrawing_a_series_offer_sends_one_sms(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="sv")
    result = _offer(week_series(workplace, days=3), sara, staff)
    Message.objects.all().delete()

    assert offers.offer_withdraw(send=result.send, by=staff) == 3

    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.WITHDRAWN}
    [text] = _texts(notify.SMS_KIND_OFFER_CLOSED)  # one SMS for the three shifts
    code = result.offers[0].code
    assert text == (
        f"Förfrågan {code} (3 pass på Solrosen, mån 5 okt till ons 7 okt) är återkallad. "
        "Du behöver inte svara."
    )


def test_a_shift_withdrawn_alone_then_the_rest_are_two_sms(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=3), sara, staff)
    Message.objects.all().delete()
    first, *_rest = sorted(result.offers, key=lambda o: o.shift.starts_at)

    offers.offer_withdraw(send=result.send, by=staff, offer=first)
    offers.offer_withdraw(send=result.send, by=staff)

    texts = _texts(notify.SMS_KIND_OFFER_CLOSED)
    assert len(texts) == 2
    assert any(t.startswith(f"The offer {first.code} (Mon 5 Oct 07:00-16:00") for t in texts)
    assert any("(2 shifts at Solrosen, Tue 6 Oct to Wed 7 Oct)" in t for t in texts)


def test_a_bare_yes_with_a_series_and_another_offer_open_asks_which(
    staff: User, workplace: Workplace
) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=2), sara, staff)
    single = ShiftFactory(workplace=workplace, starts_at=at(2026, 10, 20, 7), ends_at=at(2026, 10, 20, 12))
    [lone] = offers.offer_send(shifts=[single], by=staff, substitutes=[sara]).offers
    before = sorted(Offer.objects.values_list("pk", "status"))

    _in(sara.mobile, "JA")

    assert sorted(Offer.objects.values_list("pk", "status")) == before and not Booking.objects.exists()
    [reply] = _texts(notify.SMS_KIND_OFFER_REPLY)
    assert f"{result.offers[0].code}, {lone.code}." in reply  # the series' number named once


# --- the substitute's page -----------------------------------------------------------------------


def _page(offer: Offer) -> str:
    return f"/f/s/{offer.series_key}/"


def test_the_page_lists_the_shifts_and_accepts_the_ticked_ones(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=4), sara, staff)
    client = client_logged_in(sara)
    page = client.get(_page(result.offers[0])).content.decode()
    assert "4 shifts offered together" in page and page.count('name="offers"') == 4

    chosen = [result.offers[0].pk, result.offers[2].pk]
    response = client.post(_page(result.offers[0]), {"answer": "accept", "offers": chosen}, follow=True)

    assert response.status_code == 200
    assert "2 shifts are yours: Mon 5 Oct, Wed 7 Oct." in response.content.decode()
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert [statuses[o.pk] for o in result.offers] == ["accepted", "open", "accepted", "open"]
    assert set(Offer.objects.filter(pk__in=chosen).values_list("channel", flat=True)) == {OfferChannel.WEB}
    assert Message.objects.count() == 1  # no booking SMS: the page said it


def test_the_page_reports_a_shift_taken_meanwhile(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=2), sara, staff)
    BookingFactory(shift=result.offers[1].shift, substitute=SubstituteFactory())
    response = client_logged_in(sara).post(
        _page(result.offers[0]), {"answer": "accept", "offers": [o.pk for o in result.offers]}, follow=True
    )
    page = response.content.decode()
    assert "1 shift is yours: Mon 5 Oct." in page
    assert "Not booked: Tue 6 Oct: Sorry, the shift is already filled." in page


def test_the_page_declines_them_all(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=3), sara, staff)
    response = client_logged_in(sara).post(_page(result.offers[0]), {"answer": "decline"}, follow=True)
    assert "You have declined 3 shifts." in response.content.decode()
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.DECLINED}


@pytest.mark.parametrize(
    "data",
    [
        {"answer": "accept"},  # nothing ticked
        {"answer": "accept", "offers": ["999999"]},  # not one of the series
        {"answer": "accept", "offers": ["x"]},
        {"answer": "maybe"},
        {},
    ],
)
def test_bad_input_on_the_page_changes_nothing(
    staff: User, workplace: Workplace, data: dict[str, Any]
) -> None:
    sara = ready(workplace, language="en")
    result = _offer(week_series(workplace, days=2), sara, staff)
    before = _state()
    response = client_logged_in(sara).post(_page(result.offers[0]), data)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert _state() == before


def test_someone_elses_or_an_unknown_link_is_a_404(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace)
    result = _offer(week_series(workplace, days=1), sara, staff)
    other = client_logged_in(SubstituteFactory())
    before = _state()
    assert other.get(_page(result.offers[0])).status_code == 404
    assert other.post(_page(result.offers[0]), {"answer": "decline"}).status_code == 404
    assert client_logged_in(sara).get("/f/s/nosuchkey123/").status_code == 404
    assert _state() == before


def test_my_offers_and_each_offer_link_to_the_series_page(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace)
    result = _offer(week_series(workplace, days=2), sara, staff)
    client = client_logged_in(sara)
    assert _page(result.offers[0]) in client.get("/bemanning/mina-forfragningar/").content.decode()
    assert _page(result.offers[0]) in client.get(f"/f/{result.offers[1].token}/").content.decode()


def test_the_start_page_shows_a_series_offer_once_with_its_page(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace, language="sv")
    result = _offer(week_series(workplace, days=3), sara, staff)
    day = MONDAY + dt.timedelta(days=9)
    single = ShiftFactory(workplace=workplace, starts_at=at(day.year, day.month, day.day, 7))
    offers.offer_send(shifts=[single], substitutes=[sara], by=staff)

    html = _swedish(sara).get("/").content.decode()
    panel = html.split('id="open-offers"')[1].split("</article>")[0]
    key = result.offers[0].series_key
    assert panel.count(f"/f/s/{key}/") == 1  # the series once, not a row per shift
    assert "3 pass på Solrosen, mån 5 okt till ons 7 okt" in panel
    assert panel.count('class="offer-quick__item"') == 2  # the series and the single offer
    assert panel.count('value="accept"') == 1  # one tap only for the single offer


# --- the staffing centre's step --------------------------------------------------------------------


def _swedish(user: User) -> Client:
    client = client_logged_in(user)
    client.cookies["vp_language"] = "sv"
    return client


def test_offering_from_the_series_page(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace)
    sara = ready(workplace)
    client = _swedish(staff)
    page = client.get(f"/bemanning/serie/{series.pk}/boka/", {"substitute": sara.pk}).content.decode()
    assert "Förfråga 6 pass till Sara Ek" in page

    response = client.post(f"/bemanning/serie/{series.pk}/forfraga/", {"substitute": sara.pk}, follow=True)

    send = OfferSend.objects.get()
    assert response.redirect_chain[-1][0] == f"/bemanning/forfragningar/{send.pk}/"
    text = response.content.decode()
    assert "Sara Ek har fått förfrågan om 6 av 7 pass i en förfrågan." in text
    assert "Förfrågades inte:" in text
    assert Offer.objects.filter(send=send).count() == 6


def test_a_series_nobody_can_take_is_refused_on_the_page(staff: User, workplace: Workplace) -> None:
    series = week_series(workplace, days=2)
    stranger = SubstituteFactory(preferred_given_name="Olle", family_name="Berg")
    response = _swedish(staff).post(f"/bemanning/serie/{series.pk}/forfraga/", {"substitute": stranger.pk})
    assert response.status_code == 302 and f"substitute={stranger.pk}" in response["Location"]
    assert not Offer.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize("data", [{}, {"substitute": "x"}, {"substitute": "999999"}])
def test_bad_input_offers_nothing(staff: User, workplace: Workplace, data: dict[str, str]) -> None:
    series = week_series(workplace, days=1)
    client = _swedish(staff)
    response = client.post(f"/bemanning/serie/{series.pk}/forfraga/", data, follow=True)
    assert "Välj en vikarie ur poolen." in response.content.decode()
    assert not OfferSend.objects.exists() and not Message.objects.exists()
    assert client.get(f"/bemanning/serie/{series.pk}/forfraga/").status_code == 405


# --- the database's last word ------------------------------------------------------------------


def test_a_series_offers_number_is_refused_for_another_open_single_offer(
    staff: User, workplace: Workplace
) -> None:
    """SQLite and PostgreSQL: two open single offers of one person never share a number."""
    sara = ready(workplace)
    result = _offer(week_series(workplace, days=1), sara, staff)
    send = OfferSend.objects.create()
    Offer.objects.create(
        send=send,
        shift=ShiftFactory(workplace=workplace),
        substitute=sara,
        code="1234",
        token="singleTok001",
        expires_at=result.offers[0].expires_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            send=send,
            shift=ShiftFactory(workplace=workplace),
            substitute=sara,
            code="1234",
            token="singleTok002",
            expires_at=result.offers[0].expires_at,
        )


@postgresql_only
def test_postgresql_refuses_one_number_in_two_series_offers(staff: User, workplace: Workplace) -> None:
    sara = ready(workplace)
    first = _offer(week_series(workplace, days=1), sara, staff).offers[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            send=first.send,
            shift=ShiftFactory(workplace=workplace),
            substitute=sara,
            code=first.code,
            token="otherSeries1",
            series_key="otherSeriesKey",
            expires_at=first.expires_at,
        )
