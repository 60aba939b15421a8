"""Tasks a killed worker left RUNNING in the database queue run again (jobs/task_recovery.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from vikarieportalen.notifications.jobs import scheduler
from vikarieportalen.notifications.jobs.scheduler import Job
from vikarieportalen.notifications.jobs.task_recovery import (
    task_results_finished_before,
    task_results_recover_abandoned,
)

pytestmark = pytest.mark.django_db(transaction=True)


def worker_batch() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)


def test_a_task_left_running_by_a_killed_worker_runs_again_after_the_lease(settings, monkeypatch) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_RUNNING_LEASE_SECONDS = 600
    runs: list[str] = []
    monkeypatch.setattr(
        scheduler, "JOBS", [Job("count", dt.timedelta(minutes=1), lambda: runs.append("count"))]
    )

    finished = scheduler.scheduled_job_run.enqueue(name="count")
    worker_batch()  # one task done properly
    lost = scheduler.scheduled_job_run.enqueue(name="count")
    row = DBTaskResult.objects.get(id=lost.id)
    row.claim("worker-killed-with-sigkill")  # what db_worker does just before it runs a task
    assert row.started_at is not None
    worker_batch()
    assert runs == ["count"]  # no worker takes a RUNNING task

    lease = dt.timedelta(seconds=600)
    assert task_results_recover_abandoned(now=row.started_at + lease - dt.timedelta(seconds=1)) == 0
    assert task_results_recover_abandoned(now=row.started_at + lease + dt.timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert (row.status, row.started_at, row.worker_ids) == ("READY", None, ["worker-killed-with-sigkill"])
    assert DBTaskResult.objects.get(id=finished.id).status == "SUCCESSFUL"  # finished ones stay

    worker_batch()
    assert runs == ["count", "count"]
    assert DBTaskResult.objects.get(id=lost.id).status == "SUCCESSFUL"


def test_recovery_is_one_of_the_scheduler_jobs() -> None:
    job = next(job for job in scheduler.JOBS if job.name == "notifications.tasks_recover")
    assert job.every == dt.timedelta(minutes=5)


def test_finished_tasks_before_a_moment_are_the_successful_and_failed_ones(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rows = {}
    for status in ("SUCCESSFUL", "FAILED", "READY", "RUNNING"):
        row = DBTaskResult.objects.get(id=scheduler.scheduled_job_run.enqueue(name="count").id)
        row.status = status
        row.finished_at = row.enqueued_at if status in {"SUCCESSFUL", "FAILED"} else None
        row.save()
        rows[status] = row
    finished = rows["SUCCESSFUL"].finished_at
    assert not task_results_finished_before(moment=finished).exists()
    found = task_results_finished_before(moment=finished + dt.timedelta(seconds=1))
    assert set(found.values_list("status", flat=True)) == {"SUCCESSFUL", "FAILED"}
