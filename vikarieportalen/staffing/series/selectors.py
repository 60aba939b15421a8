"""Reads for booking a series: its shifts still to fill, the pool to choose from, and the check of
one person against every shift (``rules.series_check``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.booking import rules as booking_rules
from vikarieportalen.staffing.booking.candidates import substitute_list_active
from vikarieportalen.staffing.booking.facts import Violation
from vikarieportalen.staffing.booking.loading import facts_load
from vikarieportalen.staffing.models import Booking, Introduction, Shift, ShiftSeries, ShiftStatus
from vikarieportalen.staffing.series.rules import SeriesShift, series_check
from vikarieportalen.staffing.shifts.selectors import series_shifts_to_fill, shift_booking, shift_times_text


def series_get_for_staff(*, series_id: int) -> ShiftSeries:
    return ShiftSeries.objects.select_related("workplace").get(pk=series_id)


def series_shifts_remaining(*, series: ShiftSeries, now: dt.datetime) -> list[Shift]:
    """The series' active shifts that have not ended, first first."""
    return series_shifts_to_fill(series_id=series.pk, now=now)


def series_wished_substitute(shifts: list[Shift]) -> User | None:
    """The substitute the manager asked for (the first shift's wish: a series shares one)."""
    return next((shift.wished_substitute for shift in shifts if shift.wished_substitute_id), None)


def series_pool() -> QuerySet[User]:
    """Whom a series may be booked for: every active substitute, by name."""
    return substitute_list_active().order_by("family_name", "preferred_given_name", "pk")


@dataclass(frozen=True)
class SeriesRow:
    shift: Shift
    times: str
    violations: tuple[Violation, ...]
    booking: Booking | None  # the shift's active booking, whoever holds it
    mine: bool = False  # already booked for the substitute checked

    @property
    def passes(self) -> bool:
        return not self.violations


def series_check_for(*, shifts: list[Shift], substitute: User, now: dt.datetime) -> list[SeriesRow]:
    """``substitute`` checked against every rule for each of ``shifts`` (from
    ``series_shifts_remaining``), the series' passing shifts counted as booked. About seven queries
    per shift: the facts are read around each shift as for a single booking."""
    person = User.objects.select_related("substitute_profile").get(pk=substitute.pk)
    is_substitute = substitute_list_active().filter(pk=person.pk).exists()
    workplace_ids = {shift.workplace_id for shift in shifts}
    introduced_at = set(
        Introduction.objects.filter(substitute=person, workplace_id__in=workplace_ids).values_list(
            "workplace_id", flat=True
        )
    )
    items = []
    for shift in shifts:
        introduced = shift.workplace_id in introduced_at
        facts = facts_load(
            shift=shift,
            substitutes=[person],
            introduced={person.pk} if introduced else set(),
            is_substitute={person.pk} if is_substitute else set(),
        )
        booking = shift_booking(shift)
        state = booking_rules.shift_state_check(
            is_cancelled=shift.status == ShiftStatus.CANCELLED,
            ends_at=shift.ends_at,
            now=now,
            booked_by=booking.substitute.get_full_name() if booking is not None else None,
        )
        items.append(
            SeriesShift(
                shift_id=shift.pk,
                facts=facts.shift,
                substitute=facts.substitutes[person.pk],
                limits=facts.limits[person.pk],
                state=tuple(state),
            )
        )
    outcomes = {outcome.shift_id: outcome for outcome in series_check(items)}
    return [
        SeriesRow(
            shift=shift,
            times=shift_times_text(shift),
            violations=outcomes[shift.pk].violations,
            booking=shift_booking(shift),
            mine=getattr(shift_booking(shift), "substitute_id", None) == person.pk,
        )
        for shift in shifts
    ]
