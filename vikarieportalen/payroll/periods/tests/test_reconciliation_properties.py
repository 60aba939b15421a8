"""Property: whatever the order of approvals, exports and corrections, every period reconciles.

Over random shifts, approvals (some after the cut-off, some after their period was exported: late
lines), exports by period and corrections (also of corrections), once every period is exported:

* each period's reconciliation says "balanced" (its exports hold exactly its lines);
* the ordinary minutes over all exports of all periods are the approved hours after corrections
  (each approved shift's latest times, less its break), shift by shift;
* no exported line was changed afterwards (a correction only adds lines).

Each example runs in its own transaction (Hypothesis's Django ``TestCase``); derandomized, so the
same examples run every time, plus one explicit example with a correction of a correction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import time_machine
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
from vikarieportalen.payroll.corrections.services import CorrectionRefused, hours_correct
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.reconciliation import period_reconciliation
from vikarieportalen.payroll.hours.services import time_report_approve
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.payroll.periods.rules import period_next, period_of
from vikarieportalen.payroll.tests.factories import HourlyWageFactory, SupplementBandFactory
from vikarieportalen.staffing.models import Booking, TimeReport
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at

FIRST_DAY = dt.date(2026, 10, 1)
SHIFT_DAYS = 80  # shifts from 1 October to 19 December 2026
FINAL_DAY = dt.date(2027, 6, 1)  # every period over: the last exports
BREAK = 30
ORDINARY = "TIM"


step = st.sampled_from([-60, -30, 0, 30, 60])  # minutes the start or the end is moved
# A shift: its day (from 1 October), how many days after it its hours are approved, the approved times.
shift = st.tuples(st.integers(0, SHIFT_DAYS - 1), st.integers(1, 45), step, step)
moved = st.sampled_from([-60, -30, 30, 60])
# Per period (October to December): the day after its end it is exported on (then locked).
exports = st.lists(st.integers(1, 40), min_size=3, max_size=3)
# A correction: which shift, how many days after its approval, the corrected times.
corrections = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 80), moved, step), min_size=1, max_size=6)


@dataclass
class Shift:
    booking: Booking
    day: dt.date
    report: TimeReport | None = None
    corrections: int = 0
    minutes: int = 0  # the ordinary minutes in force (approved or latest corrected)


def _times(day: dt.date, start_step: int, end_step: int) -> tuple[dt.datetime, dt.datetime]:
    """14:00-22:00 on ``day``, each end moved by the given minutes."""
    return (
        at(day.year, day.month, day.day, 14) + dt.timedelta(minutes=start_step),
        at(day.year, day.month, day.day, 22) + dt.timedelta(minutes=end_step),
    )


def _minutes(times: tuple[dt.datetime, dt.datetime]) -> int:
    return int((times[1] - times[0]).total_seconds() // 60) - BREAK


class ExportsMatchCorrectedHours(TestCase):
    manager: ClassVar[Any]
    workplace: ClassVar[Any]
    substitutes: ClassVar[list[Any]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.manager = WorkplaceManagerFactory()
        cls.workplace = WorkplaceFactory(managers=[cls.manager], cost_centre="3110")
        # One substitute per shift: shifts may fall on the same day, and one person's bookings may
        # not overlap (PostgreSQL's exclusion constraint).
        cls.substitutes = [SubstituteFactory(employee_number=f"T20000{n}") for n in range(4)]
        for substitute in cls.substitutes:
            HourlyWageFactory(substitute=substitute, valid_from=dt.date(2026, 1, 1), amount=Decimal("160.00"))
        SupplementBandFactory(code="ob-kvall", time_code="OB1", amount_per_hour=Decimal("26.10"))

    def _shifts(self, days: list[int]) -> list[Shift]:
        shifts = []
        for number, offset in enumerate(days):
            day = FIRST_DAY + dt.timedelta(days=offset)
            starts, ends = _times(day, 0, 0)
            shift = ShiftFactory(
                workplace=self.workplace, starts_at=starts, ends_at=ends, break_minutes=BREAK
            )
            booking = BookingFactory(shift=shift, substitute=self.substitutes[number])
            shifts.append(Shift(booking=booking, day=day))
        return shifts

    def _approve(self, shift: Shift, now: dt.datetime, start_step: int, end_step: int) -> None:
        if shift.report is not None or now.date() <= shift.day:
            return
        times = _times(shift.day, start_step, end_step)
        shift.report = time_report_approve(
            booking=shift.booking,
            by=self.manager,
            starts_at=times[0],
            ends_at=times[1],
            break_minutes=BREAK,
            now=now,
        )
        shift.minutes = _minutes(times)

    def _correct(self, shift: Shift, now: dt.datetime, start_step: int, end_step: int) -> None:
        if shift.report is None:
            return
        times = _times(shift.day, start_step, end_step)
        try:
            hours_correct(
                report=shift.report,
                by=self.manager,
                starts_at=times[0],
                ends_at=times[1],
                break_minutes=BREAK,
                reason="Fel tider",
                seen=shift.corrections,
                now=now,
            )
        except CorrectionRefused:
            # Not exported yet, or the times in force: refused, and nothing may have changed.
            return
        shift.corrections += 1
        shift.minutes = _minutes(times)

    @settings(
        max_examples=6,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # Always: a correction of a correction after export, and a late approval corrected later.
    @example(
        shifts=[(10, 3, 0, 0), (40, 2, 0, 0), (50, 40, 30, 0), (70, 1, 0, 0)],
        exports=[2, 2, 2],
        corrections=[(0, 30, 30, 0), (0, 40, -30, 0), (2, 60, 60, -30)],
    )
    @given(shifts=st.lists(shift, min_size=4, max_size=4), exports=exports, corrections=corrections)
    def test_all_exports_of_each_period_hold_the_corrected_approved_hours(
        self,
        shifts: list[tuple[int, int, int, int]],
        exports: list[int],
        corrections: list[tuple[int, int, int, int]],
    ) -> None:
        made = self._shifts([offset for offset, *_ in shifts])
        events: list[tuple[dt.date, int, Any]] = []
        for made_shift, (_, delay, start_step, end_step) in zip(made, shifts, strict=True):
            events.append(
                (made_shift.day + dt.timedelta(days=delay), 0, ("approve", made_shift, start_step, end_step))
            )
        period = period_of(FIRST_DAY)
        for delay in exports:
            events.append((period_next(period) + dt.timedelta(days=delay - 1), 1, ("export", period)))
            period = period_next(period)
        for which, delay, start_step, end_step in corrections:
            approved_on = made[which].day + dt.timedelta(days=shifts[which][1])
            events.append(
                (approved_on + dt.timedelta(days=delay), 2, ("correct", made[which], start_step, end_step))
            )
        exported: dict[int, tuple[int, Decimal, int | None]] = {}
        for day, _, event in sorted(events, key=lambda item: (item[0], item[1])):
            now = at(day.year, day.month, day.day, 12)
            # The clock too: the approval places its lines by the time it is made.
            with time_machine.travel(now, tick=False):
                if event[0] == "approve":
                    self._approve(event[1], now, event[2], event[3])
                elif event[0] == "correct":
                    self._correct(event[1], now, event[2], event[3])
                else:
                    with contextlib.suppress(export.PeriodRefused):  # not over, locked or empty
                        export.export_create(by=None, period=event[1], today=day)
            # What has been exported so far stays exactly as exported.
            for pk, minutes, amount, batch in TimeTransaction.objects.filter(batch__isnull=False).values_list(
                "pk", "minutes", "amount", "batch_id"
            ):
                assert exported.setdefault(pk, (minutes, amount, batch)) == (minutes, amount, batch)

        # Every period over: export them all, oldest first.
        periods = sorted(set(TimeTransaction.objects.values_list("period", flat=True)))
        period = periods[0] if periods else None
        while period is not None and period <= max(periods):
            final = at(FINAL_DAY.year, FINAL_DAY.month, FINAL_DAY.day, 12)
            with time_machine.travel(final, tick=False), contextlib.suppress(export.PeriodRefused):
                export.export_create(by=None, period=period, today=FINAL_DAY)
            period = period_next(period)
            periods = sorted(set(TimeTransaction.objects.values_list("period", flat=True)))

        assert not TimeTransaction.objects.filter(batch__isnull=True).exists()
        exported_minutes = 0
        for month in periods:
            report = period_reconciliation(month)
            assert report.balanced, month
            exported_minutes += sum(row.minutes for row in report.rows if row.time_code == ORDINARY)
        assert exported_minutes == sum(shift.minutes for shift in made)
        for item in made:
            ordinary = TimeTransaction.objects.filter(report__booking=item.booking, time_code=ORDINARY)
            assert sum(ordinary.values_list("minutes", flat=True)) == item.minutes
