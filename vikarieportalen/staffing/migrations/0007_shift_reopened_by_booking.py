# A shift a substitute's cancellation reopened points at that booking until it is booked again,
# cancelled or dismissed; the database refuses the flag on a booked or cancelled shift.
#
# SQLite rebuilds staffing_shift for these changes, and the is_booked triggers on staffing_booking
# (migration 0005) would refuse the rename of a table they name: they are dropped first and put
# back after, from 0005's one definition.

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_TRIGGERS = "vikarieportalen.staffing.migrations.0005_shift_is_booked_kept_by_triggers"


def _sqlite_run(schema_editor, name: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in getattr(importlib.import_module(_TRIGGERS), name):
        schema_editor.execute(statement)


def sqlite_triggers_drop(apps, schema_editor) -> None:
    _sqlite_run(schema_editor, "SQLITE_REVERSE")


def sqlite_triggers_create(apps, schema_editor) -> None:
    _sqlite_run(schema_editor, "SQLITE")


class Migration(migrations.Migration):

    dependencies = [
        ('staffing', '0006_workplace_request_one_open_per_area'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_drop, sqlite_triggers_create),
        migrations.AddField(
            model_name='shift',
            name='reopened_by_booking',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staffing.booking', verbose_name='reopened by the cancelled booking'),
        ),
        migrations.AddConstraint(
            model_name='shift',
            constraint=models.CheckConstraint(condition=models.Q(('reopened_by_booking__isnull', True), models.Q(('is_booked', False), ('status', 'active')), _connector='OR'), name='staffing_shift_reopened_only_while_open'),
        ),
        migrations.RunPython(sqlite_triggers_create, sqlite_triggers_drop),
    ]
