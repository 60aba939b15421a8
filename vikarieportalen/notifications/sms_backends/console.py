"""Prints each SMS to standard output: the default for `make run`."""

from __future__ import annotations

import sys
import threading

from vikarieportalen.notifications.sms_backends.base import BaseSmsBackend, OutgoingSms

_lock = threading.Lock()


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream or sys.stdout

    def send(self, sms: OutgoingSms) -> str:
        with _lock:
            self.stream.write(f"--- SMS from {sms.sender} to {sms.to} (message {sms.message_id})\n")
            self.stream.write(sms.text.rstrip("\n") + "\n---\n")
            self.stream.flush()
        return f"console-{sms.message_id}"
