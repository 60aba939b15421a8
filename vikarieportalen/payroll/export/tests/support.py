"""Shared helpers for the export's tests: the PAXml schema and lines with chosen times."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from lxml import etree

from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.payroll.tests.factories import TimeReportFactory, TimeTransactionFactory
from vikarieportalen.staffing.tests.factories import STOCKHOLM, ShiftFactory

# The public PAXml 2.0 schema (paxml.se, 2012-12), kept beside the writer; PAXML_XSD overrides it.
XSD_PATH = Path(
    os.environ.get(
        "PAXML_XSD", settings.BASE_DIR / "vikarieportalen" / "payroll" / "export" / "schema" / "paxml.xsd"
    )
)
SAMPLE_PATH = XSD_PATH.with_name("sample_01.xml")


@cache
def paxml_schema() -> etree.XMLSchema:
    if not XSD_PATH.exists():
        pytest.fail(f"The PAXml 2.0 schema is missing at {XSD_PATH} (set PAXML_XSD to its path)")
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def assert_valid_paxml(content: bytes) -> Any:
    """Parse and validate against paxml.xsd; returns the root element."""
    root = etree.fromstring(content)
    schema = paxml_schema()
    assert schema.validate(root), schema.error_log
    return root


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def line(
    *,
    substitute: Any = None,
    day: dt.date = dt.date(2026, 11, 2),
    start: tuple[int, int] = (7, 0),
    end: tuple[int, int] = (16, 0),
    minutes: int | None = None,
    time_code: str = "TIM",
    cost_centre: str = "4711",
    **fields: Any,
) -> TimeTransaction:
    """One unexported line on ``day`` (an end before the start is the next day)."""
    starts_at = at(day, *start)
    ends_at = at(day, *end)
    if ends_at <= starts_at:
        ends_at = at(day + dt.timedelta(days=1), *end)
    # The booked shift has the line's times: one substitute's bookings must not overlap.
    shift = ShiftFactory(starts_at=starts_at, ends_at=ends_at, break_minutes=0)
    report_fields: dict[str, Any] = {
        "booking__shift": shift,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "break_minutes": 0,
    }
    if substitute is not None:
        report_fields["booking__substitute"] = substitute
    report = TimeReportFactory(**report_fields)
    if minutes is None:
        minutes = int((ends_at.astimezone(dt.UTC) - starts_at.astimezone(dt.UTC)).total_seconds() // 60)
    transaction: TimeTransaction = TimeTransactionFactory(
        report=report,
        substitute=report.booking.substitute,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        minutes=minutes,
        time_code=time_code,
        cost_centre=cost_centre,
        rate=Decimal("160.00"),
        amount=Decimal(minutes) * Decimal("160.00") / 60,
        **fields,
    )
    return transaction
