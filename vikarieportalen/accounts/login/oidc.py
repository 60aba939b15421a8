"""The OpenID Connect client for Swedish e-ID (BankID, Freja) through the municipality's broker.

Authorization code flow with PKCE (S256), state and nonce (Authlib builds the requests); the ID
token's signature is checked against the broker's published keys (JWKS) and its iss, aud, exp,
nonce and acr claims are checked here (joserfc). The result is the personal identity number the
broker vouches for; matching it to a user is the caller's business.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

with warnings.catch_warnings():
    # Authlib 1.9 announces a move to "httpx2"; the client below works the same either way.
    warnings.simplefilter("ignore")
    from authlib.integrations.httpx_client import OAuth2Client

# Asymmetric algorithms only: "none" and HMAC (keyed with the client secret) are never accepted.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
CLOCK_LEEWAY_SECONDS = 60


class OidcError(Exception):
    """The e-ID login failed; ``str(error)`` is a message for the person trying to log in."""


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    accepted_acr: tuple[str, ...]
    pin_claim: str
    timeout: float


@dataclass(frozen=True)
class PendingLogin:
    """What the session keeps between sending the person to the broker and their return."""

    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class OidcIdentity:
    personal_identity_number_claim: str
    acr: str
    subject: str


def oidc_config() -> OidcConfig | None:
    """The configured broker, or None when e-ID login is switched off (OIDC_ISSUER empty)."""
    if not settings.OIDC_ISSUER:
        return None
    return OidcConfig(
        issuer=settings.OIDC_ISSUER.rstrip("/"),
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=tuple(settings.OIDC_SCOPES) or ("openid",),
        accepted_acr=tuple(settings.OIDC_ACCEPTED_ACR),
        pin_claim=settings.OIDC_PIN_CLAIM,
        timeout=float(settings.OIDC_TIMEOUT),
    )


def _get_json(url: str, *, timeout: float) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError(_("The e-ID service cannot be reached just now. Try again in a while.")) from exc
    if not isinstance(data, dict):
        raise OidcError(_("The e-ID service cannot be reached just now. Try again in a while."))
    return data


def provider_metadata(config: OidcConfig) -> dict[str, Any]:
    """The broker's discovery document; its issuer must be the configured one exactly."""
    metadata = _get_json(f"{config.issuer}/.well-known/openid-configuration", timeout=config.timeout)
    if metadata.get("issuer", "").rstrip("/") != config.issuer:
        raise OidcError(_("The e-ID service is misconfigured. Contact the staffing centre."))
    return metadata


def _client(config: OidcConfig, *, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=" ".join(config.scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name, not a secret
        timeout=config.timeout,
    )


def authorization_start(config: OidcConfig, *, redirect_uri: str) -> tuple[str, PendingLogin]:
    """The URL to send the person to, and what to remember until they come back."""
    metadata = provider_metadata(config)
    pending = PendingLogin(
        state=generate_token(32), nonce=generate_token(32), code_verifier=generate_token(64)
    )
    client = _client(config, redirect_uri=redirect_uri)
    url, _state = client.create_authorization_url(
        metadata["authorization_endpoint"],
        state=pending.state,
        code_verifier=pending.code_verifier,
        nonce=pending.nonce,
    )
    # Authlib derives the S256 challenge itself; check that it did, since PKCE is not optional here.
    assert create_s256_code_challenge(pending.code_verifier) in url  # noqa: S101
    return url, pending


def authorization_finish(
    config: OidcConfig, *, pending: PendingLogin, redirect_uri: str, state: str, code: str
) -> OidcIdentity:
    """Exchange the code for tokens and verify the ID token. Raises OidcError on anything wrong."""
    if not state or state != pending.state:
        raise OidcError(
            _("The e-ID login could not be verified (it may be an old or a forged link). Start again.")
        )
    if not code:
        raise OidcError(_("The e-ID login was cancelled or refused. Start again if you wish."))
    metadata = provider_metadata(config)
    client = _client(config, redirect_uri=redirect_uri)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=pending.code_verifier,
        )
    except Exception as exc:  # Authlib raises its own errors and httpx's; all mean the same here
        raise OidcError(_("The e-ID service did not confirm the login. Start again.")) from exc
    finally:
        client.close()
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise OidcError(_("The e-ID service did not confirm the login. Start again."))
    claims = id_token_verify(config, metadata=metadata, id_token=id_token, nonce=pending.nonce)
    pin = claims.get(config.pin_claim)
    if not isinstance(pin, str) or not pin:
        raise OidcError(_("The e-ID service did not tell us your personal identity number."))
    return OidcIdentity(
        personal_identity_number_claim=pin, acr=str(claims.get("acr", "")), subject=str(claims["sub"])
    )


def id_token_verify(
    config: OidcConfig, *, metadata: dict[str, Any], id_token: str, nonce: str
) -> dict[str, Any]:
    """Signature against the JWKS, then iss, aud (and azp), exp, iat, nonce and acr."""
    refused = _("The e-ID login could not be verified. Start again.")
    keys = KeySet.import_key_set(_get_json(metadata["jwks_uri"], timeout=config.timeout))  # type: ignore[arg-type]
    try:
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise OidcError(refused) from exc
    claims: dict[str, Any] = dict(token.claims)
    registry = JWTClaimsRegistry(
        now=int(time.time()),
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": metadata["issuer"]},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise OidcError(refused) from exc
    audiences = claims.get("aud")
    audience_list = [audiences] if isinstance(audiences, str) else list(audiences or [])
    if config.client_id not in audience_list:
        raise OidcError(refused)
    if len(audience_list) > 1 and claims.get("azp") != config.client_id:
        raise OidcError(refused)
    if claims.get("acr") not in config.accepted_acr:
        raise OidcError(
            _(
                "The e-ID you used is not strong enough for this service. "
                "Use BankID or Freja+ (Freja eID with verified identity)."
            )
        )
    return claims
