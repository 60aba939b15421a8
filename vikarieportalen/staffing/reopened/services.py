"""Writes of the reopened flag (``Shift.reopened_by_booking``).

The flag is set by ``booking_cancel`` when the substitute cancels, and cleared when the shift is
booked again or cancelled (both in their services, before the database's check constraint
``staffing_shift_reopened_only_while_open`` would refuse them) or when staff dismiss it here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import Booking, Shift
from vikarieportalen.staffing.reopened.notify import staffing_centre_tell_reopened


def shift_reopen_mark(*, booking: Booking) -> None:
    """Flag the cancelled ``booking``'s shift as reopened and e-mail the staffing centre.

    In the caller's transaction, which holds the shift's row lock and has cancelled the booking.
    """
    Shift.objects.filter(pk=booking.shift_id).update(reopened_by_booking=booking)
    staffing_centre_tell_reopened(booking=booking)


def shift_reopen_clear(*, shift_id: int) -> None:
    """Drop the flag (the shift is booked again or cancelled); in the caller's transaction."""
    Shift.objects.filter(pk=shift_id, reopened_by_booking__isnull=False).update(reopened_by_booking=None)


@transaction.atomic
def shift_reopen_dismiss(*, shift: Shift, by: User) -> Shift:
    """Staff have seen the reopened shift: the board stops flagging it (the shift stays open)."""
    if not by.is_active or not (by.has_role(Role.STAFFING_CENTRE) or by.has_role(Role.ADMINISTRATOR)):
        raise PermissionDenied("Only the staffing centre dismisses a reopened flag.")
    locked = Shift.objects.select_for_update(of=("self",)).select_related("workplace").get(pk=shift.pk)
    booking_id = locked.reopened_by_booking_id
    if booking_id is None:
        raise Refused(_("The shift is not marked as reopened (any more)."))
    locked.reopened_by_booking = None
    locked.save(update_fields=["reopened_by_booking"])
    audit_record(
        kind=StaffingAuditKind.SHIFT_REOPEN_DISMISSED,
        actor=by,
        shift=locked.pk,
        booking=booking_id,
        workplace=locked.workplace.name,
        starts_at=locked.starts_at.isoformat(),
    )
    return locked
