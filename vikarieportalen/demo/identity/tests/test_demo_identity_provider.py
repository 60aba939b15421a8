"""The demo e-ID provider, served for real on 127.0.0.1, logs demo people in through the portal's
own e-ID flow (accounts/login/oidc.py); the browser's part is played by the test client (the
portal) and httpx (the provider's page)."""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from django.test import Client

from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.demo.checks import DEMO_OIDC_CLIENT_ID
from vikarieportalen.demo.identity.people import demo_people_with_test_numbers
from vikarieportalen.demo.identity.provider import (
    DemoClient,
    DemoIdentityProvider,
    DemoPerson,
    authorization_request_problem,
    basic_credentials,
    pkce_matches,
)
from vikarieportalen.demo.identity.published_numbers import PERSON_WITHOUT_ACCOUNT
from vikarieportalen.demo.identity.wsgi import server_make
from vikarieportalen.testing import OUTSIDE_ADDRESS

pytestmark = pytest.mark.django_db

SARA_PIN = "199804042399"
NADIA_PIN = "199001272385"
SECRET = "demo-test-secret"
CALLBACK = "http://testserver/konto/e-legitimation/svar/"
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


@pytest.fixture
def people() -> list[DemoPerson]:
    SubstituteFactory(personal_identity_number=SARA_PIN, preferred_given_name="Sara", family_name="Johansson")
    StaffingCentreFactory(personal_identity_number=NADIA_PIN)
    SubstituteFactory(personal_identity_number="199804040013")  # not a published number: not offered
    return demo_people_with_test_numbers(with_person_without_account=True)


@pytest.fixture
def demo_provider(people: list[DemoPerson], settings) -> Iterator[DemoIdentityProvider]:  # type: ignore[no-untyped-def]
    holder: list[DemoIdentityProvider] = []
    server = server_make(lambda environ, start: holder[0](environ, start), port=0)
    issuer = f"http://127.0.0.1:{server.server_port}"
    holder.append(
        DemoIdentityProvider(
            issuer=issuer,
            client=DemoClient(client_id=DEMO_OIDC_CLIENT_ID, client_secret=SECRET, redirect_uris=(CALLBACK,)),
            people=lambda: people,
            pin_claim="personal_identity_number",
        )
    )
    settings.OIDC_ISSUER = issuer
    settings.OIDC_CLIENT_ID = DEMO_OIDC_CLIENT_ID
    settings.OIDC_CLIENT_SECRET = SECRET
    settings.OIDC_PIN_CLAIM = "personal_identity_number"
    settings.OIDC_ACCEPTED_ACR = ["http://id.elegnamnden.se/loa/1.0/loa3"]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder[0]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR=OUTSIDE_ADDRESS)


def to_the_demo_page(client: Client) -> tuple[str, dict[str, str], str]:
    """Press the portal's e-ID button; return the provider's page address, its hidden fields, its HTML."""
    response = client.get("/konto/e-legitimation/?" + urlencode({"next": "/konto/mina-uppgifter/"}))
    assert response.status_code == 302, response.content.decode()[:500]
    page = httpx.get(response["Location"], timeout=10)
    assert page.status_code == 200, page.text
    fields = {name: unescape(value) for name, value in HIDDEN.findall(page.text)}
    return response["Location"].split("?")[0], fields, page.text


def choose(address: str, fields: dict[str, str], **extra: str) -> httpx.Response:
    return httpx.post(address, data={**fields, **extra}, timeout=10)


def back_to_the_portal(client: Client, answer: httpx.Response):  # type: ignore[no-untyped-def]
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == CALLBACK
    return client.get(f"{callback.path}?{callback.query}")


