"""Reads from the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from vikarieportalen.core.time import moment_text
from vikarieportalen.notifications.models import Channel, Message, Status


def message_list(*, status: str = "", kind: str = "", recipient: str = "") -> QuerySet[Message]:
    """Outbox messages, newest first, filtered by status, kind and recipient (name, username, address)."""
    messages = Message.objects.select_related("recipient")
    if status:
        messages = messages.filter(status=status)
    if kind:
        messages = messages.filter(kind=kind)
    if recipient := recipient.strip():
        messages = messages.filter(
            Q(to_number__icontains=recipient.replace(" ", "").replace("-", ""))
            | Q(to_email__icontains=recipient)
            | Q(recipient__username__iexact=recipient)
            | Q(recipient__family_name__icontains=recipient)
            | Q(recipient__preferred_given_name__icontains=recipient)
        )
    return messages.order_by("-created_at", "-id")


def message_kinds() -> list[str]:
    return list(Message.objects.order_by("kind").values_list("kind", flat=True).distinct())


@dataclass(frozen=True)
class Dispatch:
    """What a page may truthfully say about messages it just asked for.

    ``recorded``: how many are in the outbox (fewer than asked: no number, or refused);
    ``held``: how many wait for quiet hours to end, the last of them going at ``held_until``.
    """

    recorded: int
    held: int
    held_until: dt.datetime | None

    @property
    def none(self) -> bool:
        return self.recorded == 0

    @property
    def waiting(self) -> bool:
        return self.held > 0

    def when_text(self) -> str:
        """When the waiting messages go, to end a sentence: "kl. 07.00", "i morgon kl. 07.00"."""
        if self.held_until is None:
            return ""
        return moment_text(self.held_until, now=timezone.now())


def _dispatch(rows: QuerySet[Message]) -> Dispatch:
    """An SMS waiting for its push notice counts as held while the push waits for the morning."""
    rows = rows.exclude(status=Status.REFUSED)
    held = rows.filter(Q(status=Status.HELD) | Q(status=Status.WAITING, fallback_for__status=Status.HELD))
    last = held.aggregate(
        sms=Max("next_attempt_at", filter=Q(status=Status.HELD)),
        push=Max("fallback_for__next_attempt_at", filter=Q(status=Status.WAITING)),
    )
    moments = [moment for moment in (last["sms"], last["push"]) if moment is not None]
    return Dispatch(recorded=rows.count(), held=held.count(), held_until=max(moments, default=None))


def message_dispatch(*, idempotency_keys: Iterable[str]) -> Dispatch:
    """Whether the messages with these keys go now or wait (and until when), for the page to say."""
    return _dispatch(Message.objects.filter(idempotency_key__in=list(idempotency_keys)))


def message_dispatch_latest(*, recipient_id: int, kind: str) -> Dispatch:
    """The same for the newest message of ``kind`` to a person (when the caller has no key)."""
    newest = (
        Message.objects.filter(recipient_id=recipient_id, kind=kind)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return _dispatch(Message.objects.filter(pk__in=newest))


def message_by_key(*, idempotency_keys: Iterable[str]) -> dict[str, Message]:
    """The outbox rows with these keys, by key, in one query (keys with no row are left out).

    Only what a page needs to tell what became of each message: no text, no address.
    """
    rows = Message.objects.filter(idempotency_key__in=list(idempotency_keys)).only(
        "pk", "idempotency_key", "status", "next_attempt_at", "sent_at", "last_error"
    )
    return {row.idempotency_key: row for row in rows}


@dataclass(frozen=True)
class PushMonth:
    """One month of notices: how many went as SMS and as push, and the SMS that push made unneeded."""

    month: dt.date
    sms: int
    push: int
    segments_saved: int
    price_per_segment_ore: int

    @property
    def push_share(self) -> float:
        """Push notices as a share of SMS and push notices sent, 0–1."""
        total = self.sms + self.push
        return self.push / total if total else 0.0

    @property
    def saved_kronor(self) -> float:
        return self.segments_saved * self.price_per_segment_ore / 100


def push_months(*, months: int = 12, now: dt.datetime | None = None) -> list[PushMonth]:
    """The last ``months`` months with messages, newest first, in one query.

    Sent means handed over (sent or delivered). Saved: the SMS standing in for a push notice that
    was skipped because the push reached the phone (or was opened), by their SMS parts, at
    SMS_PRICE_PER_SEGMENT_ORE. An SMS chosen as well as push (both) saves nothing.
    """
    now = now or timezone.now()
    since = (now - dt.timedelta(days=31 * months)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    sent = Q(status__in=[Status.SENT, Status.DELIVERED])
    rows = (
        Message.objects.filter(created_at__gte=since, channel__in=[Channel.SMS, Channel.PUSH])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            sms=Count("pk", filter=sent & Q(channel=Channel.SMS)),
            push=Count("pk", filter=sent & Q(channel=Channel.PUSH)),
            saved=Sum("segments", filter=Q(status=Status.SKIPPED, fallback_for__isnull=False), default=0),
        )
        .order_by("-month")
    )
    price = settings.SMS_PRICE_PER_SEGMENT_ORE
    return [
        PushMonth(
            month=row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            sms=row["sms"],
            push=row["push"],
            segments_saved=row["saved"],
            price_per_segment_ore=price,
        )
        for row in rows
        if row["sms"] or row["push"] or row["saved"]
    ][:months]
