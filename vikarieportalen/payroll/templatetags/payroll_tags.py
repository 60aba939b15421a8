"""Template filters for pay pages: signed lengths of pay lines (a reversal is negative)."""

from __future__ import annotations

from django import template

from vikarieportalen.core.time import duration_text

register = template.Library()


@register.filter
def signed_hours(minutes: int | None) -> str:
    """-450 → "−7 h 30 min" (a minus sign, not a hyphen); 450 → "7 h 30 min"."""
    value = int(minutes or 0)
    return f"−{duration_text(-value)}" if value < 0 else duration_text(value)
