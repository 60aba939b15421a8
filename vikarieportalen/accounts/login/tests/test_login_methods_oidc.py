"""E-ID login against a real OpenID Connect provider (pyop) served on 127.0.0.1 during the tests.

The browser's part is played by the test client (our views) and httpx (the provider's authorize
endpoint, which approves the test person at once and redirects back with code and state).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from django.test import Client

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.login.tests.oidc_provider import (
    CLIENT_ID,
    LOA2,
    REDIRECT_URI,
    TestProvider,
)
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD

pytestmark = pytest.mark.django_db

START = "/konto/e-legitimation/"
PIN = "199804042381"


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(personal_identity_number=PIN, mobile="+46701234567")


@pytest.fixture
def client() -> Client:
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    client.cookies["vp_language"] = "en"
    return client


def to_provider_and_back(client: Client, next_url: str = "") -> str:
    """Start at our view, follow the redirect to the provider over real HTTP; return the callback URL."""
    response = client.get(START + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert response.status_code == 302, response.content.decode()[:500]
    authorize = response["Location"]
    answer = httpx.get(authorize, follow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    assert callback.startswith(REDIRECT_URI)
    return callback


def finish(client: Client, callback: str) -> object:
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def e_id_login(client: Client, next_url: str = "") -> object:
    return finish(client, to_provider_and_back(client, next_url))


def assert_refused(response: object, client: Client, words: str) -> None:
    assert response.status_code == 403  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert words in page, page[-2000:]
    assert client.session.get("_auth_user_id") is None
    assert not AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN).exists()
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN_FAILED, method="eid").exists()


def test_e_id_logs_the_person_in_with_high_assurance_and_returns_to_next(
    client: Client, provider: TestProvider, sara: User
) -> None:
    response = e_id_login(client, next_url="/konto/mina-uppgifter/")
    assert response.status_code == 302 and response["Location"] == "/konto/mina-uppgifter/"
    assert client.session["_auth_user_id"] == str(sara.pk)
    assert client.session[SESSION_KEY]["method"] == "eid"
    assert client.session[SESSION_KEY]["level"] == "high"
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.LOGIN, user=sara, method="eid").exists()


def test_the_request_uses_pkce_s256_state_and_nonce(
    client: Client, provider: TestProvider, sara: User
) -> None:
    callback = to_provider_and_back(client)
    sent = provider.authentication_requests[-1]
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
    assert sent["nonce"] and sent["state"] and sent["scope"] in ("openid", ["openid"])
    assert parse_qs(urlsplit(callback).query)["state"] == [sent["state"]]
    assert "code_verifier" not in str(sent)


def test_a_wrong_state_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    callback = to_provider_and_back(client)
    query = parse_qs(urlsplit(callback).query)
    response = client.get(
        f"/konto/e-legitimation/svar/?{urlencode({'code': query['code'][0], 'state': 'forged'})}"
    )
    assert_refused(response, client, "could not be verified")


def test_a_callback_without_a_login_in_progress_is_refused(
    client: Client, provider: TestProvider, sara: User
) -> None:
    callback = to_provider_and_back(client)
    finish(client, callback)
    client.post("/konto/logga-ut/")
    AuditEvent.objects.all().delete()
    response = finish(client, callback)  # replayed
    assert_refused(response, client, "No e-ID login was in progress")


def test_a_cancelled_login_is_refused(client: Client, provider: TestProvider) -> None:
    client.get(START)
    response = client.get("/konto/e-legitimation/svar/?error=access_denied&state=x")
    assert_refused(response, client, "cancelled or refused")


def test_a_wrong_nonce_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.misbehave.claims = {"nonce": "some-other-nonce"}
    assert_refused(e_id_login(client), client, "could not be verified")


def test_a_wrong_audience_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.misbehave.claims = {"aud": "some-other-service"}
    assert_refused(e_id_login(client), client, "could not be verified")


def test_an_audience_list_naming_another_party_as_azp_is_refused(
    client: Client, provider: TestProvider, sara: User
) -> None:
    provider.misbehave.claims = {"aud": [CLIENT_ID, "other"], "azp": "other"}
    assert_refused(e_id_login(client), client, "could not be verified")


def test_a_wrong_issuer_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.misbehave.claims = {"iss": "https://evil.example"}
    assert_refused(e_id_login(client), client, "could not be verified")


def test_an_expired_token_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.misbehave.claims = provider.expired_claims()
    assert_refused(e_id_login(client), client, "could not be verified")


def test_a_token_signed_with_another_key_is_refused(
    client: Client, provider: TestProvider, sara: User
) -> None:
    provider.misbehave.sign_with_other_key = True
    assert_refused(e_id_login(client), client, "could not be verified")


def test_a_too_low_acr_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.acr = LOA2
    assert_refused(e_id_login(client), client, "not strong enough")


def test_a_missing_acr_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.misbehave.claims = {"acr": None}
    assert_refused(e_id_login(client), client, "not strong enough")


def test_an_unknown_person_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    provider.person_pin = "198112189876"
    assert_refused(e_id_login(client), client, "No account in Vikarieportalen belongs to")


def test_an_inactive_account_is_refused(client: Client, provider: TestProvider, sara: User) -> None:
    User.objects.filter(pk=sara.pk).update(is_active=False)
    assert_refused(e_id_login(client), client, "No account in Vikarieportalen belongs to")


def test_e_id_steps_up_a_password_login_to_the_pin_page(
    client: Client, provider: TestProvider, sara: User
) -> None:
    client.post("/konto/logga-in/", {"username": sara.username, "password": TEST_PASSWORD})
    response = client.get("/konto/mina-uppgifter/personnummer/")
    step_up = client.get(response["Location"]).content.decode()
    assert "/konto/e-legitimation/?next=%2Fkonto%2Fmina-uppgifter%2Fpersonnummer%2F" in step_up
    response = e_id_login(client, next_url="/konto/mina-uppgifter/personnummer/")
    assert response["Location"] == "/konto/mina-uppgifter/personnummer/"
    assert "19980404-2381" in client.get("/konto/mina-uppgifter/personnummer/").content.decode()
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.STEP_UP, user=sara, method="eid").exists()


def test_e_id_of_another_person_does_not_step_up_the_logged_in_user(
    client: Client, provider: TestProvider, sara: User
) -> None:
    other = SubstituteFactory(personal_identity_number="198112189876")
    client.post("/konto/logga-in/", {"username": other.username, "password": TEST_PASSWORD})
    response = e_id_login(client)
    assert response.status_code == 403
    assert "belongs to someone other" in response.content.decode()
    assert client.session["_auth_user_id"] == str(other.pk)
    assert client.session[SESSION_KEY]["level"] == "low"


def test_the_e_id_start_is_not_found_when_no_broker_is_configured(client: Client, settings) -> None:
    settings.OIDC_ISSUER = ""
    assert client.get(START).status_code == 404
    assert client.get("/konto/e-legitimation/svar/?code=x&state=y").status_code == 404


def test_an_unreachable_broker_gives_a_clear_message(client: Client, settings) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_TIMEOUT = 2
    response = client.get(START)
    assert response.status_code == 403
    assert "cannot be reached" in response.content.decode()
    assert client.session.get("_auth_user_id") is None


def test_a_re_signed_token_with_harmless_changes_is_accepted(
    client: Client, provider: TestProvider, sara: User
) -> None:
    """The switches above re-sign the token: this shows a refusal is for the change, not the re-signing."""
    provider.misbehave.claims = {"extra": "harmless"}
    response = e_id_login(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sara.pk)
