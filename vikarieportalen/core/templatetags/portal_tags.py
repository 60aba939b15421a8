"""Template tags every app's pages share: the head row of a data table, dates in the portal's formats."""

from __future__ import annotations

import datetime as dt

from django import template

from vikarieportalen.core.time import date_text

register = template.Library()


@register.inclusion_tag("core/_column_heads.html")
def column_heads(*heads: str, hidden: str = "") -> dict[str, object]:
    """A table's <thead>: one column heading per argument, in order.

    `hidden` adds a last heading read only by screen readers (a column of buttons, say).
    Pass translated text: {% column_heads _("Name") _("Mobile") %}.
    """
    return {"heads": heads, "hidden": hidden}


@register.filter(expects_localtime=True)
def formatted(value: dt.date | dt.datetime | None, name: str) -> str:
    """``{{ shift.starts_at|formatted:"DAY_TIME_FORMAT" }}``: "9 dec 13.30" (sv), "9 Dec 13:30" (en).

    For the portal's own names (core/formats), which Django's ``date`` filter does not know.
    """
    return "" if value in (None, "") else date_text(value, name)
