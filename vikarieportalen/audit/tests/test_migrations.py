"""The audit log moved from accounts without touching its table: the move is state only."""

from __future__ import annotations

import pytest
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from vikarieportalen.audit.models import AuditEvent


@pytest.mark.parametrize(
    "key",
    [("accounts", "0006_audit_event_moved_to_audit_app"), ("audit", "0001_audit_event_from_accounts")],
)
def test_the_move_changes_no_table(key: tuple[str, str]) -> None:
    migration = MigrationLoader(None).disk_migrations[key]
    for operation in migration.operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            assert operation.database_operations == []
        else:  # only the content type follows the model
            assert isinstance(operation, migrations.RunPython)


@pytest.mark.django_db
def test_the_model_still_uses_the_table_it_had_in_accounts() -> None:
    assert AuditEvent._meta.db_table == "accounts_auditevent"
    assert "accounts_auditevent" in connection.introspection.table_names()