def test_a_demo_person_logs_in_through_the_portals_e_id_flow(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, page = to_the_demo_page(client)
    assert "Demo – inte riktig e-legitimation" in page and '<html lang="sv">' in page
    assert "Sara Johansson" in page and SARA_PIN in page and PERSON_WITHOUT_ACCOUNT in page
    assert "199804040013" not in page  # only Skatteverket's published test numbers are offered
    response = back_to_the_portal(client, choose(address, fields, person=SARA_PIN))
    assert response.status_code == 302 and response["Location"] == "/konto/mina-uppgifter/"
    sara = User.objects.get(personal_identity_number=SARA_PIN)
    assert client.session["_auth_user_id"] == str(sara.pk)
    assert client.session[SESSION_KEY]["method"] == "eid"


def test_the_person_without_an_account_is_refused_by_the_portal(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, _page = to_the_demo_page(client)
    response = back_to_the_portal(client, choose(address, fields, person=PERSON_WITHOUT_ACCOUNT))
    assert response.status_code == 403
    assert "inget konto i Vikarieportalen" in response.content.decode()
    assert client.session.get("_auth_user_id") is None


def test_cancel_goes_back_to_the_portal_and_logs_nobody_in(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, _page = to_the_demo_page(client)
    answer = choose(address, fields, cancel="1")
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["access_denied"]
    response = back_to_the_portal(client, answer)
    assert response.status_code == 403 and client.session.get("_auth_user_id") is None


def test_choosing_nobody_or_an_unknown_number_says_so_and_issues_no_code(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, _page = to_the_demo_page(client)
    for extra in ({}, {"person": "199804040013"}):
        answer = choose(address, fields, **extra)
        assert answer.status_code == 400 and "Location" not in answer.headers
        assert "Välj vilken demoperson du vill logga in som." in answer.text
        assert 'role="alert"' in answer.text


def test_an_unregistered_redirect_uri_is_never_redirected_to(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, _page = to_the_demo_page(client)
    answer = choose(address, {**fields, "redirect_uri": "https://evil.example/"}, person=SARA_PIN)
    assert answer.status_code == 400 and "Location" not in answer.headers


def test_the_token_endpoint_wants_the_client_secret_the_pkce_verifier_and_a_fresh_code(
    client: Client, demo_provider: DemoIdentityProvider
) -> None:
    address, fields, _page = to_the_demo_page(client)
    code = parse_qs(urlsplit(choose(address, fields, person=SARA_PIN).headers["Location"]).query)["code"][0]
    token_url = f"{demo_provider.issuer}/token"
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}

    def auth(secret: str) -> dict[str, str]:
        pair = base64.b64encode(f"{DEMO_OIDC_CLIENT_ID}:{secret}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}

    assert httpx.post(token_url, data=form, headers=auth("wrong"), timeout=10).status_code == 401
    wrong_verifier = httpx.post(token_url, data={**form, "code_verifier": "x" * 64}, headers=auth(SECRET))
    assert wrong_verifier.json() == {"error": "invalid_grant"}
    # The code was used up by the failed attempt: the portal's own exchange fails too.
    state = fields["state"]
    response = client.get(f"/konto/e-legitimation/svar/?{urlencode({'code': code, 'state': state})}")
    assert response.status_code == 403 and client.session.get("_auth_user_id") is None


def test_discovery_and_keys_are_what_the_portal_reads(demo_provider: DemoIdentityProvider) -> None:
    metadata = httpx.get(f"{demo_provider.issuer}/.well-known/openid-configuration", timeout=10).json()
    assert metadata["issuer"] == demo_provider.issuer
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    keys = httpx.get(metadata["jwks_uri"], timeout=10).json()["keys"]
    assert [key["kid"] for key in keys] == ["demo-key-1"] and "d" not in keys[0]  # public part only


# Rules, without a server ------------------------------------------------------------------------

CLIENT = DemoClient(client_id="c", client_secret="s", redirect_uris=("http://127.0.0.1:8000/cb/",))
GOOD = {
    "client_id": "c",
    "redirect_uri": "http://127.0.0.1:8000/cb/",
    "response_type": "code",
    "scope": "openid",
    "code_challenge_method": "S256",
    "code_challenge": "abc",
    "state": "s1",
    "nonce": "n1",
}


@pytest.mark.parametrize(
    ("changed", "problem"),
    [
        ({}, ""),
        ({"client_id": "other"}, "unknown client_id"),
        ({"redirect_uri": "http://127.0.0.1:8000/elsewhere/"}, "redirect_uri is not registered"),
        ({"response_type": "token"}, "response_type must be code"),
        ({"scope": "profile"}, "scope must include openid"),
        ({"code_challenge_method": "plain"}, "PKCE with S256 is required"),
        ({"nonce": ""}, "state and nonce are required"),
    ],
)
def test_authorization_request_problems(changed: dict[str, str], problem: str) -> None:
    assert authorization_request_problem({**GOOD, **changed}, CLIENT).startswith(problem)


def test_pkce_s256_and_basic_credentials() -> None:
    # RFC 7636, appendix B.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_matches(verifier=verifier, challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    assert not pkce_matches(verifier=verifier + "x", challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    assert basic_credentials("Basic " + base64.b64encode(b"a%3Ab:c").decode()) == ("a:b", "c")
    assert basic_credentials("Bearer x") == ("", "")
    assert basic_credentials("Basic not-base64!") == ("", "")
