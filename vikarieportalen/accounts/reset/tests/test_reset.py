"""Self-service password reset: username → code by SMS → new password, through the test client."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.test import Client

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.models.reset import PasswordResetAttempt
from vikarieportalen.accounts.models.sessions import UserSession
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.sms_backends import locmem
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD, client_logged_in

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies["vp_language"] = "en"
    return client


START_URL = "/konto/aterstall/"
CODE_URL = "/konto/aterstall/kod/"
PASSWORD_URL = "/konto/aterstall/nytt-losenord/"
NEW_PASSWORD = "Kaffe-Termos-2031"
START = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[None]:
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.locmem.SmsBackend"
    settings.NOTIFICATIONS_QUIET_HOURS = "off"
    locmem.reset()
    yield
    locmem.reset()


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(
        username="JOSA9804",
        preferred_given_name="Sara",
        family_name="Johansson",
        mobile="+46701234567",
        language="en",
    )


@pytest.fixture
def client() -> Client:
    return english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))


Capture = Callable[..., Any]


def ask_for_code(client: Client, capture: Capture, username: str = "JOSA9804") -> Any:
    with capture(execute=True):
        return client.post(START_URL, {"username": username})


def last_code(to: str = "+46701234567") -> str:
    texts = [sms.text for sms in locmem.outbox if sms.to == to]
    assert texts, f"no SMS to {to}"
    match = re.search(r"\b(\d{6})\b", texts[-1])
    assert match is not None, texts[-1]
    return match.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def password_unchanged(user: User) -> bool:
    user.refresh_from_db()
    return user.check_password(TEST_PASSWORD)


# The whole flow -------------------------------------------------------------------------------


def test_reset_end_to_end(client: Client, sara: User, django_capture_on_commit_callbacks: Capture) -> None:
    other_device = client_logged_in(sara, address="192.0.2.50")
    response = ask_for_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    [sms] = locmem.outbox
    assert sms.to == "+46701234567"
    assert "10 minutes" in sms.text

    page = client.get(CODE_URL)
    assert page.status_code == 200
    response = client.post(CODE_URL, {"code": last_code()})
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL

    page = client.get(PASSWORD_URL)
    assert page.status_code == 200
    assert "password-checklist" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PASSWORD_URL, {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
        )
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/"
    assert "Your password has been changed" in client.get("/konto/logga-in/").text

    sara.refresh_from_db()
    assert sara.check_password(NEW_PASSWORD)
    # The other session ended, a confirmation SMS went out, and it is all in the audit log.
    assert other_device.get("/konto/mina-uppgifter/").status_code == 302
    assert not UserSession.objects.filter(user=sara).exists()
    assert "was reset" in locmem.outbox[-1].text
    assert locmem.outbox[-1].to == sara.mobile
    kinds = list(AuditEvent.objects.filter(user=sara).values_list("kind", flat=True))
    assert AccountsAuditKind.RESET_REQUESTED in kinds
    assert AccountsAuditKind.RESET_COMPLETED in kinds
    # The new password works, and the code cannot be used again.
    login = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    login.post("/konto/logga-in/", {"username": "JOSA9804", "password": NEW_PASSWORD})
    assert "_auth_user_id" in login.session


def test_only_a_hash_of_the_code_is_stored(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    attempt = PasswordResetAttempt.objects.get()
    code = last_code()
    assert code not in attempt.code_hash
    assert code not in str(attempt.__dict__)
    assert attempt.user == sara
    assert attempt.expires_at - attempt.created_at == dt.timedelta(minutes=10)


def test_the_code_sms_is_urgent(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from vikarieportalen.notifications.models import Message

    ask_for_code(client, django_capture_on_commit_callbacks)
    assert Message.objects.get(kind="password_reset_code").urgent


# Bad input: each shows a message and changes nothing --------------------------------------------


def test_a_wrong_code_shows_the_tries_left_and_changes_no_password(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    response = client.post(CODE_URL, {"code": wrong(last_code())})
    assert response.status_code == 200
    assert "The code is wrong. You have 4 tries left." in response.text
    assert client.get(PASSWORD_URL)["Location"] == START_URL
    assert password_unchanged(sara)
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.RESET_FAILED, user=sara).count() == 1


def test_a_malformed_code_is_refused_without_using_a_try(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    response = client.post(CODE_URL, {"code": "12ab"})
    assert response.status_code == 200
    assert "Enter the 6 digits from the SMS." in response.text
    assert PasswordResetAttempt.objects.get().tries == 0
    assert password_unchanged(sara)


def test_the_sixth_try_is_refused_even_with_the_right_code(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    code = last_code()
    for _ in range(4):
        client.post(CODE_URL, {"code": wrong(code)})
    fifth = client.post(CODE_URL, {"code": wrong(code)})
    assert "The code was wrong too many times. You can try again" in fifth.text
    sixth = client.post(CODE_URL, {"code": code})
    assert sixth.status_code == 200
    assert "The code was wrong too many times. You can try again" in sixth.text
    assert PasswordResetAttempt.objects.get().tries == 5
    assert PasswordResetAttempt.objects.get().verified_at is None
    assert password_unchanged(sara)


def test_an_expired_code_is_refused(
    client: Client, sara: User, clock: time_machine.Traveller, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    clock.shift(dt.timedelta(minutes=10))
    response = client.post(CODE_URL, {"code": last_code()})
    assert response.status_code == 200
    assert "The code has expired. Ask for a new code." in response.text
    assert PasswordResetAttempt.objects.get().verified_at is None
    assert password_unchanged(sara)


def test_a_code_just_inside_ten_minutes_works(
    client: Client, sara: User, clock: time_machine.Traveller, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    clock.shift(dt.timedelta(minutes=9, seconds=59))
    assert client.post(CODE_URL, {"code": last_code()})["Location"] == PASSWORD_URL


def test_a_used_code_cannot_be_used_again(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    code = last_code()
    client.post(CODE_URL, {"code": code})
    client.post(PASSWORD_URL, {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD})
    password_after_reset = User.objects.get(pk=sara.pk).password
    # The session no longer holds the attempt; put it back as an attacker replaying it would.
    session = client.session
    session["password_reset_attempt"] = PasswordResetAttempt.objects.get().pk
    session.save()
    response = client.post(CODE_URL, {"code": code})
    assert "This code has already been used. Ask for a new code." in response.text
    response = client.post(
        PASSWORD_URL, {"new_password": "Annan-Termos-2032", "new_password_repeat": "Annan-Termos-2032"}
    )
    assert response["Location"] == START_URL
    assert User.objects.get(pk=sara.pk).password == password_after_reset


def test_a_code_works_only_for_its_own_attempt(
    sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    first = english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
    second = english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
    ask_for_code(first, django_capture_on_commit_callbacks)
    first_code = last_code()
    ask_for_code(second, django_capture_on_commit_callbacks)
    second_code = last_code()
    assert first_code != second_code or pytest.skip("the two random codes happened to be equal")
    response = second.post(CODE_URL, {"code": first_code})
    assert "The code is wrong" in response.text
    response = first.post(CODE_URL, {"code": second_code})
    assert "The code is wrong" in response.text
    assert not PasswordResetAttempt.objects.filter(verified_at__isnull=False).exists()
    assert password_unchanged(sara)


def test_a_code_without_a_reset_in_this_browser_leads_back_to_the_start(sara: User, client: Client) -> None:
    assert client.post(CODE_URL, {"code": "123456"})["Location"] == START_URL
    assert password_unchanged(sara)


def test_mismatched_passwords_are_refused_and_change_nothing(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    client.post(CODE_URL, {"code": last_code()})
    response = client.post(
        PASSWORD_URL, {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert "The two passwords are not the same." in response.text
    assert password_unchanged(sara)
    assert PasswordResetAttempt.objects.get().completed_at is None


def test_a_password_against_the_policy_is_refused_and_changes_nothing(
    client: Client, sara: User, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    client.post(CODE_URL, {"code": last_code()})
    response = client.post(PASSWORD_URL, {"new_password": "kort", "new_password_repeat": "kort"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert password_unchanged(sara)


def test_the_password_step_closes_fifteen_minutes_after_the_code(
    client: Client, sara: User, clock: time_machine.Traveller, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks)
    client.post(CODE_URL, {"code": last_code()})
    clock.shift(dt.timedelta(minutes=15))
    response = client.post(PASSWORD_URL, {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD})
    assert response["Location"] == START_URL
    assert password_unchanged(sara)


def test_an_empty_username_is_refused(client: Client, sara: User) -> None:
    response = client.post(START_URL, {"username": ""})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert not PasswordResetAttempt.objects.exists()
    assert not locmem.outbox


# No enumeration ---------------------------------------------------------------------------------


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _without_form_values(html: str) -> str:
    """The page without the CSRF token and the username typed (echoed back in the field)."""
    return re.sub(r'value="[^"]*"', "", html)


@pytest.mark.parametrize("unknown", ["NOBO0101", "JOSA9804X"])
def test_unknown_usernames_get_the_same_answers_as_known_ones(
    sara: User, unknown: str, django_capture_on_commit_callbacks: Capture
) -> None:
    answers = []
    for username in ("JOSA9804", unknown):
        client = english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
        start = ask_for_code(client, django_capture_on_commit_callbacks, username)
        page = client.get(CODE_URL)
        wrong_code = client.post(CODE_URL, {"code": "000000"})
        answers.append(
            (
                start.status_code,
                start["Location"],
                page.status_code,
                _without_csrf(page.text),
                wrong_code.status_code,
                _without_csrf(wrong_code.text),
            )
        )
    assert answers[0] == answers[1]
    assert len(locmem.outbox) == 1  # only the real account got an SMS


def test_a_user_without_a_mobile_number_gets_the_same_answer_and_no_sms(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    nobody = SubstituteFactory(mobile="")
    response = ask_for_code(client, django_capture_on_commit_callbacks, nobody.username)
    assert response["Location"] == CODE_URL
    assert not locmem.outbox
    attempt = PasswordResetAttempt.objects.get()
    assert attempt.user is None
    assert check_password(TEST_PASSWORD, User.objects.get(pk=nobody.pk).password)


def test_unknown_usernames_hash_a_code_too(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    ask_for_code(client, django_capture_on_commit_callbacks, "NOBO0101")
    attempt = PasswordResetAttempt.objects.get()
    assert attempt.user is None
    assert len(attempt.code_hash) == 64


# Rate limits ----------------------------------------------------------------------------------


def test_requests_per_account_are_limited(
    sara: User, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.PASSWORD_RESET_REQUESTS_PER_ACCOUNT = 3
    for number in range(3):
        client = english(Client(REMOTE_ADDR=f"192.0.2.{number + 1}"))
        assert ask_for_code(client, django_capture_on_commit_callbacks).status_code == 302
    client = english(Client(REMOTE_ADDR="192.0.2.99"))
    response = ask_for_code(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Too many password resets have been requested" in response.text
    assert PasswordResetAttempt.objects.count() == 3
    assert len(locmem.outbox) == 3


def test_requests_per_address_are_limited_and_look_the_same_for_unknown_names(
    sara: User, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS = 2
    client = english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
    ask_for_code(client, django_capture_on_commit_callbacks, "AAAA0101")
    ask_for_code(client, django_capture_on_commit_callbacks, "BBBB0101")
    known = ask_for_code(client, django_capture_on_commit_callbacks, "JOSA9804")
    unknown = ask_for_code(client, django_capture_on_commit_callbacks, "CCCC0101")
    assert known.status_code == unknown.status_code == 200
    assert _without_form_values(known.text) == _without_form_values(unknown.text)
    assert not locmem.outbox
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert ask_for_code(other, django_capture_on_commit_callbacks).status_code == 302


def test_pages_are_in_swedish_by_default(client: Client) -> None:
    response = Client(REMOTE_ADDR=OUTSIDE_ADDRESS).get(START_URL)
    assert response.status_code == 200
    assert 'lang="sv"' in response.text
