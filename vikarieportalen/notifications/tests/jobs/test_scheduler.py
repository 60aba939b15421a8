import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from vikarieportalen.notifications import services
from vikarieportalen.notifications.jobs import scheduler
from vikarieportalen.notifications.jobs.scheduler import Job, jobs_enqueue_due
from vikarieportalen.notifications.sms_backends import locmem
from vikarieportalen.notifications.tests.conftest import NOON


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The scheduler's jobs replaced by two that note each run: "count" and "boom" (which fails)."""
    noted: list[str] = []

    def boom() -> None:
        noted.append("boom")
        raise RuntimeError("boom")

    monkeypatch.setattr(
        scheduler,
        "JOBS",
        [
            Job("boom", dt.timedelta(minutes=1), boom),
            Job("count", dt.timedelta(minutes=1), lambda: noted.append("count")),
        ],
    )
    return noted


def test_jobs_are_enqueued_when_their_interval_has_passed(runs: list[str]) -> None:
    last: dict[str, dt.datetime] = {}
    assert jobs_enqueue_due(now=NOON, last_runs=last) == ["boom", "count"]
    assert jobs_enqueue_due(now=NOON + dt.timedelta(seconds=30), last_runs=last) == []
    assert jobs_enqueue_due(now=NOON + dt.timedelta(minutes=1), last_runs=last) == ["boom", "count"]
    # The test settings' immediate backend runs each task as it is enqueued; a failing job is the
    # failure of its own task and stops nothing else.
    assert runs == ["boom", "count", "boom", "count"]


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_enqueues_jobs_for_a_worker_instead_of_running_them(settings, runs: list[str]) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    last: dict[str, dt.datetime] = {}
    queued: dict[str, str] = {}
    assert jobs_enqueue_due(now=NOON, last_runs=last, queued=queued) == ["boom", "count"]
    assert runs == []  # nothing ran in the scheduler
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    # No worker took them yet: a minute later they are not enqueued a second time.
    assert jobs_enqueue_due(now=NOON + dt.timedelta(minutes=1), last_runs=last, queued=queued) == []
    assert DBTaskResult.objects.count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    assert sorted(runs) == ["boom", "count"]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    # Taken and done: the next wake-up enqueues them again.
    assert jobs_enqueue_due(now=NOON + dt.timedelta(minutes=1), last_runs=last, queued=queued) == [
        "boom",
        "count",
    ]


def test_a_job_the_queue_refuses_is_enqueued_at_the_next_wake_up(
    runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.tasks.backends.immediate import ImmediateBackend

    def queue_down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis is down")

    last: dict[str, dt.datetime] = {}
    with monkeypatch.context() as patch:
        patch.setattr(ImmediateBackend, "enqueue", queue_down)
        assert jobs_enqueue_due(now=NOON, last_runs=last) == []
    assert jobs_enqueue_due(now=NOON + dt.timedelta(seconds=30), last_runs=last) == ["boom", "count"]


def test_an_unknown_job_fails_its_task() -> None:
    result = scheduler.scheduled_job_run.enqueue(name="no.such_job")
    assert result.status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_run_scheduler_once_hands_over_lost_messages_and_repeats_harmlessly(noon, substitute) -> None:
    from django.db import transaction

    with transaction.atomic():
        message = services.message_send_sms(
            recipient=substitute, text="Hej", kind="k", idempotency_key="lost"
        )
        transaction.on_commit(locmem.outbox.clear)  # the immediate delivery happens; forget it
    message.refresh_from_db()
    # …and pretend the task was lost before it ran.
    message.status, message.gateway_id, message.next_attempt_at = "queued", "", message.created_at
    message.save()
    noon.shift(dt.timedelta(minutes=5))
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")
    assert len(locmem.outbox) == 1
