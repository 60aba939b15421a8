"""The kinds of audit event. The audit app knows none of them by name: each app declares its own
(a TextChoices in ``<app>/audit_kinds.py``) and registers it from its AppConfig.ready with
``audit_kinds_register``. The value is what is stored, so it never changes; the label is shown."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise


class AuditKindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, models.TextChoices] = {}
        # Sorted, and only ever changed in place: the model's check constraint holds this very list,
        # so the database guard (and makemigrations) covers every kind the apps register at start-up.
        self.values: list[str] = []

    def register(self, kinds: type[models.TextChoices]) -> None:
        """Add every kind of ``kinds``; registering the same class again changes nothing."""
        for kind in kinds:
            known = self._kinds.get(kind.value)
            if known is not None and type(known) is not kinds:
                raise ImproperlyConfigured(
                    f"Audit kind {kind.value!r} is declared by both {type(known).__qualname__} "
                    f"and {kinds.__qualname__}."
                )
            self._kinds[kind.value] = kind
        self.values[:] = sorted(self._kinds)

    def __contains__(self, value: object) -> bool:
        return value in self._kinds

    def choices(self) -> list[tuple[str, str | Promise]]:
        """(value, label) in the order the apps registered them (INSTALLED_APPS)."""
        return [(value, kind.label) for value, kind in self._kinds.items()]


audit_kinds = AuditKindRegistry()


def audit_kinds_register(kinds: type[models.TextChoices]) -> None:
    audit_kinds.register(kinds)


def audit_kind_choices() -> list[tuple[str, str | Promise]]:
    return audit_kinds.choices()
