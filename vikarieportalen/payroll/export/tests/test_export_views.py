"""The export page over HTTP: make an export, download again, refusals, bad input, query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from vikarieportalen.accounts.tests.factories import AdministratorFactory, PayrollFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.tests.support import assert_valid_paxml, line
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db
PAGE = "/lon/export/"
MAKE = "/lon/export/ny/"


def _payroll() -> Client:
    client = client_logged_in(PayrollFactory())
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)):
        yield


def _messages(response: object) -> list[str]:
    return [str(message) for message in response.context["messages"]]  # type: ignore[attr-defined]


def test_the_page_shows_what_waits_and_what_is_held_back() -> None:
    line(day=dt.date(2026, 11, 2))
    line(day=dt.date(2026, 11, 4))
    line(substitute=SubstituteFactory(employee_number=None, preferred_given_name="Nina", family_name="Utan"))

    line(day=dt.date(2026, 10, 2))  # another period

    response = english(_payroll()).get(PAGE)  # the oldest period with hours waiting: October

    assert response.context["period"].month == dt.date(2026, 10, 1)
    response = english(_payroll()).get(PAGE, {"period": "2026-11"})

    assert response.status_code == 200
    assert response.context["pending"].ready == 2
    content = response.content.decode()
    assert 'id="export-make"' in content
    assert "Nina Utan" in content and "no employee number" in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_making_an_export_records_a_batch_and_downloads_give_the_stored_bytes() -> None:
    pending = line()
    client = _payroll()

    response = english(client).post(MAKE, {"period": "2026-11"}, follow=True)

    batch = ExportBatch.objects.get()
    assert response.redirect_chain == [(f"{PAGE}?period=2026-11", 302)]
    assert (
        f"Export {batch.pk} of November 2026 is ready and the period is locked. Time transactions: 1."
        in _messages(response)[0]
    )
    assert "export-locked" in response.content.decode()
    pending.refresh_from_db()
    assert pending.batch == batch
    first = client.get(f"/lon/export/{batch.pk}/paxml/")
    second = client.get(f"/lon/export/{batch.pk}/paxml/")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == bytes(batch.paxml)
    assert_valid_paxml(first.content)
    assert first["Content-Disposition"] == f'attachment; filename="loneexport-{batch.pk:05d}.xml"'
    assert first["ETag"] == f'"{batch.paxml_sha256}"'
    csv = client.get(f"/lon/export/{batch.pk}/csv/")
    assert csv.content == bytes(batch.csv) and csv["Content-Type"] == "text/csv; charset=utf-8"
    downloads = AuditEvent.objects.filter(kind=PayrollAuditKind.PAYROLL_DOWNLOADED)
    assert sorted(event.details["format"] for event in downloads) == ["csv", "paxml", "paxml"]
    assert AuditEvent.objects.filter(kind=PayrollAuditKind.PAYROLL_EXPORTED).count() == 1


def test_exporting_a_period_with_nothing_ready_says_so_and_changes_nothing() -> None:
    response = english(_payroll()).post(MAKE, {"period": "2026-11"}, follow=True)

    assert _messages(response) == [
        "November 2026 has no approved hours ready to export. Nothing was exported; the period stays open."
    ]
    assert (
        not ExportBatch.objects.exists() and not PayPeriod.objects.filter(state=PeriodState.LOCKED).exists()
    )


def test_exporting_a_period_not_over_yet_says_so_and_changes_nothing() -> None:
    pending = line(day=dt.date(2026, 12, 1))

    response = english(_payroll()).post(MAKE, {"period": "2026-12"}, follow=True)

    assert _messages(response) == [
        "December 2026 is not over yet; it can be exported from 1 January 2027. Nothing was exported."
    ]
    assert not ExportBatch.objects.exists()
    pending.refresh_from_db()
    assert pending.batch is None


def test_exporting_a_locked_period_says_so_in_swedish_and_changes_nothing() -> None:
    line()
    client = _payroll()
    client.post(MAKE, {"period": "2026-11"})
    late = line(day=dt.date(2026, 11, 5))

    response = client.post(MAKE, {"period": "2026-11"}, follow=True)

    message = _messages(response)[-1]
    assert message.startswith("November 2026 har exporterats och låsts den ")
    assert ExportBatch.objects.count() == 1
    late.refresh_from_db()
    assert late.batch is None


def test_making_an_export_while_one_runs_is_refused_with_the_reason() -> None:
    pending = line()
    ExportBatch.objects.create(
        status=ExportStatus.RUNNING, created_by=AdministratorFactory(preferred_given_name="Sy")
    )

    response = english(_payroll()).post(MAKE, {"period": "2026-11"}, follow=True)

    (message,) = _messages(response)
    assert "is still running" in message and "no hours are lost or exported twice" in message
    assert ExportBatch.objects.count() == 1
    pending.refresh_from_db()
    assert pending.batch is None
    assert 'id="export-running"' in response.content.decode()


def test_held_back_lines_are_reported_after_an_export() -> None:
    line()
    line(time_code="OBKV")

    response = english(_payroll()).post(MAKE, {"period": "2026-11"}, follow=True)

    assert any(
        "Lines held back, not exported: 1. They now belong to December 2026, marked late" in message
        for message in _messages(response)
    )
    assert (
        TimeTransaction.objects.filter(batch__isnull=True, period=dt.date(2026, 12, 1), late=True).count()
        == 1
    )


@pytest.mark.parametrize(
    "url",
    [
        "/lon/export/999999/paxml/",  # no such batch
        "/lon/export/999999/csv/",
        "/lon/export/0/csv/",
        "/lon/export/abc/csv/",
        "/lon/export/1/pdf/",
    ],
)
def test_downloads_of_what_does_not_exist_are_404(url: str) -> None:
    assert _payroll().get(url).status_code == 404


def test_a_failed_or_running_batch_has_no_download() -> None:
    client = _payroll()
    failed = ExportBatch.objects.create(status=ExportStatus.FAILED)
    running = ExportBatch.objects.create(status=ExportStatus.RUNNING)

    assert client.get(f"/lon/export/{failed.pk}/paxml/").status_code == 404
    assert client.get(f"/lon/export/{running.pk}/csv/").status_code == 404
    assert not AuditEvent.objects.filter(kind=PayrollAuditKind.PAYROLL_DOWNLOADED).exists()


def test_making_an_export_needs_post_and_ignores_posted_junk() -> None:
    client = _payroll()
    line()

    assert client.get(MAKE).status_code == 405
    for junk in ({}, {"period": "'; drop table"}, {"period": "2026-13"}, {"period": ["2026-11", "x"]}):
        response = english(client).post(MAKE, junk, follow=True)
        assert (
            _messages(response)[-1] == "Choose a pay period (year and month) to export. Nothing was exported."
        )
    assert not ExportBatch.objects.exists()
    response = client.post(MAKE, {"period": "2026-11", "batch": "'; drop table", "until": "yesterday"})

    assert response.status_code == 302
    assert ExportBatch.objects.get().transaction_count == 1


def test_a_bad_page_number_shows_the_last_page() -> None:
    assert _payroll().get(PAGE, {"page": "x' or 1=1"}).status_code == 200


def test_the_page_takes_no_more_queries_with_more_batches_and_lines() -> None:
    line(day=dt.date(2026, 1, 2))
    export.export_create(by=None, period=dt.date(2026, 1, 1))
    line()

    def grow() -> None:
        for month in range(3, 8):
            line(day=dt.date(2026, month, 2))
            export.export_create(by=PayrollFactory(), period=dt.date(2026, month, 1))
        line(substitute=SubstituteFactory(employee_number=None))
        line(time_code="OBKV")

    assert_queries_do_not_grow(_payroll(), PAGE, grow)
