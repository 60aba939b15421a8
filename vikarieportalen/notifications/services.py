"""Writes to the outbox: record a message, take delivery reports, retry (delivery.py sends).

Other apps send SMS and e-mail only through ``message_send_sms`` and ``message_send_email``. An SMS
of a kind a person may get as a push notice (``push.categories``) goes the way they chose under
*Mina uppgifter → Aviseringar*: as SMS, as push, or both (``_notice_channel``).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vikarieportalen.core.batching import batch_collected
from vikarieportalen.notifications.delivery import (
    enqueue_on_commit,
    first_slot,
    message_enqueue_on_commit,
    messages_enqueue_on_commit,
    quiet_hours,
    sms_enqueue_on_commit,
)
from vikarieportalen.notifications.kinds import message_kind_check
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.phone import normalize_mobile_number
from vikarieportalen.notifications.push.backend import push_configured
from vikarieportalen.notifications.push.categories import push_category, push_fallback_unopened
from vikarieportalen.notifications.rules import DELIVERY_REPORT_FAILED, message_urgent, sms_text_check

if TYPE_CHECKING:
    # Only for annotations: notifications sits below accounts and never imports it.
    from vikarieportalen.accounts.models import User

logger = logging.getLogger(__name__)

# How many due messages one scheduler run hands to workers; the next run takes the rest.
ENQUEUE_BATCH = 1000


def in_recipient_language(recipient: User | None) -> translation.override:
    """``with in_recipient_language(user):`` builds texts for ``user`` in their language.

    The site's language when there is no recipient (an address only) or none is set. Every SMS and
    e-mail text is made inside this, by the outbox itself for lazy texts and by the caller for
    texts it formats first.
    """
    return translation.override(
        (recipient.language if recipient is not None else "") or settings.LANGUAGE_CODE
    )


def message_urgent_for(*, about: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Whether a message about a shift starting at ``about`` is urgent (goes even in quiet hours).

    The one place callers ask: ``urgent=message_urgent_for(about=shift.starts_at)``. The rule is
    ``rules.message_urgent``, with quiet hours and NOTIFICATIONS_URGENT_WINDOW_HOURS from settings.
    """
    return message_urgent(
        about=about,
        now=now or timezone.now(),
        quiet=quiet_hours(),
        window=dt.timedelta(hours=settings.NOTIFICATIONS_URGENT_WINDOW_HOURS),
    )


def _render(text: str | Promise, *, recipient: User | None) -> str:
    with in_recipient_language(recipient):
        return str(text)


SECRET_MARK = "[…]"  # noqa: S105 - what stands where a code was, not a password


def _redacted(rendered: str, secret: str) -> str:
    """``rendered`` with ``secret`` blanked; "" when there is no secret to hide."""
    if not secret:
        return ""
    if secret not in rendered:
        raise ValueError("the secret to redact is not in the text")
    return rendered.replace(secret, SECRET_MARK)


def _record(
    *, idempotency_key: str, slot: tuple[Status, dt.datetime | None] | None = None, **fields: Any
) -> Message:
    """Insert once per idempotency key; a second call (or a concurrent one) gets the first message.

    ``slot``: the status and first attempt, when not the channel's usual (an SMS waiting for a push).
    """
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("idempotency_key must be 1–200 characters")
    message_kind_check(fields["kind"])
    batch = _batch.get()
    if batch is not None:
        message = Message(idempotency_key=idempotency_key, **fields)
        if slot is not None:
            message.status, message.next_attempt_at = slot
        batch.append(message)  # written at the end of the caller's ``messages_batched`` block
        return message
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    status, next_attempt_at = slot or first_slot(channel=fields["channel"], urgent=fields["urgent"], at=now)
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
    message_enqueue_on_commit(message)
    return message


