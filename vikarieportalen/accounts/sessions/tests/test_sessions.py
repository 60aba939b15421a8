"""Sessions: a new key at login, idle timeout, the session list, "log out everywhere"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.models.sessions import UserSession
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD, cache_empty

pytestmark = pytest.mark.django_db

LOGIN_URL = "/konto/logga-in/"
PROFILE_URL = "/konto/mina-uppgifter/"
SESSIONS_URL = "/konto/sessioner/"
START = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(
    params=[
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",  # production with Redis
    ]
)
def session_engine(request: pytest.FixtureRequest, settings: Any) -> str:
    settings.SESSION_ENGINE = request.param
    return request.param


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(username="JOSA9804", preferred_given_name="Sara", family_name="Johansson")


def logged_in(username: str = "JOSA9804", *, address: str = OUTSIDE_ADDRESS, agent: str = "") -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    client.cookies["vp_language"] = "en"
    response = client.post(LOGIN_URL, {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


def session_exists(key: str) -> bool:
    engine = import_module(django_settings.SESSION_ENGINE)
    return engine.SessionStore().exists(key)


# A new session at login -------------------------------------------------------------------------


def test_login_gives_a_new_session_key_and_ends_the_old_one(sara: User, session_engine: str) -> None:
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    session = client.session
    session["before_login"] = "yes"
    session.save()
    before = session.session_key
    assert before is not None and session_exists(before)
    client.post(LOGIN_URL, {"username": "JOSA9804", "password": TEST_PASSWORD})
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not session_exists(before)
    assert client.session["_auth_user_id"] == str(sara.pk)


def test_login_notes_the_session_with_address_and_browser(sara: User, clock: time_machine.Traveller) -> None:
    client = logged_in(address="192.0.2.44", agent=PHONE_AGENT)
    row = UserSession.objects.get(user=sara)
    assert row.session_key == client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert (row.client_ip, row.user_agent) == ("192.0.2.44", PHONE_AGENT)
    assert row.started_at == row.last_seen_at == START


def test_activity_is_noted_at_most_once_a_minute(sara: User, clock: time_machine.Traveller) -> None:
    client = logged_in()
    clock.shift(dt.timedelta(seconds=30))
    client.get(PROFILE_URL)
    assert UserSession.objects.get(user=sara).last_seen_at == START
    clock.shift(dt.timedelta(seconds=31))
    client.get(PROFILE_URL)
    assert UserSession.objects.get(user=sara).last_seen_at == START + dt.timedelta(seconds=61)


def test_logging_out_forgets_the_session_and_is_audited(sara: User) -> None:
    client = logged_in()
    client.post("/konto/logga-ut/")
    assert not UserSession.objects.filter(user=sara).exists()
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGOUT, user=sara).exists()


# Idle timeout ---------------------------------------------------------------------------------


def test_an_idle_session_is_logged_out_and_told_why(
    sara: User, settings: Any, clock: time_machine.Traveller
) -> None:
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    client = logged_in()
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(PROFILE_URL).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"
    login_page = client.get(response["Location"])
    assert "You were logged out after 30 minutes without activity" in login_page.text
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=sara).exists()
    assert AuditEvent.objects.get(kind=AccountsAuditKind.LOGOUT, user=sara).details == {"reason": "idle"}


def test_regular_use_keeps_the_session_alive(sara: User, clock: time_machine.Traveller) -> None:
    client = logged_in()
    for _ in range(4):
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(PROFILE_URL).status_code == 200


# The session list and "log out everywhere" ------------------------------------------------------


def test_log_out_everywhere_ends_the_other_sessions_but_not_this_one(sara: User, session_engine: str) -> None:
    phone = logged_in(agent=PHONE_AGENT, address="192.0.2.20")
    laptop = logged_in(address="192.0.2.21")
    page = laptop.get(SESSIONS_URL)
    assert page.status_code == 200
    assert "Safari (iOS)" in page.text
    assert "192.0.2.20" in page.text
    assert "This session" in page.text

    response = laptop.post(SESSIONS_URL)
    assert response.status_code == 302
    assert "1 other session was ended." in laptop.get(SESSIONS_URL).text
    assert phone.get(PROFILE_URL).status_code == 302
    assert laptop.get(PROFILE_URL).status_code == 200
    assert list(UserSession.objects.filter(user=sara).values_list("client_ip", flat=True)) == ["192.0.2.21"]
    event = AuditEvent.objects.get(kind=AccountsAuditKind.LOGOUT_EVERYWHERE)
    assert (event.user, event.details) == (sara, {"sessions_ended": 1})


def test_log_out_everywhere_leaves_other_users_alone(sara: User) -> None:
    other = SubstituteFactory()
    other_client = logged_in(other.username)
    mine = logged_in()
    mine.post(SESSIONS_URL)
    assert other_client.get(PROFILE_URL).status_code == 200


def test_the_session_list_shows_only_my_sessions(sara: User) -> None:
    other = SubstituteFactory()
    logged_in(other.username, address="192.0.2.99")
    page = logged_in().get(SESSIONS_URL)
    assert "192.0.2.99" not in page.text
    assert "You are not logged in anywhere else." in page.text


def test_sessions_that_expired_without_logout_are_not_listed_and_are_dropped_at_login(
    sara: User, settings: Any, clock: time_machine.Traveller
) -> None:
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    logged_in(address="192.0.2.30")  # left open, never used again
    clock.shift(dt.timedelta(minutes=45))
    client = logged_in(address="192.0.2.31")
    page = client.get(SESSIONS_URL)
    assert "192.0.2.30" not in page.text
    assert list(UserSession.objects.filter(user=sara).values_list("client_ip", flat=True)) == ["192.0.2.31"]


# A Redis restart ---------------------------------------------------------------------------------


def test_with_cached_db_sessions_emptying_the_cache_logs_nobody_out(sara: User, settings: Any) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = logged_in("JOSA9804")
    assert client.get(PROFILE_URL).status_code == 200

    cache_empty()  # what a Redis restart leaves behind

    assert client.get(PROFILE_URL).status_code == 200
