from __future__ import annotations

from dataclasses import dataclass


class SmsError(Exception):
    """Sending failed; ``temporary`` says whether a later attempt may succeed."""

    temporary = False


class TemporarySmsError(SmsError):
    """Timeout, connection refused, 5xx, rate limit: try again later."""

    temporary = True


class PermanentSmsError(SmsError):
    """The gateway refused this SMS (4xx): trying again gives the same answer."""


@dataclass(frozen=True)
class OutgoingSms:
    message_id: int
    to: str  # E.164
    text: str
    sender: str
    callback_url: str = ""  # where the gateway posts delivery reports; "" for none


class BaseSmsBackend:
    def send(self, sms: OutgoingSms) -> str:
        """Hand the SMS to the gateway and return the gateway's id for it. Raises SmsError."""
        raise NotImplementedError