def _push_choices(user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """(user, category) → channel, for the people's choices of push (NoticeChannel other than SMS)
    that can be carried out: only those who have a device that takes push notices (one query)."""
    has_device = Exists(PushSubscription.objects.filter(user=OuterRef("user")))
    return {
        (user_id, category): channel
        for user_id, category, channel in NoticePreference.objects.filter(user__in=set(user_ids))
        .exclude(channel=NoticeChannel.SMS)
        .filter(has_device)
        .values_list("user_id", "category", "channel")
    }


def _is_own_number(recipient: User, number: str) -> bool:
    """``number`` is the recipient's own mobile number (a notice instead of an SMS goes only there)."""
    try:
        return bool(recipient.mobile) and normalize_mobile_number(recipient.mobile) == number
    except ValidationError:
        return False


def _notice_channels(recipient: User) -> dict[str, str]:
    """The person's ``_push_choices`` per category, read once per user object: a request or task
    that sends them several messages asks the database once."""
    cached: dict[str, str] | None = getattr(recipient, "_notice_channels", None)
    if cached is None:
        cached = {category: channel for (_user, category), channel in _push_choices([recipient.pk]).items()}
        recipient._notice_channels = cached  # type: ignore[attr-defined]
    return cached


def _notice_channel(*, recipient: User | None, kind: str, number: str) -> str:
    """How an SMS of ``kind`` to ``recipient`` goes: SMS, push or both (NoticeChannel).

    Push only for a kind registered for it, to the person themselves (not another number), who
    chose push for its category and has at least one device that takes push notices.
    """
    category = push_category(kind)
    if recipient is None or category is None or not push_configured():
        return NoticeChannel.SMS
    if not _is_own_number(recipient, number):
        return NoticeChannel.SMS
    return _notice_channels(recipient).get(category, NoticeChannel.SMS)


def _record_notice(*, channel: str, idempotency_key: str, sms_fields: dict[str, Any]) -> Message:
    """The push notice and, by the caller's key, the SMS: sent as well (both) or standing in for it.

    The stand-in SMS waits: for an offer until PUSH_FALLBACK_MINUTES after the push goes (skipped
    when the push is opened before), for other kinds until the push turns out undeliverable.
    """
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    kind = sms_fields["kind"]
    push = _record(
        idempotency_key=f"{idempotency_key}:push",
        channel=Channel.PUSH,
        recipient=sms_fields["recipient"],
        kind=kind,
        text=sms_fields["text"],
        redacted_text=sms_fields["redacted_text"],
        segments=sms_fields["segments"],
        urgent=sms_fields["urgent"],
        push_token=secrets.token_urlsafe(24),
    )
    if channel == NoticeChannel.BOTH:
        return _record(idempotency_key=idempotency_key, **sms_fields)
    wait_until = None
    if push_fallback_unopened(kind):
        wait_until = (push.next_attempt_at or timezone.now()) + dt.timedelta(
            minutes=settings.PUSH_FALLBACK_MINUTES
        )
    return _record(
        idempotency_key=idempotency_key, slot=(Status.WAITING, wait_until), fallback_for=push, **sms_fields
    )


# The messages of the ``messages_batched`` block being run in this thread (or task), if any.
_batch: ContextVar[list[Message] | None] = ContextVar("messages_batch", default=None)


def messages_batched(*, new_keys: bool = False) -> AbstractContextManager[None]:
    """Inside the block, ``message_send_sms`` and ``message_send_email`` collect their messages;
    when the block ends without an error they are written together in one INSERT, each delivered
    after commit as usual. An error in the block writes none; a block inside another joins the
    outer one. Use it inside the caller's transaction, so the messages commit or roll back with
    their cause.

    A key already used is looked up first (one query) and that message not written again, as
    unbatched. With ``new_keys`` the caller vouches that no key can have been used (keys of rows it
    has just made, or of a change its locks let happen only once) and the lookup is skipped; the
    unique index on the key stays the last guard (an IntegrityError fails the transaction). So is
    a key written by a concurrent transaction between the lookup and the INSERT: batch only keys
    no one else can be writing.
    """
    return batch_collected(_batch, partial(_messages_write, new_keys=new_keys))


def _messages_write(batch: list[Message], *, new_keys: bool) -> None:
    if not batch:
        return
    seen: set[str] = set()
    if not new_keys:
        seen.update(
            Message.objects.filter(idempotency_key__in={m.idempotency_key for m in batch}).values_list(
                "idempotency_key", flat=True
            )
        )
    now = timezone.now()
    fresh = []
    for message in batch:
        if message.idempotency_key in seen:
            continue
        seen.add(message.idempotency_key)
        if message.status != Status.WAITING:  # a stand-in SMS keeps the slot ``_record`` gave it
            message.status, message.next_attempt_at = first_slot(
                channel=message.channel, urgent=message.urgent, at=now
            )
        message.enqueued_at = now
        fresh.append(message)
    as_notices = _batch_notices(fresh)
    fresh = [message for message in fresh if message.idempotency_key not in as_notices]
    Message.objects.bulk_create(fresh)
    messages_enqueue_on_commit(fresh)  # the SMS in tasks of SMS_BURST_BATCH, not one task each
    for key, (channel, message) in as_notices.items():
        sms_fields = {
            name: getattr(message, name)
            for name in (
                "channel",
                "recipient",
                "to_number",
                "kind",
                "text",
                "redacted_text",
                "segments",
                "urgent",
            )
        }
        with transaction.atomic():
            _record_notice(channel=channel, idempotency_key=key, sms_fields=sms_fields)


def _batch_notices(messages: list[Message]) -> dict[str, tuple[str, Message]]:
    """The batch's SMS whose recipients chose push for their kind (key → channel and message),
    with every recipient's choices read in one query; those are recorded as ``message_send_sms``
    would record them alone (``_record_notice``), the rest in the batch's INSERT."""
    candidates = [
        message
        for message in messages
        if message.channel == Channel.SMS
        and message.recipient is not None
        and push_category(message.kind) is not None
        and len(message.idempotency_key) <= 195
    ]
    if not candidates or not push_configured():
        return {}
    chosen = _push_choices(message.recipient_id for message in candidates if message.recipient_id)
    found: dict[str, tuple[str, Message]] = {}
    for message in candidates:
        recipient = message.recipient
        assert recipient is not None  # noqa: S101 - only messages with a recipient are candidates
        channel = chosen.get((recipient.pk, str(push_category(message.kind))))
        if channel is not None and _is_own_number(recipient, message.to_number):
            found[message.idempotency_key] = (channel, message)
    return found


def message_send_sms(
    *,
    text: str | Promise,
    kind: str,
    idempotency_key: str,
    recipient: User | None = None,
    to_number: str = "",
    urgent: bool = False,
    secret: str = "",
) -> Message:
    """Record an SMS in the caller's transaction (or on its own); it is delivered after commit.

    ``to_number`` defaults to the recipient's mobile number. Invalid or non-mobile numbers and
    texts over SMS_MAX_SEGMENTS parts raise ValidationError, and nothing is recorded.
    Never put sensitive content in ``text``: say "you have an answer", not the answer. A code or a
    link that must be in it is named as ``secret``: staff never see it, and the stored text loses it
    once the message is sent (``redacted_text``).
    """
    number = to_number or (recipient.mobile if recipient is not None else "")
    if not number:
        raise ValidationError(_("There is no mobile number to send the SMS to."), code="no_number")
    number = normalize_mobile_number(number)
    rendered = _render(text, recipient=recipient)
    length = sms_text_check(rendered, max_segments=settings.SMS_MAX_SEGMENTS)
    fields: dict[str, Any] = {
        "channel": Channel.SMS,
        "recipient": recipient,
        "to_number": number,
        "kind": kind,
        "text": rendered,
        "redacted_text": _redacted(rendered, secret),
        "segments": length.segments,
        "urgent": urgent,
    }
    if _batch.get() is not None:
        # In a batch the push choices of all its recipients are read at once when it is written.
        return _record(idempotency_key=idempotency_key, **fields)
    channel = _notice_channel(recipient=recipient, kind=kind, number=number)
    if channel != NoticeChannel.SMS and len(idempotency_key) <= 195:
        # Written at once even inside ``messages_batched``: the stand-in SMS points at the push
        # row, which a batch would not have written yet. Both or neither.
        token = _batch.set(None)
        try:
            with transaction.atomic():
                return _record_notice(channel=channel, idempotency_key=idempotency_key, sms_fields=fields)
        finally:
            _batch.reset(token)
    return _record(idempotency_key=idempotency_key, **fields)


@transaction.atomic
def message_refuse_sms(
    *, kind: str, idempotency_key: str, recipient: User, to_number: str, reason: str
) -> Message:
    """Record in the outbox that an SMS of ``kind`` to ``recipient`` was *not* sent, and why.

    For staff reading the outbox ("why did no code come?"). Nothing is delivered; the row holds the
    ``reason`` (the caller words it for the staff), never the text that would have gone. Once per
    idempotency key.
    """
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("idempotency_key must be 1–200 characters")
    message_kind_check(kind)
    message, _created = Message.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "channel": Channel.SMS,
            "recipient": recipient,
            "to_number": normalize_mobile_number(to_number),
            "kind": kind,
            "text": reason,
            "status": Status.REFUSED,
            "last_error": reason,
        },
    )
    return message


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
    secret: str = "",
) -> Message:
    """Record an e-mail in the caller's transaction; it is sent through EMAIL_BACKEND after commit.

    ``secret``: a link or code in ``text`` that staff never see and the stored text loses once sent.
    """
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
        redacted_text=_redacted(rendered, secret),
        urgent=urgent,
    )


