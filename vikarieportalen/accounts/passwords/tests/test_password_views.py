"""The change-password page over HTTP: bad input changes nothing, a good change keeps the session."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import PasswordHistory, User
from vikarieportalen.accounts.passwords.services import user_password_set
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/konto/byt-losenord/"
NEW = "Blue!Harbour2026"


def english_client(user: User) -> Client:
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    client.force_login(user)
    client.cookies["vp_language"] = "en"
    return client


@pytest.fixture
def user() -> User:
    return UserFactory(preferred_given_name="Sara", given_names="Sara", family_name="Berg", language="en")


def post(client: Client, current: str = TEST_PASSWORD, new: str = NEW, repeat: str | None = None) -> Any:
    return client.post(
        URL,
        {
            "current_password": current,
            "new_password": new,
            "new_password_repeat": new if repeat is None else repeat,
        },
    )


def test_page_shows_the_checklist(user: User) -> None:
    response = english_client(user).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-live="polite"' in html
    assert "At least 12 characters." in html
    assert "No å, ä or ö." in html
    assert 'data-rule="not_name"' in html
    assert "accounts/password_checklist.js" in html
    assert "onclick" not in html and "oninput" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current": "wrong-one"}, "The current password is wrong."),
        ({"new": "Kort!1a"}, "The password is too short: it needs at least 12 characters."),
        ({"new": "abcdefghijklmnop"}, "The password needs at least 3 of these 4"),
        ({"new": "Blåbär!2026xy"}, "The password must not contain å, ä or ö."),
        ({"new": "Berg!Harbour2026"}, "The password must not be or contain your name or your username."),
        ({"new": "Qwerty123456"}, "This password is too common"),
        ({"repeat": "Blue!Harbour2027"}, "The two passwords are not the same."),
        ({"new": ""}, "This field is required."),
    ],
)
def test_bad_input_shows_a_message_and_changes_nothing(
    user: User, fields: dict[str, str], message: str
) -> None:
    client = english_client(user)
    before = User.objects.values("password", "password_changed_at").get(pk=user.pk)
    response = post(client, **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html or message.replace("'", "&#x27;") in html
    assert "Something needs fixing" in html
    assert User.objects.values("password", "password_changed_at").get(pk=user.pk) == before
    assert not PasswordHistory.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(kind=AccountsAuditKind.PASSWORD_CHANGED).exists()
    assert not Message.objects.filter(kind="password_changed").exists()


def test_a_recent_password_is_refused_and_nothing_changes(user: User) -> None:
    old = "Old!Harbour2025"
    user_password_set(user=user, raw_password=old)
    user_password_set(user=user, raw_password=NEW)
    client = english_client(user)
    before = User.objects.values("password", "password_changed_at").get(pk=user.pk)
    html = post(client, current=NEW, new=old).content.decode()
    assert "This is one of your last 5 passwords." in html
    assert 'data-rule="not_recent"' in html
    assert User.objects.values("password", "password_changed_at").get(pk=user.pk) == before
    assert not AuditEvent.objects.filter(kind=AccountsAuditKind.PASSWORD_CHANGED).exists()


def test_checklist_is_marked_by_the_server_after_a_bad_submit(user: User) -> None:
    html = " ".join(post(english_client(user), new="kort").content.decode().split())
    assert 'class="password-checklist__item is-unmet" data-rule="length"' in html
    assert 'class="password-checklist__item is-met" data-rule="no_swedish_letters"' in html
    assert "Not met:" in html and "Met:" in html


def test_good_change_keeps_the_session_records_audits_and_confirms(user: User) -> None:
    client = english_client(user)
    other_session = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    other_session.force_login(user)
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == "/konto/mina-uppgifter/"
    assert "Your password has been changed." in client.get(response["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user.password_changed_at is not None
    assert PasswordHistory.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(user=user, kind=AccountsAuditKind.PASSWORD_CHANGED).count() == 1
    (sms,) = Message.objects.filter(kind="password_changed", recipient=user)
    assert sms.urgent  # "was this you?" is never held by quiet hours
    assert "password was changed" in sms.text
    assert NEW not in sms.text
    # This session stays; the other one ends.
    assert client.get("/konto/mina-uppgifter/").status_code == 200
    assert other_session.get("/konto/mina-uppgifter/").status_code == 302


def test_change_returns_to_next_when_it_is_local(user: User) -> None:
    client = english_client(user)
    data = {"current_password": TEST_PASSWORD, "new_password": NEW, "new_password_repeat": NEW}
    response = client.post(URL + "?next=/konto/mina-uppgifter/", {**data, "next": "/"})
    assert response["Location"] == "/"


def test_change_ignores_a_foreign_next(user: User) -> None:
    client = english_client(user)
    data = {"current_password": TEST_PASSWORD, "new_password": NEW, "new_password_repeat": NEW}
    response = client.post(URL, {**data, "next": "https://evil.example/"})
    assert response["Location"] == "/konto/mina-uppgifter/"


def test_changing_ends_the_forced_change(user: User) -> None:
    user.must_change_password = True
    user.save()
    client = english_client(user)
    assert client.get("/konto/mina-uppgifter/").status_code == 302
    post(client)
    assert client.get("/konto/mina-uppgifter/").status_code == 200


def test_user_without_mobile_gets_no_sms_but_the_change(user: User) -> None:
    user.mobile = ""
    user.save()
    assert post(english_client(user)).status_code == 302
    assert not Message.objects.filter(kind="password_changed").exists()
