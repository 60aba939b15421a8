"""Django admin for staffing: every list and form opens; bookings are read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vikarieportalen.accounts.tests.factories import AdministratorFactory
from vikarieportalen.staffing.models import Booking
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    SubstituteProfileFactory,
    SubstituteQualificationFactory,
    WeeklyAvailabilityFactory,
)
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

MODELS = [
    "workplace",
    "qualification",
    "agreement",
    "substitutequalification",
    "introduction",
    "substituteprofile",
    "availabilityperiod",
    "weeklyavailability",
    "shiftseries",
    "shift",
    "booking",
]


@pytest.fixture
def admin_client():
    return client_logged_in(AdministratorFactory())  # with high assurance, as the admin needs


@pytest.fixture
def booking():
    booking = BookingFactory()
    IntroductionFactory(substitute=booking.substitute, workplace=booking.workplace)
    SubstituteQualificationFactory(substitute=booking.substitute)
    SubstituteProfileFactory(user=booking.substitute)
    AvailabilityPeriodFactory(substitute=booking.substitute)
    WeeklyAvailabilityFactory(substitute=booking.substitute)
    return booking


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_opens(admin_client, booking, model):
    assert admin_client.get(reverse(f"admin:staffing_{model}_changelist")).status_code == 200


def test_shift_form_shows_its_bookings(admin_client, booking):
    response = admin_client.get(reverse("admin:staffing_shift_change", args=[booking.shift_id]))
    assert response.status_code == 200
    assert booking.substitute.get_full_name() in response.text


def test_bookings_are_read_only_in_admin(admin_client, booking):
    assert admin_client.get(reverse("admin:staffing_booking_add")).status_code == 403
    url = reverse("admin:staffing_booking_change", args=[booking.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"status": "cancelled"})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == "active"
    assert admin_client.post(reverse("admin:staffing_booking_delete", args=[booking.pk])).status_code == 403
    assert Booking.objects.count() == 1
