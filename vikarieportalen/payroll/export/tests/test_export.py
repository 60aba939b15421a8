"""The export service and its files: schema-valid PAXml, the CSV, exactly once, held-back lines, failures."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from unittest import mock

import pytest
from django.utils import timezone
from lxml import etree

from vikarieportalen.accounts.tests.factories import PayrollFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.csv_format import HEADER
from vikarieportalen.payroll.export.rules import PAXML_TIME_CODES
from vikarieportalen.payroll.export.tests.support import (
    SAMPLE_PATH,
    XSD_PATH,
    assert_valid_paxml,
    line,
    paxml_schema,
)
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, PayPeriod, PeriodState, TimeTransaction

pytestmark = pytest.mark.django_db

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
AFTER = dt.date(2026, 12, 10)  # November is over


def _tidtrans(content: bytes) -> list[etree._Element]:
    return assert_valid_paxml(content).findall("tidtransaktioner/tidtrans")


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_validator_accepts_the_standards_own_sample() -> None:
    schema = paxml_schema()
    assert schema.validate(etree.parse(str(SAMPLE_PATH)))


def test_our_list_of_paxml_time_codes_is_the_schemas() -> None:
    schema = etree.parse(str(XSD_PATH))
    codes = schema.xpath(
        "//xs:simpleType[@name='tidkodTYPE']//xs:enumeration/@value",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    assert set(codes) == PAXML_TIME_CODES


def test_the_validator_rejects_a_time_code_paxml_does_not_know() -> None:
    broken = etree.parse(str(SAMPLE_PATH))
    broken.find("tidtransaktioner/tidtrans/tidkod").text = "TIM"
    assert not paxml_schema().validate(broken)


def test_an_export_makes_a_schema_valid_paxml_file_with_every_field() -> None:
    substitute = SubstituteFactory(employee_number="V10001")
    ordinary = line(substitute=substitute, minutes=495)  # 07:00–16:00 less 45 minutes' break
    evening = line(substitute=substitute, start=(19, 0), end=(22, 0), time_code="OB1")
    night = line(start=(22, 0), end=(6, 0), time_code="OB2", cost_centre="")
    payroll = PayrollFactory()

    result = export.export_create(by=payroll, period=NOV, today=AFTER)

    batch = result.batch
    assert batch is not None and batch.status == ExportStatus.DONE and batch.transaction_count == 3
    assert batch.created_by == payroll and batch.finished_at is not None
    root = assert_valid_paxml(bytes(batch.paxml))
    header = root.find("header")
    assert header.findtext("version") == "2.0" and header.findtext("format") == "LÖNIN"
    assert header.findtext("foretagnamn") == "Kristinehamns kommun"
    by_id = {int(trans.get("postid")): trans for trans in root.findall("tidtransaktioner/tidtrans")}
    assert set(by_id) == {ordinary.pk, evening.pk, night.pk}
    first = by_id[ordinary.pk]
    assert first.get("anstid") == "V10001"
    assert first.findtext("tidkod") == "ARB"  # our "TIM", mapped
    assert first.findtext("datum") == "2026-11-02"
    assert first.findtext("timmar") == "8.25"
    assert first.find("starttid") is None  # PAXml: never hours together with start and end
    assert first.findtext("info") == "07:00-16:00"
    assert first.find("resenheter/resenhet").attrib == {"dim": "1", "id": "4711"}
    second = by_id[evening.pk]
    assert second.findtext("tidkod") == "OB1"
    assert second.findtext("starttid") == "2026-11-02T19:00:00+01:00"
    assert second.findtext("sluttid") == "2026-11-02T22:00:00+01:00"
    assert second.find("timmar") is None
    third = by_id[night.pk]
    assert third.findtext("sluttid") == "2026-11-03T06:00:00+01:00"
    assert third.find("resenheter") is None
    assert batch.paxml_sha256 == hashlib.sha256(bytes(batch.paxml)).hexdigest()
    assert set(TimeTransaction.objects.values_list("batch", flat=True)) == {batch.pk}
    event = AuditEvent.objects.get(kind=PayrollAuditKind.PAYROLL_EXPORTED)
    assert event.actor == payroll and event.details == {
        "batch": batch.pk,
        "transactions": 3,
        "period": "2026-11",
        "moved": 0,
    }


def test_the_csv_has_the_same_lines_for_swedish_excel() -> None:
    substitute = SubstituteFactory(employee_number="V10001")
    ordinary = line(substitute=substitute, minutes=495)
    evening = line(substitute=substitute, start=(19, 0), end=(22, 20), time_code="OB1", cost_centre="=1+1")

    batch = export.export_create(by=None, period=NOV, today=AFTER).batch

    assert batch is not None
    rows = _csv_rows(bytes(batch.csv))
    assert bytes(batch.csv).count(b"\r\n") == 3
    assert rows[0] == HEADER
    assert rows[1] == [
        str(ordinary.pk), "V10001", "2026-11-02", "2026-11-02 07:00", "2026-11-02 16:00", "8,25", "495",
        "TIM", "ARB", "4711",
    ]  # fmt: skip
    assert rows[2] == [
        str(evening.pk), "V10001", "2026-11-02", "2026-11-02 19:00", "2026-11-02 22:20", "3,33", "200",
        "OB1", "OB1", "'=1+1",
    ]  # fmt: skip


def test_lines_are_ordered_by_employee_number_then_time() -> None:
    later = SubstituteFactory(employee_number="V2")
    earlier = SubstituteFactory(employee_number="V1")
    a = line(substitute=later, day=dt.date(2026, 11, 1))
    b = line(substitute=earlier, day=dt.date(2026, 11, 3))
    c = line(substitute=earlier, day=dt.date(2026, 11, 2))

    batch = export.export_create(by=None, period=NOV, today=AFTER).batch

    assert batch is not None
    assert [int(trans.get("postid")) for trans in _tidtrans(bytes(batch.paxml))] == [c.pk, b.pk, a.pk]


def test_the_same_lines_give_the_same_bytes() -> None:
    line(minutes=480)
    first = export.export_create(by=None, period=NOV, today=AFTER).batch
    assert first is not None
    TimeTransaction.objects.update(batch=None)
    ExportBatch.objects.filter(pk=first.pk).update(status=ExportStatus.FAILED)
    with mock.patch(
        "vikarieportalen.payroll.export.services.local_iso", return_value="2026-11-28T08:00:00+01:00"
    ):
        PayPeriod.objects.update(state=PeriodState.OPEN, locked_at=None)
        again, _moved, _to = export._batch_fill(
            batch_id=ExportBatch.objects.create(status=ExportStatus.RUNNING).pk,
            by=None,
            code_map=export._code_map(),
            period=NOV,
            today=AFTER,
        )
        TimeTransaction.objects.update(batch=None)
        ExportBatch.objects.filter(status=ExportStatus.DONE).update(status=ExportStatus.FAILED)
        PayPeriod.objects.update(state=PeriodState.OPEN, locked_at=None)
        third, _moved, _to = export._batch_fill(
            batch_id=ExportBatch.objects.create(status=ExportStatus.RUNNING).pk,
            by=None,
            code_map=export._code_map(),
            period=NOV,
            today=AFTER,
        )
    assert again is not None and third is not None
    # Only the batch number differs (in the header's info).
    assert bytes(again.paxml).replace(f"omgång {again.pk}".encode(), b"") == bytes(third.paxml).replace(
        f"omgång {third.pk}".encode(), b""
    )
    assert bytes(again.csv) == bytes(third.csv)


def test_each_period_is_exported_on_its_own() -> None:
    october = line(day=dt.date(2026, 10, 30))
    november = line(day=dt.date(2026, 11, 3))

    first = export.export_create(by=None, period=OCT, today=AFTER).batch
    second = export.export_create(by=None, period=NOV, today=AFTER).batch

    assert first.pk != second.pk and (first.period, second.period) == (OCT, NOV)
    assert [int(t.get("postid")) for t in _tidtrans(bytes(first.paxml))] == [october.pk]
    assert [int(t.get("postid")) for t in _tidtrans(bytes(second.paxml))] == [november.pk]
    assert second.transaction_count == 1


def test_exporting_a_period_again_is_refused_and_makes_no_batch() -> None:
    line()
    export.export_create(by=None, period=NOV, today=AFTER)

    with pytest.raises(export.PeriodRefused) as refused:
        export.export_create(by=None, period=NOV, today=AFTER)

    assert refused.value.code == "period_locked"
    assert ExportBatch.objects.count() == 1


def test_an_export_while_another_runs_is_refused_and_changes_nothing() -> None:
    pending = line()
    running = ExportBatch.objects.create(status=ExportStatus.RUNNING)

    with pytest.raises(export.ExportAlreadyRunning) as refused:
        export.export_create(by=None, period=NOV, today=AFTER)

    assert refused.value.running == running
    assert ExportBatch.objects.count() == 1
    pending.refresh_from_db()
    assert pending.batch is None


def test_the_database_refuses_a_second_running_batch_that_got_past_the_check() -> None:
    pending = line()
    running = ExportBatch.objects.create(status=ExportStatus.RUNNING)

    with (
        mock.patch.object(export, "export_running", side_effect=[None, running]),
        pytest.raises(export.ExportAlreadyRunning) as refused,
    ):
        export.export_create(by=None, period=NOV, today=AFTER)

    assert refused.value.running == running
    assert ExportBatch.objects.count() == 1
    pending.refresh_from_db()
    assert pending.batch is None


def test_a_failure_while_writing_exports_nothing_and_marks_the_batch_failed() -> None:
    pending = line()

    with (
        mock.patch("vikarieportalen.payroll.export.services.CsvWriter.add", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        export.export_create(by=None, period=NOV, today=AFTER)

    batch = ExportBatch.objects.get()
    assert batch.status == ExportStatus.FAILED and batch.transaction_count == 0
    pending.refresh_from_db()
    assert pending.batch is None
    retry = export.export_create(
        by=None, period=NOV, today=AFTER
    ).batch  # the next export is not blocked and takes the line
    assert retry is not None and retry.transaction_count == 1


def test_an_abandoned_running_export_is_marked_failed_by_the_next_one() -> None:
    line()
    abandoned = ExportBatch.objects.create(status=ExportStatus.RUNNING)
    ExportBatch.objects.filter(pk=abandoned.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    batch = export.export_create(by=None, period=NOV, today=AFTER).batch

    abandoned.refresh_from_db()
    assert abandoned.status == ExportStatus.FAILED
    assert batch is not None and batch.transaction_count == 1


def test_lines_that_cannot_go_out_are_held_back_not_dropped() -> None:
    good = line()
    no_number = line(substitute=SubstituteFactory(employee_number=None))
    odd_code = line(time_code="OBKV")
    long_centre = line(cost_centre="12345678901")

    result = export.export_create(by=None, period=NOV, today=AFTER)

    assert result.batch is not None and result.batch.transaction_count == 1
    assert [int(t.get("postid")) for t in _tidtrans(bytes(result.batch.paxml))] == [good.pk]
    held = {group.substitute_id: group.problems for group in result.held_back}
    assert held == {
        no_number.substitute_id: (export.LineProblem.NO_EMPLOYEE_NUMBER,),
        odd_code.substitute_id: (export.LineProblem.NO_PAXML_TIME_CODE,),
        long_centre.substitute_id: (export.LineProblem.COST_CENTRE_TOO_LONG,),
    }
    # Not dropped: unexported, moved on to December and marked late.
    assert result.moved == 3 and result.moved_to == DEC
    assert set(TimeTransaction.objects.filter(batch__isnull=True).values_list("period", "late")) == {
        (DEC, True)
    }
    # Fixed: the line goes with the next period's export.
    no_number.substitute.employee_number = "V777"
    no_number.substitute.save()
    later = export.export_create(by=None, period=DEC, today=dt.date(2027, 1, 3))
    assert later.batch is not None
    assert [int(t.get("postid")) for t in _tidtrans(bytes(later.batch.paxml))] == [no_number.pk]


def test_pending_counts_what_the_next_export_takes() -> None:
    line(day=dt.date(2026, 11, 2))
    line(day=dt.date(2026, 11, 5))
    line(substitute=SubstituteFactory(employee_number=None))

    line(day=dt.date(2026, 10, 30))  # another period

    pending = export.export_pending(NOV)

    assert (pending.ready, pending.first_day, pending.last_day) == (
        2,
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 5),
    )
    assert pending.held_back_lines == 1


def test_lines_of_other_periods_stay_for_their_own_export() -> None:
    november = line(day=dt.date(2026, 11, 30))
    december = line(day=dt.date(2026, 12, 1))

    batch = export.export_create(by=None, period=NOV, today=dt.date(2027, 1, 2)).batch

    november.refresh_from_db()
    december.refresh_from_db()
    assert batch.transaction_count == 1 and november.batch == batch and december.batch is None
    assert PayPeriod.objects.get(month=NOV).state == PeriodState.LOCKED
    assert december.period == DEC and not december.late


def test_stored_files_come_back_byte_for_byte() -> None:
    line()
    batch = export.export_create(by=None, period=NOV, today=AFTER).batch
    assert batch is not None

    paxml, paxml_sha = export.export_file(batch_id=batch.pk, kind="paxml")
    again, _ = export.export_file(batch_id=batch.pk, kind="paxml")
    csv_bytes, csv_sha = export.export_file(batch_id=batch.pk, kind="csv")

    assert paxml == again == bytes(batch.paxml)
    assert hashlib.sha256(paxml).hexdigest() == paxml_sha
    assert hashlib.sha256(csv_bytes).hexdigest() == csv_sha
    failed = ExportBatch.objects.create(status=ExportStatus.FAILED)
    with pytest.raises(ExportBatch.DoesNotExist):
        export.export_file(batch_id=failed.pk, kind="paxml")
