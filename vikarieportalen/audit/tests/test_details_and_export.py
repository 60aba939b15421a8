"""The audit log's details column and its CSV export (administrators only, audited, filtered)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.tests.factories import AdministratorFactory, SubstituteFactory
from vikarieportalen.audit.audit_kinds import AuditAuditKind
from vikarieportalen.audit.details import details_labelled, details_shown, details_text
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.roles import Role
from vikarieportalen.testing import client_for, client_logged_in

AUDIT_URL = "/konto/granskningslogg/"


def test_details_are_shown_in_order_with_secrets_hidden() -> None:
    with translation.override("en"):
        shown = details_shown(
            {
                "sessions_ended": 2,
                "token": "abc123",
                "verification_code": "9911",
                "code_kind": "login",
                "nested": {"api_key": "k", "reason": "x"},
                "shift_cancelled": True,
                "rules": ["rest", "break"],
                "note": "",
            }
        )
    assert shown == [
        ("sessions_ended", "2"),
        ("token", "(hidden)"),
        ("verification_code", "(hidden)"),
        ("code_kind", "login"),
        ("nested", "Api key: (hidden); Reason: x"),
        ("shift_cancelled", "yes"),
        ("rules", "rest, break"),
        ("note", "–"),
    ]
    assert "abc123" not in details_text({"token": "abc123", "password": "p"})


def test_details_read_as_words_and_long_values_are_cut() -> None:
    with translation.override("sv"):
        labelled = details_labelled({"sessions_ended": 1, "text": "x" * 500, "secret": "s"})
    assert labelled[0] == ("Sessions ended", "1")
    assert len(labelled[1][1]) == 200
    assert labelled[2] == ("Secret", "(dold)")
    assert details_shown({}) == [] and details_shown(None) == []


@pytest.mark.django_db
def test_the_page_shows_the_details_column() -> None:
    sara = SubstituteFactory()
    audit_record(kind=AccountsAuditKind.LOGOUT_EVERYWHERE, user=sara, sessions_ended=3, token="hemligt")
    client = client_for(Role.ADMINISTRATOR)
    body = client.get(AUDIT_URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Sessions ended" in body and "<dd>3</dd>" in body
    assert "hemligt" not in body


@pytest.mark.django_db
def test_the_csv_export_applies_the_filter_and_is_audited() -> None:
    sara = SubstituteFactory(username="JOSA9804")
    audit_record(kind=AccountsAuditKind.LOGIN_FAILED, username="=cmd()", reason="wrong password")
    audit_record(kind=AccountsAuditKind.RESET_REQUESTED, user=sara, token="hemligt")
    admin = AdministratorFactory()
    client = client_logged_in(admin)
    response = client.get(AUDIT_URL, {"kind": AccountsAuditKind.LOGIN_FAILED, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = text.strip().splitlines()
    assert len(lines) == 2  # the header and the one failed login
    assert ";'=cmd();" in lines[1] and "Reason: wrong password" in lines[1]
    assert "hemligt" not in text
    exported = AuditEvent.objects.get(kind=AuditAuditKind.AUDIT_LOG_EXPORTED)
    assert exported.user == admin
    assert exported.details == {"format": "csv", "rows": 1, "filters": {"kind": "login_failed"}}


@pytest.mark.django_db
def test_a_bad_filter_exports_nothing_and_records_nothing() -> None:
    client = client_for(Role.ADMINISTRATOR)
    response = client.get(
        AUDIT_URL,
        {"date_from": "2026-05-02", "date_to": "2026-05-01", "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Slutdatumet ligger före startdatumet." in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditAuditKind.AUDIT_LOG_EXPORTED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.PAYROLL, Role.SUBSTITUTE])
def test_only_administrators_may_export(role: Role) -> None:
    client: Client = client_for(role)
    assert client.get(AUDIT_URL, {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditAuditKind.AUDIT_LOG_EXPORTED).exists()
