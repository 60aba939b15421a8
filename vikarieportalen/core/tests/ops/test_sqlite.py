"""Start-up on SQLite does not depend on the file being idle (core/ops/sqlite.py, issue 14 item 6)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

from vikarieportalen.core.ops.sqlite import sqlite_features_settle, sqlite_has_json_functions

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def locked_file(tmp_path: Path) -> Iterator[Path]:
    """A SQLite file whose write lock another connection holds, as a busy web process or seeding."""
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE busy (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO busy VALUES (1)")
    try:
        yield path
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_new_connection_knows_about_json_without_touching_the_file(locked_file: Path) -> None:
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(locked_file), "OPTIONS": {}}}
    )
    connection = handler["default"]
    sqlite_features_settle(connection)
    assert connection.features.supports_json_field is sqlite_has_json_functions() is True
    assert connection.connection is None  # settled without opening the file


@pytest.mark.slow
def test_system_checks_pass_while_another_process_holds_the_write_lock(locked_file: Path) -> None:
    """Before: Django's JSON probe waited for the lock, gave up, and every JSONField failed fields.E180
    ("SQLite does not support JSONFields"), so `db_worker` (which runs these checks) stopped."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{locked_file}",
        REDIS_URL="",
        TASK_BACKEND="database",
        PYTHONDONTWRITEBYTECODE="1",
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E180" not in result.stdout + result.stderr
