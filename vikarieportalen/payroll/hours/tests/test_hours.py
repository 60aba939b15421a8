"""Approval of worked hours: the services, the pay lines, the reminder and the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.hours.services import (
    HoursRefused,
    hours_remind_managers,
    time_report_approve,
    time_report_not_worked,
)
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.payroll.tests.factories import (
    HourlyWageFactory,
    SupplementBandFactory,
    TimeReportFactory,
)
from vikarieportalen.staffing.models import Booking, TimeReport, TimeReportStatus
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Refusals are matched by their English wording (the UI default is Swedish)."""
    with translation.override("en"):
        yield


NOW = at(2026, 11, 26, 9)  # a Thursday


@pytest.fixture
def manager():
    return WorkplaceManagerFactory(email="anna.ekholm@kristinehamn.se")


@pytest.fixture
def booking(manager) -> Booking:
    workplace = WorkplaceFactory(name="Solbackens äldreboende", managers=[manager], cost_centre="3110")
    # Tuesday 14:00–22:00 with 30 minutes' break: three hours of evening supplement.
    shift = ShiftFactory(
        workplace=workplace, starts_at=at(2026, 11, 24, 14), ends_at=at(2026, 11, 24, 22), break_minutes=30
    )
    substitute = SubstituteFactory(employee_number="T100001")
    HourlyWageFactory(substitute=substitute, valid_from=dt.date(2026, 1, 1), amount=Decimal("160.00"))
    SupplementBandFactory(code="ob-kvall", time_code="OB1", amount_per_hour=Decimal("26.10"))
    return BookingFactory(shift=shift, substitute=substitute)


def approve(booking: Booking, by, **changes) -> TimeReport:
    values = {"starts_at": booking.starts_at, "ends_at": booking.ends_at, "break_minutes": 30, "now": NOW}
    values.update(changes)
    return time_report_approve(booking=booking, by=by, **values)


def test_approval_writes_the_ordinary_line_and_the_evening_supplement(booking, manager) -> None:
    report = approve(booking, manager)
    assert report.status == TimeReportStatus.APPROVED and report.work_minutes == 450
    lines = list(TimeTransaction.objects.filter(report=report).order_by("pk"))
    assert [(t.time_code, t.minutes, t.rate, t.amount, t.cost_centre) for t in lines] == [
        ("TIM", 450, Decimal("160.00"), Decimal("1200.00"), "3110"),
        ("OB1", 180, Decimal("26.10"), Decimal("78.30"), "3110"),
    ]
    assert all(t.batch is None and t.substitute == booking.substitute for t in lines)
    assert lines[0].day == dt.date(2026, 11, 24)
    event = AuditEvent.objects.get(kind=PayrollAuditKind.HOURS_APPROVED)
    assert event.user == booking.substitute and event.actor == manager


@pytest.mark.parametrize(
    ("approved_at", "period", "late"),
    [
        (at(2026, 12, 5, 22), dt.date(2026, 11, 1), False),  # on November's cut-off day: in time
        (at(2026, 12, 6, 8), dt.date(2026, 12, 1), True),  # the day after: December, marked late
    ],
)
def test_the_moment_of_approval_decides_the_pay_period(booking, manager, approved_at, period, late) -> None:
    """The clock is the approval's ``now``, not the machine's: a late approval goes to a later period."""
    report = approve(booking, manager, now=approved_at)
    assert {(t.period, t.late) for t in TimeTransaction.objects.filter(report=report)} == {(period, late)}


def test_approving_twice_is_refused_and_nothing_is_doubled(booking, manager) -> None:
    approve(booking, manager)
    with pytest.raises(HoursRefused, match="already approved"):
        approve(booking, manager, ends_at=booking.ends_at - dt.timedelta(hours=1))
    with pytest.raises(HoursRefused, match="already approved"):
        time_report_not_worked(booking=booking, by=manager, now=NOW)
    assert TimeReport.objects.count() == 1
    assert TimeTransaction.objects.count() == 2
    assert TimeReport.objects.get().work_minutes == 450


