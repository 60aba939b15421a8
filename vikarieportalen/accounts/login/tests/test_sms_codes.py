"""The one SMS code policy: caps on codes sent and typed, shared by login, step-up, reset and mobile."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login import methods
from vikarieportalen.accounts.login.sms_codes import (
    CodeCapReached,
    CodeKind,
    sms_code_send_reserve,
    sms_code_tries_left,
    sms_code_try_reserve,
)
from vikarieportalen.accounts.login.throttle import login_wait_seconds
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD, TRUSTED_PROXY_ADDRESS, client_logged_in

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
CODE = "/konto/logga-in/sms-kod/"
STEP_UP = "/konto/starkare-inloggning/"
RESET = "/konto/aterstall/"
RESET_CODE = "/konto/aterstall/kod/"
MOBILE = "/konto/mina-uppgifter/mobilnummer/"
# 12:02 Swedish time on a Monday: the 15-minute window is 12:00–12:15.
START = dt.datetime(2026, 12, 7, 11, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def swedish_texts() -> Iterator[None]:
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(username="JOSA9804", mobile="+46701234567", language="sv")


def swedish(client: Client) -> Client:
    client.cookies["vp_language"] = "sv"
    return client


def codes_sent(user: User) -> int:
    return (
        Message.objects.filter(recipient=user, kind__in=list(CodeKind)).exclude(status=Status.REFUSED).count()
    )


def last_code(user: User) -> str:
    text = (
        Message.objects.filter(recipient=user, kind=CodeKind.LOGIN)
        .exclude(status=Status.REFUSED)
        .latest("pk")
    )
    match = re.search(r"\b(\d{6})\b", text.text)
    assert match is not None
    return match.group(1)


def assurance_level(client: Client) -> str | None:
    return client.session.get("vp_assurance", {}).get("level")


def login_with_sms(client: Client, user: User) -> None:
    client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD, "method": "password_sms"})


def page_text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


# Rules -------------------------------------------------------------------------------------


def reserve(user: User, kind: CodeKind = CodeKind.LOGIN) -> None:
    sms_code_send_reserve(username=user.username, user=user, kind=kind, to_number=user.mobile, request=None)


def test_the_fourth_code_in_fifteen_minutes_is_refused_with_the_time_to_wait(sara: User) -> None:
    for _ in range(settings.SMS_CODES_PER_ACCOUNT_15_MIN):
        reserve(sara)
    with pytest.raises(CodeCapReached) as refused:
        reserve(sara)
    assert refused.value.retry_at == dt.datetime(2026, 12, 7, 11, 15, tzinfo=dt.UTC)
    assert refused.value.message == "För många koder har skickats. Du kan få en ny kod kl. 12.15."


def test_the_cap_is_one_for_every_kind_of_code(sara: User) -> None:
    reserve(sara, CodeKind.LOGIN)
    reserve(sara, CodeKind.RESET)
    reserve(sara, CodeKind.MOBILE_CHANGE)
    with pytest.raises(CodeCapReached):
        reserve(sara, CodeKind.LOGIN)


def test_the_refusal_is_in_the_outbox_once_per_window_and_audited(sara: User) -> None:
    for _ in range(settings.SMS_CODES_PER_ACCOUNT_15_MIN):
        reserve(sara)
    for _ in range(5):
        with pytest.raises(CodeCapReached):
            reserve(sara)
    refused = Message.objects.get(status=Status.REFUSED)
    assert refused.recipient == sara and refused.kind == CodeKind.LOGIN
    assert refused.text == "Inte skickat: 3 koder till det här kontot inom 15 minuter."
    assert not re.search(r"\d{6}", refused.text), "no code in the outbox row"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.SMS_CODE_CAPPED, user=sara).count() == 1


def test_a_new_window_sends_again_until_the_day_is_full(sara: User, clock: time_machine.Traveller) -> None:
    sent = 0
    for quarter in range(5):
        clock.move_to(START + dt.timedelta(minutes=15 * quarter))
        for _ in range(settings.SMS_CODES_PER_ACCOUNT_15_MIN):
            try:
                reserve(sara)
            except CodeCapReached as refused:
                assert "i morgon kl. 01.00" in refused.message  # the day ends at 00:00 UTC
                continue
            sent += 1
    assert sent == settings.SMS_CODES_PER_ACCOUNT_DAY


def test_one_address_is_capped_across_accounts() -> None:
    users = [SubstituteFactory(mobile=f"+4670123450{i}") for i in range(6)]
    request = Client(REMOTE_ADDR=OUTSIDE_ADDRESS).get("/").wsgi_request
    sent = 0
    for user in users:
        for _ in range(2):
            try:
                sms_code_send_reserve(
                    username=user.username,
                    user=user,
                    kind=CodeKind.LOGIN,
                    to_number=user.mobile,
                    request=request,
                )
            except CodeCapReached:
                continue
            sent += 1
    assert sent == settings.SMS_CODES_PER_ADDRESS_15_MIN


def test_tries_are_counted_per_account_and_a_new_code_gives_none_back(sara: User) -> None:
    for _ in range(settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN):
        sms_code_try_reserve(username=sara.username)
    reserve(sara)  # a new code
    assert sms_code_tries_left(username=sara.username) == 0
    with pytest.raises(CodeCapReached) as refused:
        sms_code_try_reserve(username="josa9804 ")  # the same account, however it is typed
    assert refused.value.message == "Koden var fel för många gånger. Du kan försöka igen kl. 12.15."


def test_unknown_usernames_meet_the_same_caps() -> None:
    for _ in range(settings.SMS_CODES_PER_ACCOUNT_15_MIN):
        sms_code_send_reserve(username="NOBO0000", user=None, kind=CodeKind.RESET, to_number="", request=None)
    with pytest.raises(CodeCapReached):
        sms_code_send_reserve(username="NOBO0000", user=None, kind=CodeKind.RESET, to_number="", request=None)
    assert not Message.objects.exists()


# Flows -------------------------------------------------------------------------------------


def test_twenty_step_ups_and_a_hundred_wrong_codes_send_three_and_check_five(
    sara: User, clock: time_machine.Traveller
) -> None:
    client = swedish(client_logged_in(sara))
    for _ in range(20):
        client.post(STEP_UP, {"next": "/"})
    assert codes_sent(sara) == settings.SMS_CODES_PER_ACCOUNT_15_MIN
    page = page_text(client.post(STEP_UP, {"next": "/"}))
    assert "Du kan få en ny kod kl. 12.15." in page

    code = last_code(sara)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with mock.patch.object(methods, "_code_hash", wraps=methods._code_hash) as compared:
        answers = [page_text(client.post(CODE, {"code": wrong})) for _ in range(100)]
        assert compared.call_count == settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN  # only five were read
        assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN_FAILED, user=sara).count() == 100
        assert sum("Koden är fel. Du har" in answer for answer in answers) == 4
        assert all("Du kan försöka igen kl. 12.15." in answer for answer in answers[4:])
        right = page_text(client.post(CODE, {"code": code}))
        assert compared.call_count == settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN
    assert "Du kan försöka igen kl. 12.15." in right
    assert assurance_level(client) is None, "the right code changed nothing"
    # Wrong codes count as failed logins too.
    assert login_wait_seconds(username=sara.username, address=OUTSIDE_ADDRESS) > 0

    clock.move_to(START + dt.timedelta(minutes=13, seconds=1))  # 12:15:01, but the code is old now
    client.post(STEP_UP, {"next": "/"})
    response = client.post(CODE, {"code": last_code(sara)})
    assert response.status_code == 302
    assert assurance_level(client) == "high"


def test_the_cap_holds_across_logins_step_ups_and_resets(sara: User) -> None:
    anonymous = swedish(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
    login_with_sms(anonymous, sara)
    anonymous.post(RESET, {"username": sara.username})
    swedish(client_logged_in(sara)).post(STEP_UP, {"next": "/"})
    assert codes_sent(sara) == 3
    response = anonymous.post(
        LOGIN, {"username": sara.username, "password": TEST_PASSWORD, "method": "password_sms"}
    )
    assert "Du kan få en ny kod kl. 12.15." in page_text(response)
    assert codes_sent(sara) == 3
    reset = anonymous.post(RESET, {"username": sara.username})
    assert "Du kan få en ny kod kl. 12.15." in page_text(reset)
    assert codes_sent(sara) == 3


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "1" * 200, "12 34 5x"])
def test_malformed_codes_are_refused_without_a_try_or_an_sms(sara: User, typed: str) -> None:
    client = swedish(client_logged_in(sara))
    client.post(STEP_UP, {"next": "/"})
    response = client.post(CODE, {"code": typed})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert sms_code_tries_left(username=sara.username) == settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN
    assert codes_sent(sara) == 1


def test_a_used_code_cannot_be_replayed(sara: User) -> None:
    client = swedish(client_logged_in(sara))
    client.post(STEP_UP, {"next": "/"})
    code = last_code(sara)
    assert client.post(CODE, {"code": code}).status_code == 302
    again = client.post(CODE, {"code": code})
    assert again.status_code == 200
    assert "Det finns ingen kod som väntar" in page_text(again)


def test_a_code_from_another_session_is_not_accepted(sara: User) -> None:
    first = swedish(client_logged_in(sara))
    first.post(STEP_UP, {"next": "/"})
    code = last_code(sara)
    other = swedish(client_logged_in(sara))
    response = other.post(CODE, {"code": code})
    assert response.status_code == 200 and assurance_level(other) is None


def test_a_forged_forwarded_for_does_not_lift_the_address_cap() -> None:
    users = [SubstituteFactory(mobile=f"+4670123460{i}") for i in range(6)]
    for index, user in enumerate(users):
        for _ in range(2):
            # An outsider claiming another address each time: the header is not believed.
            client = swedish(Client(REMOTE_ADDR=OUTSIDE_ADDRESS, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}"))
            client.post(
                LOGIN, {"username": user.username, "password": TEST_PASSWORD, "method": "password_sms"}
            )
    sent = Message.objects.filter(kind=CodeKind.LOGIN).exclude(status=Status.REFUSED).count()
    assert sent == settings.SMS_CODES_PER_ADDRESS_15_MIN


def test_behind_the_trusted_proxy_each_client_address_has_its_own_cap() -> None:
    users = [SubstituteFactory(mobile=f"+4670123470{i}") for i in range(6)]
    for index, user in enumerate(users):
        for _ in range(2):
            client = Client(REMOTE_ADDR=TRUSTED_PROXY_ADDRESS, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}")
            client.post(
                LOGIN, {"username": user.username, "password": TEST_PASSWORD, "method": "password_sms"}
            )
    assert Message.objects.filter(kind=CodeKind.LOGIN).exclude(status=Status.REFUSED).count() == 12
