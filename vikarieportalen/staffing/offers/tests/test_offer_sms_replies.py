"""Who is answered when an SMS comes in, and what the answer says (issue 16, item 8).

The class of fault: a reply that costs money and helps nobody (to a number no user has), and a
reply that names an offer number the person does not have ("JA 4711", the example). No reply may
name a number other than the person's own open offers.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.inbound import InboundSms, inbound_handler_register, inbound_sms_dispatch
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import Offer, OfferStatus
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.notify import SMS_KIND_OFFER_REPLY
from vikarieportalen.staffing.offers.sms import offer_sms_inbound
from vikarieportalen.staffing.tests.factories import ShiftFactory, substitute_ready_for

pytestmark = pytest.mark.django_db

UNKNOWN = "+46709998877"


@pytest.fixture(autouse=True)
def _handler():
    inbound_handler_register("staffing.offers", offer_sms_inbound)


@pytest.fixture
def shift():
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    return ShiftFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8))


def _offer(shift, person, code: str) -> Offer:
    offer = offers.offer_send(shifts=[shift], by=StaffingCentreFactory(), substitutes=[person]).offers[0]
    Offer.objects.filter(pk=offer.pk).update(code=code)
    offer.refresh_from_db()
    return offer


def _second_offer(first: Offer, code: str) -> Offer:
    """A second open offer to the same person, for a later shift (a copy of the first row)."""
    later = ShiftFactory(
        workplace=first.shift.workplace,
        starts_at=first.shift.starts_at + dt.timedelta(days=1),
        ends_at=first.shift.ends_at + dt.timedelta(days=1),
    )
    first.pk = None
    first.shift, first.code, first.token = later, code, f"second-{code}"
    first.save(force_insert=True)
    return first


def _in(sender: str, text: str, gateway_id: str = "in-1") -> str | None:
    return inbound_sms_dispatch(
        InboundSms(
            gateway_id=gateway_id, sender=sender, to="+46766860000", text=text, received_at=timezone.now()
        )
    )


def _replies() -> list[str]:
    return list(Message.objects.filter(kind=SMS_KIND_OFFER_REPLY).values_list("text", flat=True))


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d{4}\b", text))


@pytest.mark.parametrize("text", ["JA 4711", "NEJ 1234", "JA", "nej", "hej", "STOP"])
def test_an_unknown_number_gets_no_reply_and_is_logged_without_the_number(text, caplog) -> None:
    with caplog.at_level(logging.INFO):
        assert _in(UNKNOWN, text) is None
    assert not Message.objects.exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "in-1" in logged and UNKNOWN not in logged and UNKNOWN[3:] not in logged


def test_an_inactive_users_number_is_unknown(shift) -> None:
    person = substitute_ready_for(shift, language="en")
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert _in(person.mobile, "JA 1234") is None
    assert _replies() == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_unreadable_text_gets_help_naming_the_persons_own_offer_number(shift, language) -> None:
    person = substitute_ready_for(shift, language=language)
    _offer(shift, person, "5821")
    assert _in(person.mobile, "vad menar ni?") == "staffing.offers"
    [reply] = _replies()
    assert _numbers(reply) == {"5821"}
    assert ("Svara JA 5821" if language == "sv" else "Reply YES 5821") in reply


def test_unreadable_text_with_two_open_offers_names_both(shift) -> None:
    person = substitute_ready_for(shift, language="en")
    _second_offer(_offer(shift, person, "5821"), "6932")
    _in(person.mobile, "?")
    [reply] = _replies()
    assert _numbers(reply) == {"5821", "6932"}


def test_unreadable_text_when_the_only_offer_has_expired_gets_no_reply(shift) -> None:
    """Open in the table but past its time (the expiry job has not run): nothing to answer."""
    person = substitute_ready_for(shift, language="en")
    offer = _offer(shift, person, "5821")
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert _in(person.mobile, "hej") is None
    assert _replies() == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "Du har ingen öppen förfrågan att svara på."), ("en", "You have no open offer to answer.")],
)
def test_a_yes_with_nothing_open_is_told_so_truthfully(shift, language, expected) -> None:
    person = substitute_ready_for(shift, language=language)
    assert _in(person.mobile, "JA") == "staffing.offers"
    [reply] = _replies()
    assert expected in reply and _numbers(reply) == set()
    assert not Offer.objects.exists()


def test_a_bare_yes_with_two_open_offers_names_them_and_changes_nothing(shift) -> None:
    person = substitute_ready_for(shift, language="en")
    _second_offer(_offer(shift, person, "5821"), "6932")
    _in(person.mobile, "ja")
    [reply] = _replies()
    assert _numbers(reply) == {"5821", "6932"}
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.OPEN}


def test_no_reply_text_holds_the_example_number_in_any_language(shift) -> None:
    """The class: whatever the person sends, a reply names only numbers they were offered."""
    person = substitute_ready_for(shift, language="sv")
    _offer(shift, person, "5821")
    for n, text in enumerate(["hej", "JA 9999", "NEJ 1", "ja", "??"]):
        _in(person.mobile, text, gateway_id=f"g{n}")
    for reply in _replies():
        assert "4711" not in reply
