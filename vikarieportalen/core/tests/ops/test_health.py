"""/health/live, /health/ready and `manage.py health`, with the database or Redis down or hanging.

A hanging server is a local TCP server that accepts connections and never answers: what a
PostgreSQL or Redis stuck behind a full disk or a dead network path looks like to a client.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from vikarieportalen.core.ops import health
from vikarieportalen.core.ops.health import Check, database_check, heartbeat_beat
from vikarieportalen.notifications.jobs.health import SCHEDULER_HEARTBEAT

OUTSIDE = "203.0.113.9"
SAFE_KEYS = {"ok", "ms", "error", "waiting", "oldest_seconds", "age_seconds", "backend"}


@pytest.fixture
def hanging_port() -> Iterator[int]:
    """A port whose server accepts every connection and never sends a byte."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for held_socket in held:
        held_socket.close()
    server.close()


@pytest.fixture
def dead_port() -> int:
    """A port nobody listens on: connections are refused at once."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


def redis_cache_at(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def postgres_connection_at(port: int) -> Any:
    handler = ConnectionHandler(  # a handler of its own: the test database stays untouched
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": port,
                "NAME": "vikarieportalen",
                "USER": "vp",
                "PASSWORD": "hunter2-not-for-the-web",
                "OPTIONS": {"connect_timeout": 1},  # psycopg waits at least 2 s
            }
        }
    )
    return handler["default"]


def assert_no_secrets(answer: dict[str, Any]) -> None:
    assert set(answer) == {"status", "checks"}
    for result in answer["checks"].values():
        assert set(result) <= SAFE_KEYS
    text = json.dumps(answer)
    assert "hunter2" not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db
def test_live_answers_without_the_database_or_the_cache(dead_port: int) -> None:
    from django.db import connection

    with override_settings(CACHES=redis_cache_at(dead_port)), CaptureQueriesContext(connection) as queries:
        response = Client(REMOTE_ADDR=OUTSIDE).get("/health/live")
        with_slash = Client(REMOTE_ADDR=OUTSIDE).get("/health/live/")

    assert (response.status_code, with_slash.status_code) == (200, 200)
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


@pytest.mark.django_db
def test_ready_reports_every_check_and_answers_200_when_all_are_well() -> None:
    heartbeat_beat(name=SCHEDULER_HEARTBEAT)

    response = Client(REMOTE_ADDR=OUTSIDE).get("/health/ready")

    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "ok"
    assert list(answer["checks"]) == ["database", "cache", "task_queue", "scheduler", "outbox"]
    assert all(check["ok"] and isinstance(check["ms"], int) for check in answer["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")
    assert_no_secrets(answer)
    assert Client(REMOTE_ADDR=OUTSIDE).get("/health/ready/").status_code == 200


@pytest.mark.django_db
def test_the_old_health_address_still_answers_as_before() -> None:
    response = Client(REMOTE_ADDR=OUTSIDE).get("/health/")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_ready_names_the_cache_when_redis_is_down(dead_port: int) -> None:
    heartbeat_beat(name=SCHEDULER_HEARTBEAT)
    started = time.monotonic()

    with override_settings(CACHES=redis_cache_at(dead_port)):
        response = Client(REMOTE_ADDR=OUTSIDE).get("/health/ready")

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "fail"
    assert answer["checks"]["cache"] == {
        "ok": False,
        "ms": answer["checks"]["cache"]["ms"],
        "error": "ConnectionError",
    }
    assert answer["checks"]["database"]["ok"] is True
    assert answer["checks"]["outbox"]["ok"] is True
    assert_no_secrets(answer)


@pytest.mark.django_db
def test_ready_names_the_cache_when_redis_hangs_and_answers_within_its_timeout(hanging_port: int) -> None:
    heartbeat_beat(name=SCHEDULER_HEARTBEAT)
    started = time.monotonic()

    with override_settings(CACHES=redis_cache_at(hanging_port)):
        response = Client(REMOTE_ADDR=OUTSIDE).get("/health/ready")

    assert time.monotonic() - started < 4
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["error"] == "TimeoutError"
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_database_check_gives_up_on_a_server_that_never_answers(hanging_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(OperationalError):
        database_check(using=postgres_connection_at(hanging_port))
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_ready_names_the_database_and_does_not_wait_again_for_the_checks_that_need_it(
    hanging_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    hanging = postgres_connection_at(hanging_port)
    checks = [
        Check("database", lambda: database_check(using=hanging), needs_database=False),
        *health.CHECKS[1:],
    ]
    monkeypatch.setattr(health, "CHECKS", checks)
    started = time.monotonic()

    response = Client(REMOTE_ADDR=OUTSIDE).get("/health/ready")

    assert time.monotonic() - started < 5  # one connect timeout, not one per check
    assert response.status_code == 503
    answer = response.json()
    assert answer["checks"]["database"]["ok"] is False
    assert answer["checks"]["database"]["error"] == "OperationalError"
    assert answer["checks"]["cache"]["ok"] is True
    assert answer["checks"]["task_queue"]["ok"] is True  # tasks run inline in the tests: no database
    for name in ("scheduler", "outbox"):
        assert answer["checks"][name] == {"ok": False, "ms": 0, "error": "database unavailable"}
    assert_no_secrets(answer)


@pytest.mark.django_db
def test_health_command_prints_the_report_and_exits_0_when_all_is_well() -> None:
    heartbeat_beat(name=SCHEDULER_HEARTBEAT)
    out = StringIO()

    call_command("health", stdout=out)

    answer = json.loads(out.getvalue())
    assert answer["status"] == "ok"
    assert list(answer["checks"]) == ["database", "cache", "task_queue", "scheduler", "outbox"]


@pytest.mark.django_db
def test_health_command_exits_1_and_says_which_part_failed() -> None:
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("health", stdout=out, stderr=err)  # the scheduler never beat

    assert exit_.value.code == 1
    assert json.loads(out.getvalue())["checks"]["scheduler"]["ok"] is False
    assert "scheduler: no heartbeat yet" in err.getvalue()


@pytest.mark.django_db
def test_a_page_that_needs_redis_fails_fast_with_a_clear_page_when_redis_is_down(dead_port: int) -> None:
    client = Client(REMOTE_ADDR=OUTSIDE, raise_request_exception=False)
    started = time.monotonic()

    with override_settings(CACHES=redis_cache_at(dead_port)):
        response = client.post("/konto/logga-in/", {"username": "anna.svensson", "password": "wrong"})

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Vikarieportalen svarar inte just nu" in page
    assert "temporarily unavailable" in page


@pytest.mark.django_db
def test_a_bug_still_shows_the_ordinary_error_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("vikarieportalen.core.views.health_run", broken)

    response = Client(REMOTE_ADDR=OUTSIDE, raise_request_exception=False).get("/health/ready")

    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


OUTAGE_SCRIPT = """
import json, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
client = Client(REMOTE_ADDR="203.0.113.9", raise_request_exception=False)
# Loads the middleware and the URLs (it needs neither the database nor the cache): their imports
# take seconds on a busy machine, and what is timed below is how long the outage makes a page wait.
live = client.get("/health/live")
started = time.monotonic()
page = client.get("/")
page_seconds = time.monotonic() - started
started = time.monotonic()
ready = client.get("/health/ready")
print(json.dumps({
    "live_status": live.status_code,
    "options": connection.settings_dict["OPTIONS"],
    "cache_options": settings.CACHES["default"]["OPTIONS"],
    "session_engine": settings.SESSION_ENGINE,
    "rq_url": settings.RQ_QUEUES["default"]["URL"],
    "page_status": page.status_code,
    "page_text": page.content.decode(),
    "page_seconds": page_seconds,
    "ready_status": ready.status_code,
    "ready": ready.content.decode(),
    "ready_seconds": time.monotonic() - started,
}))
"""


@pytest.mark.slow
def test_with_postgresql_hanging_and_redis_down_pages_fail_fast_and_ready_names_both(
    hanging_port: int, dead_port: int
) -> None:
    """The real settings: connect and socket timeouts from the environment, cached_db sessions."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://vp:hunter2-not-for-the-web@127.0.0.1:{hanging_port}/vikarieportalen",
        REDIS_URL=f"redis://127.0.0.1:{dead_port}/0",
        DB_CONNECT_TIMEOUT_SECONDS="1",
        DB_STATEMENT_TIMEOUT_SECONDS="45",
        REDIS_CONNECT_TIMEOUT_SECONDS="1",
        REDIS_SOCKET_TIMEOUT_SECONDS="1",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", OUTAGE_SCRIPT],
        env=environment,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["live_status"] == 200
    assert seen["options"]["connect_timeout"] == 1
    assert seen["options"]["options"] == "-c statement_timeout=45000"
    assert seen["cache_options"] == {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert seen["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert seen["rq_url"].endswith("?socket_connect_timeout=1&socket_timeout=1")

    assert seen["page_status"] == 503
    assert "Vikarieportalen svarar inte just nu" in seen["page_text"]
    assert seen["page_seconds"] < 5

    assert seen["ready_status"] == 503
    assert seen["ready_seconds"] < 5
    ready = json.loads(seen["ready"])
    assert ready["checks"]["database"] == {
        "ok": False,
        "ms": ready["checks"]["database"]["ms"],
        "error": "OperationalError",
    }
    assert ready["checks"]["cache"]["error"] == "ConnectionError"
    assert ready["checks"]["outbox"]["error"] == "database unavailable"
    assert_no_secrets(ready)
