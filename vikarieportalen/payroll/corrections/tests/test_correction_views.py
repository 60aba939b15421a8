"""The correction page (/lon/rattelse/<booking>/): who may correct, the flow, and bad input that
changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import PayrollFactory, WorkplaceManagerFactory
from vikarieportalen.payroll.corrections.services import hours_correct
from vikarieportalen.payroll.corrections.tests.support import exported_shift
from vikarieportalen.payroll.hours.services import time_report_approve
from vikarieportalen.payroll.models import HoursCorrection, TimeTransaction
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, at
from vikarieportalen.testing import client_logged_in, english

pytestmark = pytest.mark.django_db

LATER = at(2026, 12, 3, 10)  # before November's cut-off; the shift's export locks November


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(LATER, tick=False)


def url(report) -> str:
    return f"/lon/rattelse/{report.booking_id}/"


def form(**changes: str) -> dict[str, str]:
    data = {
        "day": "2026-11-24",
        "starts": "14:00",
        "ends": "21:00",
        "break_minutes": "30",
        "reason": "Gick en timme tidigare",
        "seen": "0",
    }
    data.update(changes)
    return data


def client(user) -> Client:
    return english(client_logged_in(user))


def lines_of(report) -> list[dict[str, Any]]:
    return list(TimeTransaction.objects.filter(report=report).order_by("pk").values())


def test_the_manager_corrects_and_sees_the_reversal_and_new_lines_and_the_history() -> None:
    report, manager = exported_shift()
    browser = client(manager)
    page = browser.get(url(report))
    assert page.status_code == 200
    assert b'id="correction-form"' in page.content
    assert b'id="correction-original"' in page.content
    response = browser.post(url(report), form(), follow=True)
    assert response.redirect_chain == [(url(report), 302)]
    assert "The hours are corrected: 2 lines reversed and 2 new lines" in response.text
    correction = HoursCorrection.objects.get(report=report)
    assert correction.reason == "Gick en timme tidigare"
    lines = TimeTransaction.objects.filter(correction=correction).order_by("pk")
    for line in lines:
        assert f'id="line-{line.pk}"' in response.text
        kind = "Reversal of line" if line.minutes < 0 else "New, replaces line"
        assert f"{kind} {line.corrects_id}" in response.text
    assert 'id="correction-history"' in response.text
    assert "Gick en timme tidigare" in response.text
    # Managers do not see kronor; the lines of the approval are still there, unchanged.
    assert "Amount (SEK)" not in response.text


def test_payroll_corrects_from_the_period_page_and_sees_amounts() -> None:
    report, _manager = exported_shift()
    payroll = PayrollFactory()
    browser = client(payroll)
    found = browser.get("/lon/perioder/2026-11/", {"person": "t100001"})
    assert url(report) in found.text
    response = browser.post(url(report), form(), follow=True)
    assert HoursCorrection.objects.filter(report=report, created_by=payroll).count() == 1
    assert "Amount (SEK)" in response.text
    # The period the correction is paid in lists it, with its reason.
    december = browser.get("/lon/perioder/2026-12/")
    assert 'id="period-corrections"' in december.text
    assert "Gick en timme tidigare" in december.text


def test_the_approval_page_links_exported_hours_to_their_correction() -> None:
    report, manager = exported_shift()
    page = client(manager).get(f"/bemanning/attest/{report.booking_id}/")
    assert 'id="hours-correct"' in page.text
    assert url(report) in page.text


def test_a_manager_of_another_workplace_gets_404_and_changes_nothing() -> None:
    report, _manager = exported_shift()
    before = lines_of(report)
    other = client(WorkplaceManagerFactory())
    assert other.get(url(report)).status_code == 404
    assert other.post(url(report), form()).status_code == 404
    assert lines_of(report) == before
    assert not HoursCorrection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends": "22:00"}, "The corrected times are the same as the approved ones. Nothing was changed."),
        ({"reason": "   "}, "Give the reason for the correction."),
        ({"ends": "07:00"}, "At most 16 hours can be approved for one shift."),
        ({"starts": "kvart"}, "Enter a time, e.g. 07:00."),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(changes: dict[str, str], message: str) -> None:
    report, manager = exported_shift()
    before = lines_of(report)
    response = client(manager).post(url(report), form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert 'class="error-summary"' in response.text
    assert lines_of(report) == before
    assert not HoursCorrection.objects.exists()


def test_a_correction_made_meanwhile_refuses_the_second_and_shows_the_hours_again() -> None:
    report, manager = exported_shift()
    hours_correct(
        report=report,
        by=manager,
        starts_at=at(2026, 11, 24, 14),
        ends_at=at(2026, 11, 24, 20),
        break_minutes=30,
        reason="Först",
        seen=0,
    )
    before = lines_of(report)
    # The form was shown before that correction: seen=0.
    response = client(manager).post(url(report), form(), follow=True)
    assert response.redirect_chain == [(url(report), 302)]
    assert (
        "Someone corrected these hours meanwhile. Nothing was changed; look at them again." in response.text
    )
    assert lines_of(report) == before
    assert HoursCorrection.objects.filter(report=report).count() == 1
    # The page offers the times in force and the count it showed now.
    assert 'name="seen" value="1"' in response.text
    assert 'value="20:00"' in response.text or 'value="20.00"' in response.text


def test_a_forged_seen_count_is_refused() -> None:
    report, manager = exported_shift()
    response = client(manager).post(url(report), form(seen="many"), follow=True)
    assert "The page was out of date. Nothing was changed; look at the hours again." in response.text
    assert not HoursCorrection.objects.exists()


def test_hours_not_exported_yet_have_nothing_to_correct() -> None:
    report, manager = exported_shift()
    shift = ShiftFactory(
        workplace=report.booking.workplace,
        starts_at=at(2026, 12, 1, 7),
        ends_at=at(2026, 12, 1, 15),
        break_minutes=30,
    )
    booking = BookingFactory(shift=shift, substitute=report.booking.substitute)
    fresh = time_report_approve(
        booking=booking, by=manager, starts_at=booking.starts_at, ends_at=booking.ends_at, break_minutes=30
    )
    browser = client(manager)
    page = browser.get(url(fresh))
    assert 'id="correction-not-exported"' in page.text
    assert 'id="correction-form"' not in page.text
    before = lines_of(fresh)
    response = browser.post(url(fresh), form(day="2026-12-01", starts="07:00", ends="14:00"))
    assert "These hours have not been exported yet" in response.text
    assert lines_of(fresh) == before
    # The approval page offers no correction either.
    assert 'id="hours-correct"' not in browser.get(f"/bemanning/attest/{booking.pk}/").text


def test_a_shift_without_approved_hours_is_404() -> None:
    report, manager = exported_shift()
    shift = ShiftFactory(
        workplace=report.booking.workplace, starts_at=at(2026, 12, 2, 7), ends_at=at(2026, 12, 2, 15)
    )
    booking = BookingFactory(shift=shift)
    assert client(manager).get(f"/lon/rattelse/{booking.pk}/").status_code == 404
