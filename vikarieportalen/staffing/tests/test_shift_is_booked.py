"""Shift.is_booked is kept by the database (triggers in migration 0005), whatever writes bookings."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.models import Booking, BookingStatus, Shift
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory

pytestmark = pytest.mark.django_db


def _booked(shift: Shift) -> bool:
    return Shift.objects.values_list("is_booked", flat=True).get(pk=shift.pk)


def test_a_new_shift_is_open_and_a_booking_marks_it_booked() -> None:
    shift = ShiftFactory()
    assert _booked(shift) is False
    BookingFactory(shift=shift, substitute=SubstituteFactory())
    assert _booked(shift) is True


def test_cancelling_or_deleting_the_booking_opens_the_shift_again() -> None:
    first, second = ShiftFactory(), ShiftFactory()
    cancelled = BookingFactory(shift=first, substitute=SubstituteFactory())
    deleted = BookingFactory(shift=second, substitute=SubstituteFactory())

    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED)
    deleted.delete()

    assert (_booked(first), _booked(second)) == (False, False)


def test_a_booking_moved_to_another_shift_moves_the_mark() -> None:
    old, new = ShiftFactory(), ShiftFactory()
    booking = BookingFactory(shift=old, substitute=SubstituteFactory())
    Booking.objects.filter(pk=booking.pk).update(shift=new)
    assert (_booked(old), _booked(new)) == (False, True)


def test_saving_a_stale_shift_cannot_undo_the_mark() -> None:
    shift = ShiftFactory()
    stale = Shift.objects.get(pk=shift.pk)  # read before the booking: is_booked False in memory
    BookingFactory(shift=shift, substitute=SubstituteFactory())
    stale.note = "Ring dörrklockan"
    stale.save()
    assert _booked(shift) is True


def test_bulk_written_bookings_mark_their_shifts() -> None:
    shifts = [ShiftFactory() for _ in range(3)]
    Booking.objects.bulk_create(
        [
            Booking(
                shift=shift,
                substitute=SubstituteFactory(),
                workplace=shift.workplace,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                work_minutes=60,
            )
            for shift in shifts[:2]
        ]
    )
    assert [_booked(shift) for shift in shifts] == [True, True, False]


def test_triggers_lost_in_an_sqlite_table_rebuild_are_put_back() -> None:
    from django.db import connection

    from vikarieportalen.staffing.db_triggers import shift_is_booked_triggers_ensure, sqlite_triggers_missing

    assert sqlite_triggers_missing() == []
    if connection.vendor != "sqlite":
        assert shift_is_booked_triggers_ensure() is False  # PostgreSQL keeps its triggers
        return
    shift = ShiftFactory()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER staffing_booking_sync_on_insert")
    BookingFactory(shift=shift, substitute=SubstituteFactory())  # written while the trigger is gone
    assert sqlite_triggers_missing() == ["staffing_booking_sync_on_insert"]

    assert shift_is_booked_triggers_ensure() is True

    assert sqlite_triggers_missing() == []
    assert _booked(shift) is True
