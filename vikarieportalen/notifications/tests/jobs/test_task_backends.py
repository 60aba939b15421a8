"""Delivery through the real background backends: the database worker, and RQ on Redis."""

import os
import uuid

import pytest
from django.core.management import call_command
from django.db import transaction

from vikarieportalen.notifications import delivery, services
from vikarieportalen.notifications.models import Status
from vikarieportalen.notifications.sms_backends import locmem

REDIS_URL = os.environ.get("REDIS_URL", "")


def record(substitute, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        return [
            services.message_send_sms(
                recipient=substitute, text=f"Pass {n}", kind="staffing_offer", idempotency_key=f"b{n}"
            ).pk
            for n in range(count)
        ]


@pytest.mark.django_db(transaction=True)
def test_database_backend_worker_delivers_every_message_once(settings, noon, substitute) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ids = record(substitute, 5)
    assert locmem.outbox == []  # enqueued in the database, not run yet
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    assert sorted(sms.message_id for sms in locmem.outbox) == sorted(ids)
    assert set(services.Message.objects.values_list("status", flat=True)) == {Status.SENT}
    # Running the same tasks again (a crashed worker's batch) sends nothing twice.
    for message_id in ids:
        delivery.message_deliver(message_id=message_id)
    assert len(locmem.outbox) == 5


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set")
@pytest.mark.django_db(transaction=True)
def test_rq_backend_delivers_every_message_once(settings, noon, substitute) -> None:
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {queue_name: {"URL": REDIS_URL}}
    settings.TASKS = {
        "default": {
            "BACKEND": "vikarieportalen.notifications.jobs.task_backends.RQBackend",
            "QUEUES": [queue_name],
        }
    }
    original = delivery.deliver_message
    delivery.deliver_message = original.using(queue_name=queue_name)
    try:
        assert type(delivery.deliver_message.get_backend()).__name__ == "RQBackend"
        ids = record(substitute, 5)
        queue = django_rq.get_queue(queue_name, job_class=Job)
        assert queue.count == 5
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    finally:
        delivery.deliver_message = original
        django_rq.get_queue(queue_name).empty()
    assert sorted(sms.message_id for sms in locmem.outbox) == sorted(ids)
    assert set(services.Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_decorated_tasks_are_djangos_own_task_class_under_rq(settings) -> None:
    from django.tasks import task
    from django.tasks.base import Task

    settings.TASKS = {"default": {"BACKEND": "vikarieportalen.notifications.jobs.task_backends.RQBackend"}}
    assert type(task(_example)) is Task


def _example() -> None:
    pass
