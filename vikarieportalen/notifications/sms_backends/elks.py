"""Sends through the 46elks HTTP API; see elks_client.py beside it for the client."""

from __future__ import annotations

from django.conf import settings

from vikarieportalen.notifications.sms_backends.base import (
    BaseSmsBackend,
    OutgoingSms,
    PermanentSmsError,
    TemporarySmsError,
)
from vikarieportalen.notifications.sms_backends.elks_client import ElksClient, ElksError


class SmsBackend(BaseSmsBackend):
    def __init__(self) -> None:
        self.client = ElksClient.shared(
            base_url=settings.ELKS_API_URL,
            username=settings.ELKS_API_USERNAME,
            password=settings.ELKS_API_PASSWORD,
            timeout=settings.SMS_TIMEOUT,
            connections=settings.SMS_CONCURRENCY,
        )

    def send(self, sms: OutgoingSms) -> str:
        try:
            answer = self.client.send_sms(
                sender=sms.sender, to=sms.to, message=sms.text, whendelivered=sms.callback_url
            )
        except ElksError as exc:
            raise (TemporarySmsError if exc.temporary else PermanentSmsError)(str(exc)) from exc
        return answer.id
