"""What the demo's builders share: the tally they report to, local time, and the people they name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from vikarieportalen.core.time import STOCKHOLM

# A builder reports each row it looks for: count("shifts", True) when it made one, False when found.
Count = Callable[[str, bool], None]

# Sara Johansson (content.FIRST_SUBSTITUTE, V10001), the seed page's own example: most stories are hers.
FIRST_SUBSTITUTE = "JOSA9804"
# Karin Västlund, the communicator (content.STAFF): she owns the demo's pages and handles feedback.
EDITOR_EMPLOYEE_NUMBER = "P20031"

# The staffing demo's four weeks, counted from the day it runs: two of history …
DAYS_BACK = 14
DAYS_AHEAD = 14  # … and two coming


def no_count(_what: str, _created: bool) -> None:
    """The tally of a builder run on its own."""


def local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=STOCKHOLM)
