"""No server-side request forgery through push addresses: what a host resolves to, and redirects.

The test settings allow private addresses (PUSH_ALLOW_PRIVATE_ADDRESSES) so that the other tests
can talk to the local push service on 127.0.0.1; here the setting is off (``public_only``), as in
production, and the local service must see no request at all.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.notifications.delivery import message_deliver
from vikarieportalen.notifications.models import (
    Message,
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push.tests.conftest import PushTestKind
from vikarieportalen.notifications.push.tests.push_service import Device, LocalPushService
from vikarieportalen.notifications.services import message_send_sms
from vikarieportalen.testing import client_logged_in, english

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/konto/mina-uppgifter/aviseringar/enhet/"
PUBLIC = "142.250.74.10"  # an address on the public internet (nothing connects to it here)
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def public_only(settings: Any) -> None:
    settings.PUSH_ALLOW_PRIVATE_ADDRESSES = False


def _resolver(answers: dict[str, Callable[[], str]]) -> Callable[..., Any]:
    """getaddrinfo that answers the names in ``answers`` (an address, or raises), others as usual."""

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            address = answers[host]()
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    return getaddrinfo


def _not_found() -> str:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


# --- sending ----------------------------------------------------------------------------------


def _push_to(user: User, endpoint: str, device: Device) -> Message:
    """A push row for ``user``'s device at ``endpoint``, due now; its stand-in SMS waits."""
    PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=device.p256dh, auth=device.auth)
    NoticePreference.objects.create(user=user, category=NoticeCategory.OFFERS, channel=NoticeChannel.PUSH)
    sms = message_send_sms(
        text="Förfrågan 4711", kind=PushTestKind.OFFER, idempotency_key="o-1", recipient=user
    )
    assert sms.fallback_for is not None
    return sms.fallback_for


def _port(service: LocalPushService) -> int:
    return int(service.origin.rsplit(":", 1)[1])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1"])
def test_sending_to_a_loopback_address_is_refused_and_nothing_is_posted(  # type: ignore[no-untyped-def]
    noon, substitute, push_local, public_only, host
) -> None:
    # "127.1" passes the address rules as written (it is no IP literal to them): only resolving shows it.
    device = push_local.device()
    push = _push_to(substitute, f"http://{host}:{_port(push_local)}{device.path}", device)

    push = message_deliver(message_id=push.pk)

    assert push is not None
    assert (push.status, push.attempts, push.next_attempt_at) == (Status.FAILED, 1, None)
    assert "address refused: private or local network" in push.last_error
    assert push_local.seen == []
    assert push_local.received == []
    assert PushSubscription.objects.count() == 1  # the address is wrong, not gone: kept, unused
    assert Message.objects.get(fallback_for=push).status == Status.QUEUED  # the SMS goes at once


def test_a_name_that_rebinds_to_loopback_after_the_check_is_refused_on_connect(  # type: ignore[no-untyped-def]
    noon, substitute, push_local, public_only, monkeypatch
) -> None:
    # DNS rebinding: the first answer (the check) is public, the next (the connection's) loopback.
    answers = iter([PUBLIC])
    monkeypatch.setattr(
        socket, "getaddrinfo", _resolver({"push.example.com": lambda: next(answers, "127.0.0.1")})
    )
    device = push_local.device()
    push = _push_to(substitute, f"http://push.example.com:{_port(push_local)}{device.path}", device)

    push = message_deliver(message_id=push.pk)

    assert push is not None
    assert (push.status, push.next_attempt_at) == (Status.FAILED, None)
    assert "address refused" in push.last_error
    assert push_local.seen == []


