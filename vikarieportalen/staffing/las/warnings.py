"""Telling the staffing centre when substitutes come near a LAS limit or pass one.

A job (``las_warnings_send``, run by the scheduler) compares each substitute's LAS state today with
the state on the previous working day and, on weekdays from ``LAS_WARNING_TIME``, e-mails the
staffing centre how many have *newly* come near a limit and how many have newly passed one, with a
link to the LAS list. The e-mail names nobody: the list, behind login, does. At most one e-mail a
day per recipient (the idempotency key), so the job may run as often as the scheduler likes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.centre_email import staffing_centre_email_send
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import las_attention_rows

WARNING_KIND = "staffing_las_warning"

States = Mapping[tuple[int, str], las.LasState]


@dataclass(frozen=True)
class Entered:
    """How many substitutes newly came near a limit, and newly passed one (any rule)."""

    nearing: int = 0
    over: int = 0

    def __bool__(self) -> bool:
        return bool(self.nearing or self.over)


def previous_working_day(day: dt.date) -> dt.date:
    """Friday for a Monday (and for a weekend day), otherwise the day before."""
    back = {0: 3, 6: 2}.get(day.weekday(), 1)
    return day - dt.timedelta(days=back)


def entered(*, before: States, now: States) -> Entered:
    """Pure: the people whose state for some rule became "nearing" (from ok) or "over" (from anything
    else) between two days. A person counts once, under the worse of what they entered."""
    nearing: set[int] = set()
    over: set[int] = set()
    for (substitute_id, rule), state in now.items():
        earlier = before.get((substitute_id, rule), las.LasState.OK)
        if state == las.LasState.OVER and earlier != las.LasState.OVER:
            over.add(substitute_id)
        elif state == las.LasState.NEARING and earlier == las.LasState.OK:
            nearing.add(substitute_id)
    return Entered(nearing=len(nearing - over), over=len(over))


def las_states_on(*, day: dt.date, limits: las.LasLimits) -> dict[tuple[int, str], las.LasState]:
    """(substitute, rule) → state for everyone nearing or over a limit on ``day`` (days up to it)."""
    states: dict[tuple[int, str], las.LasState] = {}
    for row in las_attention_rows(today=day, limits=limits):
        for measure in las.status_for(row.counts, reference=day, limits=limits).measures:
            if measure.state != las.LasState.OK:
                states[(row.substitute_id, measure.rule.value)] = measure.state
    return states


def _due(local_now: dt.datetime) -> bool:
    hour, minute = (int(part) for part in settings.LAS_WARNING_TIME.split(":"))
    return local_now.weekday() < 5 and local_now.time() >= dt.time(hour, minute)


def warning_text(change: Entered, url: str) -> tuple[str, str]:
    subject = _("LAS: substitutes near or over a limit")
    parts = []
    if change.nearing:
        parts.append(
            _("Substitutes who have come near a LAS limit since the last working day: %(n)d.")
            % {"n": change.nearing}
        )
    if change.over:
        parts.append(
            _("Substitutes who have passed a LAS limit since the last working day: %(n)d.")
            % {"n": change.over}
        )
    parts.append(_("See who they are in the LAS list: %(url)s") % {"url": url})
    return subject, "\n\n".join([*parts, "/Vikarieportalen"])


def las_warnings_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the staffing centre about new LAS crossings; returns the e-mails recorded (0 when none)."""
    now = now or timezone.now()
    local_now = now.astimezone(STOCKHOLM)
    if not settings.LAS_WARNING_TIME or not _due(local_now):
        return 0
    today = local_now.date()
    limits = las.LasLimits.from_settings()
    change = entered(
        before=las_states_on(day=previous_working_day(today), limits=limits),
        now=las_states_on(day=today, limits=limits),
    )
    if not change:
        return 0
    url = urljoin(settings.PUBLIC_URL + "/", reverse("staffing:las_list").lstrip("/"))
    return staffing_centre_email_send(
        shared_mailbox=settings.LAS_WARNING_EMAIL,
        texts=lambda: warning_text(change, url),
        kind=WARNING_KIND,
        idempotency_key=f"las-warning:{today.isoformat()}",
        about="LAS warning",
    )
