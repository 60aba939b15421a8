"""First-to-accept under real concurrency: web and SMS acceptances of one shift at the same moment.

Needs concurrent transactions, so PostgreSQL only (on SQLite writers are serialised anyway).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.inbound import InboundSms
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import Booking, BookingStatus, Offer, OfferChannel, OfferStatus
from vikarieportalen.staffing.offers import answers
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.sms import offer_sms_inbound
from vikarieportalen.staffing.tests.factories import ShiftFactory, substitute_ready_for
from vikarieportalen.testing import in_thread, postgresql_only


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_web_and_sms_acceptances_at_the_same_moment_give_exactly_one_booking():
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    shift = ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=8), break_minutes=30)
    people = [substitute_ready_for(shift, language="en") for _ in range(8)]
    sent = offers.offer_send(shifts=[shift], by=StaffingCentreFactory(), substitutes=people).offers
    barrier = threading.Barrier(len(sent))

    def by_web(offer: Offer) -> Callable[[], object]:
        def work() -> object:
            barrier.wait(10)
            return answers.offer_accept(offer=offer, by=offer.substitute, channel=OfferChannel.WEB)

        return work

    def by_sms(offer: Offer) -> Callable[[], object]:
        def work() -> object:
            sms = InboundSms(
                gateway_id=f"race-{offer.pk}",
                sender=offer.substitute.mobile,
                to="+46766860000",
                text=f"JA {offer.code}",
                received_at=timezone.now(),
            )
            barrier.wait(10)
            return offer_sms_inbound(sms)

        return work

    runs = [in_thread(by_web(o) if i % 2 == 0 else by_sms(o)) for i, o in enumerate(sent)]
    for thread, _outcome in runs:
        thread.start()
    for thread, _outcome in runs:
        thread.join(30)

    outcomes = [outcome for _thread, outcome in runs]
    web_errors = [o["error"] for o in outcomes if "error" in o]
    # Web losers are refused as taken; SMS losers are answered by SMS (no exception).
    assert all(isinstance(e, offers.OfferRefused) and e.code == offers.TAKEN for e in web_errors), web_errors
    assert Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).count() == 1
    statuses = list(Offer.objects.filter(shift=shift).values_list("status", flat=True))
    assert statuses.count(OfferStatus.ACCEPTED) == 1
    assert statuses.count(OfferStatus.TAKEN) == len(sent) - 1
    winner = Offer.objects.get(shift=shift, status=OfferStatus.ACCEPTED)
    assert winner.booking is not None and winner.booking.substitute_id == winner.substitute_id
    # Every loser hears "filled" exactly once, whether they answered by web, by SMS or not at all.
    for offer in Offer.objects.filter(shift=shift, status=OfferStatus.TAKEN):
        texts = Message.objects.filter(recipient_id=offer.substitute_id, text__contains="already filled")
        assert texts.count() == 1
