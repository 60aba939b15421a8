"""How values are written in the export: JSON types only, times in Swedish local time with offset."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone


def moment(value: dt.datetime | None) -> str | None:
    """``2026-12-09T13:30:00+01:00``: local time (TIME_ZONE), with its offset, so it reads as on the page."""
    return timezone.localtime(value).isoformat() if value is not None else None


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def clock(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def money(value: Decimal | None) -> str | None:
    """Kronor as a string with two decimals ("160.00"): exact, where a float would not be."""
    return f"{value:.2f}" if value is not None else None


def choice(instance: models.Model, field: str) -> dict[str, Any]:
    """A coded field as its stored value (stable) and its label (in the export's language)."""
    value = getattr(instance, field)
    label = getattr(instance, f"get_{field}_display")() if value else ""
    return {field: value, f"{field}_label": str(label)}
