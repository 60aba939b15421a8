from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import models

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.services import user_create
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.kinds import message_kinds
from vikarieportalen.notifications.sms_backends import locmem

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A weekday at noon: outside quiet hours.
NOON = dt.datetime(2025, 6, 11, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def sms_settings(settings: pytest.FixtureRequest) -> Iterator[None]:
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.locmem.SmsBackend"
    settings.SMS_CALLBACK_SECRET = "callback-secret-for-tests"
    settings.PUBLIC_URL = "https://portal.example.se"
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 600
    settings.NOTIFICATIONS_SEND_LEASE_SECONDS = 120
    settings.SMS_MAX_SEGMENTS = 3
    locmem.reset()
    yield
    locmem.reset()


@pytest.fixture
def noon(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def substitute(db: None) -> User:
    return user_create(
        preferred_given_name="Sara",
        family_name="Johansson",
        date_of_birth=dt.date(1998, 4, 4),
        roles=[Role.SUBSTITUTE],
        mobile="070-123 45 67",
        email="sara@example.se",
        language="en",
    )


@pytest.fixture
def staffing_centre(db: None) -> User:
    return user_create(
        preferred_given_name="Bo",
        family_name="Bemanning",
        date_of_birth=dt.date(1980, 1, 2),
        roles=[Role.STAFFING_CENTRE],
        mobile="070-765 43 21",
    )


class TestMessageKind(models.TextChoices):
    """Kinds of message these tests send, declared as an app declares its own."""

    K = "k", "Test message"
    TEST = "test", "Test"


@pytest.fixture(autouse=True)
def test_message_kinds() -> Iterator[None]:
    message_kinds.register(TestMessageKind)
    yield
    message_kinds.unregister(TestMessageKind)
