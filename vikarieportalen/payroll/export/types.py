"""The plain values the export's file writers take (one per time transaction)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class ExportLine(NamedTuple):
    pk: int
    employee_number: str
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int
    time_code: str  # ours, as in the payroll system
    paxml_time_code: str
    cost_centre: str