def test_another_workplaces_manager_is_refused(booking) -> None:
    other = WorkplaceManagerFactory()
    WorkplaceFactory(name="Ekhagens äldreboende", managers=[other])
    with pytest.raises(PermissionDenied):
        approve(booking, other)
    assert not TimeReport.objects.exists()


def test_an_administrator_may_approve(booking) -> None:
    assert approve(booking, AdministratorFactory()).status == TimeReportStatus.APPROVED


def test_a_shift_not_ended_is_refused(booking, manager) -> None:
    with pytest.raises(HoursRefused, match="not ended"):
        approve(booking, manager, now=at(2026, 11, 24, 21))
    assert not TimeReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": at(2026, 11, 24, 13)}, "ends"),  # before the start
        ({"ends_at": at(2026, 11, 25, 8)}, "ends"),  # 18 hours
        ({"break_minutes": 480}, "break_minutes"),  # as long as the work
        ({"starts_at": at(2026, 11, 23, 1)}, "starts"),  # far from the booked start
        ({"ends_at": at(2026, 11, 26, 10)}, "ends"),  # in the future
    ],
)
def test_insane_times_are_refused_with_the_field(booking, manager, changes, field) -> None:
    with pytest.raises(HoursRefused) as refused:
        approve(booking, manager, **changes)
    assert field in [problem.field for problem in refused.value.problems]
    assert not TimeReport.objects.exists() and not TimeTransaction.objects.exists()


def test_no_wage_refuses_and_writes_nothing(manager) -> None:
    workplace = WorkplaceFactory(name="Hemtjänst Norr", managers=[manager])
    shift = ShiftFactory(workplace=workplace, starts_at=at(2026, 11, 24, 7), ends_at=at(2026, 11, 24, 16))
    booking = BookingFactory(shift=shift)
    with pytest.raises(HoursRefused, match="no hourly wage"):
        approve(booking, manager, break_minutes=45)
    assert not TimeReport.objects.exists()


def test_not_worked_has_no_pay_lines(booking, manager) -> None:
    report = time_report_not_worked(booking=booking, by=manager, note="Sjuk", now=NOW)
    assert report.status == TimeReportStatus.NOT_WORKED and report.work_minutes == 0
    assert not TimeTransaction.objects.exists()


def test_reminder_once_a_day_per_manager(booking, manager) -> None:
    morning = at(2026, 11, 26, 8, 15)
    assert hours_remind_managers(now=at(2026, 11, 26, 7, 0)) == 0  # before the reminder time
    assert hours_remind_managers(now=morning) == 1
    assert hours_remind_managers(now=morning + dt.timedelta(hours=2)) == 1
    messages = Message.objects.filter(kind="staffing_hours_reminder")
    assert messages.count() == 1 and messages.get().recipient == manager
    assert hours_remind_managers(now=at(2026, 11, 28, 9)) == 0  # a Saturday
    approve(booking, manager, now=morning)
    assert hours_remind_managers(now=at(2026, 11, 27, 9)) == 0  # nothing waiting any more


# --- the pages ---------------------------------------------------------------------------------------

LIST = "/bemanning/attest/"


@pytest.fixture
def client(manager) -> Client:
    return english(client_logged_in(manager))


