"""The reconciliation of a pay period: per time code, the check against the exports, the CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from vikarieportalen.accounts.tests.factories import PayrollFactory
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.reconciliation import period_reconciliation
from vikarieportalen.payroll.export.tests.support import line
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.testing import client_logged_in, english

pytestmark = pytest.mark.django_db
NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)
PAGE = "/lon/perioder/2026-11/avstamning/"
CSV = "/lon/perioder/2026-11/avstamning.csv"


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)):
        yield


def _lines() -> None:
    line(day=dt.date(2026, 11, 2), minutes=465)  # 7.75 h at 160 kr
    line(day=dt.date(2026, 11, 3), minutes=480)
    line(day=dt.date(2026, 11, 3), start=(19, 0), end=(22, 0), time_code="OB1")
    line(day=dt.date(2026, 10, 30), period=NOV, late=True, minutes=60)
    line(day=dt.date(2026, 11, 4), time_code="OBKV")  # held back at export


def test_per_time_code_hours_amounts_lines_and_substitutes() -> None:
    _lines()
    report = period_reconciliation(NOV)

    by_code = {row.time_code: row for row in report.rows}
    assert set(by_code) == {"TIM", "OB1", "OBKV"}
    assert (by_code["TIM"].lines, by_code["TIM"].minutes, by_code["TIM"].late) == (3, 465 + 480 + 60, 1)
    assert by_code["TIM"].hours == Decimal("16.75")
    assert report.approved.lines == 5 and report.substitutes == 5
    assert report.approved.amount == sum(
        TimeTransaction.objects.filter(period=NOV).values_list("amount", flat=True)
    )
    assert report.exported.lines == 0 and not report.balanced


def test_after_the_export_the_exports_hold_exactly_the_periods_lines() -> None:
    _lines()
    export.export_create(by=None, period=NOV)

    report = period_reconciliation(NOV)

    assert report.balanced and report.exported.lines == 4  # the held-back line moved on to December
    assert report.unexported.lines == 0 and report.unexported.amount == 0
    december = period_reconciliation(DEC)
    assert december.approved.lines == 1 and not december.balanced


def test_a_line_of_another_period_in_its_export_breaks_the_balance() -> None:
    line(day=dt.date(2026, 11, 2))
    batch = export.export_create(by=None, period=NOV).batch
    stray = line(day=dt.date(2026, 12, 1))
    TimeTransaction.objects.filter(pk=stray.pk).update(batch=batch)

    report = period_reconciliation(NOV)

    assert report.foreign == 1 and not report.balanced


def test_the_page_says_whether_the_exports_agree() -> None:
    _lines()
    client = english(client_logged_in(PayrollFactory()))
    assert "has not been exported yet: 5 approved lines" in client.get(PAGE).content.decode()
    export.export_create(by=None, period=NOV)

    content = client.get(PAGE).content.decode()

    assert "The exports of the period hold exactly its approved lines (4)" in content


def test_the_csv_is_for_swedish_excel_with_totals_and_the_check() -> None:
    _lines()
    export.export_create(by=None, period=NOV)

    response = client_logged_in(PayrollFactory()).get(CSV)

    assert response["Content-Disposition"] == 'attachment; filename="avstamning-2026-11.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = response.content.decode("utf-8-sig").split("\r\n")
    assert rows[0] == "Period;Tidkod;Rader;Vikarier;Timmar;Minuter;Belopp (kr);Sena rader"
    assert "2026-11;TIM;3;3;16,75;1005;2680,00;1" in rows
    assert rows[-2] == "2026-11;Stämmer;ja;;;;;"


@pytest.mark.parametrize("url", ["/lon/perioder/2026-13/avstamning/", "/lon/perioder/nov/avstamning.csv"])
def test_a_period_that_is_not_a_month_is_404(url: str) -> None:
    assert client_logged_in(PayrollFactory()).get(url).status_code == 404
