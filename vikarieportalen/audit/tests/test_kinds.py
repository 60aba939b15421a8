"""The registry of audit kinds: each app registers its own, and the values stay unique."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from vikarieportalen.audit.kinds import AuditKindRegistry, audit_kinds
from vikarieportalen.audit.models import AuditEvent


class FirstKind(models.TextChoices):
    SENT = "test_sent", "Sent"
    READ = "test_read", "Read"


class SecondKind(models.TextChoices):
    ARCHIVED = "test_archived", "Archived"


class ClashingKind(models.TextChoices):
    SENT = "test_sent", "Sent as well"


def test_kinds_are_offered_in_the_order_they_were_registered() -> None:
    registry = AuditKindRegistry()
    registry.register(SecondKind)
    registry.register(FirstKind)
    assert registry.choices() == [("test_archived", "Archived"), ("test_sent", "Sent"), ("test_read", "Read")]
    assert registry.values == ["test_archived", "test_read", "test_sent"]
    assert "test_read" in registry and "test_unknown" not in registry


def test_registering_the_same_kinds_again_changes_nothing() -> None:
    registry = AuditKindRegistry()
    values = registry.values
    registry.register(FirstKind)
    registry.register(FirstKind)
    assert registry.choices() == [("test_sent", "Sent"), ("test_read", "Read")]
    assert registry.values is values  # the model's check constraint holds this list


def test_two_apps_may_not_claim_the_same_stored_value() -> None:
    registry = AuditKindRegistry()
    registry.register(FirstKind)
    with pytest.raises(ImproperlyConfigured, match="test_sent"):
        registry.register(ClashingKind)


def test_every_installed_app_has_registered_its_kinds() -> None:
    # Stored values never change: these are in rows already written.
    for value in ("login", "support_case_viewed", "booking_created", "hours_approved", "certificate_viewed"):
        assert value in audit_kinds


def test_the_database_constraint_allows_exactly_the_registered_kinds() -> None:
    (constraint,) = AuditEvent._meta.constraints
    assert isinstance(constraint, models.CheckConstraint)
    assert constraint.condition.children == [("kind__in", audit_kinds.values)]
