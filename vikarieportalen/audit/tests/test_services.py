"""audit_record: one row per event, who it concerns and who did it; unregistered kinds refused."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, models
from django.test import RequestFactory

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import AdministratorFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.audit.services import audit_record

pytestmark = pytest.mark.django_db


class UnregisteredKind(models.TextChoices):
    NEVER = "never_registered", "Never registered"


def test_an_event_notes_whom_it_concerns_who_did_it_and_from_where() -> None:
    sara, hr = SubstituteFactory(), AdministratorFactory()
    request = RequestFactory().get("/")
    request.client_ip = "192.0.2.7"  # type: ignore[attr-defined]  # set by the portal's middleware
    event = audit_record(
        kind=AccountsAuditKind.ACTIVATION_SENT, user=sara, actor=hr, request=request, channel="sms"
    )
    event.refresh_from_db()
    assert (event.kind, event.user, event.actor) == ("activation_sent", sara, hr)
    assert (event.username, event.client_ip, event.details) == (
        sara.username,
        "192.0.2.7",
        {"channel": "sms"},
    )


def test_an_unsaved_user_is_kept_by_name_only() -> None:
    event = audit_record(kind=AccountsAuditKind.LOGIN_FAILED, user=User(username="NOBO0101"))
    assert event.user is None and event.username == "NOBO0101"


def test_a_kind_no_app_registered_is_refused_before_the_database() -> None:
    with pytest.raises(ValueError, match="never_registered"):
        audit_record(kind=UnregisteredKind.NEVER)
    assert not AuditEvent.objects.exists()


def test_the_database_refuses_a_kind_no_app_registered() -> None:
    with pytest.raises(IntegrityError):
        AuditEvent.objects.create(kind="never_registered")
