"""Orders, HR's completion and release, the PDFs' contents, verification, audit and SMS."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pypdf
import pytest
from django.test import override_settings
from django.utils import translation

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates import services
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CertificateStatus
from vikarieportalen.certificates.pdf import hrs, kr
from vikarieportalen.certificates.services import CertificateRefused, Refusal
from vikarieportalen.certificates.tests.factories import cancelled_day, not_worked_day, worked_day
from vikarieportalen.certificates.verification import Outcome, certificate_verify
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import Message
from vikarieportalen.payroll.tests.factories import HourlyWageFactory
from vikarieportalen.testing import user_with_role

pytestmark = pytest.mark.django_db
D = dt.date


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def substitute() -> User:
    user: User = SubstituteFactory(
        given_names="Josefin",
        preferred_given_name="Josefin",
        family_name="Sandberg",
        personal_identity_number="199804042381",
        mobile="+46701234567",
        language="sv",
    )
    return user


@pytest.fixture
def hr() -> User:
    return user_with_role(Role.HR_SERVICE)


def employer_order(substitute: User) -> CertificateOrder:
    return services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=D(2025, 2, 1),
        period_to=D(2025, 4, 30),
    )


def test_employer_certificate_shows_approved_hours_and_gross_pay_per_month(
    substitute: User, hr: User
) -> None:
    for day in (3, 10, 17):
        worked_day(substitute, D(2025, 3, day), supplement=Decimal("25.10"))
    worked_day(substitute, D(2025, 4, 2), rate=Decimal("170.00"), time_code="OVT")
    not_worked_day(substitute, D(2025, 4, 9))
    order = employer_order(substitute)
    assert order.number and order.number.startswith("INT-")
    services.certificate_hr_update(
        order=order, by=hr, end_reason="Behovet upphörde", further_work="no", hr_note=""
    )
    order = services.certificate_release(order=order, by=hr)

    order.refresh_from_db()
    assert order.status == CertificateStatus.RELEASED and order.signed_by == hr
    assert order.pdf_sha256 == hashlib.sha256(bytes(order.pdf)).hexdigest()
    text = pdf_text(bytes(order.pdf))
    march_pay = 3 * (Decimal("8.25") * 160 + Decimal("50.20"))
    assert f"{hrs(Decimal('24.75'))} 0,00 0,00 {kr(march_pay)}" in text  # no OB minutes in the hours
    assert (
        f"{hrs(Decimal('8.25'))} {hrs(Decimal('8.25'))} {hrs(Decimal('8.25'))} {kr(Decimal('1402.50'))}"
        in text
    )
    assert "19980404-2381" in text and "Josefin Sandberg" in text and "Behovet upphörde" in text
    assert order.number in text and order.verification_code in text
    assert "0,00 0,00 0,00 0,00" in text  # February: a month without work shows zeros


def test_release_audits_and_sends_an_sms_without_personal_details(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = employer_order(substitute)
    services.certificate_hr_update(
        order=order, by=hr, end_reason="Vikariatet upphörde", further_work="yes", hr_note=""
    )
    services.certificate_release(order=order, by=hr)
    sms = Message.objects.get(kind="certificate_ready")
    assert sms.recipient == substitute
    assert "Sandberg" not in sms.text and "1998" not in sms.text and order.number not in sms.text
    kinds = list(AuditEvent.objects.filter(user=substitute).values_list("kind", flat=True))
    assert {
        CertificatesAuditKind.CERTIFICATE_ORDERED,
        CertificatesAuditKind.CERTIFICATE_CHANGED,
        CertificatesAuditKind.CERTIFICATE_RELEASED,
    } <= set(kinds)


def test_employer_certificate_is_not_released_without_hr_answers(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = employer_order(substitute)
    with pytest.raises(CertificateRefused) as refused:
        services.certificate_release(order=order, by=hr)
    assert refused.value.reason == Refusal.HR_MISSING
    order.refresh_from_db()
    assert order.status == CertificateStatus.ORDERED and order.pdf_sha256 == ""
    assert not Message.objects.exclude(kind="certificate_new_order").exists()  # no SMS to the substitute


def test_an_order_for_a_period_without_work_is_refused_and_nothing_stored(substitute: User) -> None:
    worked_day(substitute, D(2025, 6, 3))
    not_worked_day(substitute, D(2025, 3, 3))
    for kind in (CertificateKind.EMPLOYER, CertificateKind.SERVICE, CertificateKind.ANNUAL_INCOME):
        with pytest.raises(CertificateRefused) as refused:
            services.certificate_order_create(
                substitute=substitute, kind=kind, period_from=D(2024, 1, 1), period_to=D(2025, 5, 31)
            )
        assert refused.value.reason == Refusal.NO_WORK
    with pytest.raises(CertificateRefused):
        services.certificate_order_create(
            substitute=substitute,
            kind=CertificateKind.LOST_EARNINGS,
            claimed_dates=[D(2025, 6, 3), D(2025, 6, 4)],
        )
    assert not CertificateOrder.objects.exists()
    assert not AuditEvent.objects.filter(kind=CertificatesAuditKind.CERTIFICATE_ORDERED).exists()


def test_service_certificate_lists_workplaces_days_and_hours(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    worked_day(substitute, D(2025, 3, 4), employment_form="vikariat")
    order = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.SERVICE,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    order = services.certificate_release(order=order, by=hr)
    text = pdf_text(bytes(order.pdf))
    assert "Äldreboendet Solrosen 2025-03-03 – 2025-03-04 2 16,50" in text


def test_lost_earnings_certificate_uses_wage_deduction_and_holiday_pay(substitute: User, hr: User) -> None:
    HourlyWageFactory(substitute=substitute, valid_from=D(2025, 1, 1), amount=Decimal("160.00"))
    not_worked_day(substitute, D(2025, 3, 3))
    cancelled_day(substitute, D(2025, 3, 4), days_before=0)
    with override_settings(
        CERTIFICATE_LOST_EARNINGS_DEDUCTION_PERCENT="20", CERTIFICATE_HOLIDAY_PAY_PERCENT="12"
    ):
        order = services.certificate_order_create(
            substitute=substitute,
            kind=CertificateKind.LOST_EARNINGS,
            claimed_dates=[D(2025, 3, 4), D(2025, 3, 3)],
        )
        order = services.certificate_release(order=order, by=hr)
    assert order.claimed_dates == ["2025-03-03", "2025-03-04"]
    text = pdf_text(bytes(order.pdf))
    gross = 2 * Decimal("8.25") * 160  # 2640.00
    assert kr(gross) in text
    assert kr(Decimal("528.00")) in text  # 20 % deduction
    assert kr(Decimal("253.44")) in text  # 12 % of 2112.00
    assert kr(Decimal("2365.44")) in text


def test_lost_earnings_without_a_wage_is_refused(substitute: User) -> None:
    not_worked_day(substitute, D(2025, 3, 3))
    with pytest.raises(CertificateRefused) as refused:
        services.certificate_order_create(
            substitute=substitute, kind=CertificateKind.LOST_EARNINGS, claimed_dates=[D(2025, 3, 3)]
        )
    assert refused.value.reason == Refusal.NO_WAGE
    assert not CertificateOrder.objects.exists()


@override_settings(CERTIFICATE_AUTO_RELEASE_KINDS=["annual_income", "employer"])
def test_machine_kinds_are_released_at_once_when_allowed_and_employer_never(substitute: User) -> None:
    worked_day(substitute, D(2024, 5, 6))
    worked_day(substitute, D(2025, 5, 6))
    annual = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.ANNUAL_INCOME,
        period_from=D(2024, 1, 1),
        period_to=D(2025, 12, 31),
    )
    assert annual.status == CertificateStatus.RELEASED and annual.signed_by is None
    text = pdf_text(bytes(annual.pdf))
    assert f"2024 8,25 {kr(Decimal('1320.00'))}" in text and f"2025 8,25 {kr(Decimal('1320.00'))}" in text
    employer = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    assert employer.status == CertificateStatus.ORDERED
    assert Message.objects.filter(kind="certificate_ready").count() == 1


def test_verification_tells_genuine_changed_and_forged(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.SERVICE,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    order = services.certificate_release(order=order, by=hr)
    content = bytes(order.pdf)
    number = order.number or ""
    genuine = certificate_verify(
        number_text=number, code_text=order.verification_code.lower(), content=content
    )
    assert genuine.outcome == Outcome.GENUINE and genuine.file_matches is True and genuine.holder == "J. S."
    changed = certificate_verify(
        number_text=number, code_text=order.verification_code, content=content + b"%"
    )
    assert changed.outcome == Outcome.GENUINE and changed.file_matches is False
    assert certificate_verify(number_text=number, code_text="ABCD-EFGH-JKMN").outcome == Outcome.NOT_FOUND
    assert (
        certificate_verify(number_text="INT-2026-999999", code_text=order.verification_code).outcome
        == Outcome.NOT_FOUND
    )


def test_an_open_order_cannot_be_verified(substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = employer_order(substitute)
    assert (
        certificate_verify(number_text=order.number or "", code_text="ABCD-EFGH-JKMN").outcome
        == Outcome.NOT_FOUND
    )


def test_the_same_order_and_data_give_the_same_bytes(substitute: User, hr: User) -> None:
    from vikarieportalen.certificates import selectors
    from vikarieportalen.certificates.pdf import Issue, certificate_pdf

    worked_day(substitute, D(2025, 3, 3))
    order = employer_order(substitute)
    issue = Issue(
        issued_at=dt.datetime(2026, 1, 2, 10, tzinfo=dt.UTC),
        verification_code="ABCD-EFGH-JKMN",
        verification_url="x",
    )
    first = certificate_pdf(order=order, facts=selectors.facts_for(order), issue=issue)
    second = certificate_pdf(order=order, facts=selectors.facts_for(order), issue=issue)
    assert first == second


def test_released_and_handled_orders_cannot_be_changed(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = employer_order(substitute)
    services.certificate_cancel(order=order, by=substitute)
    for call in (
        lambda: services.certificate_release(order=order, by=hr),
        lambda: services.certificate_reject(order=order, by=hr, reason="x"),
        lambda: services.certificate_hr_update(
            order=order, by=hr, end_reason="x", further_work="no", hr_note=""
        ),
    ):
        with pytest.raises(CertificateRefused):
            call()
    order.refresh_from_db()
    assert order.status == CertificateStatus.CANCELLED and order.end_reason == ""


def test_rejection_keeps_the_reason_and_tells_the_substitute(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    order = services.certificate_reject(order=employer_order(substitute), by=hr, reason="Dubbelbeställning")
    assert order.status == CertificateStatus.REJECTED
    with translation.override("en"):
        assert "Dubbelbeställning" not in Message.objects.get(kind="certificate_rejected").text


def test_the_database_refuses_a_released_certificate_without_its_document(substitute: User) -> None:
    from django.db import IntegrityError, transaction

    from vikarieportalen.certificates.tests.factories import order

    made = order(substitute=substitute, kind=CertificateKind.SERVICE)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateOrder.objects.filter(pk=made.pk).update(status=CertificateStatus.RELEASED)
    employer = order(substitute=substitute, kind=CertificateKind.EMPLOYER)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateOrder.objects.filter(pk=employer.pk).update(
            status=CertificateStatus.RELEASED,
            pdf_sha256="x",
            verification_code="x",
            released_at=employer.created_at,
        )


def test_hr_hears_of_a_waiting_order_by_e_mail_without_personal_details(substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    with_address = user_with_role(Role.HR_SERVICE, email="helena@example.se")
    user_with_role(Role.HR_SERVICE, email="")  # no address: nothing to send to
    order = employer_order(substitute)
    mails = list(Message.objects.filter(kind="certificate_new_order"))
    assert [(m.recipient_id, m.channel) for m in mails] == [(with_address.pk, "email")]
    assert order.number in mails[0].text and f"/intyg/ko/{order.pk}/" in mails[0].text
    assert "Sandberg" not in mails[0].text and "Josefin" not in mails[0].text


@override_settings(CERTIFICATE_NEW_ORDER_EMAIL="medarbetarservice@example.se")
def test_a_shared_mailbox_gets_the_notice_instead(substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    user_with_role(Role.HR_SERVICE, email="helena@example.se")
    employer_order(substitute)
    assert list(Message.objects.filter(kind="certificate_new_order").values_list("to_email", flat=True)) == [
        "medarbetarservice@example.se"
    ]


@override_settings(CERTIFICATE_AUTO_RELEASE_KINDS=["service"])
def test_an_order_released_at_once_needs_no_notice_to_hr(substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    user_with_role(Role.HR_SERVICE, email="helena@example.se")
    services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.SERVICE,
        period_from=D(2025, 3, 1),
        period_to=D(2025, 3, 31),
    )
    assert not Message.objects.filter(kind="certificate_new_order").exists()
