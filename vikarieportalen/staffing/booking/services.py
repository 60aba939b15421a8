"""Booking a substitute onto a shift and cancelling it (services).

Guarantees (see docs/staffing.md, "Booking"):
- one transaction per call; the shift row is locked (``SELECT … FOR UPDATE``) and then the
  substitute's row, so two staff booking the same shift, or the same person, are serialised: the
  second sees the first's booking and is refused with the reason;
- the database has the last word: a partial unique index (one active booking per shift) and, on
  PostgreSQL, an exclusion constraint (no overlapping active bookings of one person); an
  IntegrityError from either becomes a ``BookingRefused``. On SQLite the transaction is IMMEDIATE,
  so bookings are serialised by the database lock;
- the SMS is written to the notifications outbox in the same transaction and delivered only after
  commit, so a rolled-back booking never sends one. It is urgent (sent even in quiet hours) when
  the shift starts soon (``notifications.services.message_urgent_for``); otherwise it may wait
  for the morning, and the page says so (``selectors.booking_sms_dispatch``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.candidates import Candidate, candidate_check_locked
from vikarieportalen.staffing.booking.facts import (
    OVERLAP,
    SHIFT_ENDED,
    SHIFT_TAKEN,
    Violation,
    work_minutes_of,
)
from vikarieportalen.staffing.booking.notify import (
    SMS_KIND_BOOKED,
    SMS_KIND_CANCELLED,
    booking_sms_record,
    booking_sms_text,
    cancellation_sms_text,
)
from vikarieportalen.staffing.models import (
    Agreement,
    Booking,
    BookingSource,
    BookingStatus,
    Shift,
    ShiftStatus,
    SubstituteProfile,
)
from vikarieportalen.staffing.reopened.rules import cancellation_reopens_shift
from vikarieportalen.staffing.reopened.services import shift_reopen_clear, shift_reopen_mark
from vikarieportalen.staffing.selectors import booking_list_future_for

OVERRIDE_REASON_MAX = 500


class BookingRefused(Refused):
    """A booking or cancellation that was not made, with the reasons."""

    def __init__(self, violations: list[Violation], *, transaction_broken: bool = False) -> None:
        super().__init__(rules.violations_text(violations))
        self.violations = violations
        # The database refused the row and no savepoint was kept: the transaction must end.
        self.transaction_broken = transaction_broken

    @property
    def overridable(self) -> bool:
        """True when every reason may be overridden by the staffing centre with a written reason."""
        return bool(self.violations) and rules.violations_overridable(self.violations)

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.violations]


def _refuse(code: str, message: str, *, transaction_broken: bool = False) -> BookingRefused:
    return BookingRefused(
        [Violation(code, message, overridable=False)], transaction_broken=transaction_broken
    )


def _may_staff(user: User) -> bool:
    return user.is_active and (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR))


def _taken_by(shift: Shift) -> str | None:
    holder = (
        Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE)
        .select_related("substitute")
        .only("substitute__preferred_given_name", "substitute__family_name", "substitute__username")
        .first()
    )
    return holder.substitute.get_full_name() if holder is not None else None


def _create_allowed(*, by: User, substitute: User, source: str, override_reason: str) -> None:
    """Who may book whom, and only the staffing centre overrides rules (with a short reason)."""
    if source == BookingSource.OFFER:
        if by.pk != substitute.pk and not _may_staff(by):
            raise PermissionDenied("Only the substitute accepts an offer.")
    elif not _may_staff(by):
        raise PermissionDenied("Only the staffing centre books substitutes.")
    if override_reason and not _may_staff(by):
        raise PermissionDenied("Only the staffing centre overrides rules.")
    if len(override_reason) > OVERRIDE_REASON_MAX:
        raise _refuse(
            "override_reason",
            _("Write the reason in at most %(count)d characters.") % {"count": OVERRIDE_REASON_MAX},
        )


def _created_audit(
    booking: Booking,
    *,
    shift: Shift,
    by: User,
    source: str,
    violations: list[Violation],
    override_reason: str,
) -> None:
    """The booking, and any rules it overrides, in the audit log."""
    details: dict[str, Any] = {
        "booking": booking.pk,
        "shift": shift.pk,
        "workplace": shift.workplace.name,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "source": source,
    }
    audit_record(kind=StaffingAuditKind.BOOKING_CREATED, user=booking.substitute, actor=by, **details)
    if violations:
        audit_record(
            kind=StaffingAuditKind.BOOKING_RULES_OVERRIDDEN,
            user=booking.substitute,
            actor=by,
            rules=booking.overridden_rules,
            reasons=[v.message for v in violations],
            override_reason=override_reason,
            **details,
        )


def shift_lock_for_booking(*, shift_id: int) -> Shift:
    """Lock the shift's row (``SELECT … FOR UPDATE``) in the caller's transaction, with its
    workplace and whether it requires any qualification (``requires_qualifications``): what
    ``booking_create`` needs to know of a locked shift. (``is_booked``, kept by the database's
    triggers, says whether an active booking holds it.)"""
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("workplace")
        .annotate(
            requires_qualifications=Exists(
                Shift.required_qualifications.through.objects.filter(shift_id=OuterRef("pk"))
            ),
        )
        .get(pk=shift_id)
    )


def booking_create(
    *,
    shift: Shift,
    substitute: User,
    by: User,
    override_reason: str = "",
    source: str = BookingSource.DIRECT,
    sms: bool = True,
    shift_locked: bool = False,
    savepoint: bool = True,
) -> Booking:
    """Book ``substitute`` onto ``shift``; every rule is checked inside this transaction.

    Refused (``BookingRefused``) when the shift is cancelled, over or taken, on any overlap, and on
    any other broken rule unless the staffing centre gives ``override_reason`` — then the booking
    records the overridden rules and the override is audited. The SMS goes after commit; with
    ``sms`` False the caller tells the substitute itself (one SMS for a whole series).

    With ``shift_locked`` the caller owns the transaction and has locked ``shift`` with
    ``shift_lock_for_booking`` (an offer's answer locks the shift before its offers); same rules,
    same refusals; with ``savepoint`` False as well, the INSERT runs without a savepoint of its own:
    should the database refuse it (a race the locks prevent), the refusal has ``transaction_broken``
    set and the caller must let its transaction roll back.
    """
    override_reason = override_reason.strip()
    if not shift_locked:
        with transaction.atomic():
            _create_allowed(by=by, substitute=substitute, source=source, override_reason=override_reason)
            return booking_create(
                shift=shift_lock_for_booking(shift_id=shift.pk),
                substitute=substitute,
                by=by,
                override_reason=override_reason,
                source=source,
                sms=sms,
                shift_locked=True,
            )
    _create_allowed(by=by, substitute=substitute, source=source, override_reason=override_reason)
    locked = shift
    candidate = _checked(locked, substitute=substitute, override_reason=override_reason)
    violations = candidate.violations
    # Booked again: no longer "reopened" (the database refuses a booked shift with the flag).
    if locked.reopened_by_booking_id is not None:
        shift_reopen_clear(shift_id=locked.pk)
    booking = _booking_new(locked, candidate=candidate, by=by, source=source, override_reason=override_reason)
    _insert(booking, shift=locked, savepoint=savepoint)
    _created_audit(
        booking, shift=locked, by=by, source=source, violations=violations, override_reason=override_reason
    )
    if sms:
        booking_sms_record(
            booking=booking,
            kind=SMS_KIND_BOOKED,
            event="created",
            text=lambda: booking_sms_text(booking=booking),
        )
    return booking


def _booking_new(
    locked: Shift, *, candidate: Candidate, by: User, source: str, override_reason: str
) -> Booking:
    """The (unsaved) booking of ``candidate`` onto the locked shift, with the rules it overrides."""
    violations = candidate.violations
    return Booking(
        shift=locked,
        substitute=candidate.substitute,
        workplace=locked.workplace,
        starts_at=locked.starts_at,
        ends_at=locked.ends_at,
        work_minutes=work_minutes_of(locked.starts_at, locked.ends_at, locked.break_minutes),
        source=source,
        employment_form=rules.employment_form_for(locked.reason),
        created_by=by,
        overridden_rules=sorted({v.code for v in violations}),
        override_reason=override_reason if violations else "",
    )


def _checked(locked: Shift, *, substitute: User, override_reason: str) -> Candidate:
    """The substitute checked against every rule for the locked shift; refused when the shift is
    cancelled, over or taken, or on a broken rule not overridden (with ``override_reason``)."""
    state = rules.shift_state_check(
        is_cancelled=locked.status == ShiftStatus.CANCELLED,
        ends_at=locked.ends_at,
        now=timezone.now(),
        booked_by=_taken_by(locked) if locked.is_booked else None,
    )
    if state:
        raise BookingRefused(state)
    candidate = candidate_check_locked(
        shift=locked,
        substitute=substitute,
        requires_qualifications=locked.requires_qualifications,  # type: ignore[attr-defined]
    )
    violations = candidate.violations
    if violations and (not rules.violations_overridable(violations) or not override_reason):
        raise BookingRefused(violations)
    return candidate


def _insert(booking: Booking, *, shift: Shift, savepoint: bool) -> None:
    """INSERT the booking (in a savepoint of its own unless ``savepoint`` is False); the
    database's refusal becomes a ``BookingRefused``."""
    try:
        if savepoint:
            with transaction.atomic():
                booking.save(force_insert=True)
        else:
            booking.save(force_insert=True)
    except IntegrityError as exc:
        raise _integrity_refusal(exc, shift=shift, transaction_broken=not savepoint) from exc


def _integrity_refusal(
    exc: IntegrityError, *, shift: Shift, transaction_broken: bool = False
) -> BookingRefused:
    """The database refused what the checks let through (a race the locks should prevent). In a
    broken transaction no query can ask who holds the shift."""
    text = str(exc)
    # PostgreSQL names the index; SQLite says "UNIQUE constraint failed: staffing_booking.shift_id".
    if "staffing_booking_one_active_per_shift" in text or "staffing_booking.shift_id" in text:
        holder = None if transaction_broken else _taken_by(shift)
        return _refuse(
            SHIFT_TAKEN,
            _("The shift is already booked by %(name)s.") % {"name": holder or _("someone else")},
            transaction_broken=transaction_broken,
        )
    if "staffing_booking_no_overlap" in text:
        return _refuse(
            OVERLAP, _("Already booked at an overlapping time."), transaction_broken=transaction_broken
        )
    raise exc


def _substitute_cancel_hours(booking: Booking) -> int:
    profile = (
        SubstituteProfile.objects.filter(user_id=booking.substitute_id).select_related("agreement").first()
    )
    if profile is not None and profile.agreement is not None:
        return profile.agreement.substitute_cancel_hours
    default = Agreement.objects.filter(is_default=True).first()
    return default.substitute_cancel_hours if default is not None else 48


def booking_may_be_cancelled_by_substitute(*, booking: Booking, now: dt.datetime) -> bool:
    """True while the booking is active and at least the agreement's notice remains before it starts."""
    if booking.status != BookingStatus.ACTIVE:
        return False
    deadline = booking.starts_at.astimezone(dt.UTC) - dt.timedelta(hours=_substitute_cancel_hours(booking))
    return now <= deadline


def _manages(user: User, booking: Booking) -> bool:
    return user.is_active and booking.workplace.managers.filter(pk=user.pk).exists()


def _cancel_allowed(booking: Booking, *, by: User, now: dt.datetime) -> None:
    """The staffing centre (or a manager of the workplace) until the shift ends; the substitute
    until the agreement's notice before the start; nobody else."""
    if _may_staff(by) or (by.pk != booking.substitute_id and _manages(by, booking)):
        if booking.ends_at <= now:
            raise _refuse(SHIFT_ENDED, _("The shift has already ended."))
    elif by.pk == booking.substitute_id:
        if not booking_may_be_cancelled_by_substitute(booking=booking, now=now):
            hours = _substitute_cancel_hours(booking)
            raise _refuse(
                "too_late",
                _(
                    "It is too late to cancel yourself: at the latest %(hours)d hours before the start. "
                    "Call the staffing centre."
                )
                % {"hours": hours},
            )
    else:
        raise PermissionDenied("Only the staffing centre, the workplace or the substitute cancels a booking.")


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User, reason: str = "", shift_cancelled: bool = False) -> Booking:
    """Cancel ``booking``: the staffing centre (or a manager of the workplace) any time before it
    ends, the substitute until the agreement's notice before the start. The shift opens again
    (unless the caller cancels the shift too: ``shift_cancelled`` changes the SMS text); the
    substitute gets an SMS. When the substitute cancels, the shift is flagged as reopened on the
    board and the staffing centre is e-mailed (``reopened``)."""
    reason = _cancel_reason_clean(reason)
    locked = _cancel_lock(booking)
    now = timezone.now()
    if locked.status != BookingStatus.ACTIVE:
        raise _refuse("booking_cancelled", _("The booking is already cancelled."))
    _cancel_allowed(locked, by=by, now=now)
    return _cancel_locked(
        locked,
        by=by,
        reason=reason,
        shift_cancelled=shift_cancelled,
        now=now,
        staffing_centre_unaware=by.pk == locked.substitute_id,
    )


