"""Fixtures the accounts tests share: a real OpenID Connect provider for e-ID logins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vikarieportalen.accounts.login.tests.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    LOA3,
    TestProvider,
    running_provider,
)


@pytest.fixture(scope="module")
def broker() -> Iterator[TestProvider]:
    """The test identity provider over real HTTP, started once per test module."""
    with running_provider() as provider:
        yield provider


@pytest.fixture
def provider(broker: TestProvider, settings) -> TestProvider:  # type: ignore[no-untyped-def]
    """The provider, emptied, with the portal configured to use it for e-ID."""
    broker.reset()
    settings.OIDC_ISSUER = broker.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = ["openid"]
    settings.OIDC_ACCEPTED_ACR = [LOA3]
    settings.OIDC_PIN_CLAIM = "personal_identity_number"
    return broker