@transaction.atomic
def message_delivery_report(*, gateway_id: str, status: str, now: dt.datetime | None = None) -> bool:
    """Record a gateway's delivery report. Unknown ids and repeated reports change nothing (False)."""
    now = now or timezone.now()
    sent = Message.objects.filter(channel=Channel.SMS, gateway_id=gateway_id, status=Status.SENT)
    if status == "delivered":
        return bool(sent.update(status=Status.DELIVERED, delivered_at=now, updated_at=now))
    if status == "failed":
        return bool(sent.update(status=Status.FAILED, last_error=DELIVERY_REPORT_FAILED, updated_at=now))
    return False


@transaction.atomic
def message_retry(*, message_id: int) -> Message:
    """Give a failed message a fresh round of attempts (staff action)."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != Status.FAILED:
        raise ValidationError(_("Only failed messages can be sent again."), code="not_failed")
    if not message.text:  # blanked by the retention purge
        raise ValidationError(
            _("This message is too old to send again: its text is no longer kept."), code="text_gone"
        )
    if message.redacted_text and message.text == message.redacted_text:
        raise ValidationError(
            _(
                "This message held a code or a link that is no longer kept. "
                "Ask the person to ask for a new one."
            ),
            code="secret_gone",
        )
    now = timezone.now()
    message.status, message.next_attempt_at = first_slot(
        channel=message.channel, urgent=message.urgent, at=now
    )
    message.attempts = 0
    message.enqueued_at = now
    message.save(update_fields=["status", "next_attempt_at", "attempts", "enqueued_at", "updated_at"])
    enqueue_on_commit(
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
        Q(status__in=[Status.QUEUED, Status.HELD, Status.WAITING], next_attempt_at__lte=now)
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=recently))
    ) | Q(status=Status.SENDING, next_attempt_at__lte=now)
    found = list(
        Message.objects.filter(due).order_by("next_attempt_at").values_list("pk", "channel")[:ENQUEUE_BATCH]
    )
    Message.objects.filter(pk__in=[pk for pk, _channel in found]).update(enqueued_at=now)
    sms_enqueue_on_commit([pk for pk, channel in found if channel == Channel.SMS])  # SMS_BURST_BATCH a task
    for message_id in [pk for pk, channel in found if channel != Channel.SMS]:
        enqueue_on_commit(message_id)
    return len(found)
