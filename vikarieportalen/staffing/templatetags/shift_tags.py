"""Template filters for shift pages: lengths in hours and minutes, a shift's local times."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vikarieportalen.staffing.models import Shift
from vikarieportalen.staffing.shift_rules import shift_length_minutes
from vikarieportalen.staffing.shift_selectors import shift_times_text

register = template.Library()


@register.filter
def hours_minutes(minutes: int | None) -> str:
    """450 → "7 h 30 min"."""
    hours, rest = divmod(int(minutes or 0), 60)
    if rest == 0:
        return _("%(hours)d h") % {"hours": hours}
    if hours == 0:
        return _("%(minutes)d min") % {"minutes": rest}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.filter
def shift_times(shift: Shift) -> str:
    """Local start and end, "21:15–07:15 (next day)" for a shift past midnight."""
    return shift_times_text(shift)


@register.simple_tag
def fill_bar(percent: int) -> str:
    """A fill-rate bar (0–100) as inline SVG; decoration only, the number beside it carries the data."""
    return format_html(
        '<svg class="fill-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"'
        ' focusable="false"><rect class="fill-bar__track" width="100" height="10"></rect>'
        '<rect class="fill-bar__value" width="{}" height="10"></rect></svg>',
        max(0, min(100, int(percent))),
    )


@register.filter
def shift_minutes(shift: Shift) -> int:
    """The shift's real length in minutes (11 h for a night shift over the October change)."""
    return shift_length_minutes(starts_at=shift.starts_at, ends_at=shift.ends_at)
