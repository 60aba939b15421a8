"""Delivery: the worker side of the outbox. Claim a due message, send it, record the outcome, retry.

The task ``deliver_message`` lives here beside the code it runs, because a failed delivery enqueues
it again for later; ``services`` records messages and hands them to this module.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
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
    message.refresh_from_db()
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


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> Message | None:
    """Send one due message and record the outcome; None when it was not due or already taken.

    Not one transaction on purpose: the claim is committed before the network call, so a worker
    killed mid-send leaves a lease that runs out, and the message is tried again (at most the
    messages in flight at the kill can go twice).
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


def _deliver_in_thread(message_id: int) -> None:
    try:
        message_deliver(message_id=message_id)
    except Exception:  # one message's trouble must not stop the others; its lease runs out
        logger.exception("message %s: delivery failed in a burst", message_id)
    finally:
        connection.close()  # each thread has its own connection; the pool's threads end with the burst


def due_sms_deliver(*, exclude: int | None = None) -> int:
    """Send up to ``SMS_BURST_BATCH`` due SMS, ``SMS_CONCURRENCY`` at a time; returns how many were
    tried. A gateway answers in tens of milliseconds, so one SMS at a time leaves a worker waiting:
    when 2,000 offers go out at once, each delivery task takes a batch of the due ones along and
    sends them side by side (the tasks of those messages then find them sent and do nothing). Each
    message is claimed before it is sent, exactly as alone, so none goes twice however many workers
    do this. ``SMS_CONCURRENCY`` 1 turns it off."""
    concurrency = settings.SMS_CONCURRENCY
    if concurrency <= 1:
        return 0
    ids = due_sms_ids(limit=settings.SMS_BURST_BATCH, exclude=exclude)
    if not ids:
        return 0
    with ThreadPoolExecutor(max_workers=min(concurrency, len(ids)), thread_name_prefix="sms") as pool:
        list(pool.map(_deliver_in_thread, ids))
    return len(ids)


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
