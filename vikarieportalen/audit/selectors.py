"""Reads of the audit log: the administrators' page, and whether an event was already recorded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import QuerySet

from vikarieportalen.audit.models import AuditEvent

if TYPE_CHECKING:
    # django-stubs' stand-in for AUTH_USER_MODEL; see services.py.
    from django.contrib.auth.models import _User as UserModel


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


def audit_event_exists(*, kind: models.TextChoices, user: UserModel, since: dt.datetime) -> bool:
    """Whether an event of ``kind`` about ``user`` was recorded at or after ``since``."""
    return AuditEvent.objects.filter(kind=kind, user=user, occurred_at__gte=since).exists()
