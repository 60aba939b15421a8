"""Database guarantees: concurrent bookings from separate connections, and the constraints themselves.

The thread tests need real concurrent transactions, so they run on PostgreSQL only (on SQLite the
IMMEDIATE transaction serialises writers on the database lock).
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.staffing.booking import services as booking_module
from vikarieportalen.staffing.booking.candidates import Candidate
from vikarieportalen.staffing.booking.services import BookingRefused, booking_create
from vikarieportalen.staffing.models import Booking, BookingStatus
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, substitute_ready_for
from vikarieportalen.testing import in_thread, postgresql_only


def _soon(hours: int) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=hours)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_booking_the_same_shift_exactly_one_wins_and_the_other_sees_who():
    shift = ShiftFactory(starts_at=_soon(0), ends_at=_soon(8), break_minutes=30)
    first = substitute_ready_for(shift, preferred_given_name="Först", family_name="Ahlin")
    second = substitute_ready_for(shift)
    staff_a, staff_b = StaffingCentreFactory(), StaffingCentreFactory()
    a_has_locked = threading.Event()

    def book_first_and_hold() -> Booking:
        with transaction.atomic():
            made = booking_create(shift=shift, substitute=first, by=staff_a)
            a_has_locked.set()
            time.sleep(0.5)  # the other transaction now waits on the shift's row lock
            return made

    def book_second() -> Booking:
        a_has_locked.wait(5)
        return booking_create(shift=shift, substitute=second, by=staff_b)

    thread_a, outcome_a = in_thread(book_first_and_hold)
    thread_b, outcome_b = in_thread(book_second)
    thread_a.start()
    thread_b.start()
    started = time.monotonic()
    thread_a.join(10)
    thread_b.join(10)

    assert "error" not in outcome_a, outcome_a
    refused = outcome_b.get("error")
    assert isinstance(refused, BookingRefused), outcome_b
    assert refused.codes == ["shift_taken"]
    assert refused.message == "The shift is already booked by Först Ahlin."
    assert time.monotonic() - started >= 0.5
    assert list(Booking.objects.filter(shift=shift).values_list("substitute_id", flat=True)) == [first.pk]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_many_staff_at_the_same_moment_give_exactly_one_booking():
    shift = ShiftFactory(starts_at=_soon(0), ends_at=_soon(8), break_minutes=30)
    people = [substitute_ready_for(shift) for _ in range(4)]
    staff = StaffingCentreFactory()
    barrier = threading.Barrier(len(people))

    def attempt(person):
        def work() -> Booking:
            barrier.wait(5)
            return booking_create(shift=shift, substitute=person, by=staff)

        return work

    runs = [in_thread(attempt(person)) for person in people]
    for thread, _outcome in runs:
        thread.start()
    for thread, _outcome in runs:
        thread.join(15)

    outcomes = [outcome for _thread, outcome in runs]
    assert sum("result" in o for o in outcomes) == 1
    refusals = [o["error"] for o in outcomes if "error" in o]
    assert len(refusals) == 3 and all(
        isinstance(e, BookingRefused) and e.codes == ["shift_taken"] for e in refusals
    )
    assert Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_one_person_booked_onto_overlapping_shifts_at_the_same_moment():
    morning = ShiftFactory(starts_at=_soon(0), ends_at=_soon(8), break_minutes=30)
    overlapping = ShiftFactory(starts_at=_soon(4), ends_at=_soon(12), break_minutes=30)
    person = substitute_ready_for(morning)
    from vikarieportalen.staffing.tests.factories import AvailabilityPeriodFactory, IntroductionFactory

    IntroductionFactory(substitute=person, workplace=overlapping.workplace)
    AvailabilityPeriodFactory(substitute=person, starts_at=_soon(-1), ends_at=_soon(13))
    staff_a, staff_b = StaffingCentreFactory(), StaffingCentreFactory()
    a_has_locked = threading.Event()

    def book_morning_and_hold() -> Booking:
        with transaction.atomic():
            made = booking_create(shift=morning, substitute=person, by=staff_a)
            a_has_locked.set()
            time.sleep(0.5)
            return made

    def book_overlapping() -> Booking:
        a_has_locked.wait(5)
        return booking_create(shift=overlapping, substitute=person, by=staff_b, override_reason="försök")

    thread_a, outcome_a = in_thread(book_morning_and_hold)
    thread_b, outcome_b = in_thread(book_overlapping)
    thread_a.start()
    thread_b.start()
    thread_a.join(10)
    thread_b.join(10)

    assert "error" not in outcome_a, outcome_a
    refused = outcome_b.get("error")
    assert isinstance(refused, BookingRefused), outcome_b
    assert "overlap" in refused.codes and not refused.overridable
    assert Booking.objects.filter(substitute=person, status=BookingStatus.ACTIVE).count() == 1


@postgresql_only
@pytest.mark.django_db
def test_the_exclusion_constraint_refuses_a_raw_overlapping_insert():
    first = BookingFactory(shift=ShiftFactory(starts_at=_soon(0), ends_at=_soon(8)))
    overlapping = ShiftFactory(starts_at=_soon(7), ends_at=_soon(15))
    with pytest.raises(IntegrityError, match="staffing_booking_no_overlap"), transaction.atomic():
        BookingFactory(shift=overlapping, substitute=first.substitute)
    # Touching is not overlapping, and cancelled bookings do not count.
    BookingFactory(shift=ShiftFactory(starts_at=_soon(8), ends_at=_soon(12)), substitute=first.substitute)
    first.status, first.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    first.save()
    BookingFactory(shift=overlapping, substitute=first.substitute, starts_at=_soon(7), ends_at=_soon(8))


@postgresql_only
@pytest.mark.django_db
def test_an_overlap_the_checks_missed_is_refused_by_the_database_as_a_booking_refusal(monkeypatch):
    existing = BookingFactory(shift=ShiftFactory(starts_at=_soon(0), ends_at=_soon(8)))
    overlapping = ShiftFactory(starts_at=_soon(4), ends_at=_soon(12))
    monkeypatch.setattr(
        booking_module,
        "candidate_check_locked",
        lambda *, shift, substitute, requires_qualifications: Candidate(
            existing.substitute, [], True, True, False, 0
        ),
    )
    with translation.override("en"), pytest.raises(BookingRefused) as refused:
        booking_create(shift=overlapping, substitute=existing.substitute, by=StaffingCentreFactory())
    assert refused.value.codes == ["overlap"]
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_a_second_active_booking_of_a_shift_is_refused_by_the_database(monkeypatch):
    existing = BookingFactory(shift=ShiftFactory(starts_at=_soon(0), ends_at=_soon(8)))
    other = substitute_ready_for(existing.shift)
    monkeypatch.setattr(booking_module, "_taken_by", lambda shift: None)
    with translation.override("en"), pytest.raises(BookingRefused) as refused:
        booking_create(shift=existing.shift, substitute=other, by=StaffingCentreFactory())
    assert refused.value.codes == ["shift_taken"]
    assert Booking.objects.count() == 1
