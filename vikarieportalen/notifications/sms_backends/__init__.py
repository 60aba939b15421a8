"""SMS backends, chosen by the SMS_BACKEND setting as Django chooses e-mail backends."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from vikarieportalen.notifications.sms_backends.base import (
    BaseSmsBackend,
    OutgoingSms,
    PermanentSmsError,
    SmsError,
    TemporarySmsError,
)

__all__ = [
    "BaseSmsBackend",
    "OutgoingSms",
    "PermanentSmsError",
    "SmsError",
    "TemporarySmsError",
    "get_sms_backend",
]


def get_sms_backend(path: str | None = None) -> BaseSmsBackend:
    backend_class: type[BaseSmsBackend] = import_string(path or settings.SMS_BACKEND)
    return backend_class()
