"""Push notices through the outbox, against a local push service over HTTP (push_service.py) that
decrypts each notice with the device's keys and verifies the portal's VAPID signature."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from pywebpush import WebPushException, webpush

from vikarieportalen.accounts.models import User
from vikarieportalen.notifications.delivery import message_deliver
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push import services as push_services
from vikarieportalen.notifications.push.backend import vapid_public_key
from vikarieportalen.notifications.push.tests.conftest import STOCKHOLM, PushTestKind
from vikarieportalen.notifications.push.tests.push_service import LocalPushService
from vikarieportalen.notifications.selectors import message_dispatch
from vikarieportalen.notifications.services import message_send_sms, messages_enqueue_due
from vikarieportalen.notifications.sms_backends import locmem

pytestmark = pytest.mark.django_db

OFFER_TEXT = "Förfrågan 4711: tis 9 dec 07.00-16.00 på Solrosen. Svara på https://portal.example.se/f/abc/"


def _device(service: LocalPushService, user: User, *, name: str = "") -> PushSubscription:
    device = service.device(name)
    return PushSubscription.objects.create(
        user=user, endpoint=service.endpoint(device), p256dh=device.p256dh, auth=device.auth
    )


def _choose(user: User, category: NoticeCategory, channel: NoticeChannel) -> None:
    NoticePreference.objects.create(user=user, category=category, channel=channel)


def _send(
    user: User, *, kind: str = PushTestKind.OFFER, key: str = "offer-1", urgent: bool = False
) -> Message:
    return message_send_sms(text=OFFER_TEXT, kind=kind, idempotency_key=key, recipient=user, urgent=urgent)


def _push(sms: Message) -> Message:
    assert sms.fallback_for is not None
    return sms.fallback_for


def _sent_numbers() -> list[str]:
    return [sms.to for sms in locmem.outbox]


def test_offer_push_is_encrypted_signed_and_opened_so_no_sms(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)

    sms = _send(substitute)
    push = _push(sms)
    assert (push.channel, push.status, sms.status) == (Channel.PUSH, Status.QUEUED, Status.WAITING)
    assert sms.next_attempt_at == noon_at(12, 10)

    message_deliver(message_id=push.pk)

    push.refresh_from_db()
    assert push.status == Status.SENT, push_local.refused
    [received] = push_local.received
    assert received.payload["body"] == OFFER_TEXT
    assert received.payload["url"] == "/f/abc/"
    assert received.payload["opened"] == f"/konto/mina-uppgifter/aviseringar/oppnad/{push.push_token}/"
    assert received.vapid_key == vapid_public_key()
    assert received.claims["aud"] == push_local.origin
    assert received.claims["sub"] == "mailto:bemanning@example.se"
    assert PushSubscription.objects.get().last_success_at is not None

    assert push_services.push_opened(token=push.push_token)
    noon.move_to(noon_at(12, 30))
    messages_enqueue_due()
    assert message_deliver(message_id=sms.pk) is None
    sms.refresh_from_db()
    assert sms.status == Status.SKIPPED
    assert locmem.outbox == []


def noon_at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2025, 6, 11, hour, minute, tzinfo=STOCKHOLM)


def test_offer_push_not_opened_in_time_falls_back_to_sms(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    sms = _send(substitute)
    message_deliver(message_id=_push(sms).pk)

    noon.move_to(noon_at(12, 9))
    assert message_deliver(message_id=sms.pk) is None  # not yet
    noon.move_to(noon_at(12, 10))
    assert message_deliver(message_id=sms.pk).status == Status.SENT  # type: ignore[union-attr]
    assert _sent_numbers() == ["+46701234567"]
    # Opened after the SMS went: nothing changes, and nothing goes twice.
    assert push_services.push_opened(token=_push(sms).push_token)
    sms.refresh_from_db()
    assert sms.status == Status.SENT


def test_the_scheduler_hands_the_due_fallback_to_a_worker(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    sms = _send(substitute)
    noon.move_to(noon_at(12, 11))
    assert messages_enqueue_due() == 2  # the push (never handed over in this test) and its SMS
    sms.refresh_from_db()
    assert sms.enqueued_at == noon_at(12, 11)


@pytest.mark.parametrize("status", [404, 410])
def test_gone_subscription_is_removed_and_the_sms_goes_at_once(noon, substitute, push_local, status) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    push_local.answer(status)
    sms = _send(substitute)

    push = message_deliver(message_id=_push(sms).pk)

    assert push is not None
    assert push.status == Status.FAILED
    assert f"{status}: subscription gone" in push.last_error
    assert not PushSubscription.objects.exists()
    sms.refresh_from_db()
    assert (sms.status, sms.next_attempt_at) == (Status.QUEUED, noon_at(12, 0))
    message_deliver(message_id=sms.pk)
    assert _sent_numbers() == ["+46701234567"]


def test_one_gone_device_of_two_is_removed_and_the_other_gets_it(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    gone = _device(push_local, substitute, name="old")
    kept = _device(push_local, substitute, name="new")
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    push_local.answer(410, device=push_local.devices["/push/old"])
    sms = _send(substitute)

    assert message_deliver(message_id=_push(sms).pk).status == Status.SENT  # type: ignore[union-attr]

    assert list(PushSubscription.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not PushSubscription.objects.filter(pk=gone.pk).exists()
    assert [r.path for r in push_local.received] == ["/push/new"]


def test_too_large_fails_without_retry_and_the_sms_goes(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    push_local.answer(413)
    sms = _send(substitute)

    push = message_deliver(message_id=_push(sms).pk)

    assert push is not None
    assert (push.status, push.attempts, push.next_attempt_at) == (Status.FAILED, 1, None)
    assert "413" in push.last_error
    assert PushSubscription.objects.count() == 1  # the device is fine; the notice was not
    sms.refresh_from_db()
    assert sms.status == Status.QUEUED


def test_rate_limited_is_tried_again_later(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    push_local.answer(429)
    sms = _send(substitute)

    push = message_deliver(message_id=_push(sms).pk)

    assert push is not None
    assert (push.status, push.attempts) == (Status.QUEUED, 1)
    assert push.next_attempt_at == noon_at(12, 0) + dt.timedelta(seconds=30)
    assert "429" in push.last_error
    assert push_local.received == []
    noon.move_to(noon_at(12, 1))
    assert message_deliver(message_id=push.pk).status == Status.SENT  # type: ignore[union-attr]
    assert len(push_local.received) == 1
    sms.refresh_from_db()
    assert sms.status == Status.WAITING  # still waiting for the tap, from the first send's time


def test_created_201_is_sent(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.BOOKINGS, NoticeChannel.PUSH)
    push_local.answer(201)
    sms = _send(substitute, kind=PushTestKind.BOOKING, key="booking-1")

    assert message_deliver(message_id=_push(sms).pk).status == Status.SENT  # type: ignore[union-attr]

    # A booking's SMS waited only in case the push could not be delivered.
    sms.refresh_from_db()
    assert (sms.status, sms.next_attempt_at) == (Status.SKIPPED, None)
    assert messages_enqueue_due() == 0
    assert locmem.outbox == []


def test_both_sends_push_and_sms(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.BOTH)
    sms = _send(substitute)
    push = Message.objects.get(channel=Channel.PUSH)
    assert (sms.channel, sms.status, sms.fallback_for) == (Channel.SMS, Status.QUEUED, None)
    message_deliver(message_id=push.pk)
    message_deliver(message_id=sms.pk)
    assert len(push_local.received) == 1
    assert _sent_numbers() == ["+46701234567"]


def test_in_a_batch_a_push_chooser_gets_a_push_and_the_others_sms(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from vikarieportalen.accounts.tests.factories import SubstituteFactory
    from vikarieportalen.notifications.services import messages_batched

    other = SubstituteFactory(mobile="+46707654321")
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    with transaction.atomic(), messages_batched():
        _send(substitute, key="batch-1")
        _send(other, key="batch-2")
    push = Message.objects.get(channel=Channel.PUSH)
    assert push.recipient == substitute
    stand_in = Message.objects.get(idempotency_key="batch-1")
    assert (stand_in.status, stand_in.fallback_for) == (Status.WAITING, push)
    assert Message.objects.get(idempotency_key="batch-2").status == Status.QUEUED


def test_sms_chosen_or_no_device_or_unregistered_kind_is_sms_only(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _send(substitute, key="no-choice")  # nothing chosen: SMS
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    _send(substitute, key="no-device")  # push chosen, but no device
    _device(push_local, substitute)
    message_send_sms(text="Kod 1234", kind=PushTestKind.CODE, idempotency_key="code", recipient=substitute)
    message_send_sms(
        text=OFFER_TEXT,
        kind=PushTestKind.OFFER,
        idempotency_key="other-number",
        recipient=substitute,
        to_number="+46709999999",
    )
    assert not Message.objects.filter(channel=Channel.PUSH).exists()
    assert set(Message.objects.values_list("status", flat=True)) == {Status.QUEUED}


def test_without_vapid_keys_everything_is_sms(noon, substitute, push_local, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAPID_PRIVATE_KEY = ""
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    assert _send(substitute).channel == Channel.SMS
    assert Message.objects.count() == 1


def test_idempotent_a_second_send_records_nothing_more(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    first = _send(substitute)
    again = _send(substitute)
    assert first.pk == again.pk
    assert Message.objects.count() == 2
    push = _push(first)
    message_deliver(message_id=push.pk)
    assert message_deliver(message_id=push.pk) is None  # already sent: not claimed again
    assert len(push_local.received) == 1


def test_quiet_hours_hold_a_push_unless_urgent(time_machine, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2025, 6, 11, 23, 0, tzinfo=STOCKHOLM), tick=False)
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)

    sms = _send(substitute)
    push = _push(sms)
    assert (push.status, push.next_attempt_at) == (
        Status.HELD,
        dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM),
    )
    assert sms.next_attempt_at == dt.datetime(2025, 6, 12, 7, 10, tzinfo=STOCKHOLM)

    dispatch = message_dispatch(idempotency_keys=["offer-1"])  # what the staffing page says
    assert (dispatch.recorded, dispatch.held) == (1, 1)
    assert dispatch.held_until == dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)

    urgent = _push(_send(substitute, key="urgent", urgent=True))
    assert urgent.status == Status.QUEUED
    assert message_deliver(message_id=urgent.pk).status == Status.SENT  # type: ignore[union-attr]
    assert message_deliver(message_id=push.pk) is None  # held until 07.00


def test_no_device_left_fails_the_push_and_the_sms_goes(noon, substitute, push_local) -> None:  # type: ignore[no-untyped-def]
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.BOOKINGS, NoticeChannel.PUSH)
    sms = _send(substitute, kind=PushTestKind.BOOKING, key="booking-2")
    PushSubscription.objects.all().delete()  # turned off before the push went
    push = message_deliver(message_id=_push(sms).pk)
    assert push is not None and push.status == Status.FAILED
    sms.refresh_from_db()
    assert sms.status == Status.QUEUED


# --- the local push service itself refuses what a real one would ------------------------------


def test_the_service_refuses_a_wrong_audience(push_local) -> None:  # type: ignore[no-untyped-def]
    from vikarieportalen.notifications.push.tests.conftest import VAPID_PRIVATE_KEY

    device = push_local.device()
    subscription = {
        "endpoint": push_local.endpoint(device),
        "keys": {"p256dh": device.p256dh, "auth": device.auth},
    }
    with pytest.raises(WebPushException) as caught:
        webpush(
            subscription,
            data="{}",
            vapid_private_key=VAPID_PRIVATE_KEY,
            vapid_claims={"sub": "mailto:a@example.se", "aud": "https://other.example"},
        )
    assert caught.value.response is not None and caught.value.response.status_code == 401
    assert push_local.refused == ["aud 'https://other.example' is not " + repr(push_local.origin)]


def test_the_service_refuses_what_it_cannot_decrypt(push_local) -> None:  # type: ignore[no-untyped-def]
    from vikarieportalen.notifications.push.tests.conftest import VAPID_PRIVATE_KEY

    device, other = push_local.device(), push_local.device()
    # Encrypted for the other device's keys: this device cannot read it.
    subscription = {
        "endpoint": push_local.endpoint(device),
        "keys": {"p256dh": other.p256dh, "auth": other.auth},
    }
    with pytest.raises(WebPushException) as caught:
        webpush(
            subscription,
            data="{}",
            vapid_private_key=VAPID_PRIVATE_KEY,
            vapid_claims={"sub": "mailto:a@example.se"},
        )
    assert caught.value.response is not None and caught.value.response.status_code == 400
    assert push_local.refused[0].startswith("cannot decrypt")


def test_the_service_refuses_no_vapid(push_local) -> None:  # type: ignore[no-untyped-def]
    device = push_local.device()
    assert requests.post(push_local.endpoint(device), data=b"x", timeout=5).status_code == 401


def test_push_months_count_push_share_and_sms_saved(noon, substitute, push_local, settings) -> None:  # type: ignore[no-untyped-def]
    from vikarieportalen.notifications.selectors import push_months

    settings.SMS_PRICE_PER_SEGMENT_ORE = 45
    _device(push_local, substitute)
    _choose(substitute, NoticeCategory.OFFERS, NoticeChannel.PUSH)
    opened = _send(substitute, key="opened")  # push, opened: its SMS (one part) is saved
    message_deliver(message_id=_push(opened).pk)
    push_services.push_opened(token=_push(opened).push_token)
    plain = message_send_sms(
        text="Kod 1234", kind=PushTestKind.CODE, idempotency_key="code", recipient=substitute
    )
    message_deliver(message_id=plain.pk)

    [month] = push_months()

    assert (month.month, month.sms, month.push) == (dt.date(2025, 6, 1), 1, 1)
    assert month.segments_saved == opened.segments == 1
    assert month.push_share == 0.5
    assert month.saved_kronor == 0.45
