"""A migrated but empty SQLite database kept as a template, which the test processes and the benches'
smoke runs copy instead of migrating from nothing.

Running every migration costs some 20 CPU-seconds (Django renders the models' state after each
operation), which each pytest-xdist process and each bench paid again. The template is made by
``manage.py migrate --run-syncdb`` itself, as a test database is, so the migrations still run, and
again whenever one of them or uv.lock (a dependency's migrations) changes: the file's name carries
their fingerprint. Processes that start together make it once: the others wait on a lock. It lives
in ``var/migrated-template/``, one per settings module. Nothing here imports Django.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "migrated-template"


def fingerprint() -> str:
    """Changes whenever a migration the template ran could have changed: ours, or a dependency's."""
    digest = hashlib.sha256((ROOT / "uv.lock").read_bytes())
    for path in sorted(ROOT.glob("vikarieportalen/**/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_path(settings_module: str) -> Path:
    """The migrated template for these settings, made first when there is none for this fingerprint."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    template = FOLDER / f"{settings_module}-{fingerprint()}.sqlite3"
    if template.exists():
        return template
    with _lock(FOLDER / f"{settings_module}.lock"):
        if template.exists():  # made by the process that held the lock first
            return template
        for old in FOLDER.glob(f"{settings_module}-*.sqlite3"):
            old.unlink()
        building = FOLDER / f"building-{os.getpid()}.sqlite3"
        try:
            _migrate(building, settings_module)
            copy(building, template)
        finally:
            for leftover in FOLDER.glob(f"{building.name}*"):
                leftover.unlink()
    return template


def copy(source: Path, target: Path) -> None:
    """A consistent copy (write-ahead log included), written beside ``target`` and then renamed."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    with closing(sqlite3.connect(partial)) as destination:
        copy_into(source, destination)
    partial.replace(target)


def copy_into(source: Path, destination: sqlite3.Connection) -> None:
    """Replace the contents of an open SQLite database (an in-memory test database too) with ``source``."""
    with closing(sqlite3.connect(source)) as template:
        template.backup(destination)


def _migrate(path: Path, settings_module: str) -> None:
    print(f"(migrating the template database once: {path.name})", file=sys.stderr, flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "--run-syncdb", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (on systems without fcntl, none: each may migrate)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
