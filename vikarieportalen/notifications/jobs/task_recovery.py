"""The database task queue's upkeep: tasks a killed worker left "running" go back in the queue, and
finished tasks are deleted after a while.

``db_worker`` marks a task RUNNING when it takes it and SUCCESSFUL or FAILED when it is done. A
worker killed in between (SIGKILL, out of memory, the machine gone) leaves the row RUNNING for
ever, and no other worker takes it. The scheduler's job ``notifications.tasks_recover`` puts every
row RUNNING for longer than ``TASKS_RUNNING_LEASE_SECONDS`` back to READY, so the next free worker
runs it again. Every task of the portal is safe to run twice (a message is claimed before it is
sent; scheduled jobs are idempotent), so a task that was merely slow costs a repeat, not an error.
With ``TASK_BACKEND=rq`` the table stays empty and this finds nothing: RQ cleans up after its own
dead workers.

Each scheduled job and each message is a row in the queue's table (some 6,000 rows a day from the
scheduler alone); the daily purge of kept data (``privacy.retention``, job
``privacy.purge_expired_data``) deletes those finished more than ``TASKS_KEEP_FINISHED_DAYS`` ago.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def task_results_recover_abandoned(*, now: dt.datetime | None = None) -> int:
    """Put back in the queue every task RUNNING longer than the lease; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.TASKS_RUNNING_LEASE_SECONDS)
    with transaction.atomic():
        abandoned = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        for task_path, result_id, worker_ids in abandoned.values_list("task_path", "id", "worker_ids"):
            logger.warning(
                "task %s (%s) of worker %s ran past its lease: back in the queue",
                task_path,
                result_id,
                worker_ids[-1] if worker_ids else "?",
            )
        return abandoned.update(status=TaskResultStatus.READY, started_at=None)


def task_results_finished_before(*, moment: dt.datetime) -> QuerySet[DBTaskResult[Any, Any]]:
    """The finished (successful or failed) tasks that finished before ``moment``.

    The daily purge (``privacy.retention``) deletes those older than ``TASKS_KEEP_FINISHED_DAYS``.
    """
    return DBTaskResult.objects.finished().filter(finished_at__lt=moment)
