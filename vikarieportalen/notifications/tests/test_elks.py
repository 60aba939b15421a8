"""The 46elks client and backend against a real HTTP server on 127.0.0.1 (no mocked transport)."""

import json
from collections.abc import Iterator

import pytest

from vikarieportalen.notifications.delivery import message_deliver
from vikarieportalen.notifications.models import Status
from vikarieportalen.notifications.services import message_send_sms
from vikarieportalen.notifications.sms_backends import OutgoingSms, PermanentSmsError, TemporarySmsError
from vikarieportalen.notifications.sms_backends.elks import SmsBackend
from vikarieportalen.notifications.sms_backends.elks_client import ElksClient, ElksError
from vikarieportalen.notifications.tests.fake_gateway import Answer, FakeElks, start


@pytest.fixture
def gateway() -> Iterator[tuple[FakeElks, str]]:
    fake = FakeElks()
    _server, url, stop = start(fake)
    yield fake, url
    stop()


def client(url: str, *, password: str = "p-test", timeout: float = 2) -> ElksClient:  # noqa: S107
    return ElksClient(base_url=url, username="u-test", password=password, timeout=timeout)


def test_sends_form_fields_with_basic_auth(gateway) -> None:
    fake, url = gateway
    answer = client(url).send_sms(
        sender="Vikarie", to="+46701234567", message="Hej Åsa – pass 06:30", whendelivered="https://p.se/cb/"
    )
    assert answer.id == "s00000001"
    assert answer.status == "created"
    assert fake.requests == [
        {
            "from": "Vikarie",
            "to": "+46701234567",
            "message": "Hej Åsa – pass 06:30",
            "whendelivered": "https://p.se/cb/",
        }
    ]
    assert fake.headers[0]["Content-Type"].startswith("application/x-www-form-urlencoded")


def test_no_delivery_url_field_when_none_is_given(gateway) -> None:
    fake, url = gateway
    client(url).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert "whendelivered" not in fake.requests[0]


def test_wrong_password_is_a_permanent_error(gateway) -> None:
    _fake, url = gateway
    with pytest.raises(ElksError) as caught:
        client(url, password="wrong").send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert caught.value.status == 401
    assert caught.value.temporary is False


def test_4xx_is_permanent_with_the_gateways_reason(gateway) -> None:
    fake, url = gateway
    fake.answers.append(Answer(403, "Invalid to number"))
    with pytest.raises(ElksError) as caught:
        client(url).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert caught.value.status == 403
    assert not caught.value.temporary
    assert "Invalid to number" in str(caught.value)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_5xx_and_rate_limit_are_temporary(gateway, status: int) -> None:
    fake, url = gateway
    fake.answers.append(Answer(status, "busy"))
    with pytest.raises(ElksError) as caught:
        client(url).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert caught.value.status == status
    assert caught.value.temporary


def test_timeout_is_temporary(gateway) -> None:
    fake, url = gateway
    fake.answers.append(Answer(200, json.dumps({"id": "late"}), delay=1.0))
    with pytest.raises(ElksError) as caught:
        client(url, timeout=0.2).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert caught.value.status is None
    assert caught.value.temporary


def test_connection_refused_is_temporary() -> None:
    with pytest.raises(ElksError) as caught:
        client("http://127.0.0.1:9", timeout=1).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert caught.value.temporary


def test_unreadable_2xx_answer_is_not_retried(gateway) -> None:
    fake, url = gateway
    fake.answers.append(Answer(200, "<html>ok</html>"))
    with pytest.raises(ElksError) as caught:
        client(url).send_sms(sender="Vikarie", to="+46701234567", message="Hej")
    assert not caught.value.temporary


def test_backend_maps_errors(gateway, settings) -> None:
    fake, url = gateway
    settings.ELKS_API_URL, settings.ELKS_API_USERNAME, settings.ELKS_API_PASSWORD = url, "u-test", "p-test"
    sms = OutgoingSms(message_id=1, to="+46701234567", text="Hej", sender="Vikarie")
    assert SmsBackend().send(sms) == "s00000001"
    fake.answers.extend([Answer(503, "down"), Answer(400, "bad")])
    with pytest.raises(TemporarySmsError):
        SmsBackend().send(sms)
    with pytest.raises(PermanentSmsError):
        SmsBackend().send(sms)


@pytest.mark.django_db
def test_outbox_through_gateway_outage_delivers_once(
    gateway, settings, time_machine, django_capture_on_commit_callbacks
) -> None:
    import datetime as dt

    from vikarieportalen.notifications.tests.conftest import NOON

    fake, url = gateway
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.elks.SmsBackend"
    settings.ELKS_API_URL, settings.ELKS_API_USERNAME, settings.ELKS_API_PASSWORD = url, "u-test", "p-test"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 8
    time_machine.move_to(NOON, tick=False)
    fake.answers.extend([Answer(503, "down")] * 4)  # down for the first four attempts (30+60+120+240 s)
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send_sms(
            to_number="+46701234567", text="Pass 06:30", kind="staffing_offer", idempotency_key="o"
        )
    for _ in range(10):
        time_machine.shift(dt.timedelta(minutes=10))
        message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 5
    assert message.gateway_id == "s00000005"
    assert len(fake.requests) == 5  # four refused, one accepted: the SMS reached the gateway once
