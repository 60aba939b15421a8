"""Writes to the audit log: one function, which every app calls with a kind it registered."""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from vikarieportalen.audit.kinds import audit_kinds
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.batching import batch_collected

if TYPE_CHECKING:
    # django-stubs' stand-in for AUTH_USER_MODEL (the plugin makes it the configured model), so the
    # audit app names no app's user model; it exists only for the type checker.
    from django.contrib.auth.models import _User as UserModel


def audit_record(
    *,
    kind: models.TextChoices,
    user: UserModel | None = None,
    actor: UserModel | None = None,
    request: HttpRequest | None = None,
    username: str = "",
    method: str = "",
    **details: Any,
) -> AuditEvent:
    """Append one event. ``user`` is whom it concerns; ``actor`` who did it, when someone else.

    ``details`` must be JSON-serialisable. A kind no app registered is refused before the database
    would refuse it, with a message that says what to do.
    """
    if kind not in audit_kinds:
        raise ValueError(f"Audit kind {str(kind)!r} is not registered; its app registers it in ready().")
    client_ip = getattr(request, "client_ip", "") or None if request is not None else None
    event = AuditEvent(
        kind=kind,
        user=user if user is not None and user.pk else None,
        actor=actor,
        username=username or (getattr(user, "username", "") if user is not None else ""),
        client_ip=client_ip,
        method=method,
        details=details,
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(event)  # written at the end of the caller's ``audit_batched`` block
    else:
        event.save(force_insert=True)
    return event


# The events of the ``audit_batched`` block being run in this thread (or task), if any.
_batch: ContextVar[list[AuditEvent] | None] = ContextVar("audit_batch", default=None)


def audit_batched() -> AbstractContextManager[None]:
    """Inside the block, ``audit_record`` collects its events; they are written together (one
    INSERT) when the block ends without an error. Use it inside the caller's transaction, so the
    events commit or roll back with what they record; an error in the block writes none. A block
    inside another joins the outer one."""
    return batch_collected(_batch, _events_write)


def _events_write(events: list[AuditEvent]) -> None:
    if events:
        AuditEvent.objects.bulk_create(events)
