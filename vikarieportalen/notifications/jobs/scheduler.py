"""Periodic jobs, handed to the task workers by one scheduler process (`manage.py run_scheduler`).

The scheduler only decides *when*: each due job is enqueued as the task ``scheduled_job_run`` and a
worker runs it, so a slow job (LAS warnings for a whole municipality) neither holds up the others
nor runs inside the scheduler, and more workers share the load. A job whose last run has not been
taken by a worker yet is not enqueued again, so a stopped worker does not come back to a pile of
copies.

Every job must be idempotent: a run repeated, or missed and caught up, sends nothing twice.
Other apps add their jobs here (password-expiry reminders, shift reminders, offer expiry).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.tasks import TaskResultStatus, task

from vikarieportalen.notifications import services
from vikarieportalen.notifications.jobs.task_recovery import task_results_recover_abandoned

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


JOBS: list[Job] = [
    Job("notifications.enqueue_due", dt.timedelta(minutes=1), lambda: services.messages_enqueue_due()),
    Job("notifications.tasks_recover", dt.timedelta(minutes=5), lambda: task_results_recover_abandoned()),
]


def job_register(job: Job) -> None:
    """Add another app's periodic job (from its AppConfig.ready); registering twice is harmless."""
    if any(existing.name == job.name for existing in JOBS):
        return
    JOBS.append(job)


@task
def scheduled_job_run(name: str) -> None:
    """Run one registered job, on a worker (every process registers the same jobs at start-up)."""
    job = next((job for job in JOBS if job.name == name), None)
    if job is None:
        raise LookupError(f"no scheduled job is called {name!r}")
    logger.info("scheduled job %s: %s", name, job.run())


def _still_queued(result_id: str | None) -> bool:
    """Whether the job's last task is still waiting for a worker or running."""
    if result_id is None or not scheduled_job_run.get_backend().supports_get_result:
        return False
    try:
        status = scheduled_job_run.get_result(result_id).status
    except Exception:  # gone (Redis restarted, results pruned) or unreadable: enqueue again
        return False
    return status in {TaskResultStatus.READY, TaskResultStatus.RUNNING}


def jobs_enqueue_due(
    *, now: dt.datetime, last_runs: dict[str, dt.datetime], queued: dict[str, str] | None = None
) -> list[str]:
    """Enqueue every job whose interval has passed since it was last enqueued; returns their names.

    ``last_runs`` and ``queued`` (each job's last task id) are the scheduler's memory between
    wake-ups. A job whose last task is still queued waits; one that cannot be enqueued (the queue
    is down) is tried again at the next wake-up.
    """
    queued = {} if queued is None else queued
    enqueued = []
    for job in JOBS:
        last = last_runs.get(job.name)
        if last is not None and now - last < job.every:
            continue
        if _still_queued(queued.get(job.name)):
            logger.info("scheduled job %s: the last run is still queued", job.name)
            continue
        try:
            result = scheduled_job_run.enqueue(name=job.name)
        except Exception:
            logger.exception("scheduled job %s could not be enqueued; trying again next time", job.name)
            continue
        queued[job.name] = result.id
        last_runs[job.name] = now
        enqueued.append(job.name)
    return enqueued
