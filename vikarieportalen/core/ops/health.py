"""Readiness: is every part the portal needs answering? (`/health/ready`, `manage.py health`).

Each check is a function that returns facts (numbers, short words) or raises. Core owns the
database and cache checks and the heartbeat table; apps above register theirs from their
``AppConfig.ready`` (notifications: the task queue, the scheduler's heartbeat, the outbox).

No check may hang: the database is reached through the connect timeout of the settings and its
queries here are cancelled by the server after ``QUERY_TIMEOUT_MS``; Redis has socket timeouts.
When the database check fails, the checks that need the database are not tried (each would wait
for its own connect timeout) and are reported as failed.

What reaches an anonymous visitor is only the check's name, ok, milliseconds, counts, ages and a
short error word (an exception's class name); the exception's text, which may name hosts and users,
goes to the log and to the operator's command only.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from vikarieportalen.core.models import Heartbeat

logger = logging.getLogger(__name__)

QUERY_TIMEOUT_MS = 2000  # PostgreSQL cancels a health query that takes longer
Facts = Mapping[str, int | str]


class CheckFailed(Exception):
    """A part answers but is not well: ``error`` is safe to show anyone, ``facts`` are numbers."""

    def __init__(self, error: str, **facts: int | str) -> None:
        super().__init__(error)
        self.error = error
        self.facts = facts


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], Facts]
    # Whether the check queries the database (then it is skipped when the database is down);
    # a callable is asked each time (the task queue needs it only with the database backend).
    needs_database: bool | Callable[[], bool] = True

    def uses_database(self) -> bool:
        return self.needs_database() if callable(self.needs_database) else self.needs_database


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: int
    facts: Facts = field(default_factory=dict)
    error: str = ""  # safe for anonymous visitors
    detail: str = ""  # for operators and logs only

    def public(self) -> dict[str, object]:
        answer: dict[str, object] = {"ok": self.ok, "ms": self.ms, **self.facts}
        if self.error:
            answer["error"] = self.error
        return answer


@dataclass(frozen=True)
class HealthReport:
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    def public(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "fail",
            "checks": {result.name: result.public() for result in self.results},
        }


@contextmanager
def bounded_queries(using: BaseDatabaseWrapper | None = None) -> Iterator[BaseDatabaseWrapper]:
    """A transaction whose queries PostgreSQL cancels after QUERY_TIMEOUT_MS (a lock wait too)."""
    db = using or connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=db.alias):
        if db.vendor == "postgresql":
            with db.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {QUERY_TIMEOUT_MS}")
        yield db


def _select_one(db: BaseDatabaseWrapper) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def database_check(*, using: BaseDatabaseWrapper | None = None) -> Facts:
    """A trivial query; ``using``: a connection of its own (another server), closed afterwards."""
    if using is not None:
        try:
            _select_one(using)
        finally:
            using.close()
        return {}
    with bounded_queries() as db:
        _select_one(db)
    return {}


def cache_check() -> Facts:
    """Write a key and read it back: Redis (or the local cache) stores and answers."""
    key = f"health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise CheckFailed("wrong value read back")
    finally:
        cache.delete(key)
    return {}


CHECKS: list[Check] = [
    Check("database", lambda: database_check(), needs_database=False),
    Check("cache", cache_check, needs_database=False),
]


def health_check_register(check: Check) -> None:
    """Add another app's readiness check (from its AppConfig.ready); registering twice is harmless."""
    if any(existing.name == check.name for existing in CHECKS):
        return
    CHECKS.append(check)


def _run_one(check: Check) -> CheckResult:
    started = time.monotonic()

    def took() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        facts = check.run()
    except CheckFailed as failed:
        logger.warning("health check %s failed: %s %s", check.name, failed.error, dict(failed.facts))
        return CheckResult(check.name, ok=False, ms=took(), facts=failed.facts, error=failed.error)
    except Exception as exc:
        logger.warning("health check %s failed: %s: %s", check.name, type(exc).__name__, exc)
        return CheckResult(check.name, ok=False, ms=took(), error=type(exc).__name__, detail=str(exc))
    return CheckResult(check.name, ok=True, ms=took(), facts=facts)


def health_run(*, checks: list[Check] | None = None) -> HealthReport:
    """Run every check once, in order; those needing a database that failed are not tried."""
    results: list[CheckResult] = []
    database_down = False
    for check in CHECKS if checks is None else checks:
        if database_down and check.uses_database():
            results.append(CheckResult(check.name, ok=False, ms=0, error="database unavailable"))
            continue
        result = _run_one(check)
        if check.name == "database" and not result.ok:
            database_down = True
        results.append(result)
    return HealthReport(results)


def heartbeat_beat(*, name: str, now: dt.datetime | None = None) -> None:
    """Note that the process ``name`` is alive (one row per name, overwritten)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def heartbeat_age(*, name: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long since ``name`` last beat; None when it never has."""
    beat_at = Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    if beat_at is None:
        return None
    return (now or timezone.now()) - beat_at
