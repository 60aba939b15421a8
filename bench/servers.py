"""Starting the portal for a benchmark and getting it ready: the helpers the HTTP benches share.

A fresh PostgreSQL database, this bench's keys out of Redis, the environment of the production
settings over plain HTTP, gunicorn from the venv, waiting for ``/health/`` (and warming the
workers), and stopping the server again. Imported by the scripts beside it.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def cache_keys_delete(redis_url: str, prefix: str) -> None:
    """This bench's keys only (sessions from an earlier run); Django's cache.clear() is FLUSHDB."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def server_env(
    database_url: str, redis_url: str | None, static_root: Path, cache_key_prefix: str
) -> dict[str, str]:
    """Production settings, over plain HTTP on 127.0.0.1 (no TLS redirect), Redis for sessions."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url or "",  # none: sessions in the database
            "CACHE_KEY_PREFIX": cache_key_prefix,
            "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DB_CONN_MAX_AGE": "600",
            "TASK_BACKEND": "database",
            # The production checks (core/ops/checks.py) refuse an SMS backend that sends nothing. No task
            # worker runs beside a bench server, so SMS stay queued and this gateway is never called.
            "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.elks.SmsBackend",
            "ELKS_API_URL": "http://127.0.0.1:9",
            "SMS_CALLBACK_SECRET": secrets.token_urlsafe(32),
            # Without Redis each gunicorn worker has its own cache (the checks want it said).
            "SINGLE_PROCESS": "false" if redis_url else "true",
            "LOG_LEVEL": "WARNING",
            "PUBLIC_URL": "http://127.0.0.1",
            "STATIC_ROOT": str(static_root),
        }
    )
    env["BENCH_SECRET_KEY"] = env["SECRET_KEY"]
    return env


def csrf_secret() -> str:
    """A CSRF secret of our choosing (Django's form: 32 letters and digits), sent as the CSRF
    cookie (named as the server's settings name it) and as the form's ``csrfmiddlewaretoken``, so
    no page need be fetched first."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(32))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], workers: int, port: int, logfile: Path) -> subprocess.Popen[bytes]:
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    command = [
        gunicorn,
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    with logfile.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process


async def wait_ready(port: int, workers: int, process: subprocess.Popen[bytes] | None = None) -> None:
    """Until ``/health/`` answers 200 (an error if ``process`` ends first), then warm the workers."""
    import httpx

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        deadline = time.monotonic() + 120
        while True:
            try:
                if (await client.get("/health/")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.5)
        # Warm every worker (imports, database connection) before the race.
        await asyncio.gather(*(client.get("/health/") for _ in range(workers * 8)))


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL if the server has not ended 30 s later."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
