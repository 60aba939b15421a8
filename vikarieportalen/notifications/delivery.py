"""Delivery: the worker side of the outbox. Claim a due message, send it, record the outcome, retry.

The task ``deliver_message`` lives here beside the code it runs, because a failed delivery enqueues
it again for later; ``services`` records messages and hands them to this module.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.notifications.models import PENDING_STATUSES, Channel, Message, Status
from vikarieportalen.notifications.push.backend import PushError, push_send
from vikarieportalen.notifications.rules import (
    QuietHours,
    quiet_hours_contains,
    quiet_hours_parse,
    quiet_hours_release,
    retry_delay,
)
from vikarieportalen.notifications.sms_backends import OutgoingSms, SmsError, get_sms_backend

logger = logging.getLogger(__name__)


@task
def deliver_message(message_id: int) -> None:
    """Deliver one outbox message, and with it other due SMS (``due_sms_deliver``). Harmless to run
    twice: a message is claimed before it is sent."""
    message_deliver(message_id=message_id)
    due_sms_deliver(exclude=message_id)


@task
def deliver_sms_batch(message_ids: list[int]) -> None:
    """Deliver SMS recorded together (``messages_batched``: a group message, an offer send-out) or
    handed over together by the scheduler, side by side (``sms_deliver_side_by_side``). One task
    per ``SMS_BURST_BATCH`` messages instead of one each: 2,000 offers are 40 tasks to enqueue and
    to take, not 2,000. Harmless to run twice, like ``deliver_message``."""
    sms_deliver_side_by_side(message_ids)


def quiet_hours() -> QuietHours | None:
    try:
        return quiet_hours_parse(settings.NOTIFICATIONS_QUIET_HOURS, zone=settings.TIME_ZONE)
    except ValueError as exc:
        raise ImproperlyConfigured(f"NOTIFICATIONS_QUIET_HOURS: {exc}") from exc


# Channels that wait through quiet hours unless urgent: an SMS or a push notice wakes the phone.
QUIET_CHANNELS = frozenset({Channel.SMS, Channel.PUSH})


def first_slot(*, channel: str, urgent: bool, at: dt.datetime) -> tuple[Status, dt.datetime]:
    """Non-urgent SMS and push notices wait through quiet hours; e-mail and urgent ones go at once."""
    if channel in QUIET_CHANNELS and not urgent:
        release = quiet_hours_release(at, quiet_hours())
        if release > at:
            return Status.HELD, release
    return Status.QUEUED, at


def _enqueue_delivery(message_id: int, *, run_after: dt.datetime | None = None) -> None:
    task = deliver_message
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return  # the scheduler hands it to a worker when it is due
        task = task.using(run_after=run_after)
    task.enqueue(message_id=message_id)


def enqueue_on_commit(message_id: int, *, run_after: dt.datetime | None = None) -> None:
    # robust: the message is already committed; if the queue is down the scheduler enqueues it later.
    transaction.on_commit(lambda: _enqueue_delivery(message_id, run_after=run_after), robust=True)


def message_enqueue_on_commit(message: Message) -> None:
    """Hand a recorded message to a worker after commit: at once, when quiet hours end (held), or
    when a stand-in SMS's wait runs out (waiting; one waiting only for a failure is not enqueued)."""
    if message.status != Status.WAITING:
        held = message.status == Status.HELD
        enqueue_on_commit(message.pk, run_after=message.next_attempt_at if held else None)
    elif message.next_attempt_at is not None:
        enqueue_on_commit(message.pk, run_after=message.next_attempt_at)


def messages_enqueue_on_commit(messages: Sequence[Message]) -> None:
    """Hand messages recorded together to workers after commit: the SMS that go now, and those
    held until the same end of quiet hours, ``SMS_BURST_BATCH`` to a task; the others (e-mail,
    push, a stand-in SMS waiting for its push) one task each, as ``message_enqueue_on_commit``."""
    sms: dict[dt.datetime | None, list[int]] = {}
    for message in messages:
        if message.channel == Channel.SMS and message.status in (Status.QUEUED, Status.HELD):
            run_after = message.next_attempt_at if message.status == Status.HELD else None
            sms.setdefault(run_after, []).append(message.pk)
        else:
            message_enqueue_on_commit(message)
    for run_after, ids in sms.items():
        sms_enqueue_on_commit(ids, run_after=run_after)


def _enqueue_sms_batches(message_ids: list[int], *, run_after: dt.datetime | None) -> None:
    task = deliver_sms_batch
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return  # the scheduler hands them to workers when they are due
        task = task.using(run_after=run_after)
    size = max(settings.SMS_BURST_BATCH, 1)
    for start in range(0, len(message_ids), size):
        task.enqueue(message_ids=message_ids[start : start + size])