def _cancel_reason_clean(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > OVERRIDE_REASON_MAX:
        raise _refuse(
            "cancel_reason",
            _("Write the reason in at most %(count)d characters.") % {"count": OVERRIDE_REASON_MAX},
        )
    return reason


def _cancel_lock(booking: Booking) -> Booking:
    Shift.objects.select_for_update(of=("self",)).filter(pk=booking.shift_id).values_list("pk").first()
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("substitute", "workplace", "shift")
        .get(pk=booking.pk)
    )


def _cancel_locked(
    locked: Booking,
    *,
    by: User | None,
    reason: str,
    shift_cancelled: bool,
    now: dt.datetime,
    staffing_centre_unaware: bool,
) -> Booking:
    """Cancel a locked, active booking: status, audit row and the substitute's SMS; when the
    staffing centre does not already know (the substitute or HR cancelled), the shift is flagged
    as reopened and the centre e-mailed."""
    locked.status = BookingStatus.CANCELLED
    locked.cancelled_at = now
    locked.cancelled_by = by
    locked.cancel_reason = reason
    locked.sequence += 1
    locked.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "sequence", "updated_at"]
    )
    reopened = cancellation_reopens_shift(
        staffing_centre_unaware=staffing_centre_unaware,
        shift_cancelled=shift_cancelled,
        shift_ends_at=locked.ends_at,
        now=now,
    )
    audit_record(
        kind=StaffingAuditKind.BOOKING_CANCELLED,
        user=locked.substitute,
        actor=by if by is not None and by.pk != locked.substitute_id else None,
        booking=locked.pk,
        shift=locked.shift_id,
        workplace=locked.workplace.name,
        starts_at=locked.starts_at.isoformat(),
        reason=reason,
        shift_cancelled=shift_cancelled,
        reopened=reopened,
    )
    if reopened:
        shift_reopen_mark(booking=locked)
    booking_sms_record(
        booking=locked,
        kind=SMS_KIND_CANCELLED,
        event="cancelled",
        text=lambda: cancellation_sms_text(booking=locked, shift_cancelled=shift_cancelled),
    )
    return locked


