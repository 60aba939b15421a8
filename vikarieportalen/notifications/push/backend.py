"""Sends one push notice to a person's devices through their browsers' push services (RFC 8030).

The payload is encrypted for each device (RFC 8291, aes128gcm) and signed with the portal's VAPID
key (RFC 8292) by pywebpush. What the services answer decides what the outbox does:

- 201 (or any 2xx) from at least one device: sent;
- 404 or 410: that device's subscription is gone, and is removed;
- 413: the notice is too large; it fails without a retry;
- 429, 5xx, a timeout: tried again later (the outbox's retry timing);
- a redirect (3xx): that device fails for good; the portal never follows one;
- an address outside the public internet: that device fails for good, and nothing is sent;
- a host name that does not resolve: tried again later.

No server-side request forgery: a subscription's address was checked when the device subscribed
(``rules.endpoint_problem``, ``endpoint_host_check``), but a name can later resolve elsewhere (DNS
rebinding) and a push service could answer with a redirect. So every send resolves the host again
and refuses when any of its addresses is not global, and the connection itself checks the address
it reached (``_CheckedHTTPSConnection``) before a byte is sent; redirects are never followed.
``PUSH_ALLOW_PRIVATE_ADDRESSES`` (tests only; refused in production) turns the address checks off.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from requests import PreparedRequest, RequestException, Response, Session
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from vikarieportalen.notifications.models import Message, PushSubscription
from vikarieportalen.notifications.push.rules import address_special

logger = logging.getLogger(__name__)

GONE = frozenset({404, 410})
TOO_LARGE = 413
PUSH_TITLE = "Vikarieportalen"


class PushError(Exception):
    """No device got the notice; ``temporary`` says whether a later attempt may succeed."""

    temporary = False


class TemporaryPushError(PushError):
    temporary = True


class AddressRefused(Exception):
    """The push address leads outside the public internet. Not an OSError on purpose: urllib3 and
    requests would take one for a network failure and retry it; this must stop the send."""


class HostUnresolved(Exception):
    """The push address's host name has no address (now)."""


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


# --- No server-side request forgery: where the portal connects, and no redirects -----------------


def endpoint_host_check(endpoint: str) -> None:
    """Resolve the host of ``endpoint`` and refuse when any of its addresses is not global.

    HostUnresolved when it has none, AddressRefused naming the address when one is private,
    loopback, link-local, multicast or reserved (``rules.address_special``). Nothing is checked
    with PUSH_ALLOW_PRIVATE_ADDRESSES (the tests' local push service on 127.0.0.1).
    """
    if settings.PUSH_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        parts = urlsplit(endpoint)
        host, port = parts.hostname or "", parts.port
    except ValueError as exc:
        raise AddressRefused("unreadable address") from exc
    try:
        found = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostUnresolved(host) from exc
    if not found:
        raise HostUnresolved(host)
    for *_, sockaddr in found:
        if address_special(str(sockaddr[0])):
            raise AddressRefused(str(sockaddr[0]))


def _peer_check(sock: socket.socket) -> socket.socket:
    """The address the socket actually reached must be global: the resolver asked just before
    connecting may answer differently from the one asked by ``endpoint_host_check`` (rebinding)."""
    peer = str(sock.getpeername()[0])
    if address_special(peer):
        sock.close()
        raise AddressRefused(peer)
    return sock


class _CheckedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _peer_check(super()._new_conn())


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:  # before TLS, before the request: nothing is sent yet
        return _peer_check(super()._new_conn())


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    """Connections that go only to global addresses (checked on the connected socket).

    Why check the socket's peer rather than resolve once and connect to that address: the check is
    on the address really connected to, whatever any resolver answered (no window between check
    and connect for DNS rebinding), while urllib3 keeps its own resolution, IPv4/IPv6 fallback and
    TLS verification against the host name (a pinned IP would need SNI and certificate checks
    rewired). The socket is closed before TLS and before any byte of the request is sent.
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


class PushSession(Session):
    """One push_send's connections (kept alive between a person's devices on one service).

    Never follows a redirect: a 3xx comes back as the answer. Ignores the environment's proxy and
    .netrc settings (``trust_env``): through a proxy the portal could not see where it connects.
    Without PUSH_ALLOW_PRIVATE_ADDRESSES every connection checks the address it reached.
    """

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False
        if not settings.PUSH_ALLOW_PRIVATE_ADDRESSES:
            self.mount("https://", _CheckedAdapter())
            self.mount("http://", _CheckedAdapter())

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        kwargs["allow_redirects"] = False
        return super().send(request, **kwargs)


# --- Sending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Result:
    delivered: bool = False
    removed: bool = False
    temporary: str = ""
    permanent: str = ""


def _push_one(
    subscription: PushSubscription, *, session: Session, key: Vapid02, payload: str, message: Message
) -> _Result:
    """Send to one device; what happened, for push_send to sum up."""
    try:
        endpoint_host_check(subscription.endpoint)
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
            requests_session=session,
        )
    except AddressRefused as exc:
        logger.warning("push %s: address %s refused for subscription %s", message.pk, exc, subscription.pk)
        return _Result(permanent="address refused: private or local network")
    except HostUnresolved:
        return _Result(temporary="host name not found: try again later")
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in GONE:
            subscription.delete()
            return _Result(removed=True, permanent=f"{status}: subscription gone, removed")
        if status is not None and 300 <= status < 400:
            return _Result(permanent=f"{status}: redirect refused")
        if status == TOO_LARGE or (status is not None and 400 <= status < 500 and status != 429):
            return _Result(permanent=f"{status}: refused by the push service")
        return _Result(temporary=f"{status}: try again later")
    except RequestException as exc:
        return _Result(temporary=f"{type(exc).__name__}")
    PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
    return _Result(delivered=True)


def push_send(message: Message) -> PushOutcome:
    """Send ``message`` to every device of its recipient. Raises PushError when none got it."""
    key = vapid_key()
    if message.recipient_id is None:
        raise PushError("no recipient (the account was removed)")
    subscriptions = list(PushSubscription.objects.filter(user_id=message.recipient_id))
    if not subscriptions:
        raise PushError("no device to send to (push was turned off or every subscription is gone)")
    payload = push_payload(message)
    with PushSession() as session:
        results = [
            _push_one(subscription, session=session, key=key, payload=payload, message=message)
            for subscription in subscriptions
        ]
    delivered = sum(result.delivered for result in results)
    if delivered:
        return PushOutcome(delivered=delivered, removed=sum(result.removed for result in results))
    temporary = [result.temporary for result in results if result.temporary]
    detail = "; ".join(temporary + [result.permanent for result in results if result.permanent])
    if temporary:
        raise TemporaryPushError(detail)
    raise PushError(detail)
