"""Periodic jobs run by one scheduler process (`manage.py run_scheduler`).

Every job must be idempotent: a run repeated, or missed and caught up, sends nothing twice.
Other apps add their jobs here (password-expiry reminders, shift reminders, offer expiry).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from vikarieportalen.notifications import services

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


JOBS: list[Job] = [
    Job("notifications.enqueue_due", dt.timedelta(minutes=1), lambda: services.messages_enqueue_due()),
]


def job_register(job: Job) -> None:
    """Add another app's periodic job (from its AppConfig.ready); registering twice is harmless."""
    if any(existing.name == job.name for existing in JOBS):
        return
    JOBS.append(job)


def jobs_run_due(
    *, now: dt.datetime, last_runs: dict[str, dt.datetime], jobs: list[Job] | None = None
) -> list[str]:
    """Run every job whose interval has passed since its last run; returns the names run."""
    ran = []
    for job in JOBS if jobs is None else jobs:
        last = last_runs.get(job.name)
        if last is not None and now - last < job.every:
            continue
        try:
            result = job.run()
        except Exception:
            logger.exception("scheduled job %s failed; it runs again next time", job.name)
        else:
            logger.info("scheduled job %s: %s", job.name, result)
        last_runs[job.name] = now
        ran.append(job.name)
    return ran
