"""Writes for shift needs: a manager registers one shift or a repeating series, and cancels them.

Cancelling a booked shift cancels its booking through ``booking.booking_cancel`` (which sends the
substitute an SMS) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.staffing.booking import services as booking_services
from vikarieportalen.staffing.booking.candidates import substitute_list_active
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Qualification,
    Shift,
    ShiftReason,
    ShiftSeries,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.shifts.rules import (
    ShiftInputError,
    ShiftProblem,
    ShiftTimes,
    series_days,
    series_times_resolve,
    shift_input_problems,
    shift_times_resolve,
)
from vikarieportalen.staffing.shifts.selectors import workplace_may_register_needs


def _check_may_register(*, workplace: Workplace, by: User) -> None:
    if not workplace.is_active or not workplace_may_register_needs(user=by, workplace=workplace):
        raise PermissionDenied(_("You may register needs only for your own workplaces."))


class Need(TypedDict):
    """What a manager registers for a need, beside its day or days: the one parameter list of
    ``shift_create`` and ``shift_create_series``."""

    workplace: Workplace
    starts: dt.time
    ends: dt.time
    break_minutes: int
    reason: str
    by: User
    note: NotRequired[str]
    qualifications: NotRequired[Iterable[Qualification]]
    now: NotRequired[dt.datetime | None]
    wished_substitute: NotRequired[User | None]


def _check_need(need: Need) -> dt.datetime:
    """What every new need is checked for before its times: who registers it, why, and whom it
    wishes for. Returns the time it is registered at."""
    _check_may_register(workplace=need["workplace"], by=need["by"])
    if need["reason"] not in ShiftReason.values:
        raise ShiftInputError([ShiftProblem("reason", _("Choose a reason for the need."))])
    _check_wish(need.get("wished_substitute"))
    return need.get("now") or timezone.now()


def _check_wish(wished_substitute: User | None) -> None:
    """A manager may wish only for someone in the pool (an active substitute)."""
    if wished_substitute is None:
        return
    if not substitute_list_active().filter(pk=wished_substitute.pk).exists():
        raise ShiftInputError(
            [
                ShiftProblem(
                    "wished_substitute", _("Choose a substitute from the pool, or leave the field empty.")
                )
            ]
        )


def _shift_unsaved(need: Need, *, times: ShiftTimes, series: ShiftSeries | None = None) -> Shift:
    return Shift(
        workplace=need["workplace"],
        starts_at=times.starts_at,
        ends_at=times.ends_at,
        day=times.day,
        break_minutes=need["break_minutes"],
        reason=need["reason"],
        note=need.get("note", ""),
        series=series,
        created_by=need["by"],
        wished_substitute=need.get("wished_substitute"),
    )


@transaction.atomic
def shift_create(*, day: dt.date, **need: Unpack[Need]) -> Shift:
    """One shift need, optionally with the substitute the manager wishes for. Raises
    ShiftInputError (nothing saved) or PermissionDenied."""
    now = _check_need(need)
    times = shift_times_resolve(day=day, starts=need["starts"], ends=need["ends"])
    problems = shift_input_problems(times=times, break_minutes=need["break_minutes"], now=now)
    if problems:
        raise ShiftInputError(problems)
    shift = _shift_unsaved(need, times=times)
    shift.save(force_insert=True)
    shift.required_qualifications.set(list(need.get("qualifications", ())))
    return shift


@transaction.atomic
def shift_create_series(
    *, first_day: dt.date, last_day: dt.date, weekdays: Sequence[int], **need: Unpack[Need]
) -> ShiftSeries:
    """A weekly repeating need and all its shifts, in one transaction: all of them or none. The
    wished-for substitute, if any, is wished for on every shift."""
    now = _check_need(need)
    days = series_days(first_day=first_day, last_day=last_day, weekdays=weekdays)
    all_times = series_times_resolve(
        days=days, starts=need["starts"], ends=need["ends"], break_minutes=need["break_minutes"], now=now
    )
    series = ShiftSeries.objects.create(
        workplace=need["workplace"],
        weekdays=sorted(set(weekdays)),
        first_day=days[0],
        last_day=days[-1],
        created_by=need["by"],
    )
    shifts = Shift.objects.bulk_create(
        _shift_unsaved(need, times=times, series=series) for times in all_times
    )
    required = list(need.get("qualifications", ()))
    if required:
        through = Shift.required_qualifications.through
        through.objects.bulk_create(
            through(shift_id=shift.pk, qualification_id=qualification.pk)
            for shift in shifts
            for qualification in required
        )
    return series


def _cancel_one(*, shift: Shift, by: User, reason: str, now: dt.datetime) -> Shift:
    booking = Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).first()
    if booking is not None:
        booking_services.booking_cancel(booking=booking, by=by, reason=reason, shift_cancelled=True)
    shift.status = ShiftStatus.CANCELLED
    shift.cancelled_at = now
    shift.cancelled_by = by
    shift.cancel_reason = reason
    shift.reopened_by_booking = None  # nothing left to fill
    shift.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "reopened_by_booking"]
    )
    return shift


@transaction.atomic
def shift_cancel(*, shift: Shift, by: User, reason: str = "", now: dt.datetime | None = None) -> Shift:
    """Cancel one shift; a booked substitute's booking is cancelled too (with an SMS).

    Refused when it is already cancelled or has ended.
    """
    now = now or timezone.now()
    _check_may_register(workplace=shift.workplace, by=by)
    locked = Shift.objects.select_for_update(of=("self",)).select_related("workplace").get(pk=shift.pk)
    if locked.status == ShiftStatus.CANCELLED:
        raise Refused(_("The shift is already cancelled."))
    if locked.ends_at <= now:
        raise Refused(_("The shift has already ended and can no longer be cancelled."))
    return _cancel_one(shift=locked, by=by, reason=reason, now=now)


@transaction.atomic
def shift_series_cancel(
    *, shift: Shift, by: User, reason: str = "", now: dt.datetime | None = None
) -> list[Shift]:
    """Cancel ``shift`` and the later shifts of its series that have not started yet."""
    now = now or timezone.now()
    _check_may_register(workplace=shift.workplace, by=by)
    if shift.series_id is None:
        return [shift_cancel(shift=shift, by=by, reason=reason, now=now)]
    remaining = list(
        Shift.objects.select_for_update(of=("self",))
        .select_related("workplace")
        .filter(series_id=shift.series_id, status=ShiftStatus.ACTIVE, day__gte=shift.day, starts_at__gt=now)
        .order_by("starts_at")
    )
    if not remaining:
        raise Refused(_("No shift of the series is left to cancel."))
    return [_cancel_one(shift=each, by=by, reason=reason, now=now) for each in remaining]
