"""The ``--smoke`` size every benchmark has, which ``make test`` runs so that no bench rots unseen.

A smoke run gets an empty database of its own on what the tests have: on DATABASE_URL's PostgreSQL
server when it names one (a database called ``<its name>_bench_<bench>``), otherwise a SQLite file
in a temporary directory; either is removed when the run ends. Migrating from nothing costs some 20
CPU-seconds, longer than most smoke runs, so the migrated but empty schema is kept as a template and
copied: on SQLite the one the test processes copy too (vikarieportalen/migrated_template.py, in
``var/migrated-template/``), on PostgreSQL a ``…_bench_template_…`` database; a change to a migration
or to uv.lock makes a new one. The benches still run ``migrate`` themselves, so a migration added
since is applied. Imported by the scripts beside it."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vikarieportalen import migrated_template  # noqa: E402 - needs ROOT on the path

# Where the full benches find PostgreSQL when DATABASE_URL names none.
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/vp"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def skip(bench: str, reason: str) -> NoReturn:
    """Say on one line (the JSON last line) why this smoke run did not run, and exit 0."""
    print(json.dumps({"benchmark": bench, "skipped": reason}))
    sys.exit(0)


def database_url(bench: str) -> str:
    """An empty, migrated database for one smoke run of ``bench``, on what the tests use."""
    url = os.environ.get("DATABASE_URL", "")
    if is_postgres(url):
        return _postgres_copy(url, bench)
    return _sqlite_copy(bench)


def postgres_url(bench: str) -> str | None:
    """The same for a bench that needs PostgreSQL: on DATABASE_URL's server, or when DATABASE_URL
    names none, on the local server the full benches use if it answers; None when neither does."""
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        url = LOCAL_POSTGRES
        if not _postgres_answers(url):
            return None
    return _postgres_copy(url, bench)


def redis_url() -> str | None:
    """REDIS_URL when the tests have one (no Redis is looked for otherwise); else None."""
    return os.environ.get("REDIS_URL") or None


def drop_at_exit(url: str) -> None:
    """Drop this PostgreSQL database when the process ends (its connections are closed by force)."""
    atexit.register(_drop, url)


def temporary_directory(bench: str) -> Path:
    """A directory for this run's files, removed when the process ends."""
    path = Path(tempfile.mkdtemp(prefix=f"vp-bench-smoke-{bench}-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


# ---------------------------------------------------------------------------------------------
# The migrated template and its copies


def _migrate(url: str) -> None:
    print(f"(migrating the smoke template once: {url.rsplit('/', 1)[-1]})", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def _sqlite_copy(bench: str) -> str:
    template = migrated_template.template_path("config.settings.test")
    copy = temporary_directory(bench) / f"{bench}.sqlite3"
    migrated_template.copy(template, copy)
    return f"sqlite:///{copy}"


def _server_and_name(url: str) -> tuple[str, str]:
    """The maintenance database's URL on ``url``'s server, and the name of ``url``'s database."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _with_name(url: str, name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))


def _drop(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _server_and_name(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _postgres_answers(url: str) -> bool:
    import psycopg

    admin, _name = _server_and_name(url)
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _postgres_copy(url: str, bench: str) -> str:
    import psycopg
    from psycopg import sql

    admin, base = _server_and_name(url)
    prefix = f"{base}_bench_template_"
    template = f"{prefix}{migrated_template.fingerprint()}"
    target = f"{base}_bench_{bench}"
    with psycopg.connect(admin, autocommit=True) as conn:
        # Benches run side by side (make bench-smoke -j): one at a time checks, builds and copies the
        # template, on a lock the server holds for this connection (released when it closes).
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [prefix])
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if exists is None:
            for (old,) in conn.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
            ).fetchall():
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(old)))
            building = f"{base}_bench_building_{os.getpid()}"
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
            try:
                _migrate(_with_name(url, building))
            except BaseException:
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(building)))
                raise
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(building), sql.Identifier(template)
                )
            )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(target), sql.Identifier(template))
        )
    drop_at_exit(_with_name(url, target))
    return _with_name(url, target)
