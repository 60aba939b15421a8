"""Production refuses unsafe SMS and push configuration (see core/ops/checks.py for how these checks run)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from vikarieportalen.core.ops.checks import PRODUCTION_TAG, in_production
from vikarieportalen.notifications.sms_backends import console, elks, filebased, locmem

# Backends that reach nobody: login codes and booking messages would end in a log, a folder or memory.
UNDELIVERED_BACKENDS = (console.SmsBackend, filebased.SmsBackend, locmem.SmsBackend)


@checks.register(PRODUCTION_TAG)
def check_sms_backend(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production():
        return []
    backend = import_string(settings.SMS_BACKEND)
    errors: list[checks.CheckMessage] = []
    if issubclass(backend, UNDELIVERED_BACKENDS):
        errors.append(
            checks.Error(
                f"SMS_BACKEND is {settings.SMS_BACKEND}, which sends no SMS: login codes and "
                "booking messages would end in a log, a folder or memory.",
                hint="Set SMS_BACKEND=vikarieportalen.notifications.sms_backends.elks.SmsBackend "
                "with ELKS_API_USERNAME and ELKS_API_PASSWORD.",
                id="notifications.E001",
            )
        )
    if issubclass(backend, elks.SmsBackend) and not settings.SMS_CALLBACK_SECRET.strip():
        errors.append(
            checks.Error(
                "SMS_CALLBACK_SECRET is empty with the 46elks backend: no delivery reports would "
                "arrive and substitutes could not answer offers by SMS.",
                hint="Set SMS_CALLBACK_SECRET to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))'.",
                id="notifications.E002",
            )
        )
    return errors


@checks.register(PRODUCTION_TAG)
def check_simulated_replies(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production() or not settings.SMS_SIMULATE_REPLIES:
        return []
    return [
        checks.Error(
            "SMS_SIMULATE_REPLIES is on: the outbox would let staff answer offers in a "
            "substitute's name, as if the SMS came from the substitute's phone.",
            hint="Remove SMS_SIMULATE_REPLIES from the environment; it is for `make run` only.",
            id="notifications.E003",
        )
    ]


@checks.register(PRODUCTION_TAG)
def check_push_private_addresses(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production() or not settings.PUSH_ALLOW_PRIVATE_ADDRESSES:
        return []
    return [
        checks.Error(
            "PUSH_ALLOW_PRIVATE_ADDRESSES is on: a push subscription could make the portal post to "
            "addresses inside the municipal network (server-side request forgery).",
            hint="Remove PUSH_ALLOW_PRIVATE_ADDRESSES from the environment; it is for tests only.",
            id="notifications.E004",
        )
    ]
