"""Keeps the triggers behind ``Shift.is_booked`` in place on SQLite.

SQLite cannot alter most of a table in place, so Django's schema editor rebuilds the table (create,
copy, drop, rename) for many later migrations, and a rebuilt table has lost its triggers. After
every ``migrate`` this puts back any that are missing, from the one definition in migration 0005,
and corrects ``is_booked`` for bookings written meanwhile. PostgreSQL alters tables in place and
keeps its triggers, so there it does nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connections

_MIGRATION = "vikarieportalen.staffing.migrations.0005_shift_is_booked_kept_by_triggers"
_RESYNC = (
    "UPDATE staffing_shift SET is_booked = EXISTS (SELECT 1 FROM staffing_booking b "
    "WHERE b.shift_id = staffing_shift.id AND b.status = 'active')"
)


def sqlite_triggers_missing(*, using: str = "default") -> list[str]:
    """The names of the is_booked triggers missing from an SQLite database (always [] elsewhere)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    expected = [statement.split()[2] for statement in _sqlite_statements()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]


def _sqlite_statements() -> list[str]:
    return [" ".join(s.split()) for s in importlib.import_module(_MIGRATION).SQLITE]


def shift_is_booked_triggers_ensure(*, using: str = "default", **kwargs: Any) -> bool:
    """Create the missing triggers and resync; True when something had to be put back."""
    missing = set(sqlite_triggers_missing(using=using))
    if not missing:
        return False
    with connections[using].cursor() as cursor:
        for statement in _sqlite_statements():
            if statement.split()[2] in missing:
                cursor.execute(statement)
        cursor.execute(_RESYNC)
    return True
