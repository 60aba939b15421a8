"""Reads from the outbox."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vikarieportalen.notifications.models import Message


def message_list(*, status: str = "", kind: str = "", recipient: str = "") -> QuerySet[Message]:
    """Outbox messages, newest first, filtered by status, kind and recipient (name, username, address)."""
    messages = Message.objects.select_related("recipient")
    if status:
        messages = messages.filter(status=status)
    if kind:
        messages = messages.filter(kind=kind)
    if recipient := recipient.strip():
        messages = messages.filter(
            Q(to_number__icontains=recipient.replace(" ", "").replace("-", ""))
            | Q(to_email__icontains=recipient)
            | Q(recipient__username__iexact=recipient)
            | Q(recipient__family_name__icontains=recipient)
            | Q(recipient__preferred_given_name__icontains=recipient)
        )
    return messages.order_by("-created_at", "-id")


def message_kinds() -> list[str]:
    return list(Message.objects.order_by("kind").values_list("kind", flat=True).distinct())
