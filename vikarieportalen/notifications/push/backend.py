"""Sends one push notice to a person's devices through their browsers' push services (RFC 8030).

The payload is encrypted for each device (RFC 8291, aes128gcm) and signed with the portal's VAPID
key (RFC 8292) by pywebpush. What the services answer decides what the outbox does:

- 201 (or any 2xx) from at least one device: sent;
- 404 or 410: that device's subscription is gone, and is removed;
- 413: the notice is too large; it fails without a retry;
- 429, 5xx, a timeout: tried again later (the outbox's retry timing).
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from requests import RequestException

from vikarieportalen.notifications.models import Message, PushSubscription

logger = logging.getLogger(__name__)

GONE = frozenset({404, 410})
TOO_LARGE = 413
PUSH_TITLE = "Vikarieportalen"


class PushError(Exception):
    """No device got the notice; ``temporary`` says whether a later attempt may succeed."""

    temporary = False


class TemporaryPushError(PushError):
    temporary = True


@dataclass(frozen=True)
class PushOutcome:
    delivered: int
    removed: int


def push_configured() -> bool:
    """Push notices need the portal's VAPID key and contact (docs/phone.md); without, all is SMS."""
    return bool(settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT)


def vapid_key() -> Vapid02:
    if not settings.VAPID_PRIVATE_KEY or not settings.VAPID_SUBJECT:
        raise ImproperlyConfigured("Push notices need VAPID_PRIVATE_KEY and VAPID_SUBJECT (docs/phone.md).")
    return Vapid02.from_string(private_key=settings.VAPID_PRIVATE_KEY)


def vapid_public_key() -> str:
    """The public half, as the browser's ``applicationServerKey`` wants it (base64url, raw point)."""
    point = vapid_key().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def push_payload(message: Message) -> str:
    """What the service worker shows: the text, where a tap leads, and where to report the tap."""
    link = re.search(re.escape(settings.PUBLIC_URL) + r"(/[^\s]*)", message.text)
    return json.dumps(
        {
            "title": PUSH_TITLE,
            "body": message.text,
            "url": link.group(1) if link else "/",
            "tag": f"vp-{message.pk}",
            "opened": reverse("push:opened", kwargs={"token": message.push_token}),
        },
        ensure_ascii=False,
    )


def push_send(message: Message) -> PushOutcome:
    """Send ``message`` to every device of its recipient. Raises PushError when none got it."""
    key = vapid_key()
    if message.recipient_id is None:
        raise PushError("no recipient (the account was removed)")
    subscriptions = list(PushSubscription.objects.filter(user_id=message.recipient_id))
    if not subscriptions:
        raise PushError("no device to send to (push was turned off or every subscription is gone)")
    payload = push_payload(message)
    delivered = removed = 0
    temporary: list[str] = []
    permanent: list[str] = []
    for subscription in subscriptions:
        try:
            webpush(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=payload,
                vapid_private_key=key,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                timeout=settings.PUSH_TIMEOUT,
                ttl=settings.PUSH_TTL_SECONDS,
                headers={"Urgency": "high" if message.urgent else "normal"},
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in GONE:
                subscription.delete()
                removed += 1
                permanent.append(f"{status}: subscription gone, removed")
            elif status == TOO_LARGE or (status is not None and 400 <= status < 500 and status != 429):
                permanent.append(f"{status}: refused by the push service")
            else:
                temporary.append(f"{status}: try again later")
        except RequestException as exc:
            temporary.append(f"{type(exc).__name__}")
        else:
            delivered += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
    if delivered:
        return PushOutcome(delivered=delivered, removed=removed)
    detail = "; ".join(temporary + permanent)
    if temporary:
        raise TemporaryPushError(detail)
    raise PushError(detail)