def test_a_host_that_does_not_resolve_is_tried_again_later(  # type: ignore[no-untyped-def]
    noon, substitute, public_only, monkeypatch
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"push.invalid": _not_found}))
    device = Device(path="/push/1")
    push = _push_to(substitute, "https://push.invalid/push/1", device)

    push = message_deliver(message_id=push.pk)

    assert push is not None
    assert (push.status, push.attempts) == (Status.QUEUED, 1)
    assert push.next_attempt_at is not None
    assert "host name not found" in push.last_error


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_refused_for_good_and_not_followed(noon, substitute, push_local, status) -> None:  # type: ignore[no-untyped-def]
    # Private addresses allowed (the test settings), so that only the redirect can stop the send.
    device, target = push_local.device("asked"), push_local.device("elsewhere")
    push_local.redirect(status, device=device, to=push_local.endpoint(target))
    push = _push_to(substitute, push_local.endpoint(device), device)

    push = message_deliver(message_id=push.pk)

    assert push is not None
    assert (push.status, push.attempts, push.next_attempt_at) == (Status.FAILED, 1, None)
    assert f"{status}: redirect refused" in push.last_error
    assert [path for path, _ in push_local.seen] == ["/push/asked"]  # the target was never asked
    assert push_local.received == []


def test_one_connection_is_kept_alive_for_a_persons_devices(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    phone, laptop = push_local.device("phone"), push_local.device("laptop")
    push = _push_to(substitute, push_local.endpoint(phone), phone)
    PushSubscription.objects.create(
        user=substitute, endpoint=push_local.endpoint(laptop), p256dh=laptop.p256dh, auth=laptop.auth
    )

    assert message_deliver(message_id=push.pk).status == Status.SENT  # type: ignore[union-attr]

    assert sorted(path for path, _ in push_local.seen) == ["/push/laptop", "/push/phone"]
    assert len({port for _, port in push_local.seen}) == 1


# --- subscribing (Aviseringar) ----------------------------------------------------------------


def _subscription(endpoint: str) -> dict[str, Any]:
    device = Device(path="/")
    return {"endpoint": endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}


def _subscribe(client: Client, endpoint: str) -> Any:
    return client.post(SUBSCRIBE, _subscription(endpoint), content_type="application/json")


PRIVATE_SV = "Pushadressen pekar på ett privat eller lokalt nätverk."


def test_localhost_is_refused_when_subscribing(substitute, public_only, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PUSH_ALLOWED_SERVICES = [*settings.PUSH_ALLOWED_SERVICES, "localhost", "127.1"]
    client = client_logged_in(substitute)
    for endpoint in ("https://localhost/push/1", "https://127.1/push/1"):
        response = _subscribe(client, endpoint)
        assert response.status_code == 400
        assert response.json() == {"error": PRIVATE_SV, "code": "private_address"}
    assert not PushSubscription.objects.exists()


def test_an_allowed_name_that_resolves_to_a_private_address_is_refused(  # type: ignore[no-untyped-def]
    substitute, public_only, monkeypatch
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"fcm.googleapis.com": lambda: "10.20.0.5"}))
    response = _subscribe(client_logged_in(substitute), "https://fcm.googleapis.com/fcm/send/x")
    assert response.status_code == 400
    assert response.json() == {"error": PRIVATE_SV, "code": "private_address"}
    assert not PushSubscription.objects.exists()


def test_a_host_that_does_not_resolve_is_refused_when_subscribing(  # type: ignore[no-untyped-def]
    substitute, public_only, monkeypatch
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"fcm.googleapis.com": _not_found}))
    client = client_logged_in(substitute)
    response = _subscribe(client, "https://fcm.googleapis.com/fcm/send/x")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Pushadressens värdnamn hittades inte. Försök igen senare.",
        "code": "unresolved",
    }
    response = _subscribe(english(client), "https://fcm.googleapis.com/fcm/send/x")
    assert response.json()["error"] == "The push address's host name could not be found. Try again later."
    assert not PushSubscription.objects.exists()


def test_an_allowed_name_on_a_public_address_is_stored(substitute, public_only, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"fcm.googleapis.com": lambda: PUBLIC}))
    response = _subscribe(client_logged_in(substitute), "https://fcm.googleapis.com/fcm/send/x")
    assert response.status_code == 201
    assert PushSubscription.objects.get().endpoint == "https://fcm.googleapis.com/fcm/send/x"
