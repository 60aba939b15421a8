"""Demo data: phones that take push notices, and the offer notices of the last two weeks as they went.

Push notices are new in the municipality: over the demo's history more and more substitutes turn
them on under *Aviseringar* (most choose push for offers, some both push and SMS). Each offer of
that history (demo/statistics.py) is then told the way the portal tells it: through
``offer_sms_send`` and the outbox, which sends a push notice with a stand-in SMS to those who chose
push and had a device by then, and an SMS to the rest. What happened next is drawn per notice: most
push notices are opened within PUSH_FALLBACK_MINUTES, so their SMS is skipped; the rest are sent
when the time runs out. The staff outbox's figures (push share, SMS parts and kronor saved) are
read from these rows by the same selector as in production.

Sara Johansson (JOSA9804) has push on her phone from the start, so her *Aviseringar* shows a
device and her choices. No push is sent while the demo runs: `make run` has no VAPID key, so new
notices go as SMS (docs/phone.md says how to turn push on).

Deterministic (one seed) and idempotent: a run that finds the demo's devices does nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push.rules import device_label
from vikarieportalen.staffing.models import Offer
from vikarieportalen.staffing.offers.notify import offer_sms_key, offer_sms_send

SEED = 19
ENDPOINT_MARK = "/demo-push-"
ADOPTERS = 0.6  # of the substitutes with a mobile number, by the end of the history
OPENED_IN_TIME = 0.8  # push notices opened before their stand-in SMS is due
PHONES = [  # (share, push service, User-Agent)
    (0.55, "https://fcm.googleapis.com/fcm/send", "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"),
    (
        0.35,
        "https://web.push.apple.com",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1",
    ),
    (
        0.10,
        "https://updates.push.services.mozilla.com/wpush/v2",
        "Mozilla/5.0 (Android 14; Mobile) Firefox/133.0",
    ),
]


@dataclass(frozen=True)
class Adopter:
    user_id: int
    turned_on: dt.datetime
    offers_channel: str


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _device(user_id: int, turned_on: dt.datetime, rng: random.Random) -> PushSubscription:
    """A device as a browser subscribes it: an address at its push service and its keys."""
    pick, service, agent = rng.random(), PHONES[-1][1], PHONES[-1][2]
    for share, candidate, candidate_agent in PHONES:
        if pick < share:
            service, agent = candidate, candidate_agent
            break
        pick -= share
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    return PushSubscription(
        user_id=user_id,
        endpoint=f"{service}{ENDPOINT_MARK}{user_id}-{rng.getrandbits(64):016x}",
        p256dh=_b64url(public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)),
        auth=_b64url(rng.randbytes(16)),
        device_label=device_label(agent),
        created_at=turned_on,
        last_success_at=turned_on,
    )


def _adopters(start: dt.datetime, now: dt.datetime, rng: random.Random) -> list[Adopter]:
    """Who turns push on, and when: many in the first days, fewer later; Sara at the start."""
    people = list(
        User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
        .exclude(mobile="")
        .order_by("pk")
        .values_list("pk", "username")
    )
    adopters = []
    for user_id, username in people:
        first = username == FIRST_SUBSTITUTE
        if not first and rng.random() >= ADOPTERS:
            continue
        turned_on = start if first else start + (now - start) * rng.random() ** 2
        channel = NoticeChannel.PUSH if first or rng.random() < 0.8 else NoticeChannel.BOTH
        adopters.append(Adopter(user_id, turned_on, channel))
    return adopters


def _turn_on(adopter: Adopter, rng: random.Random) -> None:
    """What the Aviseringar page writes when push is turned on: the device and the choices."""
    _device(adopter.user_id, adopter.turned_on, rng).save()
    choices = {
        NoticeCategory.OFFERS: adopter.offers_channel,
        NoticeCategory.BOOKINGS: NoticeChannel.PUSH,
        NoticeCategory.CANCELLATIONS: NoticeChannel.BOTH,
        NoticeCategory.SUPPORT_REPLIES: NoticeChannel.PUSH,
    }
    for category, channel in choices.items():
        NoticePreference.objects.create(user_id=adopter.user_id, category=category, channel=channel)
    PushSubscription.objects.filter(user_id=adopter.user_id).update(created_at=adopter.turned_on)


def _outcome(message: Message, sent: dt.datetime, rng: random.Random, *, opened: bool) -> Message:
    """The rows as delivery would have left them: sent (the text without its link), or skipped."""
    message.created_at = message.updated_at = sent
    message.attempts = 1
    message.enqueued_at = message.sent_at = sent + dt.timedelta(seconds=rng.uniform(1, 4))
    message.next_attempt_at = None
    message.status = Status.SENT
    message.text = message.redacted_text or message.text
    if message.channel == Channel.PUSH and opened:
        message.opened_at = sent + dt.timedelta(minutes=rng.uniform(0.2, settings.PUSH_FALLBACK_MINUTES))
    if message.channel == Channel.SMS and message.fallback_for_id is not None:
        if opened:  # the push was opened first: this SMS never went
            message.status, message.attempts, message.enqueued_at, message.sent_at = (
                Status.SKIPPED,
                0,
                None,
                None,
            )
        else:
            due = sent + dt.timedelta(minutes=settings.PUSH_FALLBACK_MINUTES)
            message.enqueued_at, message.sent_at = due, due + dt.timedelta(seconds=2)
    return message


FIELDS = [
    "created_at",
    "updated_at",
    "attempts",
    "enqueued_at",
    "sent_at",
    "next_attempt_at",
    "status",
    "text",
]


def _history_tell(offers: list[Offer], adopters: list[Adopter], rng: random.Random) -> int:
    """Each offer told as the outbox tells it at its time, with the devices turned on by then."""
    waiting = sorted(adopters, key=lambda a: a.turned_on)
    done: list[Message] = []
    for offer in offers:
        while waiting and waiting[0].turned_on <= offer.created_at:
            _turn_on(waiting.pop(0), rng)
        offer_sms_send(offer, None)
        key = offer_sms_key(offer)
        opened = rng.random() < OPENED_IN_TIME
        for message in Message.objects.filter(idempotency_key__in=[key, f"{key}:push"]):
            done.append(_outcome(message, offer.created_at, rng, opened=opened))
    for adopter in waiting:  # turned on after the last offer of the history
        _turn_on(adopter, rng)
    Message.objects.bulk_update(done, [*FIELDS, "opened_at"], batch_size=500)
    return len(done)


def demo_push_build(*, count: Count, now: dt.datetime | None = None) -> None:
    if PushSubscription.objects.filter(endpoint__contains=ENDPOINT_MARK).exists():
        count("push devices", False)
        return
    now = now or timezone.now()
    offers = list(
        Offer.objects.filter(created_at__lt=now)
        .select_related("shift__workplace", "substitute")
        .order_by("created_at", "pk")
    )
    told = set(
        Message.objects.filter(idempotency_key__in=[offer_sms_key(offer) for offer in offers]).values_list(
            "idempotency_key", flat=True
        )
    )
    offers = [offer for offer in offers if offer_sms_key(offer) not in told]
    if not offers:
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    adopters = _adopters(offers[0].created_at, now, rng)
    # Routing only: the outbox sends push notices when a VAPID key is set; none is sent from here.
    with (
        override_settings(VAPID_PRIVATE_KEY="demo-routing-only", VAPID_SUBJECT="mailto:demo@example.invalid"),
        transaction.atomic(),
    ):
        _history_tell(offers, adopters, rng)
    for _adopter in adopters:
        count("push devices", True)
