"""Writes to the outbox: record a message, deliver it, take delivery reports, retry.

Other apps send SMS and e-mail only through ``message_send_sms`` and ``message_send_email``.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vikarieportalen.notifications.models import PENDING_STATUSES, Channel, Message, Status
from vikarieportalen.notifications.phone import normalize_mobile_number
from vikarieportalen.notifications.rules import (
    QuietHours,
    quiet_hours_contains,
    quiet_hours_parse,
    quiet_hours_release,
    retry_delay,
    sms_text_check,
)
from vikarieportalen.notifications.sms_backends import OutgoingSms, SmsError, get_sms_backend

if TYPE_CHECKING:
    # Only for annotations: notifications sits below accounts and never imports it.
    from vikarieportalen.accounts.models import User

logger = logging.getLogger(__name__)

# How many due messages one scheduler run hands to workers; the next run takes the rest.
ENQUEUE_BATCH = 1000


def quiet_hours() -> QuietHours | None:
    try:
        return quiet_hours_parse(settings.NOTIFICATIONS_QUIET_HOURS, zone=settings.TIME_ZONE)
    except ValueError as exc:
        raise ImproperlyConfigured(f"NOTIFICATIONS_QUIET_HOURS: {exc}") from exc


def in_recipient_language(recipient: User | None) -> translation.override:
    """``with in_recipient_language(user):`` builds texts for ``user`` in their language.

    The site's language when there is no recipient (an address only) or none is set. Every SMS and
    e-mail text is made inside this, by the outbox itself for lazy texts and by the caller for
    texts it formats first.
    """
    return translation.override(
        (recipient.language if recipient is not None else "") or settings.LANGUAGE_CODE
    )


def _render(text: str | Promise, *, recipient: User | None) -> str:
    with in_recipient_language(recipient):
        return str(text)


def _first_slot(*, channel: str, urgent: bool, at: dt.datetime) -> tuple[Status, dt.datetime]:
    """Non-urgent SMS wait through quiet hours; e-mail and urgent SMS go at once."""
    if channel == Channel.SMS and not urgent:
        release = quiet_hours_release(at, quiet_hours())
        if release > at:
            return Status.HELD, release
    return Status.QUEUED, at


def _enqueue_delivery(message_id: int, *, run_after: dt.datetime | None = None) -> None:
    from vikarieportalen.notifications.tasks import deliver_message

    task = deliver_message
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return  # the scheduler hands it to a worker when it is due
        task = task.using(run_after=run_after)
    task.enqueue(message_id=message_id)


def _enqueue_on_commit(message_id: int, *, run_after: dt.datetime | None = None) -> None:
    # robust: the message is already committed; if the queue is down the scheduler enqueues it later.
    transaction.on_commit(lambda: _enqueue_delivery(message_id, run_after=run_after), robust=True)


def _record(*, idempotency_key: str, **fields: Any) -> Message:
    """Insert once per idempotency key; a second call (or a concurrent one) gets the first message."""
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("idempotency_key must be 1–200 characters")
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    status, next_attempt_at = _first_slot(channel=fields["channel"], urgent=fields["urgent"], at=now)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                idempotency_key=idempotency_key,
                status=status,
                next_attempt_at=next_attempt_at,
                enqueued_at=now,
                **fields,
            )
    except IntegrityError:
        existing = Message.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    _enqueue_on_commit(message.pk, run_after=next_attempt_at if status == Status.HELD else None)
    return message


@transaction.atomic
def message_send_sms(
    *,
    text: str | Promise,
    kind: str,
    idempotency_key: str,
    recipient: User | None = None,
    to_number: str = "",
    urgent: bool = False,
) -> Message:
    """Record an SMS in the caller's transaction; it is delivered after commit.

    ``to_number`` defaults to the recipient's mobile number. Invalid or non-mobile numbers and
    texts over SMS_MAX_SEGMENTS parts raise ValidationError, and nothing is recorded.
    Never put sensitive content in ``text`` (codes aside): say "you have an answer", not the answer.
    """
    number = to_number or (recipient.mobile if recipient is not None else "")
    if not number:
        raise ValidationError(_("There is no mobile number to send the SMS to."), code="no_number")
    number = normalize_mobile_number(number)
    rendered = _render(text, recipient=recipient)
    length = sms_text_check(rendered, max_segments=settings.SMS_MAX_SEGMENTS)
    return _record(
        idempotency_key=idempotency_key,
        channel=Channel.SMS,
        recipient=recipient,
        to_number=number,
        kind=kind,
        text=rendered,
        segments=length.segments,
        urgent=urgent,
    )


@transaction.atomic
def message_send_email(
    *,
    subject: str | Promise,
    text: str | Promise,
    kind: str,
    idempotency_key: str,
    recipient: User | None = None,
    to_email: str = "",
    urgent: bool = False,
) -> Message:
    """Record an e-mail in the caller's transaction; it is sent through EMAIL_BACKEND after commit."""
    from django.core.validators import validate_email

    address = to_email or (recipient.email if recipient is not None else "")
    if not address:
        raise ValidationError(_("There is no e-mail address to send to."), code="no_email")
    validate_email(address)
    rendered_subject = " ".join(_render(subject, recipient=recipient).split())
    rendered = _render(text, recipient=recipient)
    if not rendered.strip():
        raise ValidationError(_("The message has no text."), code="empty_text")
    return _record(
        idempotency_key=idempotency_key,
        channel=Channel.EMAIL,
        recipient=recipient,
        to_email=address,
        kind=kind,
        subject=rendered_subject[:200],
        text=rendered,
        urgent=urgent,
    )


