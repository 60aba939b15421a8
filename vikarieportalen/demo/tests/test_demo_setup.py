import pytest
from django.db.migrations.recorder import MigrationRecorder

from vikarieportalen.demo.management.commands.demo_setup import migrations_unapplied


@pytest.mark.django_db
def test_a_migrated_database_needs_no_migrate() -> None:
    assert migrations_unapplied() is False


@pytest.mark.django_db
def test_a_database_without_one_migration_is_migrated() -> None:
    MigrationRecorder.Migration.objects.filter(app="intranet").latest("id").delete()

    assert migrations_unapplied() is True