def test_list_shows_the_waiting_booking_and_approve_as_booked(client, booking) -> None:
    page = client.get(LIST)
    assert page.status_code == 200 and f'id="booking-{booking.pk}"'.encode() in page.content
    response = client.post(f"{LIST}{booking.pk}/", {"action": "as_booked", "back": "date=2026-11-24"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?date=2026-11-24"
    report = TimeReport.objects.get(booking=booking)
    assert report.work_minutes == 450 and report.transactions.count() == 2
    again = client.post(f"{LIST}{booking.pk}/", {"action": "as_booked"}, follow=True)
    assert b"already approved" in again.content
    assert TimeReport.objects.count() == 1 and TimeTransaction.objects.count() == 2


def test_edited_times_are_approved(client, booking) -> None:
    data = {
        "action": "approve",
        "day": "2026-11-24",
        "starts": "14:00",
        "ends": "22:30",
        "break_minutes": "30",
    }
    response = client.post(f"{LIST}{booking.pk}/", {**data, "note": "Stannade kvar"})
    assert response.status_code == 302
    report = TimeReport.objects.get()
    assert report.work_minutes == 480 and report.note == "Stannade kvar"


@pytest.mark.parametrize(
    "data",
    [
        {
            "action": "approve",
            "day": "2026-11-24",
            "starts": "14:00",
            "ends": "nonsense",
            "break_minutes": "30",
        },
        {"action": "approve", "day": "2026-11-24", "starts": "14:00", "ends": "22:00", "break_minutes": "-5"},
        {
            "action": "approve",
            "day": "2026-11-24",
            "starts": "14:00",
            "ends": "22:00",
            "break_minutes": "500",
        },
        {"action": "approve", "day": "2026-11-20", "starts": "14:00", "ends": "22:00", "break_minutes": "30"},
        {"action": "approve"},
        {"action": "not_worked", "not-worked-note": "x" * 501},
    ],
)
def test_bad_input_is_shown_and_changes_nothing(client, booking, data) -> None:
    response = client.post(f"{LIST}{booking.pk}/", data)
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert not TimeReport.objects.exists() and not TimeTransaction.objects.exists()


def test_not_worked_from_the_page(client, booking) -> None:
    assert (
        client.post(f"{LIST}{booking.pk}/", {"action": "not_worked", "not-worked-note": "Sjuk"}).status_code
        == 302
    )
    assert TimeReport.objects.get().status == TimeReportStatus.NOT_WORKED
    page = client.get(f"{LIST}{booking.pk}/")
    assert b'id="hours-status"' in page.content and b'id="hours-form"' not in page.content


def test_another_managers_booking_is_not_found(booking) -> None:
    other = WorkplaceManagerFactory()
    client = client_logged_in(other)
    assert client.get(f"{LIST}{booking.pk}/").status_code == 404
    assert client.post(f"{LIST}{booking.pk}/", {"action": "as_booked"}).status_code == 404
    assert not TimeReport.objects.exists()
    assert f'id="booking-{booking.pk}"'.encode() not in client.get(LIST).content


def test_list_queries_do_not_grow(client, booking, manager) -> None:
    workplace = booking.workplace

    def grow() -> None:
        second = WorkplaceFactory(name="Förskolan Snäckan", managers=[manager])
        for day in (20, 21, 23):
            for place in (workplace, second):
                shift = ShiftFactory(
                    workplace=place, starts_at=at(2026, 11, day, 7), ends_at=at(2026, 11, day, 16)
                )
                done = BookingFactory(shift=shift)
                HourlyWageFactory(substitute=done.substitute)
            TimeReportFactory(
                booking=BookingFactory(
                    shift=ShiftFactory(
                        workplace=workplace, starts_at=at(2026, 11, day, 17), ends_at=at(2026, 11, day, 21)
                    )
                )
            )

    assert_queries_do_not_grow(client, f"{LIST}?date=2026-11-23", grow)


def test_reminder_by_sms_without_an_email_address(booking, manager) -> None:
    manager.email = ""
    manager.save(update_fields=["email"])
    assert hours_remind_managers(now=at(2026, 11, 26, 8, 15)) == 1
    message = Message.objects.get(kind="staffing_hours_reminder")
    assert message.channel == "sms" and "/bemanning/attest/" in message.text


def test_the_reminder_is_a_scheduled_job() -> None:
    from vikarieportalen.notifications.jobs.scheduler import JOBS

    assert "staffing.hours_reminders" in [job.name for job in JOBS]
