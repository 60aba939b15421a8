"""Mina timmar (/lon/mina-timmar/): the substitute's own hours per pay period, never another's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.payroll.corrections.services import hours_correct
from vikarieportalen.payroll.corrections.tests.support import exported_shift
from vikarieportalen.payroll.hours.services import time_report_approve
from vikarieportalen.payroll.tests.factories import HourlyWageFactory
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

URL = "/lon/mina-timmar/"
OTHERS_PLACE = "Qxzv annans arbetsplats"


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(at(2026, 12, 3, 10), tick=False)


def strong(user) -> Client:
    return client_logged_in(user, strong=True)


def corrected_shift():
    """24 November 14.00-22.00 approved and exported with November; corrected to 21.00 on 3 December."""
    report, manager = exported_shift()
    hours_correct(
        report=report,
        by=manager,
        starts_at=at(2026, 11, 24, 14),
        ends_at=at(2026, 11, 24, 21),
        break_minutes=30,
        reason="Gick hem en timme tidigare",
        seen=0,
    )
    return report


def others_shift(manager) -> None:
    other = SubstituteFactory()
    HourlyWageFactory(substitute=other)
    shift = ShiftFactory(
        workplace=WorkplaceFactory(name=OTHERS_PLACE, managers=[manager]),
        starts_at=at(2026, 11, 25, 7),
        ends_at=at(2026, 11, 25, 15),
    )
    booking = BookingFactory(shift=shift, substitute=other)
    time_report_approve(
        booking=booking, by=manager, starts_at=booking.starts_at, ends_at=booking.ends_at, break_minutes=0
    )


def test_the_substitute_sees_own_hours_per_period_with_ob_pieces_pay_day_and_the_correction() -> None:
    report = corrected_shift()
    others_shift(report.approved_by)
    page = strong(report.booking.substitute).get(URL)
    assert page.status_code == 200
    text = page.text
    november, december = text.index("Löneperiod november 2026"), text.index("Löneperiod december 2026")
    assert december < november  # newest first
    assert "Utbetalning 25 december 2026." in text
    assert "Utbetalning 25 januari 2027." in text
    # The approval in November: the ordinary hours and the evening supplement (19.00-22.00).
    assert "Godkänt 14.00–22.00, rast 30 min." in text
    assert "7 h 30 min" in text
    assert "(OB1)" in text and "19.00–22.00" in text
    # The correction in December, with its reason; the reversal negative.
    assert "Ändrat till 14.00–21.00, rast 30 min." in text
    assert "Orsak: Gick hem en timme tidigare" in text
    assert "−7 h 30 min" in text
    assert "Arbetat i november, betalas i den här senare perioden." in text
    # Never another's hours; no kronor by default.
    assert OTHERS_PLACE not in text
    assert "78,30" not in text


@override_settings(PAYROLL_MY_HOURS_SHOW_AMOUNTS=True)
def test_amounts_are_shown_when_the_setting_allows_it() -> None:
    report = corrected_shift()
    text = strong(report.booking.substitute).get(URL).text
    # The evening supplement: 3 h at 26.10 kr, and its reversal.
    assert "78,30 kr" in text
    assert "-78,30 kr" in text or "−78,30 kr" in text


def test_another_substitute_sees_nothing_of_it() -> None:
    report = corrected_shift()
    page = strong(SubstituteFactory()).get(URL)
    assert page.status_code == 200
    assert "Gick hem en timme tidigare" not in page.text
    assert report.booking.workplace.name not in page.text
    assert "Du har inga godkända timmar än." in page.text


def test_a_weak_login_is_sent_to_a_strong_one() -> None:
    report = corrected_shift()
    response = client_logged_in(report.booking.substitute, strong=False).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/starkare-inloggning/")


def test_the_page_takes_a_fixed_number_of_queries() -> None:
    report = corrected_shift()
    substitute = report.booking.substitute
    browser = strong(substitute)

    def more() -> None:
        shift = ShiftFactory(
            workplace=report.booking.workplace, starts_at=at(2026, 12, 1, 7), ends_at=at(2026, 12, 1, 15)
        )
        booking = BookingFactory(shift=shift, substitute=substitute)
        time_report_approve(
            booking=booking,
            by=report.approved_by,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            break_minutes=0,
        )

    assert_queries_do_not_grow(browser, URL, more)
