"""My details: changing the mobile number (re-authentication + code to the new number) and e-mail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.details import services as details
from vikarieportalen.accounts.login.sms_codes import CodeKind
from vikarieportalen.accounts.models import MobileChange, User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.notifications.services import message_send_email, message_send_sms
from vikarieportalen.testing import TEST_PASSWORD, client_logged_in

pytestmark = pytest.mark.django_db

OLD = "+46701234567"
NEW = "+46709876543"
CHANGE = "/konto/mina-uppgifter/mobil/"
CONFIRM = "/konto/mina-uppgifter/mobil/kod/"


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(
        preferred_given_name="Sara", family_name="Johansson", mobile=OLD, email="sara@example.se"
    )


@pytest.fixture
def client(sara: User) -> Client:
    client = client_logged_in(sara)
    client.cookies["vp_language"] = "en"
    return client


def sent_code() -> str:
    sms = Message.objects.filter(kind=CodeKind.MOBILE_CHANGE).order_by("-pk").first()
    assert sms is not None
    match = re.search(r"\b(\d{6})\b", sms.text)
    assert match is not None
    return match[1]


def start(client: Client, number: str = "070-987 65 43", password: str = TEST_PASSWORD) -> object:
    return client.post(CHANGE, {"password": password, "new_mobile": number})


def test_mobile_change_with_the_code_switches_the_number_and_tells_the_old_one(
    client: Client, sara: User
) -> None:
    response = start(client)
    assert response.status_code == 302 and response["Location"] == CONFIRM
    code_sms = Message.objects.get(kind=CodeKind.MOBILE_CHANGE)
    assert (code_sms.to_number, code_sms.urgent, code_sms.recipient) == (NEW, True, sara)
    sara.refresh_from_db()
    assert sara.mobile == OLD  # not before the code
    change = MobileChange.objects.get()
    assert sent_code() not in change.code_hash

    page = client.get(CONFIRM)
    assert "070-987 65 43" in page.content.decode()
    done = client.post(CONFIRM, {"code": sent_code()}, follow=True)
    assert "Your mobile number is now 070-987 65 43" in done.content.decode()
    sara.refresh_from_db()
    assert sara.mobile == NEW
    notice = Message.objects.get(kind=details.SMS_KIND_MOBILE_NOTICE)
    assert notice.to_number == OLD and notice.urgent
    assert "0550-858 89" in notice.text
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.MOBILE_CHANGED, user=sara).exists()

    # Every later SMS (a booking, say) goes to the new number.
    later = message_send_sms(
        text="Booked: Monday 07-16", kind="staffing_booking_created", idempotency_key="t-1", recipient=sara
    )
    assert later.to_number == NEW


def test_wrong_password_changes_nothing_and_sends_nothing(client: Client, sara: User) -> None:
    response = start(client, password="fel-lösenord")
    assert response.status_code == 200
    assert "The password is wrong." in response.content.decode()
    assert not MobileChange.objects.exists() and not Message.objects.exists()


def test_six_wrong_passwords_pause_the_form(client: Client) -> None:
    for _ in range(details.REAUTH_MAX_FAILURES):
        start(client, password="fel")
    response = start(client)  # even the right password now waits
    assert "Too many wrong passwords" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0550-858 89", "That is not a mobile number"),
        ("07012", "That is not a valid phone number"),
        ("070-ABC", "Enter a mobile number"),
        ("070-123 45 67", "That is already your mobile number"),
    ],
)
def test_bad_new_number_is_refused_with_a_message(
    client: Client, sara: User, number: str, message: str
) -> None:
    response = start(client, number=number)
    assert response.status_code == 200
    assert message in response.content.decode()
    sara.refresh_from_db()
    assert sara.mobile == OLD
    assert not MobileChange.objects.exists() and not Message.objects.exists()


def test_wrong_code_counts_a_try_and_keeps_the_number(client: Client, sara: User) -> None:
    start(client)
    wrong = "000000" if sent_code() != "000000" else "111111"
    response = client.post(CONFIRM, {"code": wrong})
    assert "The code is wrong. You have 4 more tries." in response.content.decode()
    assert MobileChange.objects.get().attempts == 1
    sara.refresh_from_db()
    assert sara.mobile == OLD


def test_the_sixth_try_is_refused_even_with_the_right_code(client: Client, sara: User) -> None:
    start(client)
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(details.MOBILE_CODE_MAX_TRIES - 1):
        client.post(CONFIRM, {"code": wrong})
    last = client.post(CONFIRM, {"code": wrong})
    # The account's tries (one count for every SMS code) are used up: the wait is told.
    assert "The code was wrong too many times. You can try again" in last.content.decode()
    response = client.post(CONFIRM, {"code": code}, follow=True)
    assert "The code was wrong too many times. You can try again" in response.content.decode()
    sara.refresh_from_db()
    assert sara.mobile == OLD
    assert not Message.objects.filter(kind=details.SMS_KIND_MOBILE_NOTICE).exists()


def test_expired_code_is_refused(client: Client, sara: User) -> None:
    start(client)
    code = sent_code()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10, seconds=1)):
        response = client.post(CONFIRM, {"code": code}, follow=True)
    assert "The code has expired" in response.content.decode()
    sara.refresh_from_db()
    assert sara.mobile == OLD


def test_a_new_code_replaces_the_old_one(client: Client, sara: User) -> None:
    start(client)
    first = sent_code()
    start(client, number="0709876544")
    second = sent_code()
    if first != second:
        client.post(CONFIRM, {"code": first})
        sara.refresh_from_db()
        assert sara.mobile == OLD
    client.post(CONFIRM, {"code": second})
    sara.refresh_from_db()
    assert sara.mobile == "+46709876544"


def test_malformed_code_is_refused_without_counting(client: Client) -> None:
    start(client)
    response = client.post(CONFIRM, {"code": "12ab"})
    assert "The code is six digits." in response.content.decode()
    assert MobileChange.objects.get().attempts == 0


def test_confirm_page_without_a_pending_change_sends_back(client: Client) -> None:
    response = client.get(CONFIRM)
    assert response.status_code == 302 and response["Location"] == CHANGE


def test_one_user_cannot_confirm_anothers_change(client: Client) -> None:
    other = SubstituteFactory()
    details.mobile_change_start(user=other, new_mobile="0709876549")
    response = client.post(CONFIRM, {"code": "123456"})
    assert response.status_code == 302  # no change of Sara's is waiting
    other.refresh_from_db()
    assert other.mobile != "+46709876549"


# --- e-mail -------------------------------------------------------------------------------------


def confirmation_link() -> str:
    mail = Message.objects.get(kind=details.EMAIL_KIND_CONFIRM)
    match = re.search(r"https?://[^/]+(/konto/mina-uppgifter/e-post/[^/\s]+/)", mail.text)
    assert match is not None
    return match[1]


def test_email_change_waits_for_the_link_then_switches(client: Client, sara: User) -> None:
    response = client.post(
        "/konto/mina-uppgifter/e-post/",
        {"password": TEST_PASSWORD, "new_email": "sara.j@example.org"},
        follow=True,
    )
    assert "We sent a link to sara.j@example.org" in response.content.decode()
    mail = Message.objects.get(kind=details.EMAIL_KIND_CONFIRM)
    assert mail.to_email == "sara.j@example.org"
    sara.refresh_from_db()
    assert sara.email == "sara@example.se"  # until confirmed, the old address stays
    link = confirmation_link()
    assert "sara.j@example.org" in client.get(link).content.decode()
    sara.refresh_from_db()
    assert sara.email == "sara@example.se"  # opening (GET) changes nothing
    client.post(link)
    sara.refresh_from_db()
    assert sara.email == "sara.j@example.org"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.EMAIL_CHANGED, user=sara).exists()
    later = message_send_email(
        subject="s", text="t", kind="password_changed", idempotency_key="e-1", recipient=sara
    )
    assert later.to_email == "sara.j@example.org"
    used = client.post(link)
    assert used.status_code == 410


def test_email_link_expires_and_is_bound_to_the_user(client: Client, sara: User) -> None:
    client.post("/konto/mina-uppgifter/e-post/", {"password": TEST_PASSWORD, "new_email": "x@example.org"})
    link = confirmation_link()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=48, minutes=1)):
        client.force_login(sara)  # the session itself has timed out by now
        expired = client.post(link)
    assert expired.status_code == 410 and "The link has expired" in expired.content.decode()
    other = client_logged_in(SubstituteFactory())
    assert other.post(link).status_code == 404
    assert client.post(link[:-3] + "xx/").status_code == 404
    sara.refresh_from_db()
    assert sara.email == "sara@example.se"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "fel", "new_email": "x@example.org"}, "The password is wrong."),
        ({"password": TEST_PASSWORD, "new_email": "x@"}, "Enter a valid email address."),
        ({"password": TEST_PASSWORD, "new_email": "SARA@example.se"}, "That is already your e-mail address."),
    ],
)
def test_bad_email_change_is_refused(client: Client, sara: User, data: dict[str, str], message: str) -> None:
    response = client.post("/konto/mina-uppgifter/e-post/", data)
    assert message in response.content.decode()
    assert not Message.objects.exists()


def test_profile_shows_change_links_and_masked_personal_identity_number(client: Client, sara: User) -> None:
    sara.personal_identity_number = "199804042383"
    sara.save()
    html = client.get("/konto/mina-uppgifter/").content.decode()
    assert CHANGE in html and "/konto/mina-uppgifter/e-post/" in html
    assert "19980404-****" in html and "2383" not in html
