"""Writes to intranet content outside the editor's own actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from io import StringIO

from django.core.management import call_command

from vikarieportalen.intranet.models import ContactCard, OpeningHours

# Opening hours as people write them: (weekdays, opens, closes), e.g. (range(0, 5), 8.00, 12.00).
HoursSpec = Sequence[tuple[Iterable[int], dt.time, dt.time]]


def pages_publish_scheduled() -> str:
    """Publish revisions whose go-live time has come and unpublish pages whose expiry has passed.

    Wagtail's own command does the work (in its own transactions); running it twice is harmless.
    """
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue().strip()


def contact_opening_hours_add(*, contact: ContactCard, hours: HoursSpec) -> None:
    """One OpeningHours row per weekday of each (weekdays, opens, closes), in the order given."""
    rows = [(day, opens, closes) for days, opens, closes in hours for day in days]
    OpeningHours.objects.bulk_create(
        OpeningHours(contact=contact, weekday=day, opens=opens, closes=closes, sort_order=i)
        for i, (day, opens, closes) in enumerate(rows)
    )
