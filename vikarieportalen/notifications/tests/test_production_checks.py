"""Production refuses SMS configuration that reaches nobody (notifications/checks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vikarieportalen.core.tests.production import compiled_locale, production_errors


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    return compiled_locale(tmp_path / "locale")


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem"])
def test_an_sms_backend_that_sends_nothing_is_refused(locale: Path, backend: str) -> None:
    path = f"vikarieportalen.notifications.sms_backends.{backend}.SmsBackend"
    assert production_errors(locale, SMS_BACKEND=path) == ["notifications.E001"]


@pytest.mark.parametrize("secret", ["", "   "])
def test_46elks_without_a_callback_secret_is_refused(locale: Path, secret: str) -> None:
    assert production_errors(locale, SMS_CALLBACK_SECRET=secret) == ["notifications.E002"]


def test_simulated_sms_replies_are_refused_in_production(locale: Path) -> None:
    assert production_errors(locale, SMS_SIMULATE_REPLIES=True) == ["notifications.E003"]
    assert production_errors(locale, SMS_SIMULATE_REPLIES=False) == []


def test_push_to_private_addresses_is_refused_in_production(locale: Path) -> None:
    assert production_errors(locale, PUSH_ALLOW_PRIVATE_ADDRESSES=True) == ["notifications.E004"]
    assert production_errors(locale, PUSH_ALLOW_PRIVATE_ADDRESSES=False) == []
