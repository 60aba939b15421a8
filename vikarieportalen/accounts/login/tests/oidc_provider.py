"""A real OpenID Connect provider for the tests, built with pyop and served over HTTP on 127.0.0.1.

It plays the municipality's e-ID broker: discovery, JWKS, authorize and token endpoints. The
authorize endpoint approves the configured test person at once (as if they had used BankID) and
redirects back with code and state. Switches make it misbehave for one test: sign the ID token with
another key, or override aud, nonce, exp, acr or the personal identity number in it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from Cryptodome.PublicKey import RSA
from joserfc import jwt
from joserfc.jwk import RSAKey as JoseRSAKey
from jwkest.jwk import RSAKey as JwkestRSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "vikarieportalen-test"
CLIENT_SECRET = "not-a-real-secret"
REDIRECT_URI = "http://testserver/konto/e-legitimation/svar/"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
TEST_PERSON = "tester"
KEY_ID = "broker-key-1"


def _rsa_pair(kid: str) -> tuple[JwkestRSAKey, JoseRSAKey]:
    """The same RSA key for pyop (jwkest) and for re-signing in a test (joserfc)."""
    pem = RSA.generate(2048).export_key().decode()
    return JwkestRSAKey(key=RSA.import_key(pem), kid=kid, alg="RS256"), JoseRSAKey.import_key(
        pem, {"kid": kid, "alg": "RS256"}
    )


@dataclass
class Misbehaviour:
    """Set any of these in a test to make the next ID tokens wrong in that one way."""

    sign_with_other_key: bool = False
    claims: dict[str, Any] = field(default_factory=dict)  # e.g. {"aud": "someone-else"}


@dataclass
class TestProvider:
    issuer: str
    provider: Provider
    signing_key: JoseRSAKey
    rogue_key: JoseRSAKey
    person_pin: str = "199804042381"
    acr: str = LOA3
    misbehave: Misbehaviour = field(default_factory=Misbehaviour)
    authentication_requests: list[dict[str, Any]] = field(default_factory=list)
    __test__ = False  # not a pytest test class

    def reset(self) -> None:
        self.person_pin = "199804042381"
        self.acr = LOA3
        self.misbehave = Misbehaviour()
        self.authentication_requests.clear()

    # The WSGI application ----------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        handler = {
            "/.well-known/openid-configuration": self._discovery,
            "/jwks": self._jwks,
            "/authorize": self._authorize,
            "/token": self._token,
        }.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def _json(self, data: Any, status: int = 200) -> Response:
        return Response(json.dumps(data), status=status, mimetype="application/json")

    def _discovery(self, request: Request) -> Response:
        return self._json(self.provider.provider_configuration.to_dict())

    def _jwks(self, request: Request) -> Response:
        return self._json(self.provider.jwks)

    def _authorize(self, request: Request) -> Response:
        try:
            auth_request = self.provider.parse_authentication_request(request.query_string.decode())
        except InvalidAuthenticationRequest as exc:
            return Response(f"bad authentication request: {exc}", status=400)
        self.authentication_requests.append(auth_request.to_dict())
        # The person "uses BankID" here: approved at once.
        response = self.provider.authorize(auth_request, TEST_PERSON)
        location = response.request(auth_request["redirect_uri"], False)
        return Response(status=302, headers={"Location": location})

    def _token(self, request: Request) -> Response:
        try:
            token_response = self.provider.handle_token_request(
                request.get_data(as_text=True),
                dict(request.headers),
                extra_id_token_claims={"acr": self.acr, "personal_identity_number": self.person_pin},
            )
        except OAuthError as exc:
            return self._json({"error": exc.oauth_error, "error_description": str(exc)}, status=400)
        data = token_response.to_dict()
        if self.misbehave.sign_with_other_key or self.misbehave.claims:
            data["id_token"] = self._resign(data["id_token"])
        return self._json(data)

    def _resign(self, id_token: str) -> str:
        claims = dict(jwt.decode(id_token, self.signing_key, algorithms=["RS256"]).claims)
        claims.update(self.misbehave.claims)
        key = self.rogue_key if self.misbehave.sign_with_other_key else self.signing_key
        # The rogue key claims the broker's key id, as an attacker's would.
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)

    def expired_claims(self) -> dict[str, int]:
        now = int(time.time())
        return {"iat": now - 7200, "exp": now - 3600}


@contextmanager
def running_provider() -> Iterator[TestProvider]:
    """Serve a fresh provider on 127.0.0.1 and a free port for the duration of the block."""
    jwkest_key, jose_key = _rsa_pair(KEY_ID)
    _unused, rogue = _rsa_pair(KEY_ID)
    server = make_server("127.0.0.1", 0, lambda environ, start: wrapper(environ, start), threaded=True)
    issuer = f"http://127.0.0.1:{server.server_port}"
    configuration = {
        # pyop checks at construction that the issuer is https; the loopback broker speaks plain
        # HTTP, so it is built with the https form and given its real address right after.
        "issuer": issuer.replace("http://", "https://"),
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid"],
        "acr_values_supported": [LOA2, LOA3],
    }
    clients = {
        CLIENT_ID: {
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [REDIRECT_URI],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
    }
    provider = Provider(
        jwkest_key,
        configuration,
        AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt")),
        clients,
        Userinfo({TEST_PERSON: {"name": "Sara Johansson"}}),
        id_token_lifetime=300,
    )
    provider.configuration_information["issuer"] = issuer
    wrapper = TestProvider(issuer=issuer, provider=provider, signing_key=jose_key, rogue_key=rogue)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield wrapper
    finally:
        server.shutdown()
        thread.join(timeout=5)
