"""Mina uppgifter → Aviseringar over HTTP: turning push on and off, the choices, a notice opened."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push.tests.conftest import PushTestKind
from vikarieportalen.notifications.push.tests.push_service import Device
from vikarieportalen.notifications.services import message_send_sms
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

PAGE = "/konto/mina-uppgifter/aviseringar/"
SUBSCRIBE = PAGE + "enhet/"
UNSUBSCRIBE = PAGE + "enhet/stang-av/"
FCM = "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def _subscription(endpoint: str = FCM) -> dict[str, Any]:
    device = Device(path="/")
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": device.p256dh, "auth": device.auth},
    }


def _post_json(client: Client, url: str, data: Any) -> Any:
    body = data if isinstance(data, bytes) else json.dumps(data)
    return client.post(url, body, content_type="application/json", HTTP_USER_AGENT=ANDROID)


@pytest.fixture
def client(substitute: User) -> Client:
    return client_logged_in(substitute)


def test_the_page_shows_the_choices_and_the_key(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Aviseringar</h1>" in page
    assert 'data-key="B' in page
    assert page.count('type="radio"') == 3 * len(NoticeCategory)


def test_turning_push_on_stores_the_device(client: Client, substitute: User) -> None:
    response = _post_json(client, SUBSCRIBE, _subscription())
    assert response.status_code == 201
    assert response.json()["message"] == "Pushnotiser är på för den här enheten."
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.endpoint, stored.device_label) == (substitute, FCM, "Chrome, Android")
    assert client.get(PAGE).content.decode().count("Chrome, Android") == 1


def test_the_same_device_again_updates_its_keys(client: Client) -> None:
    _post_json(client, SUBSCRIBE, _subscription())
    again = _subscription()
    assert _post_json(client, SUBSCRIBE, again).status_code == 201
    assert PushSubscription.objects.get().p256dh == again["keys"]["p256dh"]


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (
            _subscription("http://fcm.googleapis.com/fcm/send/x"),
            "not_https",
            "Pushadressen måste använda https.",
        ),
        (_subscription("https://10.0.0.7/push"), "private_address", None),
        (_subscription("https://127.0.0.1:8000/admin/"), "private_address", None),
        (_subscription("https://[::1]/push"), "private_address", None),
        (_subscription("https://evil.example.com/push"), "not_allowed", None),
        (b"{not json", "malformed", None),
        (b"\xff\xfe", "malformed", None),
        ([1, 2], "malformed", None),
        ({"endpoint": FCM}, "malformed", None),
        ({"endpoint": 7, "keys": {}}, "malformed", None),
        ({"endpoint": FCM, "keys": {"p256dh": "abc", "auth": "def"}}, "bad_keys", None),
        ({"endpoint": FCM, "keys": {"p256dh": None, "auth": None}}, "bad_keys", None),
        (json.dumps({"endpoint": FCM, "pad": "x" * 5000}).encode(), "malformed", None),
    ],
)
def test_bad_subscriptions_are_refused_with_a_message_and_nothing_stored(
    client: Client, data: Any, code: str, message: str | None
) -> None:
    response = _post_json(client, SUBSCRIBE, data)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["error"]
    if message is not None:
        assert response.json()["error"] == message
    assert not PushSubscription.objects.exists()


def test_another_persons_device_is_refused(client: Client, substitute: User) -> None:
    other = UserFactory.create(roles=[Role.SUBSTITUTE])
    theirs = _subscription()
    PushSubscription.objects.create(user=other, endpoint=FCM, p256dh=theirs["keys"]["p256dh"], auth="A" * 22)

    response = _post_json(client, SUBSCRIBE, _subscription())

    assert response.status_code == 400
    assert response.json()["code"] == "other_user"
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.p256dh, stored.auth) == (other, theirs["keys"]["p256dh"], "A" * 22)


def test_subscribing_needs_the_csrf_token(substitute: User) -> None:
    client = client_logged_in(substitute)
    client.handler.enforce_csrf_checks = True
    assert _post_json(client, SUBSCRIBE, _subscription()).status_code == 403
    assert not PushSubscription.objects.exists()


def test_without_vapid_keys_push_cannot_be_turned_on(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAPID_PRIVATE_KEY = ""
    assert _post_json(client, SUBSCRIBE, _subscription()).status_code == 404
    assert "inte tillgängliga" in client.get(PAGE).content.decode()
    assert not PushSubscription.objects.exists()


def test_turning_push_off_removes_only_ones_own_device(client: Client, substitute: User) -> None:
    other = UserFactory.create(roles=[Role.SUBSTITUTE])
    theirs = PushSubscription.objects.create(user=other, endpoint=FCM + "other", p256dh="x", auth="y")
    _post_json(client, SUBSCRIBE, _subscription())

    refused = _post_json(client, UNSUBSCRIBE, {"endpoint": theirs.endpoint})
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_yours"
    assert _post_json(client, UNSUBSCRIBE, b"nonsense").status_code == 400
    assert PushSubscription.objects.count() == 2

    assert _post_json(client, UNSUBSCRIBE, {"endpoint": FCM}).status_code == 200
    assert list(PushSubscription.objects.all()) == [theirs]


def test_removing_a_device_from_the_list(client: Client, substitute: User) -> None:
    other = UserFactory.create(roles=[Role.SUBSTITUTE])
    theirs = PushSubscription.objects.create(user=other, endpoint=FCM + "other", p256dh="x", auth="y")
    mine = PushSubscription.objects.create(user=substitute, endpoint=FCM, p256dh="x", auth="y")

    response = client.post(f"{PAGE}enhet/{theirs.pk}/ta-bort/", follow=True)
    assert "Den enheten får inte dina pushnotiser." in response.content.decode()
    assert PushSubscription.objects.count() == 2

    response = client.post(f"{PAGE}enhet/{mine.pk}/ta-bort/")
    assert response.status_code == 302
    assert list(PushSubscription.objects.all()) == [theirs]


def test_choosing_push_sms_or_both_per_kind(client: Client, substitute: User) -> None:
    choices = {"offers": "push", "bookings": "both", "cancellations": "sms", "support_replies": "push"}
    response = client.post(PAGE, choices)
    assert response.status_code == 302
    saved = dict(NoticePreference.objects.filter(user=substitute).values_list("category", "channel"))
    assert saved == choices
    form = client.get(PAGE).context["form"]
    assert {name: form[name].value() for name in choices} == choices


def test_a_bad_choice_is_refused_and_nothing_saved(client: Client, substitute: User) -> None:
    response = client.post(PAGE, {"offers": "fax", "bookings": "push", "cancellations": "sms"})
    assert response.status_code == 400
    assert response.content.decode().count("Välj push, sms eller båda.") >= 2  # summary and field
    assert not NoticePreference.objects.exists()


def test_the_service_worker_reports_an_opened_notice(noon, substitute: User) -> None:  # type: ignore[no-untyped-def]
    PushSubscription.objects.create(user=substitute, endpoint=FCM, p256dh="x", auth="y")
    NoticePreference.objects.create(
        user=substitute, category=NoticeCategory.OFFERS, channel=NoticeChannel.PUSH
    )
    sms = message_send_sms(
        text="Förfrågan", kind=PushTestKind.OFFER, idempotency_key="o", recipient=substitute
    )
    push = Message.objects.get(channel=Channel.PUSH)
    anonymous = Client(enforce_csrf_checks=True)  # the worker posts without cookies or CSRF token

    assert anonymous.post(f"{PAGE}oppnad/not-a-token/").status_code == 404
    assert anonymous.get(f"{PAGE}oppnad/{push.push_token}/").status_code == 405
    sms.refresh_from_db()
    assert sms.status == Status.WAITING

    assert anonymous.post(f"{PAGE}oppnad/{push.push_token}/").status_code == 204
    sms.refresh_from_db()
    push.refresh_from_db()
    assert (sms.status, push.opened_at) == (Status.SKIPPED, noon_now())
    assert anonymous.post(f"{PAGE}oppnad/{push.push_token}/").status_code == 204  # twice: no change


def noon_now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def test_the_outbox_shows_staff_the_push_share(noon, substitute: User) -> None:  # type: ignore[no-untyped-def]
    from vikarieportalen.testing import client_for

    PushSubscription.objects.create(user=substitute, endpoint=FCM, p256dh="x", auth="y")
    NoticePreference.objects.create(
        user=substitute, category=NoticeCategory.OFFERS, channel=NoticeChannel.PUSH
    )
    message_send_sms(text="Förfrågan", kind=PushTestKind.OFFER, idempotency_key="o", recipient=substitute)
    Message.objects.filter(channel=Channel.PUSH).update(status=Status.SENT)

    page = client_for(Role.STAFFING_CENTRE).get("/notifications/utskick/").content.decode()

    assert "Pushnotiser i stället för sms" in page
    assert "<td>juni 2025</td>" in page
    assert "<td>100 %</td>" in page
