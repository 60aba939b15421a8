"""Readiness checks of background work, registered with core.ops.health (see apps.py).

- ``task_queue``: the oldest task waiting for a worker (database backend: django-tasks-db rows;
  RQ: the head of each Redis queue). Old means no worker is taking tasks.
- ``scheduler``: the heartbeat ``run_scheduler`` writes on every wake-up.
- ``outbox``: the oldest message that is due and not sent (queued, held past quiet hours, or a send
  whose lease ran out). Old means messages are stuck even though the queue may look empty.
"""

from __future__ import annotations

import datetime as dt

import django_rq
from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.base import BaseTaskBackend
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from vikarieportalen.core.ops.health import Check, CheckFailed, Facts, bounded_queries, heartbeat_age
from vikarieportalen.notifications.jobs.task_backends import RQBackend
from vikarieportalen.notifications.models import PENDING_STATUSES, Message

SCHEDULER_HEARTBEAT = "scheduler"


def _seconds(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds()))


def _judge(*, waiting: int, oldest: dt.datetime | None, now: dt.datetime, limit: int, what: str) -> Facts:
    age = _seconds(now - oldest) if oldest is not None else 0
    facts: dict[str, int | str] = {"waiting": waiting, "oldest_seconds": age}
    if age > limit:
        raise CheckFailed(f"{what} waiting longer than {limit} s", **facts)
    return facts


def _database_queue(backend: DatabaseBackend, *, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Ready rows: waiting since they were enqueued, or since their run_after if deferred."""
    with bounded_queries():
        found = (
            DBTaskResult.objects.ready()
            .filter(backend_name=backend.alias)
            .aggregate(
                waiting=Count("id"),
                oldest=Min(
                    Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
                ),
            )
        )
    return found["waiting"], found["oldest"]


def _rq_queues(backend: RQBackend) -> tuple[int, dt.datetime | None]:
    waiting = 0
    oldest: dt.datetime | None = None
    for name in sorted(backend.queues):
        queue = django_rq.get_queue(name)
        waiting += queue.count
        head = queue.get_job_ids(0, 1)  # RQ appends at the tail: the head waited longest
        job = queue.fetch_job(head[0]) if head else None
        if job is not None and job.enqueued_at is not None:
            oldest = job.enqueued_at if oldest is None else min(oldest, job.enqueued_at)
    return waiting, oldest


def _backend() -> BaseTaskBackend:
    return task_backends[DEFAULT_TASK_BACKEND_ALIAS]


def task_queue_check(*, now: dt.datetime | None = None) -> Facts:
    now = now or timezone.now()
    backend = _backend()
    if isinstance(backend, DatabaseBackend):
        waiting, oldest = _database_queue(backend, now=now)
        kind = "database"
    elif isinstance(backend, RQBackend):
        waiting, oldest = _rq_queues(backend)
        kind = "rq"
    else:
        return {"backend": "immediate"}  # tasks run inline: nothing can wait
    facts = _judge(
        waiting=waiting, oldest=oldest, now=now, limit=settings.HEALTH_TASK_MAX_AGE_SECONDS, what="a task"
    )
    return {"backend": kind, **facts}


def task_queue_uses_database() -> bool:
    return isinstance(_backend(), DatabaseBackend)


def scheduler_check(*, now: dt.datetime | None = None) -> Facts:
    with bounded_queries():
        age = heartbeat_age(name=SCHEDULER_HEARTBEAT, now=now)
    if age is None:
        raise CheckFailed("no heartbeat yet: is run_scheduler running?")
    limit = settings.HEALTH_SCHEDULER_MAX_AGE_SECONDS
    if age.total_seconds() > limit:
        raise CheckFailed(f"no heartbeat for more than {limit} s", age_seconds=_seconds(age))
    return {"age_seconds": _seconds(age)}


def outbox_check(*, now: dt.datetime | None = None) -> Facts:
    now = now or timezone.now()
    with bounded_queries():
        found = Message.objects.filter(status__in=PENDING_STATUSES, next_attempt_at__lte=now).aggregate(
            waiting=Count("id"), oldest=Min("next_attempt_at")
        )
    return _judge(
        waiting=found["waiting"],
        oldest=found["oldest"],
        now=now,
        limit=settings.HEALTH_OUTBOX_MAX_AGE_SECONDS,
        what="a due message",
    )


CHECKS = [
    Check("task_queue", lambda: task_queue_check(), needs_database=task_queue_uses_database),
    Check("scheduler", lambda: scheduler_check()),
    Check("outbox", lambda: outbox_check()),
]
