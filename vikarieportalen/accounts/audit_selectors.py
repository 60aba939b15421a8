"""Reads of the audit log for the administrators' page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from vikarieportalen.accounts.audit import AuditEvent


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def audit_event_list(
    *,
    kind: str = "",
    username: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered; ``username``: part of the username recorded with the event."""
    events = AuditEvent.objects.select_related("user", "actor").order_by("-occurred_at", "-pk")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__icontains=username.strip())
    if date_from:
        events = events.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return events
