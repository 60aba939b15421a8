"""Readiness of background work: the task queue, the scheduler's heartbeat, the outbox."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.core.management import call_command
from django.db import transaction

from vikarieportalen.core.ops.health import CheckFailed, heartbeat_age, heartbeat_beat
from vikarieportalen.notifications import delivery, services
from vikarieportalen.notifications.jobs.health import (
    SCHEDULER_HEARTBEAT,
    outbox_check,
    scheduler_check,
    task_queue_check,
)
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.notifications.tests.conftest import NOON

REDIS_URL = os.environ.get("REDIS_URL", "")
MINUTE = dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_task_queue_reports_the_oldest_database_task_waiting_and_fails_when_no_worker_takes_it(
    settings, noon
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_TASK_MAX_AGE_SECONDS = 300
    assert task_queue_check() == {"backend": "database", "waiting": 0, "oldest_seconds": 0}

    delivery.deliver_message.enqueue(message_id=1)
    delivery.deliver_message.using(run_after=NOON + 60 * MINUTE).enqueue(message_id=2)  # not due: not waiting
    noon.shift(4 * MINUTE)
    assert task_queue_check() == {"backend": "database", "waiting": 1, "oldest_seconds": 240}

    noon.shift(2 * MINUTE)
    with pytest.raises(CheckFailed) as failed:
        task_queue_check()
    assert failed.value.facts == {"waiting": 1, "oldest_seconds": 360}


@pytest.mark.django_db
def test_a_deferred_database_task_waits_from_its_run_after_not_from_when_it_was_enqueued(
    settings, noon
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    delivery.deliver_message.using(run_after=NOON + 60 * MINUTE).enqueue(message_id=2)
    noon.shift(62 * MINUTE)
    assert task_queue_check() == {"backend": "database", "waiting": 1, "oldest_seconds": 120}


def test_task_queue_with_tasks_run_inline_has_nothing_waiting(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert task_queue_check() == {"backend": "immediate"}


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set")
def test_task_queue_reports_the_head_of_the_rq_queue(settings) -> None:
    import django_rq

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {queue_name: {"URL": REDIS_URL}}
    settings.TASKS = {
        "default": {
            "BACKEND": "vikarieportalen.notifications.jobs.task_backends.RQBackend",
            "QUEUES": [queue_name],
        }
    }
    settings.HEALTH_TASK_MAX_AGE_SECONDS = 300
    try:
        assert task_queue_check() == {"backend": "rq", "waiting": 0, "oldest_seconds": 0}
        delivery.deliver_message.using(queue_name=queue_name).enqueue(message_id=1)
        delivery.deliver_message.using(queue_name=queue_name).enqueue(message_id=2)
        assert task_queue_check() == {"backend": "rq", "waiting": 2, "oldest_seconds": 0}
        later = dt.datetime.now(dt.UTC) + 10 * MINUTE
        with pytest.raises(CheckFailed) as failed:
            task_queue_check(now=later)
        assert failed.value.facts["waiting"] == 2
        assert 590 <= int(failed.value.facts["oldest_seconds"]) <= 600
    finally:
        django_rq.get_queue(queue_name).empty()


@pytest.mark.django_db
def test_scheduler_is_unwell_until_it_beats_and_again_when_its_beat_is_stale(settings, noon) -> None:
    settings.HEALTH_SCHEDULER_MAX_AGE_SECONDS = 90
    with pytest.raises(CheckFailed, match="no heartbeat yet"):
        scheduler_check()

    heartbeat_beat(name=SCHEDULER_HEARTBEAT)
    noon.shift(dt.timedelta(seconds=30))
    assert scheduler_check() == {"age_seconds": 30}

    noon.shift(dt.timedelta(seconds=61))
    with pytest.raises(CheckFailed) as failed:
        scheduler_check()
    assert failed.value.facts == {"age_seconds": 91}


# transaction=True: the scheduler closes stale connections as it runs in production, and inside a
# test's transaction that would close the test's own connection (PostgreSQL; SQLite keeps it).
@pytest.mark.django_db(transaction=True)
def test_each_scheduler_wake_up_writes_its_heartbeat(noon) -> None:
    call_command("run_scheduler", "--once")
    assert heartbeat_age(name=SCHEDULER_HEARTBEAT) == dt.timedelta(0)

    noon.shift(5 * MINUTE)
    call_command("run_scheduler", "--once")
    assert heartbeat_age(name=SCHEDULER_HEARTBEAT) == dt.timedelta(0)


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_that_cannot_be_written_does_not_stop_the_scheduler(monkeypatch, noon) -> None:
    def refuse(**kwargs: object) -> None:
        raise RuntimeError("database is locked")

    ran: list[bool] = []
    monkeypatch.setattr(
        "vikarieportalen.notifications.management.commands.run_scheduler.heartbeat_beat", refuse
    )
    monkeypatch.setattr(
        "vikarieportalen.notifications.management.commands.run_scheduler.jobs_enqueue_due",
        lambda **kwargs: ran.append(True) or [],
    )
    call_command("run_scheduler", "--once")
    assert ran == [True]


@pytest.mark.django_db(transaction=True)
def test_outbox_reports_the_oldest_due_unsent_message_and_fails_when_it_is_stuck(
    settings, noon, substitute
) -> None:
    settings.HEALTH_OUTBOX_MAX_AGE_SECONDS = 600
    with transaction.atomic():
        stuck = services.message_send_sms(recipient=substitute, text="Hej", kind="k", idempotency_key="stuck")
        later = services.message_send_sms(recipient=substitute, text="Hej", kind="k", idempotency_key="later")
        sent = services.message_send_sms(recipient=substitute, text="Hej", kind="k", idempotency_key="sent")
    # As if no worker ever ran: one due now, one held until tomorrow morning, one sent.
    Message.objects.filter(pk=stuck.pk).update(status=Status.QUEUED, next_attempt_at=NOON, gateway_id="")
    Message.objects.filter(pk=later.pk).update(
        status=Status.HELD, next_attempt_at=NOON + 20 * 60 * MINUTE, gateway_id=""
    )
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, next_attempt_at=None)

    noon.shift(5 * MINUTE)
    assert outbox_check() == {"waiting": 1, "oldest_seconds": 300}

    noon.shift(6 * MINUTE)
    with pytest.raises(CheckFailed) as failed:
        outbox_check()
    assert failed.value.facts == {"waiting": 1, "oldest_seconds": 660}
