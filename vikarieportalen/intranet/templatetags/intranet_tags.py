from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django import template
from django.template.base import FilterExpression
from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vikarieportalen.core.public_holidays import library_language
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.intranet.models import ContactCard
from vikarieportalen.intranet.opening_hours import (
    opening_status,
    swedish_closed_days,
    time_label,
    weekly_hours,
)
from vikarieportalen.intranet.rules import interval_label, lunch_breaks, opening_hours_groups
from vikarieportalen.intranet.serving import caching

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        seconds = caching.cache_seconds()
        if not seconds or request is None:
            return mark_safe(self.nodelist.render(context))  # noqa: S308 - the template's own output
        parts = [self.name, caching.content_generation(request), translation.get_language()]
        parts += [str(value.resolve(context)) for value in self.vary_on]
        key = "intranet:fragment:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
        html: str | None = caching.entry_get(key)
        if html is None:
            html = self.nodelist.render(context)
            caching.entry_set(key, html)
        return mark_safe(html)  # noqa: S308 - the template's own output


@register.tag
def shared_fragment(parser: template.base.Parser, token: template.base.Token) -> SharedFragmentNode:
    """``{% shared_fragment "name" value… %}…{% endshared_fragment %}``: a part of a page that is the
    same for every reader with the same values, cached by language and content generation (see
    ``intranet/serving/caching.py``).
    Never wrap anything personal in it: a form's CSRF token, a name, a count.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )


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


@dataclass(frozen=True)
class OpeningStatusText:
    is_open: bool
    headline: str  # "Open now", "Closed now", "Closed today: Christmas Eve"
    detail: str  # "until 16", "opens Monday at 6.30"; empty when nothing opens soon


@register.simple_tag
def opening_status_text(contact: ContactCard, now: dt.datetime | None = None) -> OpeningStatusText | None:
    """Open now (until when) or when the contact opens next; None for a contact without hours."""
    rows = [(row.weekday, row.opens, row.closes) for row in contact.opening_hours.all()]
    if not rows:
        return None
    now = timezone.now() if now is None else now
    year = now.astimezone(STOCKHOLM).year
    closed_days = swedish_closed_days((year, year + 1), language=library_language(translation.get_language()))
    status = opening_status(weekly=weekly_hours(rows), now=now, closed_days=closed_days)
    if status.is_open and status.closes_at is not None:
        return OpeningStatusText(
            is_open=True,
            headline=_("Open now"),
            detail=_("until %(time)s") % {"time": time_label(status.closes_at.time())},
        )
    if status.closed_today:
        headline = _("Closed today: %(holiday)s") % {"holiday": status.closed_today}
    else:
        headline = _("Closed now")
    detail = ""
    if status.opens_at is not None:
        detail = _next_opening(status.opens_at, today=now.astimezone(STOCKHOLM).date())
    return OpeningStatusText(is_open=False, headline=headline, detail=detail)


def _next_opening(opens_at: dt.datetime, *, today: dt.date) -> str:
    time = time_label(opens_at.time())
    day = opens_at.date()
    days_ahead = (day - today).days
    if days_ahead == 0:
        return _("opens today at %(time)s") % {"time": time}
    if days_ahead == 1:
        return _("opens tomorrow at %(time)s") % {"time": time}
    weekday = WEEKDAYS[day.weekday()]
    if days_ahead < 7:
        return _("opens %(weekday)s at %(time)s") % {"weekday": weekday, "time": time}
    return _("opens %(weekday)s %(day)s %(month)s at %(time)s") % {
        "weekday": weekday,
        "day": day.day,
        "month": MONTHS[day.month],
        "time": time,
    }


@register.filter
def email_with_break(address: str) -> SafeString:
    """The address with a line-break opportunity before the @, so a narrow screen breaks it there
    and not in the middle of a word."""
    local, at, domain = str(address).rpartition("@")
    if not at:
        return format_html("{}", address)
    return format_html("{}<wbr>@{}", local, domain)