def user_may_end_engagement(user: User) -> bool:
    """HR (or an administrator) ends substitutes' engagements."""
    return user.is_active and (user.has_role(Role.HR_SERVICE) or user.has_role(Role.ADMINISTRATOR))


@transaction.atomic
def bookings_cancel_for_leaver(
    *, substitute: User, by: User | None, reason: str, now: dt.datetime
) -> list[Booking]:
    """Cancel every booking of ``substitute`` that has not started: their engagement ends.

    For HR (or, with ``by`` None, the HR import run by an operator). Each booking is cancelled as
    the staffing centre cancels one: the shift opens again on the board, the substitute gets the
    cancellation SMS, the audit log has a row, and the shift is flagged as reopened for the staffing
    centre, who did not cancel it. A booking already under way is left alone: the
    caller refuses to end an engagement during a shift (``booking_list_running_for``).
    """
    if by is not None and not user_may_end_engagement(by):
        raise PermissionDenied("Only HR ends a substitute's engagement.")
    reason = _cancel_reason_clean(reason)
    cancelled: list[Booking] = []
    for booking in booking_list_future_for(substitute=substitute, now=now):
        locked = _cancel_lock(booking)
        if locked.status != BookingStatus.ACTIVE or locked.starts_at <= now:
            continue  # cancelled meanwhile by someone else
        # HR ends the engagement: the staffing centre learns of the reopened shift as from a
        # substitute's own cancellation.
        cancelled.append(
            _cancel_locked(
                locked, by=by, reason=reason, shift_cancelled=False, now=now, staffing_centre_unaware=True
            )
        )
    return cancelled
