"""The outbox's "Simulate an SMS reply" (development only): what `make run` offers so an offer can be
answered YES or NO without a gateway, and that it is off everywhere else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vikarieportalen.accounts.models import User
from vikarieportalen.notifications import inbound
from vikarieportalen.notifications.inbound import InboundSms, inbound_handler_register
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

SIMULATE = reverse("notifications:sms_reply_simulate")
OUTBOX = reverse("notifications:outbox")


@pytest.fixture
def received() -> Iterator[list[InboundSms]]:
    """Stands in for every app's handler and records what reaches the inbound handling."""
    seen: list[InboundSms] = []
    saved = dict(inbound._HANDLERS)
    inbound._HANDLERS.clear()
    inbound_handler_register("test.recorder", lambda sms: seen.append(sms) or True)
    yield seen
    inbound._HANDLERS.clear()
    inbound._HANDLERS.update(saved)


@pytest.fixture
def make_run(settings: pytest.FixtureRequest) -> None:
    """What `make run` turns on (Makefile's run target; DEBUG from config.settings.dev)."""
    settings.DEBUG = True
    settings.SMS_SIMULATE_REPLIES = True
    settings.SMS_SENDER = "+46766860000"


def staff_client(user: User) -> Client:
    return client_logged_in(user)  # staff: a strong login, as the outbox asks of them


def test_a_typed_reply_reaches_the_inbound_handling_as_the_gateways_would(
    make_run, received, staffing_centre, substitute
) -> None:
    response = staff_client(staffing_centre).post(SIMULATE, {"sender": "070-123 45 67", "text": "JA 4711"})
    assert response.status_code == 302 and response["Location"] == OUTBOX
    [sms] = received
    assert (sms.sender, sms.to, sms.text) == ("+46701234567", "+46766860000", "JA 4711")
    assert sms.gateway_id.startswith("simulated-")


def test_each_simulated_reply_is_its_own_message(make_run, received, staffing_centre) -> None:
    client = staff_client(staffing_centre)
    for _round in range(2):
        client.post(SIMULATE, {"sender": "070-123 45 67", "text": "NEJ"})
    assert len({sms.gateway_id for sms in received}) == 2  # handlers skip a gateway id seen before


def test_the_outbox_offers_the_form_with_the_newest_sms_recipient(make_run, staffing_centre) -> None:
    with translation.override("sv"):
        text = staff_client(staffing_centre).get(OUTBOX, HTTP_ACCEPT_LANGUAGE="sv").text
    assert "Simulera ett sms-svar" in text
    assert f'action="{SIMULATE}"' in text


def test_a_reply_nobody_waits_for_says_so(make_run, staffing_centre) -> None:
    saved = dict(inbound._HANDLERS)
    inbound._HANDLERS.clear()
    try:
        response = staff_client(staffing_centre).post(
            SIMULATE, {"sender": "070-123 45 67", "text": "JA"}, HTTP_ACCEPT_LANGUAGE="sv"
        )
    finally:
        inbound._HANDLERS.update(saved)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "warning"
    assert "inget från det numret väntar på svar" in str(message)


@pytest.mark.parametrize(
    ("fields", "field", "swedish"),
    [
        ({"sender": "Kommunen", "text": "JA"}, "sender", "Skriv ett mobilnummer"),
        ({"sender": "0550-858 89", "text": "JA"}, "sender", "inte ett mobilnummer"),
        ({"sender": "070-123 45 67", "text": ""}, "text", "Det här fältet är obligatoriskt"),
        ({"sender": "070-123 45 67", "text": "x" * 1001}, "text", "som mest 1000 tecken"),
    ],
)
def test_bad_input_is_explained_and_reaches_no_handler(
    make_run, received, staffing_centre, fields, field, swedish
) -> None:
    response = staff_client(staffing_centre).post(SIMULATE, fields, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert field in response.context["simulate_form"].errors
    assert swedish in response.text
    assert received == []


def test_only_the_staffing_centre_and_administrators_may_simulate(make_run, received, substitute) -> None:
    response = staff_client(substitute).post(SIMULATE, {"sender": substitute.mobile, "text": "JA"})
    assert response.status_code == 403 and received == []


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param({"DEBUG": False}, id="debug-off"),
        pytest.param({"SMS_SIMULATE_REPLIES": False}, id="setting-off"),
        pytest.param({"SMS_CALLBACK_SECRET": ""}, id="no-callback-secret"),
    ],
)
def test_off_unless_debug_the_setting_and_a_callback_secret_are_all_on(
    make_run, received, settings, staffing_centre, changed
) -> None:
    for name, value in changed.items():
        setattr(settings, name, value)
    client = staff_client(staffing_centre)
    response = client.post(SIMULATE, {"sender": "070-123 45 67", "text": "JA"})
    assert response.status_code == 404 and received == []
    assert "simulate_form" not in client.get(OUTBOX).context


def test_off_by_default(received, settings, staffing_centre) -> None:
    assert settings.SMS_SIMULATE_REPLIES is False
    response = staff_client(staffing_centre).post(SIMULATE, {"sender": "070-123 45 67", "text": "JA"})
    assert response.status_code == 404 and received == []
