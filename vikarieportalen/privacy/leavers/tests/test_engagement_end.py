"""Ending a substitute's engagement: every effect, the refusals, idempotence."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from vikarieportalen.accounts.models import UserSession
from vikarieportalen.accounts.tests.factories import (
    HrServiceFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import Message
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.privacy.leavers import services
from vikarieportalen.privacy.leavers.tests.helpers import booking_at, open_offer
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking.notify import SMS_KIND_CANCELLED
from vikarieportalen.staffing.models import BookingStatus, OfferStatus, Shift, SubstituteProfile
from vikarieportalen.staffing.my_shifts.calendar_feed import calendar_token_ensure
from vikarieportalen.staffing.offers.notify import SMS_KIND_OFFER_CLOSED
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def hr():
    return HrServiceFactory()


@pytest.fixture
def substitute():
    return SubstituteFactory(language="en")


def test_ending_closes_the_account_and_records_when_and_by_whom(substitute, hr):
    before = timezone.now()
    result = services.engagement_end(user=substitute, by=hr)
    substitute.refresh_from_db()
    assert not result.already_ended
    assert substitute.is_active is False
    assert substitute.engagement_ended_by == hr
    assert before <= substitute.engagement_ended_at <= timezone.now()


def test_future_bookings_are_cancelled_and_the_shifts_open_again_with_the_sms(substitute, hr):
    future = booking_at(substitute, 48)
    result = services.engagement_end(user=substitute, by=hr)
    future.refresh_from_db()
    assert [b.pk for b in result.bookings_cancelled] == [future.pk]
    assert future.status == BookingStatus.CANCELLED and future.cancelled_by == hr
    assert Shift.objects.get(pk=future.shift_id).is_booked is False  # open again on the board
    assert Message.objects.filter(recipient=substitute, kind=SMS_KIND_CANCELLED).count() == 1
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.BOOKING_CANCELLED, user=substitute).exists()


def test_past_bookings_are_kept(substitute, hr):
    past = booking_at(substitute, -30)
    services.engagement_end(user=substitute, by=hr)
    past.refresh_from_db()
    assert past.status == BookingStatus.ACTIVE


def test_open_offers_are_withdrawn_and_the_holder_told(substitute, hr, settings):
    settings.OFFER_TELL_WHEN_CLOSED = True
    offer = open_offer(substitute)
    result = services.engagement_end(user=substitute, by=hr)
    offer.refresh_from_db()
    assert result.offers_withdrawn == 1
    assert offer.status == OfferStatus.WITHDRAWN
    assert Message.objects.filter(recipient=substitute, kind=SMS_KIND_OFFER_CLOSED).count() == 1
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_WITHDRAWN, user=substitute).exists()


def test_every_session_ends(substitute, hr):
    client = client_logged_in(substitute)
    assert client.get("/konto/mina-uppgifter/").status_code == 200
    assert UserSession.objects.filter(user=substitute).exists()
    result = services.engagement_end(user=substitute, by=hr)
    assert result.sessions_ended == 1
    assert not UserSession.objects.filter(user=substitute).exists()
    assert client.get("/konto/mina-uppgifter/").status_code == 302  # logged out


def test_the_calendar_feed_stops(substitute, hr, client):
    token = calendar_token_ensure(substitute=substitute).calendar_token
    assert client.get(f"/bemanning/kalender/{token}.ics").status_code == 200
    services.engagement_end(user=substitute, by=hr)
    assert client.get(f"/bemanning/kalender/{token}.ics").status_code == 404
    assert SubstituteProfile.objects.get(user=substitute).calendar_token is None


def test_one_audit_row_sums_it_up(substitute, hr):
    booking = booking_at(substitute, 48)
    offer = open_offer(substitute)
    services.engagement_end(user=substitute, by=hr)
    [event] = AuditEvent.objects.filter(kind=PrivacyAuditKind.ENGAGEMENT_ENDED)
    assert event.user == substitute and event.actor == hr
    assert event.details["bookings_cancelled"] == [booking.pk]
    assert event.details["offers_withdrawn"] == [offer.pk]
    assert event.details["source"] == "hr"


def test_a_running_shift_refuses_with_a_clear_message_and_changes_nothing(substitute, hr):
    running = booking_at(substitute, -2)
    future = booking_at(substitute, 48)
    offer = open_offer(substitute)
    with pytest.raises(Refused) as refused:
        services.engagement_end(user=substitute, by=hr)
    assert refused.value.code == services.SHIFT_RUNNING
    assert "working a shift right now" in refused.value.message
    assert running.workplace.name in refused.value.message
    assert "Nothing has been changed" in refused.value.message
    substitute.refresh_from_db()
    running.refresh_from_db()
    future.refresh_from_db()
    offer.refresh_from_db()
    assert substitute.is_active and substitute.engagement_ended_at is None
    assert running.status == future.status == BookingStatus.ACTIVE
    assert offer.status == OfferStatus.OPEN
    assert not AuditEvent.objects.filter(kind=PrivacyAuditKind.ENGAGEMENT_ENDED).exists()
    assert not Message.objects.filter(recipient=substitute).exists()


def test_the_running_shift_message_is_swedish_for_a_swedish_reader(substitute, hr):
    booking_at(substitute, -2)
    with translation.override("sv"), pytest.raises(Refused) as refused:
        services.engagement_end(user=substitute, by=hr)
    assert "arbetar ett pass just nu" in refused.value.message


def test_ending_twice_changes_nothing_more(substitute, hr):
    booking_at(substitute, 48)
    first = services.engagement_end(user=substitute, by=hr)
    substitute.refresh_from_db()
    ended_at = substitute.engagement_ended_at
    events = AuditEvent.objects.count()
    messages = Message.objects.count()
    second = services.engagement_end(user=substitute, by=hr)
    substitute.refresh_from_db()
    assert not first.already_ended and second.already_ended
    assert substitute.engagement_ended_at == ended_at
    assert AuditEvent.objects.count() == events and Message.objects.count() == messages


def test_a_stale_copy_of_the_person_still_ends_once(substitute, hr):
    stale = type(substitute).objects.get(pk=substitute.pk)
    services.engagement_end(user=substitute, by=hr)
    again = services.engagement_end(user=stale, by=hr)  # e.g. a double click: read before the first ended
    assert again.already_ended
    assert AuditEvent.objects.filter(kind=PrivacyAuditKind.ENGAGEMENT_ENDED).count() == 1


def test_a_non_substitute_is_refused(hr):
    manager = WorkplaceManagerFactory()
    with pytest.raises(Refused) as refused:
        services.engagement_end(user=manager, by=hr)
    assert refused.value.code == services.NOT_SUBSTITUTE
    manager.refresh_from_db()
    assert manager.is_active and manager.engagement_ended_at is None


@pytest.mark.parametrize("factory", [StaffingCentreFactory, WorkplaceManagerFactory, SubstituteFactory])
def test_only_hr_or_an_administrator_ends_an_engagement(substitute, factory):
    booking = booking_at(substitute, 48)
    with pytest.raises(PermissionDenied):
        services.engagement_end(user=substitute, by=factory())
    substitute.refresh_from_db()
    booking.refresh_from_db()
    assert substitute.is_active and booking.status == BookingStatus.ACTIVE


def test_the_import_ends_without_a_person_as_actor(substitute):
    services.engagement_end(user=substitute, by=None, source="import")
    substitute.refresh_from_db()
    assert substitute.engagement_ended_at is not None and substitute.engagement_ended_by is None
    event = AuditEvent.objects.get(kind=PrivacyAuditKind.ENGAGEMENT_ENDED)
    assert event.actor is None and event.details["source"] == "import"


def test_the_database_refuses_an_ended_engagement_on_an_open_account(substitute):
    from django.db import IntegrityError, transaction

    substitute.engagement_ended_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        substitute.save(update_fields=["engagement_ended_at"])
