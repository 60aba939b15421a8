"""What one answer to an offer costs: SQL queries of a winning accept and of a refusal, through the
real view (session, CSRF, every rule), with sessions read as production reads them (the cache in
front of the database). The figures are the budget of issue 21; bench/offer_race.py measures the
time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import Booking, Offer, OfferStatus
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.tests.factories import ShiftFactory, substitute_ready_for

pytestmark = pytest.mark.django_db

# A winning accept: the user with their roles (one query, accounts/login/backends.py), the offer,
# the shift locked, its open offers locked, the substitute locked with their profile, role,
# agreement and introduction (booking/locked.py), their bookings and availability (periods and
# weekly) in one query, the booking, the offers' new states (one UPDATE), the recipients' push
# choices (one query for all the SMS: whoever chose push gets a push notice instead), the SMS (one
# INSERT), the audit rows (one INSERT).
WIN_QUERIES = 11
SAVEPOINT = 2  # SAVEPOINT and RELEASE: the accept's transaction inside the test's own


@pytest.fixture(autouse=True)
def _sessions_as_in_production(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def sent():
    shift = ShiftFactory(
        starts_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=3),
        ends_at=timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=8),
    )
    people = [substitute_ready_for(shift, language="sv") for _ in range(3)]
    return offers.offer_send(shifts=[shift], by=StaffingCentreFactory(), substitutes=people).offers


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = "a" * 32
    return client


def _accept(offer: Offer) -> tuple[int, list[str]]:
    client = _client(offer.substitute)
    client.get("/health/")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("offers:page", args=[offer.token]), {"answer": "accept", "csrfmiddlewaretoken": "a" * 32}
        )
    return response.status_code, [query["sql"] for query in queries.captured_queries]


def test_a_winning_accept_and_a_refusal_stay_within_their_query_budget(sent):
    status, won = _accept(sent[0])
    assert status == 302, won
    assert len(won) <= WIN_QUERIES + SAVEPOINT, "\n".join(won)
    assert Booking.objects.get().substitute_id == sent[0].substitute_id
    assert dict(Offer.objects.values_list("pk", "status")) == {
        sent[0].pk: OfferStatus.ACCEPTED,
        sent[1].pk: OfferStatus.TAKEN,
        sent[2].pk: OfferStatus.TAKEN,
    }
    # Both audit rows and every SMS (the booking, and "taken" to the other two) in one INSERT each.
    assert AuditEvent.objects.filter(kind__in=["booking_created", "offer_answered"]).count() == 2
    assert Message.objects.filter(kind__in=["staffing_booking_created", "staffing_offer_closed"]).count() == 3

    status, refused = _accept(sent[1])
    assert status == 409
    assert len(refused) < len(won) - SAVEPOINT, "\n".join(refused)  # the refusal opens no transaction
    assert Booking.objects.count() == 1
