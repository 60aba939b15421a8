"""The inbound SMS webhook and the handler registry (no app's handler: a recording one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from vikarieportalen.notifications import inbound
from vikarieportalen.notifications.inbound import InboundSms, inbound_handler_register, inbound_sms_dispatch

pytestmark = pytest.mark.django_db


def inbound_url(secret: str = "callback-secret-for-tests") -> str:  # noqa: S107
    return reverse("notifications:sms_inbound", kwargs={"secret": secret})


@pytest.fixture
def received() -> Iterator[list[InboundSms]]:
    seen: list[InboundSms] = []
    saved = dict(inbound._HANDLERS)
    inbound._HANDLERS.clear()
    inbound_handler_register("test.recorder", lambda sms: seen.append(sms) or True)
    yield seen
    inbound._HANDLERS.clear()
    inbound._HANDLERS.update(saved)


def test_the_gateways_post_reaches_the_handler_with_a_normalised_sender(client, received) -> None:
    response = client.post(
        inbound_url(), {"id": "in-1", "from": "+46701234567", "to": "+46766860000", "message": "JA 4711"}
    )
    assert response.status_code == 200 and response.content == b""
    [sms] = received
    assert (sms.gateway_id, sms.sender, sms.text) == ("in-1", "+46701234567", "JA 4711")


def test_a_forged_secret_is_not_found_and_reaches_no_handler(client, received) -> None:
    response = client.post(inbound_url("guess"), {"id": "x", "from": "+46701234567", "message": "JA 4711"})
    assert response.status_code == 404 and received == []


def test_without_a_configured_secret_nothing_is_accepted(client, received, settings) -> None:
    settings.SMS_CALLBACK_SECRET = ""
    assert client.post(inbound_url("x"), {"from": "+46701234567", "message": "JA 1"}).status_code == 404
    assert received == []


def test_only_post_is_accepted(client, received) -> None:
    assert client.get(inbound_url()).status_code == 405


def test_a_sender_that_is_not_a_number_is_ignored(client, received) -> None:
    assert client.post(inbound_url(), {"id": "x", "from": "Kommunen", "message": "JA 1"}).status_code == 200
    assert received == []


def test_handlers_are_asked_in_order_until_one_takes_the_sms(received) -> None:
    calls: list[str] = []
    inbound._HANDLERS.clear()
    inbound_handler_register("first", lambda sms: calls.append("first") or False)
    inbound_handler_register("second", lambda sms: calls.append("second") or True)
    inbound_handler_register("third", lambda sms: calls.append("third") or True)
    sms = InboundSms(gateway_id="1", sender="+46701234567", to="", text="x", received_at=None)  # type: ignore[arg-type]
    assert inbound_sms_dispatch(sms) == "second"
    assert calls == ["first", "second"]
