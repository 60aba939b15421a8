"""The demo's series offer: JOSA9804 has one waiting, one SMS with one link; a second run adds nothing."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.demo.common import FIRST_SUBSTITUTE
from vikarieportalen.demo.staffing.series_offer import STAFF, demo_series_offer_build
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import Offer, OfferStatus
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


def test_josa_has_a_series_offer_waiting_and_a_second_run_adds_nothing() -> None:
    StaffingCentreFactory(username=STAFF)
    josa = SubstituteFactory(username=FIRST_SUBSTITUTE, mobile="+46701234567")
    IntroductionFactory(substitute=josa, workplace=WorkplaceFactory(name="Solrosen"))
    counted: list[bool] = []

    demo_series_offer_build(count=lambda _what, created: counted.append(created))
    demo_series_offer_build(count=lambda _what, created: counted.append(created))

    assert counted == [True, False]
    offers = Offer.objects.filter(substitute=josa, status=OfferStatus.OPEN)
    assert offers.count() >= 2 and len({o.series_key for o in offers}) == 1 and offers[0].series_key
    assert Message.objects.filter(recipient=josa).count() == 1
