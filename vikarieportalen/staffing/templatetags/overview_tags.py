"""The week grid's cell (*Vem är ledig*): a tag, not an included template, as the grid draws it
twice per area and day (the table and the phone's list), some 130 times a page; written with as
little per cell as Django allows (the day page's address reversed once a page, the texts escaped
once each)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vikarieportalen.staffing.overview.selectors import Cell

register = template.Library()
KEPT_IN_LINK = ("qualification", "workplace")  # the filters a cell's link to the day keeps
DAY_URL = "overview_cell:day_url"  # the render context's key for the day page's address


@register.simple_tag(takes_context=True)
def overview_cell(context: Any, cell: Cell, area: str, kept: dict[str, str]) -> SafeString:
    """One area on one day: free people against open shifts, linked to that day's people."""
    day_url = context.render_context.get(DAY_URL)
    if day_url is None:
        day_url = context.render_context[DAY_URL] = reverse("staffing:overview_day")
    query = {"day": cell.day.isoformat()}
    if area:
        query["area"] = area
    query.update({name: kept[name] for name in KEPT_IN_LINK if kept.get(name)})
    # The counts are whole numbers below a million, written without grouping as {{ counter }} was.
    free = ngettext("%(counter)s free", "%(counter)s free", cell.free) % {"counter": cell.free}
    open_shifts = ngettext("%(counter)s open shift", "%(counter)s open shifts", cell.open_shifts) % {
        "counter": cell.open_shifts
    }
    short, shortage = "", ""
    if cell.short:
        short = " overview-open--short"
        warning = escape(_("More open shifts than free people"))
        shortage = f' <strong class="overview-short">{warning}</strong>'
    return mark_safe(  # noqa: S308 - every value in it is escaped here
        f'<a href="{escape(day_url)}?{escape(urlencode(query))}" class="overview-count">{escape(free)}</a>\n'
        f'<span class="overview-open{short}">{escape(open_shifts)}{shortage}</span>'
    )
