"""The kinds of SMS and e-mail, with the label the outbox shows. Notifications knows none of them by
name: each app declares its own (a TextChoices in ``<app>/message_kinds.py``) and registers it from
its AppConfig.ready with ``message_kinds_register``. The value is what is stored on ``Message.kind``,
so it never changes; the label is what staff read.

Sending a kind no app registered is a programming error (``message_send_sms`` raises), so a new
kind cannot reach the outbox as a bare code.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise


class MessageKindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, models.TextChoices] = {}

    def register(self, kinds: type[models.TextChoices]) -> None:
        """Add every kind of ``kinds``; registering the same class again changes nothing."""
        for kind in kinds:
            known = self._kinds.get(kind.value)
            if known is not None and type(known) is not kinds:
                raise ImproperlyConfigured(
                    f"Message kind {kind.value!r} is declared by both {type(known).__qualname__} "
                    f"and {kinds.__qualname__}."
                )
            self._kinds[kind.value] = kind

    def unregister(self, kinds: type[models.TextChoices]) -> None:
        """Forget ``kinds`` (for tests that declare kinds of their own)."""
        for kind in kinds:
            if type(self._kinds.get(kind.value)) is kinds:
                del self._kinds[kind.value]

    def __contains__(self, value: object) -> bool:
        return value in self._kinds

    def label(self, value: str) -> str | Promise:
        kind = self._kinds.get(value)
        return kind.label if kind is not None else value

    def choices(self) -> list[tuple[str, str | Promise]]:
        """(value, label) in the order the apps registered them (INSTALLED_APPS)."""
        return [(value, kind.label) for value, kind in self._kinds.items()]


message_kinds = MessageKindRegistry()


def message_kinds_register(kinds: type[models.TextChoices]) -> None:
    message_kinds.register(kinds)


def message_kind_label(value: str) -> str | Promise:
    """What staff read for a stored kind; the code itself only for a kind no longer declared."""
    return message_kinds.label(value)


def message_kind_check(value: str) -> None:
    """Refuse a kind that no app declared: it would show in the outbox as a bare code."""
    if value not in message_kinds:
        raise ImproperlyConfigured(
            f"Message kind {value!r} is not declared: add it to the sending app's message_kinds.py."
        )
