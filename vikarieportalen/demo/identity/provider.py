"""The demo e-ID provider: a small OpenID Connect provider for `make run`, never for production.

It plays the municipality's e-ID broker as the portal's e-ID client (accounts/login/oidc.py) meets
it: discovery, JWKS, authorize and token. Where a real broker asks for BankID or Freja, the
authorize page, marked "Demo – inte riktig e-legitimation", lets the visitor pick a demo person.
The ID token is signed (RS256, a key made when the provider starts) and carries the person's
personal identity number and the LoA 3 acr the portal accepts. The client must authenticate, the
redirect URI must be registered and the PKCE verifier must match, as with a real broker; a code is
used once and lives a minute.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwk import RSAKey

from vikarieportalen.demo.identity.wsgi import Environ, StartResponse, form_data, respond

LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
KEY_ID = "demo-key-1"
CODE_LIFETIME_SECONDS = 60
ID_TOKEN_LIFETIME_SECONDS = 300
AUTHORIZE_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


@dataclass(frozen=True)
class DemoPerson:
    pin: str
    name: str
    description: str


@dataclass(frozen=True)
class DemoClient:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str
    person: DemoPerson
    expires_at: float


def authorization_request_problem(params: dict[str, str], client: DemoClient) -> str:
    """What is wrong with an authorization request (English, for the developer), or ""."""
    if params.get("client_id") != client.client_id:
        return "unknown client_id"
    if params.get("redirect_uri") not in client.redirect_uris:
        return "redirect_uri is not registered for this client"
    if params.get("response_type") != "code":
        return "response_type must be code"
    if "openid" not in params.get("scope", "").split():
        return "scope must include openid"
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return "PKCE with S256 is required"
    if not params.get("state") or not params.get("nonce"):
        return "state and nonce are required"
    return ""


def pkce_matches(*, verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(expected, challenge)


def basic_credentials(header: str) -> tuple[str, str]:
    """client_secret_basic: the client id and secret from an Authorization header, or ("", "")."""
    scheme, _space, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return "", ""
    client_id, _colon, secret = decoded.partition(":")
    return unquote(client_id), unquote(secret)


class DemoIdentityProvider:
    """The WSGI application. ``people`` is asked for the demo persons each time the page shows."""

    def __init__(
        self,
        *,
        issuer: str,
        client: DemoClient,
        people: Callable[[], list[DemoPerson]],
        pin_claim: str,
        acr: str = LOA3,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client = client
        self.people = people
        self.pin_claim = pin_claim
        self.acr = acr
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "alg": "RS256"}, private=True)
        self._grants: dict[str, _Grant] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/.well-known/openid-configuration" and method == "GET":
            return self._json(start_response, self.discovery())
        if path == "/jwks" and method == "GET":
            return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})
        if path == "/authorize" and method in ("GET", "POST"):
            return self._authorize(environ, start_response)
        if path == "/token" and method == "POST":
            return self._token(environ, start_response)
        return respond(start_response, "404 Not Found", b"not found", "text/plain; charset=utf-8")

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid"],
            "acr_values_supported": [self.acr],
            "claims_supported": ["sub", "name", "acr", self.pin_claim],
        }

    # Authorize ---------------------------------------------------------------------------

    def _authorize(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        posted = environ["REQUEST_METHOD"] == "POST"
        source = form_data(environ) if posted else parse_qs(environ.get("QUERY_STRING", ""))
        params = {name: source.get(name, [""])[0] for name in AUTHORIZE_FIELDS}
        problem = authorization_request_problem(params, self.client)
        if problem:
            # Never redirect to an unchecked address: the error is shown here instead.
            body = f"Bad authentication request: {problem}".encode()
            return respond(start_response, "400 Bad Request", body, "text/plain; charset=utf-8")
        if posted and "cancel" in source:
            return self._back(start_response, params, {"error": "access_denied"})
        people = self.people()
        error = ""
        if posted:
            chosen = source.get("person", [""])[0]
            person = next((p for p in people if p.pin == chosen), None)
            if person is not None:
                code = self._grant(params, person)
                return self._back(start_response, params, {"code": code})
        with translation.override("sv"):
            if posted:
                error = _("Choose which demo person to log in as.")
            page = render_to_string(
                "demo/identity/authorize.html",
                {"people": people, "params": params, "error": error},
            )
        status = "400 Bad Request" if error else "200 OK"
        return respond(start_response, status, page.encode(), "text/html; charset=utf-8")

    def _grant(self, params: dict[str, str], person: DemoPerson) -> str:
        code = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._grants = {key: grant for key, grant in self._grants.items() if grant.expires_at > now}
            self._grants[code] = _Grant(
                client_id=params["client_id"],
                redirect_uri=params["redirect_uri"],
                nonce=params["nonce"],
                code_challenge=params["code_challenge"],
                person=person,
                expires_at=now + CODE_LIFETIME_SECONDS,
            )
        return code

    def _back(
        self, start_response: StartResponse, params: dict[str, str], answer: dict[str, str]
    ) -> Iterable[bytes]:
        location = f"{params['redirect_uri']}?{urlencode({**answer, 'state': params['state']})}"
        return respond(start_response, "302 Found", b"", "text/plain", [("Location", location)])

    # Token -------------------------------------------------------------------------------

    def _token(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        client_id, secret = basic_credentials(environ.get("HTTP_AUTHORIZATION", ""))
        if client_id != self.client.client_id or not hmac.compare_digest(
            secret.encode(), self.client.client_secret.encode()
        ):
            return self._json(start_response, {"error": "invalid_client"}, "401 Unauthorized")
        form = {name: values[0] for name, values in form_data(environ).items()}
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)  # single use, whatever follows
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant.expires_at < time.time()
            or grant.client_id != client_id
            or grant.redirect_uri != form.get("redirect_uri")
            or not pkce_matches(verifier=form.get("code_verifier", ""), challenge=grant.code_challenge)
        ):
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        return self._json(
            start_response,
            {
                "access_token": secrets.token_urlsafe(32),
                "token_type": "Bearer",
                "expires_in": ID_TOKEN_LIFETIME_SECONDS,
                "id_token": self.id_token(grant),
            },
        )

    def id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": hashlib.sha256(f"demo:{grant.person.pin}".encode()).hexdigest()[:32],
            "aud": grant.client_id,
            "iat": now,
            "auth_time": now,
            "exp": now + ID_TOKEN_LIFETIME_SECONDS,
            "nonce": grant.nonce,
            "acr": self.acr,
            "name": grant.person.name,
            self.pin_claim: grant.person.pin,
        }
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, self.key)

    def _json(
        self, start_response: StartResponse, data: dict[str, Any], status: str = "200 OK"
    ) -> Iterable[bytes]:
        return respond(
            start_response,
            status,
            json.dumps(data).encode(),
            "application/json",
            [("Cache-Control", "no-store")],
        )
