"""Production refuses the demo's login services (demo/checks.py), and they refuse to start there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vikarieportalen.core.tests.production import compiled_locale, production_errors
from vikarieportalen.demo.checks import DEMO_OIDC_CLIENT_ID


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    return compiled_locale(tmp_path / "locale")


def test_the_demo_identity_provider_is_refused_in_production(locale: Path) -> None:
    assert production_errors(locale, DEMO_IDENTITY_PROVIDER=True) == ["demo.E001"]
    assert production_errors(locale, OIDC_CLIENT_ID=DEMO_OIDC_CLIENT_ID) == ["demo.E001"]
    assert production_errors(locale, DEMO_IDENTITY_PROVIDER=False, OIDC_CLIENT_ID="kommunen") == []


def test_the_make_file_gives_the_portal_the_client_id_the_check_knows() -> None:
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert f"OIDC_CLIENT_ID ?= {DEMO_OIDC_CLIENT_ID}" in makefile


@pytest.mark.parametrize(
    "changed",
    [
        {"DEBUG": False, "DEMO_IDENTITY_PROVIDER": True},
        {"DEBUG": True, "DEMO_IDENTITY_PROVIDER": False},
        {"DEBUG": True, "DEMO_IDENTITY_PROVIDER": True, "PRODUCTION": True},
        {"DEBUG": True, "DEMO_IDENTITY_PROVIDER": True, "OIDC_ISSUER": "https://broker.example.se"},
    ],
)
def test_the_demo_login_services_refuse_to_start_outside_make_run(
    settings, changed: dict[str, object]
) -> None:  # type: ignore[no-untyped-def]
    settings.OIDC_ISSUER = "http://127.0.0.1:8001"
    for name, value in changed.items():
        setattr(settings, name, value)
    with pytest.raises(CommandError):
        call_command("demo_login_services")
