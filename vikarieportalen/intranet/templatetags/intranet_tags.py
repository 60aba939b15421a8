from __future__ import annotations

from django import template
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from ..models import ContactCard
from ..rules import interval_label, lunch_breaks, opening_hours_groups

register = template.Library()


@register.simple_tag
def opening_hours_lines(contact: ContactCard) -> list[str]:
    """Readable lines such as "mån–fre 6.30–16 (lunch 11.30–12.30)"."""
    rows = [(row.weekday, row.opens, row.closes) for row in contact.opening_hours.all()]
    lines = []
    for first, last, intervals in opening_hours_groups(rows):
        days = str(WEEKDAYS_ABBR[first])
        if last != first:
            days = f"{days}–{WEEKDAYS_ABBR[last]}"
        text = f"{days} {interval_label(intervals[0][0], intervals[-1][1])}"
        breaks = lunch_breaks(intervals)
        if breaks:
            labels = ", ".join(interval_label(start, end) for start, end in breaks)
            text += " (" + _("lunch %(times)s") % {"times": labels} + ")"
        lines.append(text)
    return lines
