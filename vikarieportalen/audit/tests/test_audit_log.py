"""The administrators' audit-log page: listing, filtering, bad input, query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import AdministratorFactory, SubstituteFactory
from vikarieportalen.audit.services import audit_record
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.testing import OUTSIDE_ADDRESS, assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

AUDIT_URL = "/konto/granskningslogg/"


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(username="JOSA9804", preferred_given_name="Sara", family_name="Johansson")


@pytest.fixture
def admin_client() -> Client:
    client = client_logged_in(AdministratorFactory(), address=OUTSIDE_ADDRESS)  # high assurance
    client.cookies["vp_language"] = "en"
    return client


def table(response: Any) -> str:
    text = response.content.decode()
    return text[text.find("<tbody>") : text.find("</tbody>")] if "<tbody>" in text else ""


def test_the_audit_log_lists_and_filters_events(admin_client: Client, sara: User) -> None:
    audit_record(kind=AccountsAuditKind.LOGIN_FAILED, username="JOSA9804")
    audit_record(kind=AccountsAuditKind.RESET_REQUESTED, user=sara)
    page = admin_client.get(AUDIT_URL)
    assert page.status_code == 200
    assert "Failed login" in table(page)
    assert "Password reset requested" in table(page)
    only_failures = admin_client.get(AUDIT_URL, {"kind": AccountsAuditKind.LOGIN_FAILED})
    assert "Failed login" in table(only_failures)
    assert "Password reset requested" not in table(only_failures)
    by_name = admin_client.get(AUDIT_URL, {"username": "josa"})
    assert "Sara Johansson" in table(by_name)
    nothing = admin_client.get(AUDIT_URL, {"username": "nobody"})
    assert "No events match." in nothing.text


def test_the_audit_log_shows_and_filters_kinds_other_apps_registered(
    admin_client: Client, sara: User
) -> None:
    audit_record(kind=StaffingAuditKind.BOOKING_CREATED, user=sara)
    page = admin_client.get(AUDIT_URL, {"kind": StaffingAuditKind.BOOKING_CREATED})
    assert "Booked onto a shift" in table(page)
    assert f'<option value="{StaffingAuditKind.BOOKING_CREATED}" selected>' in page.text


def test_the_audit_log_labels_are_swedish_by_default(admin_client: Client, sara: User) -> None:
    audit_record(kind=AccountsAuditKind.LOGIN, user=sara)
    admin_client.cookies["vp_language"] = "sv"
    assert "Inloggad" in table(admin_client.get(AUDIT_URL))


def test_the_audit_log_refuses_a_backwards_date_range(admin_client: Client) -> None:
    response = admin_client.get(AUDIT_URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.text
    bad = admin_client.get(AUDIT_URL, {"date_from": "not a date", "kind": "no-such-kind"})
    assert bad.status_code == 200
    assert 'class="error-summary"' in bad.text


def test_the_audit_log_query_count_does_not_grow(admin_client: Client) -> None:
    def add_events() -> None:
        for _ in range(15):
            user = SubstituteFactory()
            audit_record(kind=AccountsAuditKind.LOGIN, user=user, actor=user)

    audit_record(kind=AccountsAuditKind.LOGIN, user=SubstituteFactory())
    assert_queries_do_not_grow(admin_client, AUDIT_URL, add_events)
