"""Keeps SMS in memory for tests: ``outbox`` like django.core.mail.outbox.

A test may put exceptions in ``failures``; each send raises the first one left instead of sending.
"""

from __future__ import annotations

from vikarieportalen.notifications.sms_backends.base import BaseSmsBackend, OutgoingSms

outbox: list[OutgoingSms] = []
failures: list[Exception] = []


def reset() -> None:
    outbox.clear()
    failures.clear()


class SmsBackend(BaseSmsBackend):
    def send(self, sms: OutgoingSms) -> str:
        if failures:
            raise failures.pop(0)
        outbox.append(sms)
        return f"locmem-{sms.message_id}-{len(outbox)}"
