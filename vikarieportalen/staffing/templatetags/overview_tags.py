"""Who is free (*Vem är ledig*): the week grid's cell and the day page's people, as tags rather
than included templates or template code per item. The grid draws a cell twice per area and day
(the table and the phone's list), some 130 times a page; the day page lists up to 400 people, the
free with a *Boka* form per open shift. Both are written with as little per item as Django allows:
each address reversed once a page, the fixed texts translated and escaped once a page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vikarieportalen.core.time import clock_text
from vikarieportalen.staffing.models import AvailabilityKind
from vikarieportalen.staffing.overview.rules import DayStatus
from vikarieportalen.staffing.overview.selectors import Cell, Person

register = template.Library()
KEPT_IN_LINK = ("qualification", "workplace")  # the filters a cell's link to the day keeps
DAY_URL = "overview_cell:day_url"  # the render context's key for the day page's address
BOOK_URLS = "overview_people:book_urls"  # …and for each shift's booking address, by shift
PERSON_TEXTS = "overview_people:texts"  # …and for the day page's texts about a person
PK_MARK = 987654321987  # a person's number in the address reversed once, replaced by each one's


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


def _person_texts(context: Any) -> dict[str, str]:
    """The day page's texts about a person, translated and escaped once a page."""
    known: dict[str, str] | None = context.render_context.get(PERSON_TEXTS)
    if known is not None:
        return known
    texts: dict[str, str] = {
        AvailabilityKind.AVAILABLE.value: escape(_("Can work")),
        AvailabilityKind.UNAVAILABLE.value: escape(_("Cannot work")),
        "booked": escape(_("Booked")),
        "book": escape(_("Book")),
        "no_shift": escape(_("No open shift that day where they are introduced.")),
        "token": escape(context.get("csrf_token", "")),
        "back": escape(context["request"].get_full_path()),
        # One reverse() a page: the address with a number no person has, replaced per person.
        "person_url": escape(reverse("staffing:pool_substitute", args=[PK_MARK])),
    }
    context.render_context[PERSON_TEXTS] = texts
    return texts


@register.simple_tag(takes_context=True)
def overview_people(context: Any, people: list[Person]) -> SafeString:
    """One status's people on the day page, each an ``<li>``: the name linked to the pool, what they
    marked that day, their bookings, and for the free their open shifts with a *Boka* form each.
    One tag for the list rather than template code per person: a day lists up to four hundred."""
    texts = _person_texts(context)
    items = []
    for person in people:
        name = escape(person.user.full_name)
        url = texts["person_url"].replace(str(PK_MARK), str(person.user.pk))
        link = f'<p class="overview-person__name"><a href="{url}">{name}</a></p>'
        parts = ['<li class="overview-person">', link]
        parts += [
            f'<p class="overview-person__line">{texts[kind]} {escape(text)}</p>'
            for kind, text in person.availability
        ]
        parts += [
            f'<p class="overview-person__line">{texts["booked"]} {escape(clock_text(booking.starts_at))}'
            f"–{escape(clock_text(booking.ends_at))} {escape(booking.workplace.name)}</p>"
            for booking in person.bookings
        ]
        if person.status == DayStatus.AVAILABLE:
            parts.append(_book_choices(context, texts, person, name))
        parts.append("</li>")
        items.append("\n".join(parts))
    return mark_safe("\n".join(items))  # noqa: S308 - every value in it is escaped here


def _book_choices(context: Any, texts: dict[str, str], person: Person, name: str) -> str:
    """A free person's open shifts, each with a *Boka* button: a form posting the person to the
    shift's booking, back to this page (the shift's address reversed once a page)."""
    if not person.shifts:
        return f'<p class="muted">{texts["no_shift"]}</p>'
    book_urls: dict[int, str] = context.render_context.setdefault(BOOK_URLS, {})
    token, back, book = texts["token"], texts["back"], texts["book"]
    count = len(person.shifts)
    summary = ngettext(
        "Book %(name)s on an open shift (%(counter)s)", "Book %(name)s on an open shift (%(counter)s)", count
    ) % {"name": person.user.full_name, "counter": count}
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
    choices = "\n".join(items)
    return (
        f'<details class="overview-person__book">\n<summary>{escape(summary)}</summary>\n'
        f'<ul class="plain">\n{choices}\n</ul>\n</details>'
    )
