"""The status page of a pay period: waiting with the managers to remind, ready, exported, held back, late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from vikarieportalen.accounts.tests.factories import (
    PayrollFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.tests.support import line
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db
PAGE = "/lon/perioder/2026-11/"


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)):
        yield


def _payroll() -> Client:
    return english(client_logged_in(PayrollFactory()))


def _waiting(name: str = "Solbacken", manager: str = "Maja") -> None:
    place = WorkplaceFactory(name=name, managers=[WorkplaceManagerFactory(preferred_given_name=manager)])
    BookingFactory(
        shift=ShiftFactory(workplace=place, starts_at=at(2026, 11, 20, 7), ends_at=at(2026, 11, 20, 15))
    )


def test_the_page_shows_each_kind_of_line_of_the_period() -> None:
    _waiting()
    line(day=dt.date(2026, 11, 2))
    line(day=dt.date(2026, 11, 3))
    line(substitute=SubstituteFactory(employee_number=None, preferred_given_name="Nina", family_name="Utan"))
    line(day=dt.date(2026, 10, 30), period=dt.date(2026, 11, 1), late=True)
    line(day=dt.date(2026, 12, 1))  # another period

    response = _payroll().get(PAGE)

    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["waiting_shifts"] == 1
    (waiting,) = response.context["waiting"]
    assert waiting.workplace == "Solbacken" and any(name.startswith("Maja") for name in waiting.managers)
    assert response.context["pending"].ready == 3  # two of November and the late one
    assert response.context["pending"].held_back_lines == 1
    assert response.context["counts"]["late"] == 1 and response.context["counts"]["exported"] == 0
    assert "Nina Utan" in content and "no employee number" in content
    assert "The period has not been exported." in content


def test_after_the_export_the_page_shows_it_exported_and_locked() -> None:
    line(day=dt.date(2026, 11, 2))
    held = line(time_code="OBKV")
    export.export_create(by=None, period=dt.date(2026, 11, 1))

    response = _payroll().get(PAGE)

    assert response.context["period"].locked
    assert response.context["counts"]["exported"] == 1 and response.context["pending"].ready == 0
    assert response.context["counts"]["moved_later"] == 1  # the held-back line went on to December
    assert "Exported and locked on" in response.content.decode()
    december = _payroll().get("/lon/perioder/2026-12/")
    assert december.context["counts"]["late"] == 1
    assert held.substitute.username in december.content.decode()


def test_the_page_is_in_swedish_by_default() -> None:
    content = client_logged_in(PayrollFactory()).get(PAGE).content.decode()
    assert "Löneperiod november 2026" in content and "Väntar på attest" in content


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "nov", "2026-11-01", "99999-01"])
def test_a_period_that_is_not_a_month_is_404(bad: str) -> None:
    assert _payroll().get(f"/lon/perioder/{bad}/").status_code == 404


def test_the_page_takes_no_more_queries_with_more_lines_and_workplaces() -> None:
    _waiting()
    line()
    line(day=dt.date(2026, 10, 30), period=dt.date(2026, 11, 1), late=True)

    def grow() -> None:
        for day in range(3, 8):
            line(day=dt.date(2026, 11, day))
            line(day=dt.date(2026, 10, day), period=dt.date(2026, 11, 1), late=True)
            _waiting(name=f"Plats {day}", manager=f"Chef {day}")
        line(substitute=SubstituteFactory(employee_number=None))

    assert_queries_do_not_grow(_payroll(), PAGE, grow)
