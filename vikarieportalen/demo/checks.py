"""Production refuses the demo's login services (see core/ops/checks.py for how these checks run)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from vikarieportalen.core.ops.checks import PRODUCTION_TAG, in_production

# The client id `make run` gives the portal for the demo e-ID provider.
DEMO_OIDC_CLIENT_ID = "vikarieportalen-demo"


@checks.register(PRODUCTION_TAG)
def check_demo_identity_provider(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production():
        return []
    if not settings.DEMO_IDENTITY_PROVIDER and settings.OIDC_CLIENT_ID != DEMO_OIDC_CLIENT_ID:
        return []
    return [
        checks.Error(
            "The demo e-ID provider is configured (DEMO_IDENTITY_PROVIDER is on, or OIDC_CLIENT_ID "
            f"is the demo's {DEMO_OIDC_CLIENT_ID!r}): anyone could log in as anyone by picking a name.",
            hint="Remove DEMO_IDENTITY_PROVIDER from the environment and set OIDC_ISSUER, OIDC_CLIENT_ID "
            "and OIDC_CLIENT_SECRET to the municipality's e-ID broker; the demo is for `make run` only.",
            id="demo.E001",
        )
    ]