def sms_enqueue_on_commit(message_ids: Sequence[int], *, run_after: dt.datetime | None = None) -> None:
    """Hand SMS to workers after commit, ``SMS_BURST_BATCH`` to a task (``deliver_sms_batch``).

    Robust like ``enqueue_on_commit``: a batch the queue refuses stays due, and the scheduler hands
    it over later (``messages_enqueue_due``).
    """
    ids = list(message_ids)
    if len(ids) == 1:
        enqueue_on_commit(ids[0], run_after=run_after)
    elif ids:
        transaction.on_commit(lambda: _enqueue_sms_batches(ids, run_after=run_after), robust=True)


def _claim(message_id: int, *, now: dt.datetime) -> Message | None:
    """Take a due message for sending. Only one worker wins; a lost lease may be taken again.

    An SMS waiting for its push notice (``Status.WAITING``) is due when the push was not opened in
    time; once the push is opened it is skipped instead (``push_opened``), never both.
    """
    message = Message.objects.filter(
        pk=message_id, status__in=(*PENDING_STATUSES, Status.WAITING), next_attempt_at__lte=now
    ).first()
    if message is None:
        return None
    same_state = Message.objects.filter(
        pk=message.pk,
        status=message.status,
        attempts=message.attempts,
        next_attempt_at=message.next_attempt_at,
    )
    if message.channel in QUIET_CHANNELS and not message.urgent:
        quiet = quiet_hours()
        if quiet_hours_contains(now, quiet):
            same_state.update(status=Status.HELD, next_attempt_at=quiet_hours_release(now, quiet))
            return None
    lease_until = now + dt.timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)
    if not same_state.update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=lease_until, updated_at=now
    ):
        return None
    # The update matched the row exactly as read, so its new state is known without reading it again.
    message.status, message.attempts = Status.SENDING, message.attempts + 1
    message.next_attempt_at, message.updated_at = lease_until, now
    return message


def _send_sms(message: Message) -> str:
    callback_url = ""
    if settings.SMS_CALLBACK_SECRET:
        path = reverse("notifications:sms_delivery_report", kwargs={"secret": settings.SMS_CALLBACK_SECRET})
        callback_url = settings.PUBLIC_URL + path
    return get_sms_backend().send(
        OutgoingSms(
            message_id=message.pk,
            to=message.to_number,
            text=message.text,
            sender=settings.SMS_SENDER,
            callback_url=callback_url,
        )
    )


def _send_email(message: Message) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    message_id = f"<vp-{message.pk}@{domain}>"
    EmailMessage(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Message-ID": message_id},
    ).send()
    return message_id


def _is_temporary(exc: Exception) -> bool:
    if isinstance(exc, SmsError | PushError):
        return exc.temporary
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return True  # timeouts, connection errors, and anything unexpected: try again, up to the limit


def _forget_secret(message: Message) -> dict[str, str]:
    """Once a message is sent or has failed for good, its stored text keeps no code or link."""
    return {"text": message.redacted_text} if message.redacted_text else {}


def message_deliver(
    *, message_id: int, now: dt.datetime | None = None, reread: bool = True
) -> Message | None:
    """Send one due message and record the outcome; None when it was not due or already taken.

    Not one transaction on purpose: the claim is committed before the network call, so a worker
    killed mid-send leaves a lease that runs out, and the message is tried again (at most the
    messages in flight at the kill can go twice). ``reread`` False: the message returned is as
    claimed, without the outcome (a burst, which only sends, saves a query per SMS).
    """
    now = now or timezone.now()
    message = _claim(message_id, now=now)
    if message is None:
        return None
    claimed = Message.objects.filter(pk=message.pk, status=Status.SENDING, attempts=message.attempts)
    try:
        gateway_id = _send(message)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        finished = timezone.now()
        if _is_temporary(exc) and message.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            retry_at = finished + retry_delay(
                attempt=message.attempts,
                base_seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS,
                max_seconds=settings.NOTIFICATIONS_RETRY_MAX_SECONDS,
            )
            status, retry_at = first_slot(channel=message.channel, urgent=message.urgent, at=retry_at)
            claimed.update(status=status, next_attempt_at=retry_at, enqueued_at=finished, last_error=error)
            logger.warning(
                "message %s attempt %s failed, retry at %s: %s", message.pk, message.attempts, retry_at, error
            )
            enqueue_on_commit(message.pk, run_after=retry_at)
        else:
            claimed.update(
                status=Status.FAILED, next_attempt_at=None, last_error=error, **_forget_secret(message)
            )
            if message.channel == Channel.PUSH:
                _fallback_release(message, now=finished)
            logger.error(
                "message %s failed for good after %s attempts: %s", message.pk, message.attempts, error
            )
    else:
        claimed.update(
            status=Status.SENT,
            next_attempt_at=None,
            gateway_id=gateway_id,
            sent_at=timezone.now(),
            last_error="",
            **_forget_secret(message),
        )
        if message.channel == Channel.PUSH:
            _fallback_after_push_sent(message)
    if reread:
        message.refresh_from_db()
    return message