def _claim(message_id: int, *, now: dt.datetime) -> Message | None:
    """Take a due message for sending. Only one worker wins; a lost lease may be taken again."""
    message = Message.objects.filter(
        pk=message_id, status__in=PENDING_STATUSES, next_attempt_at__lte=now
    ).first()
    if message is None:
        return None
    same_state = Message.objects.filter(
        pk=message.pk,
        status=message.status,
        attempts=message.attempts,
        next_attempt_at=message.next_attempt_at,
    )
    if message.channel == Channel.SMS and not message.urgent:
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
    if isinstance(exc, SmsError):
        return exc.temporary
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return True  # timeouts, connection errors, and anything unexpected: try again, up to the limit


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
        gateway_id = _send_sms(message) if message.channel == Channel.SMS else _send_email(message)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        finished = timezone.now()
        if _is_temporary(exc) and message.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            retry_at = finished + retry_delay(
                attempt=message.attempts,
                base_seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS,
                max_seconds=settings.NOTIFICATIONS_RETRY_MAX_SECONDS,
            )
            status, retry_at = _first_slot(channel=message.channel, urgent=message.urgent, at=retry_at)
            claimed.update(status=status, next_attempt_at=retry_at, enqueued_at=finished, last_error=error)
            logger.warning(
                "message %s attempt %s failed, retry at %s: %s", message.pk, message.attempts, retry_at, error
            )
            _enqueue_on_commit(message.pk, run_after=retry_at)
        else:
            claimed.update(status=Status.FAILED, next_attempt_at=None, last_error=error)
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
        )
    message.refresh_from_db()
    return message


@transaction.atomic
def message_delivery_report(*, gateway_id: str, status: str, now: dt.datetime | None = None) -> bool:
    """Record a gateway's delivery report. Unknown ids and repeated reports change nothing (False)."""
    now = now or timezone.now()
    sent = Message.objects.filter(channel=Channel.SMS, gateway_id=gateway_id, status=Status.SENT)
    if status == "delivered":
        return bool(sent.update(status=Status.DELIVERED, delivered_at=now, updated_at=now))
    if status == "failed":
        return bool(
            sent.update(
                status=Status.FAILED, last_error="gateway: not delivered to the phone", updated_at=now
            )
        )
    return False


@transaction.atomic
def message_retry(*, message_id: int) -> Message:
    """Give a failed message a fresh round of attempts (staff action)."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != Status.FAILED:
        raise ValidationError(_("Only failed messages can be sent again."), code="not_failed")
    now = timezone.now()
    message.status, message.next_attempt_at = _first_slot(
        channel=message.channel, urgent=message.urgent, at=now
    )
    message.attempts = 0
    message.enqueued_at = now
    message.save(update_fields=["status", "next_attempt_at", "attempts", "enqueued_at", "updated_at"])
    _enqueue_on_commit(
        message.pk, run_after=message.next_attempt_at if message.status == Status.HELD else None
    )
    return message


@transaction.atomic
def messages_enqueue_due(*, now: dt.datetime | None = None) -> int:
    """Hand due messages that no worker has (lost tasks, held, crashed sends) to workers again.

    Idempotent: a message handed over recently is skipped, and delivery claims before it sends.
    """
    now = now or timezone.now()
    recently = now - dt.timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)
    due = (
        Q(status__in=[Status.QUEUED, Status.HELD], next_attempt_at__lte=now)
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=recently))
    ) | Q(status=Status.SENDING, next_attempt_at__lte=now)
    ids = list(
        Message.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:ENQUEUE_BATCH]
    )
    Message.objects.filter(pk__in=ids).update(enqueued_at=now)
    for message_id in ids:
        _enqueue_on_commit(message_id)
    return len(ids)
