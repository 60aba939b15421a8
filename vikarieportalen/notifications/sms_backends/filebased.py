"""Writes each SMS to its own file in SMS_FILE_PATH."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from vikarieportalen.notifications.sms_backends.base import BaseSmsBackend, OutgoingSms, TemporarySmsError


class SmsBackend(BaseSmsBackend):
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or settings.SMS_FILE_PATH)

    def send(self, sms: OutgoingSms) -> str:
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{sms.message_id}.txt"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / name).write_text(
                f"From: {sms.sender}\nTo: {sms.to}\nMessage: {sms.message_id}\n\n{sms.text}\n",
                encoding="utf-8",
            )
        except OSError as exc:
            raise TemporarySmsError(str(exc)) from exc
        return f"file-{name}"
