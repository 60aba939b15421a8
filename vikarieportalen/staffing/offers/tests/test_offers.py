"""Offer services: sending, first-to-accept, decline, withdraw, expiry, rounds, answers by SMS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.formats import date_format

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.inbound import InboundSms, inbound_sms_dispatch
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking.services import booking_create
from vikarieportalen.staffing.models import (
    AvailabilityPeriod,
    Booking,
    BookingSource,
    BookingStatus,
    Offer,
    OfferChannel,
    OfferSend,
    OfferStatus,
    ShiftStatus,
)
from vikarieportalen.staffing.offers import answers, notify, tasks
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.sms import offer_sms_inbound
from vikarieportalen.staffing.tests.factories import ShiftFactory, substitute_ready_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _soon(hours: float) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=hours)


@pytest.fixture
def shift():
    return ShiftFactory(starts_at=_soon(0), ends_at=_soon(8), break_minutes=30)


@pytest.fixture
def staff():
    return StaffingCentreFactory()


@pytest.fixture
def people(shift):
    return [substitute_ready_for(shift, language="en") for _ in range(3)]


def _send(shift, staff, people, **kwargs):
    return offers.offer_send(shifts=[shift], by=staff, substitutes=people, **kwargs)


def _sms(user, kind=None):
    messages = Message.objects.filter(recipient=user)
    if kind:
        messages = messages.filter(kind=kind)
    return list(messages.values_list("text", flat=True))


# --- sending ---------------------------------------------------------------------------------------


def test_each_chosen_substitute_gets_an_offer_with_a_code_a_link_and_an_sms(shift, staff, people):
    result = _send(shift, staff, people)
    assert len(result.offers) == 3 and not result.skipped
    for offer in Offer.objects.filter(send=result.send):
        assert offer.status == OfferStatus.OPEN and offer.round == 1
        assert len(offer.code) == 4 and len(offer.token) == 12
        assert offer.expires_at == shift.starts_at
        [text] = _sms(offer.substitute, notify.SMS_KIND_OFFER)
        assert f"YES {offer.code}" in text and f"/f/{offer.token}/" in text
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_SENT).count() == 3


def test_the_sms_is_in_the_substitutes_language(shift, staff):
    swede = substitute_ready_for(shift, language="sv")
    _send(shift, staff, [swede])
    [text] = _sms(swede, notify.SMS_KIND_OFFER)
    with translation.override("sv"):
        swedish_day = date_format(timezone.localtime(shift.starts_at).date(), "D j b")  # "tors 10 dec"
        times = f"{timezone.localtime(shift.starts_at):%H.%M}-{timezone.localtime(shift.ends_at):%H.%M}"
    assert f"{swedish_day} {times}" in text


def test_top_n_offers_the_best_ranked_eligible_candidates(shift, staff, people):
    SubstituteFactory()  # not introduced: never offered
    result = offers.offer_send(shifts=[shift], by=staff, top_n=2)
    assert len(result.offers) == 2
    assert {o.substitute_id for o in result.offers} <= {p.pk for p in people}


def test_someone_who_cannot_take_the_shift_or_was_offered_it_is_skipped(shift, staff, people):
    stranger = SubstituteFactory()
    _send(shift, staff, people[:1])
    result = _send(shift, staff, [people[0], people[1], stranger])
    assert [o.substitute_id for o in result.offers] == [people[1].pk]
    assert {user.pk for _s, user, _r in result.skipped} == {people[0].pk, stranger.pk}


def test_nobody_to_offer_is_refused_and_nothing_is_saved(shift, staff):
    with pytest.raises(offers.OfferRefused) as refused:
        _send(shift, staff, [SubstituteFactory()])
    assert refused.value.code == "nobody"
    assert not OfferSend.objects.exists() and not Offer.objects.exists() and not Message.objects.exists()


def test_an_answer_time_in_the_past_is_refused(shift, staff, people):
    with pytest.raises(offers.OfferRefused):
        _send(shift, staff, people, answer_by=timezone.now() - dt.timedelta(minutes=1))
    assert not Offer.objects.exists()


def test_only_the_staffing_centre_sends_offers(shift, people):
    with pytest.raises(PermissionDenied):
        _send(shift, people[0], people)


def test_a_booked_shift_is_not_offered(shift, staff, people):
    booking_create(shift=shift, substitute=people[0], by=staff)
    with pytest.raises(offers.OfferRefused):
        offers.offer_send(shifts=[shift], by=staff, top_n=3)


def test_codes_of_one_mobile_number_are_unique_across_the_people_sharing_it(staff):
    shared = "+46701112233"
    first_shift = ShiftFactory(starts_at=_soon(0), ends_at=_soon(8))
    second_shift = ShiftFactory(starts_at=_soon(24), ends_at=_soon(32))
    parent = substitute_ready_for(first_shift, mobile=shared)
    child = substitute_ready_for(second_shift, mobile=shared)
    codes = {
        _send(first_shift, staff, [parent]).offers[0].code,
        _send(second_shift, staff, [child]).offers[0].code,
    }
    assert len(codes) == 2


# --- accepting -------------------------------------------------------------------------------------


def test_the_first_to_accept_is_booked_and_the_others_are_told_it_is_filled(shift, staff, people):
    result = _send(shift, staff, people)
    first, *others = result.offers
    accepted = answers.offer_accept(offer=first, by=people[0], channel=OfferChannel.WEB)
    assert accepted.status == OfferStatus.ACCEPTED and accepted.channel == "web"
    booking = Booking.objects.get(shift=shift, status=BookingStatus.ACTIVE)
    assert booking.substitute == people[0] and booking.source == BookingSource.OFFER
    assert accepted.booking == booking
    for offer in others:
        offer.refresh_from_db()
        assert offer.status == OfferStatus.TAKEN
        assert any("already filled" in text for text in _sms(offer.substitute, notify.SMS_KIND_OFFER_CLOSED))
    assert (
        AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_ANSWERED, details__answer="accepted").count()
        == 1
    )


def test_a_second_acceptance_is_refused_as_taken_and_books_nothing(shift, staff, people):
    first, second, _third = _send(shift, staff, people).offers
    answers.offer_accept(offer=first, by=people[0])
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=second, by=people[1])
    assert refused.value.code == offers.TAKEN
    assert refused.value.message == "Sorry, the shift is already filled."
    assert Booking.objects.filter(shift=shift).count() == 1


def test_accepting_twice_books_once(shift, staff, people):
    first = _send(shift, staff, people).offers[0]
    answers.offer_accept(offer=first, by=people[0])
    again = answers.offer_accept(offer=first, by=people[0])
    assert again.status == OfferStatus.ACCEPTED
    assert Booking.objects.filter(shift=shift).count() == 1


def test_an_expired_offer_is_refused_and_marked_expired(shift, staff, people, time_machine):
    offer = _send(shift, staff, people, answer_by=timezone.now() + dt.timedelta(hours=1)).offers[0]
    time_machine.move_to(timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=offer, by=people[0])
    assert refused.value.code == offers.EXPIRED
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED and not Booking.objects.exists()


def test_a_withdrawn_offer_is_refused(shift, staff, people):
    result = _send(shift, staff, people)
    assert offers.offer_withdraw(send=result.send, by=staff) == 3
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=result.offers[0], by=people[0])
    assert refused.value.code == offers.WITHDRAWN and not Booking.objects.exists()
    assert all(_sms(p, notify.SMS_KIND_OFFER_CLOSED) for p in people)
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_WITHDRAWN).count() == 3


def test_someone_elses_offer_cannot_be_answered(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    with pytest.raises(PermissionDenied):
        answers.offer_accept(offer=offer, by=people[1])
    with pytest.raises(PermissionDenied):
        answers.offer_decline(offer=offer, by=people[1])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN and not Booking.objects.exists()


def test_eligibility_is_checked_again_when_accepting(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    AvailabilityPeriod.objects.filter(substitute=people[0]).delete()
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=offer, by=people[0])
    assert refused.value.code == offers.NOT_ELIGIBLE
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN and not Booking.objects.exists()


def test_a_shift_booked_directly_meanwhile_makes_the_offers_taken(shift, staff, people):
    offer = _send(shift, staff, people[:2]).offers[0]
    booking_create(shift=shift, substitute=people[2], by=staff)
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=offer, by=people[0])
    assert refused.value.code == offers.TAKEN
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.TAKEN}


def test_a_cancelled_shift_withdraws_the_offer(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    shift.status, shift.cancelled_at = ShiftStatus.CANCELLED, timezone.now()
    shift.save()
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=offer, by=people[0])
    assert refused.value.code == offers.WITHDRAWN


# --- declining, expiry, rounds ---------------------------------------------------------------------


def test_declining_is_recorded_once(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    declined = answers.offer_decline(offer=offer, by=people[0], channel=OfferChannel.SMS)
    assert declined.status == OfferStatus.DECLINED and declined.channel == "sms" and declined.responded_at
    answers.offer_decline(offer=offer, by=people[0])
    assert (
        AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_ANSWERED, details__answer="declined").count()
        == 1
    )
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=offer, by=people[0])
    assert refused.value.code == offers.DECLINED


def test_the_expiry_job_closes_offers_past_their_time_and_is_harmless_twice(shift, staff, people):
    _send(shift, staff, people[:1], answer_by=timezone.now() + dt.timedelta(hours=1))
    assert tasks.offers_expire(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(hours=2)
    assert tasks.offers_expire(now=later) == 1
    assert tasks.offers_expire(now=later) == 0
    assert Offer.objects.get().status == OfferStatus.EXPIRED


def test_the_expiry_job_closes_offers_of_shifts_booked_directly(shift, staff, people):
    _send(shift, staff, people[:2])
    booking_create(shift=shift, substitute=people[2], by=staff)
    assert tasks.offers_expire() == 2
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.TAKEN}


def test_automatic_rounds_offer_the_next_candidates_until_someone_accepts(shift, staff, people):
    extra = [substitute_ready_for(shift) for _ in range(2)]
    result = offers.offer_send(shifts=[shift], by=staff, top_n=2, round_size=2, round_minutes=30)
    send = result.send
    assert send.next_round_at is not None
    assert tasks.offer_rounds_run(now=timezone.now()) == 0  # not yet
    made = tasks.offer_rounds_run(now=send.next_round_at + dt.timedelta(seconds=1))
    assert made == 2
    send.refresh_from_db()
    assert send.rounds == 2
    offered = set(Offer.objects.values_list("substitute_id", flat=True))
    assert len(offered) == 4 and offered <= {p.pk for p in [*people, *extra]}
    assert set(Offer.objects.filter(round=2).values_list("round", flat=True)) == {2}
    newest = Offer.objects.filter(round=2).first()
    answers.offer_accept(offer=newest, by=newest.substitute)
    assert tasks.offer_rounds_run(now=send.next_round_at + dt.timedelta(seconds=1)) == 0
    send.refresh_from_db()
    assert send.next_round_at is None


# --- answers by SMS --------------------------------------------------------------------------------


def _inbound(user, text, gateway_id="in-1"):
    return inbound_sms_dispatch(
        InboundSms(
            gateway_id=gateway_id,
            sender=user.mobile,
            to="+46766860000",
            text=text,
            received_at=timezone.now(),
        )
    )


@pytest.fixture(autouse=True)
def _handler_registered():
    from vikarieportalen.notifications.inbound import inbound_handler_register

    inbound_handler_register("staffing.offers", offer_sms_inbound)


def test_yes_by_sms_books_and_the_booking_sms_confirms(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    assert _inbound(people[0], f"ja {offer.code}") == "staffing.offers"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.channel == "sms"
    assert any(text.startswith("Booked:") for text in _sms(people[0]))


def test_no_by_sms_declines_and_thanks(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    _inbound(people[0], f"NEJ {offer.code}")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert any("noted your no" in text for text in _sms(people[0], notify.SMS_KIND_OFFER_REPLY))


def test_a_late_yes_by_sms_hears_it_is_filled_once(shift, staff, people):
    first, second, _third = _send(shift, staff, people).offers
    answers.offer_accept(offer=first, by=people[0])
    _inbound(people[1], f"JA {second.code}", gateway_id="a")
    _inbound(people[1], f"JA {second.code}", gateway_id="b")
    texts = _sms(people[1])
    assert sum("already filled" in text for text in texts) == 1
    assert Booking.objects.filter(shift=shift).count() == 1


def test_the_same_sms_posted_twice_books_once_and_replies_once(shift, staff, people):
    offer = _send(shift, staff, people).offers[0]
    _inbound(people[0], f"JA {offer.code}", gateway_id="same")
    _inbound(people[0], f"JA {offer.code}", gateway_id="same")
    assert Booking.objects.filter(shift=shift).count() == 1
    assert sum(text.startswith("Booked:") for text in _sms(people[0])) == 1


def test_an_unknown_code_gets_a_clear_reply_and_changes_nothing(shift, staff, people):
    _send(shift, staff, people)
    _inbound(people[0], "JA 1")
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.OPEN}
    assert any("no open offer 1" in text for text in _sms(people[0], notify.SMS_KIND_OFFER_REPLY))


def test_a_shared_number_with_the_same_open_code_is_ambiguous_and_changes_nothing(shift, staff):
    shared = "+46702223344"
    a = substitute_ready_for(shift, mobile=shared)
    b = substitute_ready_for(shift, mobile=shared)
    result = _send(shift, staff, [a, b])
    # Codes never collide within one number, so a bare "JA" is what can be ambiguous.
    assert len({o.code for o in result.offers}) == 2
    _inbound(a, "JA")
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.OPEN}
    assert Message.objects.filter(to_number=shared, kind=notify.SMS_KIND_OFFER_REPLY, recipient=None).exists()


def test_a_shared_number_answers_the_offer_with_that_code(shift, staff):
    shared = "+46702223345"
    a = substitute_ready_for(shift, mobile=shared)
    b = substitute_ready_for(shift, mobile=shared)
    offer_b = _send(shift, staff, [a, b]).offers[1]
    _inbound(a, f"JA {offer_b.code}")
    offer_b.refresh_from_db()
    assert offer_b.status == OfferStatus.ACCEPTED and offer_b.booking.substitute == b


def test_an_unreadable_sms_from_someone_without_offers_is_left_to_others(shift, staff, people):
    assert _inbound(people[0], "hej") is None
    assert not Message.objects.exists()


def test_a_booking_the_checks_missed_is_refused_by_the_database_and_the_answer_changes_nothing(
    shift, staff, people, monkeypatch
):
    """The accept's INSERT has no savepoint of its own: when the database's constraint refuses it,
    the whole answer rolls back (no audit row, no SMS, the offers as they were) and the substitute
    hears the shift is filled."""
    from vikarieportalen.staffing.booking import services as booking_services

    sent = _send(shift, staff, people).offers
    booking_create(shift=shift, substitute=people[2], by=staff)  # a direct booking, offers left open
    monkeypatch.setattr(booking_services.rules, "shift_state_check", lambda **kwargs: [])
    before = (
        sorted(Offer.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
        Message.objects.count(),
    )
    with pytest.raises(offers.OfferRefused) as refused:
        answers.offer_accept(offer=sent[0], by=people[0])
    assert refused.value.code == offers.TAKEN
    assert Booking.objects.filter(status=BookingStatus.ACTIVE).count() == 1
    assert (
        sorted(Offer.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
        Message.objects.count(),
    ) == before
