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

from vikarieportalen.staffing.overview.selectors import Cell, Person

register = template.Library()
KEPT_IN_LINK = ("qualification", "workplace")  # the filters a cell's link to the day keeps
DAY_URL = "overview_cell:day_url"  # the render context's key for the day page's address
BOOK_URLS = "overview_book_choices:urls"  # …and for each shift's booking address, by shift


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


@register.simple_tag(takes_context=True)
def overview_book_choices(context: Any, person: Person) -> SafeString:
    """A free person's open shifts on the day page, each with a *Boka* button: a form posting the
    person to the shift's booking, back to this page. A tag for the same reason as the cell: a day
    can list a hundred free people with several shifts each."""
    book_urls: dict[int, str] = context.render_context.setdefault(BOOK_URLS, {})
    token = escape(context.get("csrf_token", ""))
    back = escape(context["request"].get_full_path())
    name = escape(person.user.get_full_name())
    book = escape(_("Book"))
    items = []
    for choice in person.shifts:
        shift = choice.shift
        if shift.pk not in book_urls:
            book_urls[shift.pk] = escape(reverse("staffing:shift_book", args=[shift.pk]))
        place, times = escape(shift.workplace.name), escape(choice.times)
        items.append(
            f'<li class="overview-shift"><span><strong>{times}</strong> {place}</span>'
            f'<form method="post" action="{book_urls[shift.pk]}" class="inline-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<input type="hidden" name="substitute" value="{person.user.pk}">'
            f'<input type="hidden" name="next" value="{back}">'
            f'<button type="submit" class="button button--secondary">{book}'
            f'<span class="visually-hidden">: {name}, {place} {times}</span></button></form></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value in it is escaped here
