"""My details: confirming a change of mobile number or e-mail address with e-ID instead of the
password, against the real test OpenID Connect provider (accounts/login/tests/oidc_provider.py).

Users without a password (they log in with e-ID) could not change these before; now a fresh e-ID
authentication in the session, checked on the server, stands in for the password, once.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.details import services as details
from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.login.sms_codes import CodeKind
from vikarieportalen.accounts.login.tests.oidc_provider import (
    REDIRECT_URI,
    TestProvider,
)
from vikarieportalen.accounts.models import MobileChange, User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.notifications.models import Message
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD

pytestmark = pytest.mark.django_db

PIN = "199804042381"
OLD = "+46701234567"
MOBILE = "/konto/mina-uppgifter/mobil/"
EMAIL = "/konto/mina-uppgifter/e-post/"
EID_START = "/konto/e-legitimation/"


def logged_in(user: User, language: str = "en") -> Client:
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    client.force_login(user)
    client.cookies["vp_language"] = language
    return client


@pytest.fixture
def no_password() -> User:
    """Sara logs in with e-ID only: her account has no usable password."""
    user = SubstituteFactory(personal_identity_number=PIN, mobile=OLD, email="sara@example.se")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def confirm_with_e_id(client: Client, next_url: str) -> object:
    """Follow the page's e-ID link: our start view, the provider over HTTP, our callback."""
    response = client.get(f"{EID_START}?{urlencode({'next': next_url})}")
    assert response.status_code == 302, response.content.decode()[:500]
    answer = httpx.get(response["Location"], follow_redirects=False, timeout=10)
    callback = answer.headers["Location"]
    assert callback.startswith(REDIRECT_URI)
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def nothing_changed(user: User) -> None:
    user.refresh_from_db()
    assert (user.mobile, user.email) == (OLD, "sara@example.se")
    assert not MobileChange.objects.filter(user=user).exists()
    assert not Message.objects.filter(recipient=user).exists()


def test_without_a_password_the_form_offers_e_id_and_refuses_without_it(
    provider: TestProvider, no_password: User
) -> None:
    client = logged_in(no_password)
    page = client.get(MOBILE).content.decode()
    assert 'name="password"' not in page
    assert "Confirm with BankID/e-ID" in page
    assert f'href="{EID_START}?next=%2Fkonto%2Fmina-uppgifter%2Fmobil%2F"' in page
    # Bad input: no e-ID yet, and a made-up field claiming one changes nothing.
    response = client.post(MOBILE, {"new_mobile": "070-987 65 43", "eid_confirmed": "1"})
    assert response.status_code == 200
    assert "Confirm who you are with BankID or another e-ID first." in response.content.decode()
    nothing_changed(no_password)


def test_e_id_confirms_a_mobile_change_once_in_swedish(provider: TestProvider, no_password: User) -> None:
    client = logged_in(no_password, language="sv")
    assert "Bekräfta med BankID/e-legitimation" in client.get(MOBILE).content.decode()
    response = confirm_with_e_id(client, MOBILE)
    assert response.status_code == 302 and response["Location"] == MOBILE  # type: ignore[attr-defined]
    assert client.session[SESSION_KEY]["method"] == "eid"

    page = client.get(MOBILE).content.decode()
    assert "Du har bekräftat vem du är med e-legitimation kl." in page
    response = client.post(MOBILE, {"new_mobile": "070-987 65 43"})
    assert response.status_code == 302 and response["Location"] == "/konto/mina-uppgifter/mobil/kod/"
    assert MobileChange.objects.get(user=no_password).new_mobile == "+46709876543"
    assert Message.objects.filter(kind=CodeKind.MOBILE_CHANGE, to_number="+46709876543").exists()

    # The same e-ID authentication does not confirm a second change.
    response = client.post(EMAIL, {"new_email": "sara.ny@example.se"})
    assert response.status_code == 200
    assert "Bekräfta vem du är med BankID eller en annan e-legitimation först." in response.content.decode()
    assert not Message.objects.filter(kind=details.EMAIL_KIND_CONFIRM).exists()


def test_a_stale_e_id_is_asked_for_again_and_nothing_changes(
    provider: TestProvider, no_password: User
) -> None:
    client = logged_in(no_password)
    confirm_with_e_id(client, EMAIL)
    assert "You confirmed who you are with e-ID" in client.get(EMAIL).content.decode()
    later = timezone.now() + details.EID_REAUTH_MAX_AGE + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        page = client.get(EMAIL).content.decode()
        assert "Confirm with BankID/e-ID" in page and "You confirmed who you are" not in page
        response = client.post(EMAIL, {"new_email": "sara.ny@example.se"})
    assert "Confirm who you are with BankID or another e-ID first." in response.content.decode()
    nothing_changed(no_password)


def test_a_password_user_may_confirm_with_e_id_instead(provider: TestProvider) -> None:
    sara = SubstituteFactory(personal_identity_number=PIN, mobile=OLD, email="sara@example.se")
    client = logged_in(sara)
    page = client.get(EMAIL).content.decode()
    assert 'name="password"' in page and "Instead of entering your password" in page
    confirm_with_e_id(client, EMAIL)
    assert 'name="password"' not in client.get(EMAIL).content.decode()
    response = client.post(EMAIL, {"new_email": "sara.ny@example.se"})
    assert response.status_code == 302
    assert Message.objects.get(kind=details.EMAIL_KIND_CONFIRM).to_email == "sara.ny@example.se"
    # Next time the password is asked for again, and still works.
    assert 'name="password"' in client.get(EMAIL).content.decode()
    response = client.post(EMAIL, {"password": TEST_PASSWORD, "new_email": "sara.tre@example.se"})
    assert response.status_code == 302


def test_a_password_login_or_sms_step_up_does_not_count_as_e_id(no_password: User) -> None:
    client = logged_in(no_password)
    session = client.session
    session[SESSION_KEY] = {"level": "high", "method": "password_sms", "at": timezone.now().isoformat()}
    session.save()
    response = client.post(MOBILE, {"new_mobile": "070-987 65 43"})
    assert "Confirm who you are with BankID or another e-ID first." in response.content.decode()
    nothing_changed(no_password)


def test_the_e_id_of_another_person_confirms_nothing(provider: TestProvider, no_password: User) -> None:
    provider.person_pin = "198112189876"
    SubstituteFactory(personal_identity_number="198112189876")
    client = logged_in(no_password)
    response = confirm_with_e_id(client, MOBILE)
    assert response.status_code == 403  # type: ignore[attr-defined]
    response = client.post(MOBILE, {"new_mobile": "070-987 65 43"})
    assert "Confirm who you are with BankID or another e-ID first." in response.content.decode()
    nothing_changed(no_password)


def test_without_e_id_configured_a_user_without_password_is_sent_to_the_staffing_centre(
    no_password: User, settings
) -> None:
    settings.OIDC_ISSUER = ""
    page = logged_in(no_password).get(MOBILE).content.decode()
    assert "Call the staffing centre to change your details" in page
    assert "Confirm with BankID/e-ID" not in page
