"""A burst of SMS: a delivery task takes the other due SMS along and sends them side by side over
kept-alive connections, against a real HTTP gateway on 127.0.0.1; none goes twice, even with two
workers draining at once. Committed rows (the threads have connections of their own)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.tasks import TaskResult, task_backends
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vikarieportalen.notifications import delivery
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.notifications.services import message_send_sms, messages_batched
from vikarieportalen.notifications.sms_backends.elks_client import ElksClient
from vikarieportalen.notifications.tests.conftest import STOCKHOLM
from vikarieportalen.notifications.tests.fake_gateway import Answer, FakeElks, start
from vikarieportalen.testing import postgresql_only

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeElks]:
    fake = FakeElks(delay=0.02)
    _server, url, stop = start(fake)
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.elks.SmsBackend"
    settings.ELKS_API_URL, settings.ELKS_API_USERNAME, settings.ELKS_API_PASSWORD = url, "u-test", "p-test"
    settings.SMS_CONCURRENCY = 4
    # Recorded messages stay queued until a test delivers them (tasks would run inline at commit).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.SMS_BURST_BATCH = 50
    yield fake
    stop()


def _record(count: int, prefix: str = "b") -> list[int]:
    ids = []
    for n in range(count):
        message = message_send_sms(
            to_number=f"+4670{1000000 + n:07d}",
            text=f"Pass {n}",
            kind="staffing_offer",
            idempotency_key=f"{prefix}-{n}",
            urgent=True,
        )
        ids.append(message.pk)
    return ids


def _each_sent_once(gateway: FakeElks, count: int) -> None:
    """The gateway got ``count`` SMS, none twice, and every one is marked sent."""
    sent_to = Counter(m["to"] for m in gateway.requests)
    assert len(sent_to) == count and max(sent_to.values()) == 1
    assert Message.objects.filter(status=Status.SENT).count() == count


def _side_by_side(workers: list[threading.Thread]) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)


def test_due_sms_are_the_queued_ones_oldest_first(gateway: FakeElks) -> None:
    ids = _record(3)
    Message.objects.filter(pk=ids[1]).update(status=Status.HELD)  # waits for quiet hours to end
    Message.objects.filter(pk=ids[2]).update(status=Status.SENDING)  # another worker's
    assert delivery.due_sms_ids(limit=10) == [ids[0]]
    assert delivery.due_sms_ids(limit=10, exclude=ids[0]) == []
    assert delivery.due_sms_ids(limit=10, now=timezone.now() - timezone.timedelta(hours=1)) == []


def test_one_at_a_time_takes_nothing_along(gateway: FakeElks, settings: Any) -> None:
    settings.SMS_CONCURRENCY = 1
    _record(5)
    assert delivery.due_sms_deliver() == 0
    assert not gateway.requests
    assert set(Message.objects.values_list("status", flat=True)) == {Status.QUEUED}


@postgresql_only
def test_one_task_sends_the_due_sms_side_by_side_over_few_connections(gateway: FakeElks) -> None:
    ids = _record(30)
    delivery.deliver_message.call(message_id=ids[0])

    assert Counter(m["to"] for m in gateway.requests) == Counter(
        Message.objects.values_list("to_number", flat=True)
    )
    assert len(gateway.requests) == 30
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    # Kept alive: far fewer connections than messages (at most one per concurrent send, plus the
    # first task's own).
    assert len(set(gateway.peers)) <= 5


@postgresql_only
def test_two_workers_draining_at_once_send_each_sms_once(gateway: FakeElks, settings: Any) -> None:
    settings.SMS_BURST_BATCH = 80
    _record(80)
    errors: list[BaseException] = []

    def drain() -> None:
        try:
            while delivery.due_sms_deliver():
                pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    _side_by_side([threading.Thread(target=drain) for _ in range(2)])

    assert not errors
    _each_sent_once(gateway, 80)


@postgresql_only
def test_a_failing_sms_in_a_burst_is_retried_and_the_rest_are_sent(gateway: FakeElks) -> None:
    gateway.answers.append(Answer(503, "busy"))
    _record(10)
    assert delivery.due_sms_deliver() == 10
    statuses = Counter(Message.objects.values_list("status", flat=True))
    assert statuses == {Status.SENT: 9, Status.QUEUED: 1}
    assert Message.objects.get(status=Status.QUEUED).last_error.startswith("TemporarySmsError: HTTP 503")


def test_the_client_is_shared_per_gateway_and_keeps_its_connection(gateway: FakeElks, settings: Any) -> None:
    arguments = {
        "base_url": settings.ELKS_API_URL,
        "username": "u-test",
        "password": "p-test",
        "timeout": 2.0,
    }
    client = ElksClient.shared(**arguments)
    assert ElksClient.shared(**arguments) is client
    for n in range(3):
        client.send_sms(sender="Vikarie", to=f"+4670123456{n}", message="Hej")
    assert len(gateway.peers) == 3 and len(set(gateway.peers)) == 1


# --- a burst recorded together: one INSERT, one delivery task per SMS_BURST_BATCH -----------------


def _record_batched(count: int, prefix: str, *, urgent: bool = True) -> list[int]:
    """``count`` SMS recorded as an offer send-out and a group message record theirs."""
    with transaction.atomic(), messages_batched(new_keys=True):
        for n in range(count):
            message_send_sms(
                to_number=f"+4670{3000000 + n:07d}",
                text=f"{prefix} {n}",
                kind="staffing_offer",
                idempotency_key=f"{prefix}-{n}",
                urgent=urgent,
            )
    return list(Message.objects.filter(idempotency_key__startswith=f"{prefix}-").values_list("pk", flat=True))


def _batch_tasks() -> list[TaskResult]:
    results: list[TaskResult] = task_backends["default"].results  # type: ignore[attr-defined]
    return results


def test_a_burst_recorded_together_is_one_insert_and_one_task_per_batch(gateway: FakeElks) -> None:
    with CaptureQueriesContext(connection) as queries:
        ids = _record_batched(120, "Together")
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "notifications_message"')]
    assert len(inserts) == 1
    tasks = _batch_tasks()
    assert {task.task.name for task in tasks} == {"deliver_sms_batch"}
    batches = [task.kwargs["message_ids"] for task in tasks]
    assert [len(batch) for batch in batches] == [50, 50, 20]
    assert sorted(pk for batch in batches for pk in batch) == sorted(ids)
    assert all(task.task.run_after is None for task in tasks)


def test_the_batch_tasks_send_each_sms_once_even_when_run_twice(gateway: FakeElks, settings: Any) -> None:
    settings.SMS_CONCURRENCY = 1  # one after the other: SQLite's test database takes no threads
    _record_batched(60, "Twice")
    for _round in range(2):  # every task delivered twice, as after a lost acknowledgement
        for task in _batch_tasks():
            delivery.deliver_sms_batch.call(**task.kwargs)
    _each_sent_once(gateway, 60)
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_burst_in_quiet_hours_is_held_and_its_tasks_wait_for_the_morning(
    gateway: FakeElks, settings: Any, time_machine: Any
) -> None:
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    settings.SMS_CONCURRENCY = 1
    morning = dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)
    time_machine.move_to(morning - dt.timedelta(hours=9), tick=False)
    _record_batched(60, "Quiet", urgent=False)
    assert set(Message.objects.values_list("status", "next_attempt_at")) == {(Status.HELD, morning)}
    tasks = _batch_tasks()
    assert [len(task.kwargs["message_ids"]) for task in tasks] == [50, 10]
    assert {task.task.run_after for task in tasks} == {morning}
    for task in tasks:  # a task run too early sends nothing and leaves them held
        delivery.deliver_sms_batch.call(**task.kwargs)
    assert not gateway.requests
    assert set(Message.objects.values_list("status", flat=True)) == {Status.HELD}

    time_machine.move_to(morning + dt.timedelta(seconds=30), tick=False)
    for task in tasks:
        delivery.deliver_sms_batch.call(**task.kwargs)
    assert len(gateway.requests) == 60
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


@postgresql_only
def test_two_workers_running_the_same_batch_tasks_at_once_send_each_sms_once(gateway: FakeElks) -> None:
    _record_batched(100, "Race")
    batches = [task.kwargs["message_ids"] for task in _batch_tasks()]
    assert len(batches) == 2
    errors: list[BaseException] = []

    def work(order: list[list[int]]) -> None:
        try:
            for message_ids in order:
                delivery.deliver_sms_batch.call(message_ids=message_ids)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    # Each batch twice, by two workers at once (a task handed over again while it ran).
    _side_by_side([threading.Thread(target=work, args=(order,)) for order in (batches, batches[::-1])])

    assert not errors
    _each_sent_once(gateway, 100)
