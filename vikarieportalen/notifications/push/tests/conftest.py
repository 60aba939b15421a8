from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from py_vapid import Vapid02

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.kinds import message_kinds
from vikarieportalen.notifications.models import NoticeCategory
from vikarieportalen.notifications.push.categories import push_kinds_register, push_kinds_unregister
from vikarieportalen.notifications.push.tests import push_service
from vikarieportalen.notifications.sms_backends import locmem

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOON = dt.datetime(2025, 6, 11, 12, 0, tzinfo=STOCKHOLM)  # a weekday at noon: outside quiet hours


class PushTestKind(models.TextChoices):
    OFFER = "push_test_offer", "Test offer"
    BOOKING = "push_test_booking", "Test booking"
    CODE = "push_test_code", "Test code (never push)"


def _key_pair() -> str:
    vapid = Vapid02()
    vapid.generate_keys()
    return push_service.b64url(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))


VAPID_PRIVATE_KEY = _key_pair()


@pytest.fixture(autouse=True)
def push_settings(settings: pytest.FixtureRequest) -> Iterator[None]:
    settings.SMS_BACKEND = "vikarieportalen.notifications.sms_backends.locmem.SmsBackend"
    settings.PUBLIC_URL = "https://portal.example.se"
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 600
    settings.VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    settings.VAPID_SUBJECT = "mailto:bemanning@example.se"
    settings.PUSH_ALLOWED_SERVICES = ["fcm.googleapis.com", "*.push.apple.com"]
    settings.PUSH_FALLBACK_MINUTES = 10
    settings.PUSH_TIMEOUT = 5
    locmem.reset()
    message_kinds.register(PushTestKind)
    push_kinds_register(NoticeCategory.OFFERS, PushTestKind.OFFER, fallback_unopened=True)
    push_kinds_register(NoticeCategory.BOOKINGS, PushTestKind.BOOKING)
    yield
    push_kinds_unregister(*PushTestKind.values)
    message_kinds.unregister(PushTestKind)
    locmem.reset()


@pytest.fixture
def noon(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def substitute(db: None) -> User:
    return UserFactory.create(roles=[Role.SUBSTITUTE], mobile="+46701234567", language="sv")


@pytest.fixture
def push_local() -> Iterator[push_service.LocalPushService]:
    with push_service.running() as service:
        yield service
