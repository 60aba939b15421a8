"""Certificates count corrected hours, and a released certificate a correction changes is flagged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates import rules, selectors, services
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.message_kinds import CertificatesMessageKind
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CorrectionFlag
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import Message
from vikarieportalen.payroll.corrections.services import CorrectionRefused, hours_correct
from vikarieportalen.payroll.corrections.tests.support import NOW, exported_shift
from vikarieportalen.staffing.models import TimeReport
from vikarieportalen.staffing.tests.factories import at
from vikarieportalen.testing import client_for, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date
SHIFT_DAY = D(2026, 11, 24)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def hr() -> User:
    return user_with_role(Role.HR_SERVICE, email="hr@example.org", language="en")


def correct(report: TimeReport, by: User, *, start: int = 14, end: int = 21, seen: int = 0, **more: object):
    return hours_correct(
        report=report,
        by=by,
        starts_at=at(2026, 11, 24, start, int(more.pop("start_minute", 0))),  # type: ignore[call-overload]
        ends_at=at(2026, 11, 24, end, int(more.pop("end_minute", 0))),  # type: ignore[call-overload]
        break_minutes=30,
        reason="Left an hour early",
        seen=seen,
        now=NOW,
    )


def released(substitute: User, kind: str, hr: User, **fields: object) -> CertificateOrder:
    span = {"period_from": D(2026, 1, 1), "period_to": D(2026, 12, 31)}
    span.update(fields)  # type: ignore[arg-type]
    order = services.certificate_order_create(substitute=substitute, kind=kind, **span)  # type: ignore[arg-type]
    if kind == CertificateKind.EMPLOYER:
        services.certificate_hr_update(
            order=order, by=hr, end_reason="Behovet upphörde", further_work="no", hr_note=""
        )
    order.refresh_from_db()
    if order.status != "released":
        services.certificate_release(order=order, by=hr)
    order.refresh_from_db()
    return order


def test_the_certificates_count_the_corrected_hours_and_pay_also_after_a_second_correction() -> None:
    report, manager = exported_shift()
    substitute = report.booking.substitute

    def figures() -> tuple[int, Decimal, int]:
        lines = selectors.lines_for(substitute=substitute, start=SHIFT_DAY, end=SHIFT_DAY)
        (year,) = rules.annual_income(lines=lines, first_year=2026, last_year=2026)
        work = selectors.work_for(substitute=substitute, start=SHIFT_DAY, end=SHIFT_DAY)
        employment = rules.employment_summary(work=work, start=SHIFT_DAY, end=SHIFT_DAY)
        assert employment.worked_minutes == year.worked_minutes
        return year.worked_minutes, year.gross_pay, employment.days_worked

    # 14:00-22:00 less 30 minutes at 160 kr, evening supplement 19-22 at 26.10 kr.
    assert figures() == (450, Decimal("1278.30"), 1)
    correct(report, manager)  # 14:00-21:00: 390 minutes, 2 hours' supplement
    assert figures() == (390, Decimal("1092.20"), 1)
    correct(report, manager, end=20, seen=1)  # a correction of the correction: 330 minutes, 1 hour
    assert figures() == (330, Decimal("906.10"), 1)
    month = rules.month_rows(
        lines=selectors.lines_for(substitute=substitute, start=D(2026, 11, 1), end=D(2026, 11, 30)),
        work=[],
        start=D(2026, 11, 1),
        end=D(2026, 11, 30),
        overtime_codes=[],
    )
    assert [(row.worked_minutes, row.gross_pay) for row in month] == [(330, Decimal("906.10"))]


def test_a_released_certificate_a_correction_changes_is_flagged_to_hr_audited_and_unchanged(hr: User) -> None:
    report, manager = exported_shift()
    substitute = report.booking.substitute
    annual = released(substitute, CertificateKind.ANNUAL_INCOME, hr)
    service = released(
        substitute, CertificateKind.SERVICE, hr, period_from=D(2026, 11, 24), period_to=D(2026, 11, 24)
    )
    pdf = bytes(annual.pdf)

    result = correct(report, manager)

    flag = CorrectionFlag.objects.get(order=annual)
    assert (flag.correction, flag.work_day) == (result.correction, SHIFT_DAY)
    assert CorrectionFlag.objects.filter(order=service).exists()  # hours of the day changed too
    annual.refresh_from_db()
    assert bytes(annual.pdf) == pdf and annual.status == "released"
    event = AuditEvent.objects.get(
        kind=CertificatesAuditKind.CERTIFICATE_FLAGGED, details__certificate=annual.number
    )
    assert event.actor == manager and event.user == substitute
    mail = Message.objects.get(
        kind=CertificatesMessageKind.CORRECTED, recipient=hr, text__contains=annual.number
    )
    assert str(annual.pk) in mail.text and substitute.family_name not in mail.text


def test_only_certificates_whose_figures_change_are_flagged(hr: User) -> None:
    report, manager = exported_shift()
    substitute = report.booking.substitute
    service = released(
        substitute, CertificateKind.SERVICE, hr, period_from=D(2026, 11, 1), period_to=D(2026, 11, 30)
    )
    annual = released(substitute, CertificateKind.ANNUAL_INCOME, hr)

    # Half an hour earlier at both ends: the same 450 minutes worked, but 30 minutes less supplement.
    correct(report, manager, start=13, start_minute=30, end=21, end_minute=30)

    assert not CorrectionFlag.objects.filter(order=service).exists()
    assert CorrectionFlag.objects.filter(order=annual).count() == 1
    assert Message.objects.filter(kind=CertificatesMessageKind.CORRECTED).count() == 1


def test_a_refused_correction_flags_nothing(hr: User) -> None:
    report, manager = exported_shift()
    released(report.booking.substitute, CertificateKind.ANNUAL_INCOME, hr)
    with pytest.raises(CorrectionRefused):
        correct(report, manager, end=22)  # the approved times: nothing changes
    assert not CorrectionFlag.objects.exists()
    assert not AuditEvent.objects.filter(kind=CertificatesAuditKind.CERTIFICATE_FLAGGED).exists()


def test_hr_sees_the_flag_in_the_queue_and_on_the_certificate(hr: User) -> None:
    report, manager = exported_shift()
    annual = released(report.booking.substitute, CertificateKind.ANNUAL_INCOME, hr)
    client = client_for(Role.HR_SERVICE, user=hr)
    queue = client.get(reverse("certificates:queue"))
    assert "corrected after" not in queue.content.decode()

    correct(report, manager)

    queue = client.get(reverse("certificates:queue"))
    assert (
        "1 released certificate has hours that were corrected after it was released."
        in queue.content.decode()
    )
    released_list = client.get(reverse("certificates:queue"), {"status": "released"})
    assert "Hours corrected after release: check whether" in released_list.content.decode()
    page = client.get(reverse("certificates:staff_order", args=[annual.pk]))
    assert "The shift on 24 Nov, corrected" in page.content.decode()
