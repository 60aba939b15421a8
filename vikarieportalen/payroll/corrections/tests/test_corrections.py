"""Corrections of exported hours: reversal and new lines in the next open period, never an edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import translation

from vikarieportalen.accounts.tests.factories import (
    PayrollFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.corrections.services import (
    NOTICE_KIND,
    CorrectionRefused,
    current_lines,
    hours_correct,
)
from vikarieportalen.payroll.corrections.tests.support import NOW, exported_shift
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.tests.support import assert_valid_paxml
from vikarieportalen.payroll.models import HoursCorrection, PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.periods.rules import period_last_day
from vikarieportalen.staffing.tests.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def correct(report, by, **changes):
    values = {
        "starts_at": at(2026, 11, 24, 14),
        "ends_at": at(2026, 11, 24, 21),
        "break_minutes": 30,
        "reason": "Left an hour early",
        "seen": 0,
        "now": NOW,
    }
    values.update(changes)
    return hours_correct(report=report, by=by, **values)


def snapshot(report):
    return list(TimeTransaction.objects.filter(report=report).order_by("pk").values())


def test_a_correction_reverses_the_exported_lines_and_writes_new_ones_in_the_next_open_period() -> None:
    report, manager = exported_shift()
    exported = snapshot(report)
    result = correct(report, manager)
    # The exported lines are untouched.
    assert snapshot(report)[: len(exported)] == exported
    period = PayPeriod.objects.get(month=exported[0]["period"])
    assert period.state == PeriodState.LOCKED
    lines = list(TimeTransaction.objects.filter(correction=result.correction).order_by("pk"))
    reversals = [line for line in lines if line.minutes < 0]
    new = [line for line in lines if line.minutes >= 0]
    assert sorted((r.corrects_id, r.minutes, r.amount) for r in reversals) == sorted(
        (e["id"], -e["minutes"], -e["amount"]) for e in exported
    )
    # 14:00-21:00 less 30 minutes: 390 minutes; evening supplement 19-21: 120 minutes.
    assert [(line.time_code, line.minutes, line.amount) for line in new] == [
        ("TIM", 390, Decimal("1040.00")),
        ("OB1", 120, Decimal("52.20")),
    ]
    assert all(line.corrects_id in {e["id"] for e in exported} for line in new)
    assert {line.period for line in lines} == {result.period}
    assert result.period > exported[0]["period"] and all(line.late for line in lines)
    assert [line.pk for line in current_lines(report)] == [line.pk for line in new]
    # What is paid in total is the corrected shift.
    total = TimeTransaction.objects.filter(report=report, band__isnull=True).aggregate(m=Sum("minutes"))
    assert total["m"] == 390


def test_the_reversal_lines_are_valid_paxml_with_negative_hours() -> None:
    report, manager = exported_shift()
    result = correct(report, manager)
    batch = export.export_create(
        by=None, period=result.period, today=period_last_day(result.period) + dt.timedelta(days=1)
    ).batch
    root = assert_valid_paxml(bytes(batch.paxml))
    hours = sorted(Decimal(t.findtext("timmar")) for t in root.iter("tidtrans") if t.findtext("timmar"))
    # The new evening line (19-21, no break in it) goes with its start and end instead.
    assert hours == [Decimal("-7.50"), Decimal("-3.00"), Decimal("6.50")]
    assert b";-450;" in bytes(batch.csv)


def test_audited_and_the_substitute_gets_a_notice_without_amounts() -> None:
    report, manager = exported_shift()
    result = correct(report, manager)
    event = AuditEvent.objects.get(kind=PayrollAuditKind.HOURS_CORRECTED)
    assert event.details["correction"] == result.correction.pk
    assert event.details["reason"] == "Left an hour early"
    message = Message.objects.get(kind=NOTICE_KIND)
    assert message.recipient_id == report.booking.substitute_id
    assert "Left an hour early" in message.text
    assert "kr" not in message.text and "1040" not in message.text and "1 040" not in message.text


def test_payroll_may_correct_others_may_not() -> None:
    report, _manager = exported_shift()
    with pytest.raises(PermissionDenied):
        correct(report, WorkplaceManagerFactory())
    with pytest.raises(PermissionDenied):
        correct(report, SubstituteFactory())
    assert correct(report, PayrollFactory()).written == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": at(2026, 11, 24, 22)}, "same as the approved ones"),
        ({"reason": "  "}, "Give the reason"),
        ({"seen": 1}, "corrected these hours meanwhile"),
        ({"ends_at": at(2026, 11, 24, 13)}, "end must be after the start"),
    ],
)
def test_refused_corrections_change_nothing(changes, message) -> None:
    report, manager = exported_shift()
    before = snapshot(report)
    with pytest.raises(CorrectionRefused, match=message):
        correct(report, manager, **changes)
    assert snapshot(report) == before
    assert not HoursCorrection.objects.exists()
    assert not AuditEvent.objects.filter(kind=PayrollAuditKind.HOURS_CORRECTED).exists()


def test_a_second_correction_corrects_the_first_and_repeating_it_is_refused() -> None:
    report, manager = exported_shift()
    correct(report, manager)
    with pytest.raises(CorrectionRefused, match="same as the approved ones"):
        correct(report, manager, seen=1)
    second = correct(report, manager, seen=1, ends_at=at(2026, 11, 24, 20), reason="Even earlier")
    assert second.reversed == 2  # the first correction's new lines
    total = TimeTransaction.objects.filter(report=report, band__isnull=True).aggregate(m=Sum("minutes"))
    assert total["m"] == 330


def test_corrections_are_never_paid_before_the_period_of_the_lines_they_correct() -> None:
    report, manager = exported_shift()
    paid_in = TimeTransaction.objects.filter(report=report).values_list("period", flat=True).first()
    result = correct(report, manager, now=at(2026, 11, 27, 9))  # the work's own period is still open
    assert paid_in is not None and result.period > paid_in


def test_hours_not_exported_yet_are_not_corrected_here() -> None:
    report, manager = exported_shift()
    TimeTransaction.objects.filter(report=report).update(batch=None)
    with pytest.raises(CorrectionRefused, match="not been exported yet"):
        correct(report, manager)


def test_a_substitute_without_a_mobile_number_gets_no_sms_and_the_correction_is_made() -> None:
    report, manager = exported_shift()
    report.booking.substitute.__class__.objects.filter(pk=report.booking.substitute_id).update(mobile="")
    assert correct(report, manager).written == 2
    assert not Message.objects.filter(kind=NOTICE_KIND).exists()
