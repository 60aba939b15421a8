"""Login methods over HTTP: password + SMS code, staff card, step-up and the page that needs it."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.login.sms_codes import sms_code_tries_left
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD, client_logged_in

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
CODE = "/konto/logga-in/sms-kod/"
STEP_UP = "/konto/starkare-inloggning/"
PIN_PAGE = "/konto/mina-uppgifter/personnummer/"
CARD = "/konto/tjanstekort/"
PROXY = "10.99.0.50"
PIN = "199804042381"


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(
        preferred_given_name="Sara",
        family_name="Johansson",
        mobile="+46701234567",
        personal_identity_number=PIN,
        language="en",
    )


@pytest.fixture
def client() -> Client:
    return english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))


def english(client: Client) -> Client:
    client.cookies["vp_language"] = "en"
    return client


def last_code() -> str:
    message = Message.objects.filter(kind="login_code").latest("pk")
    match = re.search(r"\b(\d{6})\b", message.text)
    assert match is not None
    return match.group(1)


def password_with_sms(client: Client, user: User, next_url: str = "") -> object:
    data = {"username": user.username, "password": TEST_PASSWORD, "method": "password_sms"}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def logged_in_user_id(client: Client) -> object:
    return client.session.get("_auth_user_id")


# Password only ----------------------------------------------------------------------------


def test_password_login_gives_low_assurance(client: Client, sara: User) -> None:
    response = client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["level"] == "low"
    assert client.session[SESSION_KEY]["method"] == "password"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN, user=sara, method="password").exists()


def test_login_page_shows_the_method_choice_and_hides_unconfigured_methods(client: Client, settings) -> None:
    settings.OIDC_ISSUER = ""
    settings.STAFF_CARD_PROXIES = []
    page = english(client).get(LOGIN).content.decode()
    assert 'value="password_sms"' in page
    assert "/konto/e-legitimation/" not in page
    assert CARD not in page
    settings.STAFF_CARD_PROXIES = [PROXY]
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    page = client.get(f"{LOGIN}?next=/konto/mina-uppgifter/").content.decode()
    assert "/konto/e-legitimation/?next=%2Fkonto%2Fmina-uppgifter%2F" in page
    assert f"{CARD}?next=%2Fkonto%2Fmina-uppgifter%2F" in page


# Password + SMS code ------------------------------------------------------------------------


def test_password_and_sms_code_logs_in_with_high_assurance_and_returns_to_next(
    client: Client, sara: User
) -> None:
    response = password_with_sms(client, sara, next_url="/konto/mina-uppgifter/")
    assert response.status_code == 302 and response["Location"] == CODE
    assert logged_in_user_id(client) is None, "nobody is logged in before the code"
    message = Message.objects.get(kind="login_code")
    assert message.urgent and message.to_number == "+46701234567" and message.recipient == sara
    code = last_code()
    assert code not in str(client.session.get("vp_sms_challenge")), "the code is stored hashed"

    response = client.post(CODE, {"code": code})
    assert response.status_code == 302, re.findall(
        r"<li>(.*?)</li>|field__error[^>]*>(.*?)<", response.content.decode()
    )
    assert response["Location"] == "/konto/mina-uppgifter/"
    assert logged_in_user_id(client) == str(sara.pk)
    assert client.session[SESSION_KEY]["level"] == "high"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN, user=sara, method="password_sms").exists()


def test_a_wrong_password_sends_no_code(client: Client, sara: User) -> None:
    client.post(LOGIN, {"username": sara.username, "password": "Fel-Lösenord-1", "method": "password_sms"})
    assert not Message.objects.filter(kind="login_code").exists()
    assert logged_in_user_id(client) is None


def test_no_mobile_number_is_told_and_nothing_is_sent(client: Client, sara: User) -> None:
    User.objects.filter(pk=sara.pk).update(mobile="")
    response = english(client).post(
        LOGIN, {"username": sara.username, "password": TEST_PASSWORD, "method": "password_sms"}
    )
    assert response.status_code == 200
    assert "no mobile number registered" in response.content.decode()
    assert not Message.objects.exists() and logged_in_user_id(client) is None


def test_a_wrong_code_is_refused_and_says_how_many_tries_are_left(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    code = last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = english(client).post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert "The code is wrong. You have 4 tries left." in response.content.decode()
    assert logged_in_user_id(client) is None
    assert AuditEvent.objects.filter(
        kind=AccountsAuditKind.LOGIN_FAILED, user=sara, method="password_sms"
    ).exists()


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef"])
def test_malformed_codes_are_refused_without_using_a_try(client: Client, sara: User, typed: str) -> None:
    password_with_sms(client, sara)
    response = english(client).post(CODE, {"code": typed})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert sms_code_tries_left(username=sara.username) == settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN
    assert logged_in_user_id(client) is None


def test_the_sixth_try_is_refused_even_with_the_right_code(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    code = last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    english(client)
    for _try in range(4):
        client.post(CODE, {"code": wrong})
    response = client.post(CODE, {"code": wrong})
    assert "The code was wrong too many times. You can try again" in response.content.decode()
    response = client.post(CODE, {"code": code})
    assert "The code was wrong too many times. You can try again" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_an_expired_code_is_refused(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    code = last_code()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=1)):
        response = english(client).post(CODE, {"code": code})
    assert "The code has expired" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_a_used_code_cannot_be_used_again(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    code = last_code()
    client.post(CODE, {"code": code})
    client.post("/konto/logga-ut/")
    response = english(client).post(CODE, {"code": code})
    assert "There is no code waiting" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_a_code_belongs_to_the_session_that_asked_for_it(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    other = english(Client(REMOTE_ADDR=OUTSIDE_ADDRESS))
    response = other.post(CODE, {"code": last_code()})
    assert "There is no code waiting" in response.content.decode()
    assert logged_in_user_id(other) is None


def test_an_unsafe_next_is_replaced_by_the_start_page(client: Client, sara: User) -> None:
    password_with_sms(client, sara, next_url="https://evil.example/")
    response = client.post(CODE, {"code": last_code()})
    assert response["Location"] == "/"


# Step-up and the page that needs high assurance ---------------------------------------------


def test_the_pin_page_sends_a_password_login_to_step_up_and_back(client: Client, sara: User) -> None:
    client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    response = client.get(PIN_PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{STEP_UP}?next={quote(PIN_PAGE, safe='')}"

    page = english(client).get(response["Location"]).content.decode()
    assert "070-123 45 67" in page
    response = client.post(STEP_UP, {"next": PIN_PAGE})
    assert response["Location"] == CODE
    response = client.post(CODE, {"code": last_code()})
    assert response.status_code == 302 and response["Location"] == PIN_PAGE
    assert AuditEvent.objects.filter(
        kind=AccountsAuditKind.STEP_UP, user=sara, method="password_sms"
    ).exists()
    page = client.get(PIN_PAGE).content.decode()
    assert "19980404-2381" in page and "19980404-****" in page


def test_high_assurance_gets_too_old_after_fifteen_minutes(client: Client, sara: User) -> None:
    password_with_sms(client, sara)
    client.post(CODE, {"code": last_code()})
    assert client.get(PIN_PAGE).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        response = client.get(PIN_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(STEP_UP)


def test_step_up_keeps_the_user_logged_in_under_a_new_session_key(client: Client, sara: User) -> None:
    client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    before = client.session.session_key
    client.post(STEP_UP, {"next": PIN_PAGE})
    client.post(CODE, {"code": last_code()})
    assert client.session.session_key != before
    assert logged_in_user_id(client) == str(sara.pk)


def test_step_up_without_mobile_says_so_and_sends_nothing(client: Client, sara: User) -> None:
    User.objects.filter(pk=sara.pk).update(mobile="")
    client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    response = english(client).post(STEP_UP, {"next": PIN_PAGE})
    assert response.status_code == 200 and "no mobile number" in response.content.decode()
    assert not Message.objects.exists()


def test_step_up_refuses_to_return_to_another_site(client: Client, sara: User) -> None:
    client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    client.post(STEP_UP, {"next": "//evil.example/"})
    response = client.post(CODE, {"code": last_code()})
    assert response["Location"] == "/"


def test_a_step_up_code_is_not_valid_after_logging_out_and_in_as_someone_else(
    client: Client, sara: User
) -> None:
    client.post(LOGIN, {"username": sara.username, "password": TEST_PASSWORD})
    client.post(STEP_UP, {"next": PIN_PAGE})
    code = last_code()
    other = SubstituteFactory()
    client.force_login(other)  # a different user: Django flushes the session
    response = english(client).post(CODE, {"code": code})
    assert "There is no code waiting" in response.content.decode()
    assert client.session.get(SESSION_KEY) is None


def test_the_pin_page_says_when_there_is_no_number(client: Client) -> None:
    user = SubstituteFactory(personal_identity_number=None)
    password_with_sms(client, user)
    client.post(CODE, {"code": last_code()})
    assert "has no personal identity number" in english(client).get(PIN_PAGE).content.decode()


# Staff card -------------------------------------------------------------------------------


@pytest.fixture
def card_settings(settings) -> None:
    settings.STAFF_CARD_PROXIES = [PROXY]
    settings.STAFF_CARD_HEADER = "X-Client-Cert-Subject-Serial"


@pytest.mark.usefixtures("card_settings")
@pytest.mark.parametrize("header", [PIN, "SERIALNUMBER=199804042381", "19980404-2381"])
def test_staff_card_from_the_trusted_proxy_logs_in_with_high_assurance(sara: User, header: str) -> None:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=header)
    response = client.post(CARD, {"next": "/konto/mina-uppgifter/"})
    assert response.status_code == 302 and response["Location"] == "/konto/mina-uppgifter/"
    assert logged_in_user_id(client) == str(sara.pk)
    assert client.session[SESSION_KEY]["method"] == "staff_card"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN, user=sara, method="staff_card").exists()


@pytest.mark.usefixtures("card_settings")
@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": OUTSIDE_ADDRESS},
        # Through the ordinary trusted proxy (X-Forwarded-For) is not through the card proxy either.
        {"REMOTE_ADDR": "10.99.0.1", "HTTP_X_FORWARDED_FOR": PROXY},
        {"REMOTE_ADDR": OUTSIDE_ADDRESS, "HTTP_X_FORWARDED_FOR": PROXY},
    ],
)
def test_a_forged_staff_card_header_from_elsewhere_changes_nothing(sara: User, meta: dict[str, str]) -> None:
    client = english(Client(HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN, **meta))
    response = client.post(CARD)
    assert response.status_code == 200
    assert "No staff card was read" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN).exists()


@pytest.mark.usefixtures("card_settings")
def test_staff_card_of_an_unknown_person_logs_nobody_in() -> None:
    client = english(Client(REMOTE_ADDR=PROXY, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN))
    response = client.post(CARD)
    assert response.status_code == 403
    assert "No account in Vikarieportalen belongs to" in response.content.decode()
    assert logged_in_user_id(client) is None


@pytest.mark.usefixtures("card_settings")
def test_staff_card_of_an_inactive_account_logs_nobody_in(sara: User) -> None:
    User.objects.filter(pk=sara.pk).update(is_active=False)
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN)
    assert client.post(CARD).status_code == 403
    assert logged_in_user_id(client) is None


def test_staff_card_header_is_ignored_when_no_card_proxy_is_configured(sara: User, settings) -> None:
    settings.STAFF_CARD_PROXIES = []
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN)
    assert client.post(CARD).status_code == 200
    assert logged_in_user_id(client) is None


@pytest.mark.usefixtures("card_settings")
def test_staff_card_steps_up_the_same_person_but_not_another(sara: User) -> None:
    client = client_logged_in(sara, address=PROXY)
    response = client.post(CARD, {"next": PIN_PAGE}, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN)
    assert response["Location"] == PIN_PAGE
    assert client.get(PIN_PAGE).status_code == 200

    other = SubstituteFactory(personal_identity_number=None)
    client = client_logged_in(other, address=PROXY)
    response = client.post(CARD, {"next": PIN_PAGE}, HTTP_X_CLIENT_CERT_SUBJECT_SERIAL=PIN)
    assert response.status_code == 403
    assert logged_in_user_id(client) == str(other.pk)
    assert client.session.get(SESSION_KEY) is None


# The model ---------------------------------------------------------------------------------


def test_a_personal_identity_number_belongs_to_one_user_only(sara: User) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SubstituteFactory(personal_identity_number=PIN)
    SubstituteFactory(personal_identity_number=None)
    SubstituteFactory(personal_identity_number=None)


def test_the_database_refuses_a_number_not_in_the_twelve_digit_form(sara: User) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=sara.pk).update(personal_identity_number="19980404-238")
