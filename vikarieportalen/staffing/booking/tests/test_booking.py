"""booking_create / booking_cancel: rules, overrides, audit, SMS, who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.notifications.sms_backends import locmem
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking.services import (
    BookingRefused,
    booking_cancel,
    booking_create,
    booking_may_be_cancelled_by_substitute,
)
from vikarieportalen.staffing.models import (
    Agreement,
    Booking,
    BookingSource,
    BookingStatus,
    ShiftStatus,
)
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteProfileFactory,
    WorkplaceFactory,
    substitute_ready_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_empty_outbox():
    locmem.reset()
    with translation.override("en"):
        yield
    locmem.reset()


@pytest.fixture
def staff():
    return StaffingCentreFactory()


def _future(days: int, hour: int, minute: int = 0) -> dt.datetime:
    local_day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(local_day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def shift():
    workplace = WorkplaceFactory(
        name="Äldreboendet Näckrosen", address="Näckrosvägen 2, 681 30 Kristinehamn", phone="0550-881 00"
    )
    return ShiftFactory(
        workplace=workplace, starts_at=_future(3, 7), ends_at=_future(3, 16), break_minutes=45
    )


def test_booking_copies_the_shift_and_sends_the_sms_in_the_substitutes_language(
    shift, staff, django_capture_on_commit_callbacks
):
    substitute = substitute_ready_for(shift, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(shift=shift, substitute=substitute, by=staff)

    assert (booking.starts_at, booking.ends_at, booking.workplace) == (
        shift.starts_at,
        shift.ends_at,
        shift.workplace,
    )
    assert booking.work_minutes == 9 * 60 - 45
    assert booking.status == BookingStatus.ACTIVE and booking.overridden_rules == []
    [sms] = locmem.outbox
    day = shift.starts_at.astimezone(timezone.get_default_timezone())
    assert sms.to == substitute.mobile
    assert sms.text == (
        f"Booked: {day:%a} {day.day} {day:%B} 07:00-16:00 at Äldreboendet Näckrosen. "
        "Address: Näckrosvägen 2, 681 30 Kristinehamn. Phone: 0550-881 00. /Vikarieportalen"
    )
    assert (
        AuditEvent.objects.filter(
            kind=StaffingAuditKind.BOOKING_CREATED, user=substitute, actor=staff
        ).count()
        == 1
    )


def test_the_sms_uses_swedish_dates_for_a_swedish_substitute(
    shift, staff, django_capture_on_commit_callbacks
):
    substitute = substitute_ready_for(shift, language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(shift=shift, substitute=substitute, by=staff)
    with translation.override("sv"):
        from django.utils.formats import date_format

        expected_date = date_format(shift.day, "D j F")
    assert expected_date in locmem.outbox[0].text
    assert "07.00-16.00" in locmem.outbox[0].text  # Swedish times, as on the pages


def test_no_sms_when_the_transaction_rolls_back(shift, staff, django_capture_on_commit_callbacks):
    substitute = substitute_ready_for(shift)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            from django.db import transaction

            with transaction.atomic():
                booking_create(shift=shift, substitute=substitute, by=staff)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == [] and locmem.outbox == []
    assert not Booking.objects.exists() and not Message.objects.exists()


def test_a_substitute_without_mobile_is_booked_without_sms(shift, staff, django_capture_on_commit_callbacks):
    substitute = substitute_ready_for(shift, mobile="")
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert Booking.objects.count() == 1 and locmem.outbox == []


def test_broken_rule_refuses_and_changes_nothing(shift, staff):
    substitute = SubstituteFactory()  # not introduced, not available
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert refused.value.codes == ["introduction", "availability"]
    assert refused.value.overridable
    assert "Not introduced at Äldreboendet Näckrosen." in refused.value.message
    assert not Booking.objects.exists() and not Message.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="booking").exists()


def test_override_with_a_reason_books_and_audits(shift, staff):
    substitute = SubstituteFactory()
    booking = booking_create(
        shift=shift, substitute=substitute, by=staff, override_reason="  Ringde, kan komma  "
    )
    assert booking.overridden_rules == ["availability", "introduction"]
    assert booking.override_reason == "Ringde, kan komma"
    event = AuditEvent.objects.get(kind=StaffingAuditKind.BOOKING_RULES_OVERRIDDEN)
    assert event.user == substitute and event.actor == staff
    assert event.details["rules"] == ["availability", "introduction"]
    assert event.details["override_reason"] == "Ringde, kan komma"
    assert "Not introduced at Äldreboendet Näckrosen." in event.details["reasons"]


def test_blank_override_reason_is_no_reason(shift, staff):
    with pytest.raises(BookingRefused):
        booking_create(shift=shift, substitute=SubstituteFactory(), by=staff, override_reason="   ")
    assert not Booking.objects.exists()


def test_too_long_override_reason_is_refused(shift, staff):
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=SubstituteFactory(), by=staff, override_reason="x" * 501)
    assert refused.value.codes == ["override_reason"]
    assert not Booking.objects.exists()


def test_overlap_is_never_overridden(shift, staff):
    substitute = substitute_ready_for(shift)
    other = ShiftFactory(
        starts_at=shift.starts_at + dt.timedelta(hours=8), ends_at=shift.ends_at + dt.timedelta(hours=8)
    )
    BookingFactory(shift=other, substitute=substitute)
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff, override_reason="Behövs verkligen")
    assert "overlap" in refused.value.codes
    assert not refused.value.overridable
    assert Booking.objects.count() == 1


def test_a_taken_shift_says_who_has_it(shift, staff):
    first = substitute_ready_for(shift, preferred_given_name="Anna", family_name="Berg")
    booking_create(shift=shift, substitute=first, by=staff)
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute_ready_for(shift), by=staff, override_reason="Ändå")
    assert refused.value.codes == ["shift_taken"]
    assert refused.value.message == "The shift is already booked by Anna Berg."
    assert Booking.objects.count() == 1


def test_cancelled_and_ended_shifts_are_refused(staff):
    cancelled = ShiftFactory(status=ShiftStatus.CANCELLED, cancelled_at=timezone.now())
    with pytest.raises(BookingRefused) as refused:
        booking_create(
            shift=cancelled, substitute=substitute_ready_for(cancelled), by=staff, override_reason="x"
        )
    assert refused.value.codes == ["shift_cancelled"]
    ended = ShiftFactory(
        starts_at=timezone.now() - dt.timedelta(hours=9), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=ended, substitute=substitute_ready_for(ended), by=staff, override_reason="x")
    assert refused.value.codes == ["shift_ended"]
    assert not Booking.objects.exists()


def test_a_shift_that_has_started_may_still_be_booked(staff):
    started = ShiftFactory(
        starts_at=timezone.now() - dt.timedelta(minutes=30), ends_at=timezone.now() + dt.timedelta(hours=7)
    )
    assert booking_create(shift=started, substitute=substitute_ready_for(started), by=staff).pk


def test_daily_rest_from_an_existing_booking_in_the_database(shift, staff):
    substitute = substitute_ready_for(shift)
    evening_before = ShiftFactory(
        starts_at=shift.starts_at - dt.timedelta(hours=17, minutes=30),
        ends_at=shift.starts_at - dt.timedelta(hours=9, minutes=30),
        break_minutes=30,
    )
    BookingFactory(shift=evening_before, substitute=substitute)
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert refused.value.codes == ["daily_rest"]
    assert "Only 9 h 30 min of rest" in refused.value.message


def test_required_qualification(shift, staff):
    delegation = QualificationFactory(name="Läkemedelsdelegering", expires=True)
    shift.required_qualifications.add(delegation)
    substitute = substitute_ready_for(shift)
    substitute.qualifications_held.update(valid_until=shift.day - dt.timedelta(days=1))
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert refused.value.codes == ["qualification"]
    substitute.qualifications_held.update(valid_until=shift.day)
    assert booking_create(shift=shift, substitute=substitute, by=staff).pk


def test_paused_profile_is_not_bookable(shift, staff):
    substitute = substitute_ready_for(shift)
    SubstituteProfileFactory(user=substitute, is_bookable=False)
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert refused.value.codes == ["not_bookable"]


def test_a_non_substitute_cannot_be_booked_even_with_override(shift, staff):
    manager = WorkplaceManagerFactory()
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=manager, by=staff, override_reason="x")
    assert "not_substitute" in refused.value.codes and not refused.value.overridable


def test_month_limit_follows_the_substitutes_agreement(shift, staff):
    small = Agreement.objects.create(code="liten", name="Liten", max_month_minutes=8 * 60)
    substitute = substitute_ready_for(shift)
    SubstituteProfileFactory(user=substitute, agreement=small)
    with pytest.raises(BookingRefused) as refused:
        booking_create(shift=shift, substitute=substitute, by=staff)
    assert refused.value.codes == ["month_hours"]


def test_only_staff_may_book(shift):
    substitute = substitute_ready_for(shift)
    with pytest.raises(PermissionDenied):
        booking_create(shift=shift, substitute=substitute, by=WorkplaceManagerFactory())
    with pytest.raises(PermissionDenied):
        booking_create(shift=shift, substitute=substitute, by=substitute)
    assert not Booking.objects.exists()


def test_a_substitute_accepts_an_offer_for_themselves(shift):
    substitute = substitute_ready_for(shift)
    booking = booking_create(shift=shift, substitute=substitute, by=substitute, source=BookingSource.OFFER)
    assert booking.source == BookingSource.OFFER
    with pytest.raises(PermissionDenied):
        booking_create(
            shift=shift,
            substitute=substitute,
            by=substitute,
            source=BookingSource.OFFER,
            override_reason="jag vill",
        )


# --- cancelling -------------------------------------------------------------------------------


def test_staff_cancel_reopens_the_shift_and_sends_sms(shift, staff, django_capture_on_commit_callbacks):
    substitute = substitute_ready_for(shift, language="en")
    booking = booking_create(shift=shift, substitute=substitute, by=staff)
    locmem.reset()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = booking_cancel(booking=booking, by=staff, reason="Behovet bortföll")
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_by == staff and cancelled.cancel_reason == "Behovet bortföll"
    assert cancelled.sequence == 1
    [sms] = locmem.outbox
    assert (
        sms.text.startswith("Cancelled: your booking ")
        and "07:00-16:00 at Äldreboendet Näckrosen." in sms.text
    )
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.BOOKING_CANCELLED, actor=staff).count() == 1
    # The shift is open again.
    assert booking_create(shift=shift, substitute=substitute_ready_for(shift), by=staff).pk


def test_cancelling_twice_is_refused(shift, staff):
    booking = booking_create(shift=shift, substitute=substitute_ready_for(shift), by=staff)
    booking_cancel(booking=booking, by=staff)
    with pytest.raises(BookingRefused) as refused:
        booking_cancel(booking=booking, by=staff)
    assert refused.value.codes == ["booking_cancelled"]
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.BOOKING_CANCELLED).count() == 1


def test_substitute_may_cancel_until_the_agreements_notice(staff):
    shift = ShiftFactory(
        starts_at=timezone.now() + dt.timedelta(hours=49), ends_at=timezone.now() + dt.timedelta(hours=57)
    )
    substitute = substitute_ready_for(shift)
    booking = booking_create(shift=shift, substitute=substitute, by=staff)
    assert booking_may_be_cancelled_by_substitute(
        booking=booking, now=shift.starts_at - dt.timedelta(hours=48)
    )
    assert not booking_may_be_cancelled_by_substitute(
        booking=booking, now=shift.starts_at - dt.timedelta(hours=47, minutes=59)
    )
    cancelled = booking_cancel(booking=booking, by=substitute)
    assert cancelled.status == BookingStatus.CANCELLED
    event = AuditEvent.objects.get(kind=StaffingAuditKind.BOOKING_CANCELLED)
    assert event.user == substitute and event.actor is None


def test_substitute_too_late_to_cancel_is_told_to_call(staff):
    shift = ShiftFactory(
        starts_at=timezone.now() + dt.timedelta(hours=47), ends_at=timezone.now() + dt.timedelta(hours=55)
    )
    substitute = substitute_ready_for(shift)
    booking = booking_create(shift=shift, substitute=substitute, by=staff)
    with pytest.raises(BookingRefused) as refused:
        booking_cancel(booking=booking, by=substitute)
    assert refused.value.codes == ["too_late"]
    assert "48 hours before the start" in refused.value.message
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE


def test_the_notice_follows_the_substitutes_agreement(staff):
    shift = ShiftFactory(
        starts_at=timezone.now() + dt.timedelta(hours=30), ends_at=timezone.now() + dt.timedelta(hours=38)
    )
    substitute = substitute_ready_for(shift)
    SubstituteProfileFactory(
        user=substitute,
        agreement=Agreement.objects.create(code="kort", name="Kort", substitute_cancel_hours=24),
    )
    booking = booking_create(shift=shift, substitute=substitute, by=staff)
    assert booking_may_be_cancelled_by_substitute(booking=booking, now=timezone.now())


def test_a_workplace_manager_cancels_their_own_workplaces_booking(
    shift, staff, django_capture_on_commit_callbacks
):
    manager = WorkplaceManagerFactory()
    shift.workplace.managers.add(manager)
    booking = booking_create(shift=shift, substitute=substitute_ready_for(shift, language="en"), by=staff)
    locmem.reset()
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, by=WorkplaceManagerFactory())
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, by=manager, reason="Passet behövs inte", shift_cancelled=True)
    assert locmem.outbox[0].text.startswith("Cancelled: the workplace no longer needs you ")


def test_another_substitute_may_not_cancel(shift, staff):
    booking = booking_create(shift=shift, substitute=substitute_ready_for(shift), by=staff)
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, by=SubstituteFactory())


def test_staff_cannot_cancel_after_the_end(staff):
    shift = ShiftFactory(
        starts_at=timezone.now() - dt.timedelta(hours=9), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    booking = BookingFactory(shift=shift)
    with pytest.raises(BookingRefused) as refused:
        booking_cancel(booking=booking, by=staff)
    assert refused.value.codes == ["shift_ended"]
