"""SQLite connections that do not need the file to be idle to learn what SQLite can do.

Django learns whether SQLite has its JSON functions by running ``SELECT JSON(…)`` inside
``transaction.atomic`` the first time it is asked. With ``transaction_mode: IMMEDIATE``
(config/settings/base.py) that atomic block starts with ``BEGIN IMMEDIATE``, which waits for the
write lock. When another process holds the lock for longer than the busy timeout (``make run``
seeding the demo while ``db_worker`` starts, a long migration), the probe fails with "database is
locked", Django takes that as "no JSON support" and keeps the answer for the connection's life:
the system check of every JSONField reports "SQLite does not support JSONFields" (fields.E180),
``db_worker`` refused to start, and a process that got past the checks would have believed it too.

The JSON functions belong to the SQLite library, not to the file, so we ask the library once, on
a private in-memory database, and give every SQLite connection of the process the answer before
Django asks the file. A SQLite built without them still answers "no", and Django reports it.
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


@functools.cache
def sqlite_has_json_functions() -> bool:
    """Whether this process's SQLite library has the JSON functions (asked of :memory:, no file)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("""SELECT JSON('{"a": "b"}')""").fetchall()
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def sqlite_features_settle(connection: BaseDatabaseWrapper) -> None:
    """Give one SQLite connection the library's answer; Django's own probe then never runs."""
    if connection.vendor == "sqlite":
        # supports_json_field is a cached_property: a value in the instance's __dict__ wins.
        vars(connection.features).setdefault("supports_json_field", sqlite_has_json_functions())


def sqlite_connections_settle() -> None:
    """Every SQLite connection of this thread (the system checks and the worker run in it)."""
    for alias in connections:
        sqlite_features_settle(connections[alias])


def on_connection_created(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Connections made later in other threads (runserver's) get the answer when they connect."""
    sqlite_features_settle(connection)
