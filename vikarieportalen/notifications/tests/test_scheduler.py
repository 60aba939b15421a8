import datetime as dt

import pytest
from django.core.management import call_command

from vikarieportalen.notifications import services
from vikarieportalen.notifications.scheduler import Job, jobs_run_due
from vikarieportalen.notifications.sms_backends import locmem
from vikarieportalen.notifications.tests.conftest import NOON


def test_jobs_run_when_their_interval_has_passed() -> None:
    runs: list[int] = []
    jobs = [Job("count", dt.timedelta(minutes=1), lambda: runs.append(1))]
    last: dict[str, dt.datetime] = {}
    assert jobs_run_due(now=NOON, last_runs=last, jobs=jobs) == ["count"]
    assert jobs_run_due(now=NOON + dt.timedelta(seconds=30), last_runs=last, jobs=jobs) == []
    assert jobs_run_due(now=NOON + dt.timedelta(minutes=1), last_runs=last, jobs=jobs) == ["count"]
    assert len(runs) == 2


def test_a_failing_job_does_not_stop_the_others() -> None:
    def boom() -> None:
        raise RuntimeError("boom")

    ran = jobs_run_due(
        now=NOON,
        last_runs={},
        jobs=[Job("boom", dt.timedelta(minutes=1), boom), Job("ok", dt.timedelta(1), lambda: 1)],
    )
    assert ran == ["boom", "ok"]


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
