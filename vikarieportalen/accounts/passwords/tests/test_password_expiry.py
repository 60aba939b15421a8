"""Password expiry: the reminder SMS job, the redirect at expiry, and the audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.passwords.services import (
    password_expiry_reminders_send,
    user_password_set,
)
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.jobs import scheduler
from vikarieportalen.notifications.models import Message
from vikarieportalen.testing import OUTSIDE_ADDRESS

pytestmark = pytest.mark.django_db

# The password is set at noon on 1 March; with 90 days it expires at noon on 30 May (Stockholm).
SET_AT = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
EXPIRES_AT = SET_AT + dt.timedelta(days=90)


def reminders(user: User | None = None) -> list[Message]:
    messages = Message.objects.filter(kind="password_expiry")
    if user is not None:
        messages = messages.filter(recipient=user)
    return list(messages)


def user_with_password_set_at(time_machine: Any, moment: dt.datetime, **fields: Any) -> User:
    time_machine.move_to(moment, tick=False)
    user: User = UserFactory(**fields)
    user_password_set(user=user, raw_password="Blue!Harbour2026")
    return user


def test_expiry_job_is_registered_with_the_scheduler() -> None:
    job = next(job for job in scheduler.JOBS if job.name == "accounts.password_expiry_reminders")
    assert job.every == dt.timedelta(days=1)


def test_job_register_ignores_a_second_registration() -> None:
    count = len(scheduler.JOBS)
    scheduler.job_register(
        scheduler.Job("accounts.password_expiry_reminders", dt.timedelta(days=1), lambda: 0)
    )
    assert len(scheduler.JOBS) == count


def test_no_reminder_before_the_warning_window(time_machine: Any) -> None:
    user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=5, minutes=1), tick=False)
    assert password_expiry_reminders_send() == 0
    assert reminders() == []


def test_running_twice_sends_one_sms(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT, language="en")
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=5), tick=False)
    assert password_expiry_reminders_send() == 1
    assert password_expiry_reminders_send() == 0
    (sms,) = reminders(user)
    assert sms.to_number == user.mobile
    assert not sms.urgent
    assert "30 May 2026" in sms.text or "May 30, 2026" in sms.text
    assert "/konto/byt-losenord/" in sms.text
    assert "Blue!Harbour2026" not in sms.text
    assert AuditEvent.objects.filter(user=user, kind=AccountsAuditKind.PASSWORD_EXPIRY_REMINDED).count() == 1


def test_caught_up_day_after_a_missed_run_still_sends_one(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT)
    # The run of day -5 was missed; day -4 catches up, day -3 and the day before change nothing.
    for days_before in (4, 3, 1):
        time_machine.move_to(EXPIRES_AT - dt.timedelta(days=days_before), tick=False)
        password_expiry_reminders_send()
    assert len(reminders(user)) == 1


def test_reminder_is_in_the_users_language(time_machine: Any) -> None:
    swede = user_with_password_set_at(time_machine, SET_AT, language="sv")
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=2), tick=False)
    password_expiry_reminders_send()
    (sms,) = reminders(swede)
    assert "2026" in sms.text


def test_a_new_password_gets_its_own_reminder(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=5), tick=False)
    password_expiry_reminders_send()
    user_password_set(user=user, raw_password="Green!Harbour2027")  # changed after the reminder
    password_expiry_reminders_send()
    assert len(reminders(user)) == 1
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=5) + dt.timedelta(days=86), tick=False)
    password_expiry_reminders_send()
    assert len(reminders(user)) == 2


def test_no_reminder_after_expiry_without_mobile_or_when_inactive(time_machine: Any) -> None:
    user_with_password_set_at(time_machine, SET_AT, mobile="")
    user_with_password_set_at(time_machine, SET_AT, is_active=False)
    expired = user_with_password_set_at(time_machine, SET_AT - dt.timedelta(days=10))
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=2), tick=False)
    assert password_expiry_reminders_send() == 0
    assert reminders() == []
    assert reminders(expired) == []


def test_no_reminders_when_passwords_never_expire(settings: Any, time_machine: Any) -> None:
    user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=2), tick=False)
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert password_expiry_reminders_send() == 0
    settings.PASSWORD_MAX_AGE_DAYS = 90
    settings.PASSWORD_PROFILE = "nist"
    assert password_expiry_reminders_send() == 0
    assert reminders() == []


def test_warning_days_setting_is_used(settings: Any, time_machine: Any) -> None:
    settings.PASSWORD_EXPIRY_WARNING_DAYS = 10
    user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT - dt.timedelta(days=9), tick=False)
    assert password_expiry_reminders_send() == 1


# ---------------------------------------------------------------------------------------------
# The middleware


def logged_in(user: User) -> Client:
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    client.force_login(user)
    return client


def test_expired_password_leads_straight_to_the_change_page(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT + dt.timedelta(minutes=1), tick=False)
    client = logged_in(user)
    response = client.get("/konto/mina-uppgifter/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/byt-losenord/?next=/konto/mina-uppgifter/"
    client.cookies["vp_language"] = "en"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Your password has expired." in page.content.decode()


def test_expiry_is_audited_once(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT + dt.timedelta(hours=1), tick=False)
    client = logged_in(user)
    for _ in range(3):
        client.get("/")
    events = AuditEvent.objects.filter(user=user, kind=AccountsAuditKind.PASSWORD_EXPIRED)
    assert events.count() == 1
    assert events.get().client_ip == OUTSIDE_ADDRESS


def test_before_expiry_nothing_happens(time_machine: Any) -> None:
    user = user_with_password_set_at(time_machine, SET_AT)
    time_machine.move_to(EXPIRES_AT - dt.timedelta(minutes=1), tick=False)
    client = logged_in(user)
    assert client.get("/konto/mina-uppgifter/").status_code == 200


def test_must_change_password_leads_to_the_change_page() -> None:
    user = UserFactory(must_change_password=True)
    client = logged_in(user)
    client.cookies["vp_language"] = "en"
    response = client.get("/konto/mina-uppgifter/")
    assert response["Location"].startswith("/konto/byt-losenord/")
    page = client.get("/konto/byt-losenord/")
    assert "Your password was chosen by someone else." in page.content.decode()


def test_logout_and_language_stay_reachable_with_an_expired_password() -> None:
    user = UserFactory(must_change_password=True)
    client = logged_in(user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.cookies["vp_language"].value == "en"
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_and_users_without_a_known_age_are_not_redirected() -> None:
    assert Client().get("/konto/logga-in/").status_code == 200
    user = UserFactory()  # password_changed_at is NULL: no known age, no expiry
    assert user.password_changed_at is None
    assert logged_in(user).get("/konto/mina-uppgifter/").status_code == 200


def test_timezone_aware_expiry() -> None:
    assert timezone.is_aware(EXPIRES_AT)