# --- a burst: a worker sends the due SMS side by side ----------------------------------------------


def due_sms_ids(*, limit: int, exclude: int | None = None, now: dt.datetime | None = None) -> list[int]:
    """The oldest due SMS that no worker holds: queued and due now (held ones wait for quiet hours
    to end; sending ones are someone's)."""
    due = Message.objects.filter(
        channel=Channel.SMS, status=Status.QUEUED, next_attempt_at__lte=now or timezone.now()
    )
    if exclude is not None:
        due = due.exclude(pk=exclude)
    return list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def _deliver_in_thread(message_ids: deque[int]) -> None:
    """One thread of a burst: deliver messages from the shared ``message_ids`` until none is left
    (``popleft`` is atomic: each goes to one thread), then close this thread's database connection
    once (the pool's threads end with the burst)."""
    try:
        while message_ids:
            try:
                message_id = message_ids.popleft()
            except IndexError:  # another thread took the last one
                return
            try:
                message_deliver(message_id=message_id, reread=False)
            except Exception:  # one message's trouble must not stop the others; its lease runs out
                logger.exception("message %s: delivery failed in a burst", message_id)
    finally:
        connection.close()


def sms_deliver_side_by_side(message_ids: Sequence[int]) -> int:
    """Deliver ``message_ids``, ``SMS_CONCURRENCY`` at a time, each claimed before it is sent,
    exactly as alone; returns how many were tried. ``SMS_CONCURRENCY`` 1: one after the other in
    this thread (the test settings, where tasks run inside the test's transaction)."""
    ids = list(message_ids)
    concurrency = min(settings.SMS_CONCURRENCY, len(ids))
    if concurrency <= 1:
        for message_id in ids:
            try:
                message_deliver(message_id=message_id, reread=False)
            except Exception:  # as in a burst: the others still go, this one's lease runs out
                logger.exception("message %s: delivery failed in a batch", message_id)
        return len(ids)
    shared = deque(ids)
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sms") as pool:
        for future in [pool.submit(_deliver_in_thread, shared) for _ in range(concurrency)]:
            future.result()
    return len(ids)


def due_sms_deliver(*, exclude: int | None = None) -> int:
    """Send up to ``SMS_BURST_BATCH`` due SMS, ``SMS_CONCURRENCY`` at a time; returns how many were
    tried. A gateway answers in tens of milliseconds, so one SMS at a time leaves a worker waiting:
    a delivery task of one message takes a batch of the other due ones along (lost tasks, ones the
    scheduler handed over) and sends them side by side (the tasks of those messages then find them
    sent and do nothing). Each message is claimed before it is sent, exactly as alone, so none goes
    twice however many workers do this. ``SMS_CONCURRENCY`` 1 turns it off."""
    if settings.SMS_CONCURRENCY <= 1:
        return 0
    ids = due_sms_ids(limit=settings.SMS_BURST_BATCH, exclude=exclude)
    if not ids:
        return 0
    return sms_deliver_side_by_side(ids)


def _send(message: Message) -> str:
    if message.channel == Channel.SMS:
        return _send_sms(message)
    if message.channel == Channel.PUSH:
        push_send(message)
        return ""
    return _send_email(message)


def _fallback_release(push: Message, *, now: dt.datetime) -> None:
    """The push could not be delivered: its stand-in SMS goes now (quiet hours still apply)."""
    waiting = Message.objects.filter(fallback_for=push, status=Status.WAITING)
    for fallback_id in list(waiting.values_list("pk", flat=True)):
        if waiting.filter(pk=fallback_id).update(
            status=Status.QUEUED, next_attempt_at=now, enqueued_at=now, updated_at=now
        ):
            enqueue_on_commit(fallback_id)


def _fallback_after_push_sent(push: Message) -> None:
    """Delivered: a stand-in SMS that waited only for a failure is not needed (one for an offer
    keeps waiting until the push is opened or its time runs out)."""
    Message.objects.filter(fallback_for=push, status=Status.WAITING, next_attempt_at__isnull=True).update(
        status=Status.SKIPPED, last_error="", updated_at=timezone.now()
    )
