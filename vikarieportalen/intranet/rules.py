"""Pure rules for intranet content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext, ngettext

Interval = tuple[dt.time, dt.time]


def _time_label(value: dt.time) -> str:
    # Swedish style: 6.30, 16 (not 16.00)
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


def interval_label(opens: dt.time, closes: dt.time) -> str:
    return f"{_time_label(opens)}–{_time_label(closes)}"


def opening_hours_groups(
    rows: Iterable[tuple[int, dt.time, dt.time]],
) -> list[tuple[int, int, list[Interval]]]:
    """Group consecutive weekdays with identical intervals.

    ``rows`` are (weekday 0–6, opens, closes). Returns (first weekday, last weekday, intervals),
    so Monday–Friday 6.30–11.30 and 12.30–16 becomes one group ``(0, 4, [...])``.
    """
    by_day: dict[int, list[Interval]] = {}
    for weekday, opens, closes in rows:
        by_day.setdefault(weekday, []).append((opens, closes))
    groups: list[tuple[int, int, list[Interval]]] = []
    for weekday in sorted(by_day):
        intervals = sorted(by_day[weekday])
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == intervals:
            first, _last, same = groups[-1]
            groups[-1] = (first, weekday, same)
        else:
            groups.append((weekday, weekday, intervals))
    return groups


def lunch_breaks(intervals: list[Interval]) -> list[Interval]:
    """The gaps between a day's intervals (a lunch closure is a gap)."""
    return [(intervals[i][1], intervals[i + 1][0]) for i in range(len(intervals) - 1)]


# ---------------------------------------------------------------------------------------------
# News, job ads, shortcuts and search


def news_is_visible(*, target_areas: Iterable[str], reader_areas: frozenset[str] | None) -> bool:
    """May a reader see a news item aimed at ``target_areas`` (empty: aimed at everyone)?

    ``reader_areas`` is None for a reader who sees everything (staff), else the areas of work the
    reader substitutes in (empty for anonymous readers and users without a role).
    """
    targets = set(target_areas)
    if reader_areas is None or not targets:
        return True
    return bool(targets & reader_areas)


def job_ad_is_open(*, last_application_date: dt.date, today: dt.date) -> bool:
    """An ad is open up to and including its last application day (local date)."""
    return today <= last_application_date


EXTERNAL_LINK_REL = "noopener noreferrer"


def shortcut_link_attributes(*, url: str, external: bool) -> dict[str, str]:
    """HTML attributes for a shortcut link.

    External systems open in a new tab with no ``window.opener`` and no referrer (the intranet's
    addresses stay inside); internal pages open in the same tab.
    """
    if not external:
        return {"href": url}
    return {"href": url, "target": "_blank", "rel": EXTERNAL_LINK_REL}


SEARCH_QUERY_MAX_LENGTH = 200


def search_terms(query: str) -> list[str]:
    """The words of a search query: whitespace-separated, empty words dropped, at most ten.

    Double quotes are dropped: the SQLite full-text backend quotes each word with them and does not
    escape them inside a word.
    """
    cleaned = "".join(" " if char == '"' or not char.isprintable() else char for char in query)
    return cleaned.split()[:10]


def search_summary(*, pages: int, contacts: int, query: str) -> str:
    """What a search found, counting both kinds it lists: "3 sidor och 1 kontakt hittades för ”lön”."."""
    page_part = ngettext("%(count)s page", "%(count)s pages", pages) % {"count": pages}
    contact_part = ngettext("%(count)s contact", "%(count)s contacts", contacts) % {"count": contacts}
    if pages and contacts:
        found = gettext("%(pages)s and %(contacts)s") % {"pages": page_part, "contacts": contact_part}
    elif pages or contacts:
        found = page_part if pages else contact_part
    else:
        return gettext("Nothing was found for “%(query)s”.") % {"query": query}
    return gettext("%(found)s found for “%(query)s”.") % {"found": found, "query": query}
