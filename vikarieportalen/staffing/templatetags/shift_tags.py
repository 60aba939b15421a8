"""Template filters for shift pages: lengths in hours and minutes, a shift's local times."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from vikarieportalen.core.time import duration_text, moment_text
from vikarieportalen.staffing.models import Shift
from vikarieportalen.staffing.shifts.rules import shift_length_minutes
from vikarieportalen.staffing.shifts.selectors import Fill, shift_times_text

register = template.Library()


@register.filter
def hours_minutes(minutes: int | None) -> str:
    """450 → "7 h 30 min"."""
    return duration_text(minutes or 0)


@register.filter
def moment(value: dt.datetime | None) -> str:
    """When, to end a sentence: "kl. 07.00", "i morgon kl. 07.00", "den 9 dec kl. 13.45"."""
    return moment_text(value, now=timezone.now()) if value is not None else ""


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


@register.simple_tag
def fill_cells(cells: list[Fill]) -> SafeString:
    """A workplace's day cells in the fill-rate table, "booked/total", or a dash on a day without shifts.

    Written out here rather than in the template: the table has a cell per workplace and day, and the
    board must render in well under 100 ms.
    """
    return format_html_join(
        "",
        '<td class="fill-cell{}">{}</td>',
        (
            (" fill-cell--open" if cell.open else "", f"{cell.booked}/{cell.total}")
            if cell.total
            else ("", format_html('<span class="muted">{}</span>', "–"))
            for cell in cells
        ),
    )


@register.simple_tag
def select_options(options: list[tuple[int, str]], selected: int | None) -> SafeString:
    """``<option>``s for a long list of (value, label), the selected one marked: hundreds of options
    through Django's widget templates cost the board tens of milliseconds."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in options),
    )
