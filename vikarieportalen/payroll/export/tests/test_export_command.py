"""``manage.py export_payroll``: a file and the batch number, nothing new, refusals, writing again."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from vikarieportalen.accounts.tests.factories import PayrollFactory
from vikarieportalen.payroll.export.tests.support import assert_valid_paxml, line
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, PayPeriod, PeriodState, TimeTransaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_payroll", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_paxml_file_and_prints_batch_and_count(tmp_path: Path) -> None:
    line()
    line(start=(19, 0), end=(22, 0), time_code="OB1")
    target = tmp_path / "lon.xml"

    out, _err = _run("--period", "2026-11", "--format", "paxml", "--output", str(target))

    batch = ExportBatch.objects.get()
    assert (
        out.strip()
        == f"Batch {batch.pk}, period 2026-11 (now locked): 2 time transactions written to {target}."
    )
    assert PayPeriod.objects.get(month=dt.date(2026, 11, 1)).state == PeriodState.LOCKED
    assert target.read_bytes() == bytes(batch.paxml)
    assert_valid_paxml(target.read_bytes())
    assert batch.created_by is None
    assert not list(tmp_path.glob(".*.part"))


def test_it_writes_the_csv_file_and_records_the_user(tmp_path: Path) -> None:
    line()
    payroll = PayrollFactory()
    target = tmp_path / "lon.csv"

    _run(
        "--period", "2026-11", "--format", "csv", "--output", str(target), "--user", payroll.username.lower()
    )

    batch = ExportBatch.objects.get()
    assert target.read_bytes() == bytes(batch.csv)
    assert batch.created_by == payroll


def test_a_period_with_nothing_ready_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    target = tmp_path / "lon.xml"
    held = line(time_code="OBKV")

    with pytest.raises(CommandError, match=r"^Refused: ") as refused:
        _run("--period", "2026-11", "--format", "paxml", "--output", str(target))

    assert refused.value.returncode == 1
    assert not target.exists()
    assert (
        not ExportBatch.objects.exists() and not PayPeriod.objects.filter(state=PeriodState.LOCKED).exists()
    )
    held.refresh_from_db()
    assert (held.period, held.late) == (dt.date(2026, 11, 1), False)


@pytest.mark.parametrize("period", ["2026-12", "2027-03"])
def test_a_period_not_over_yet_is_refused(tmp_path: Path, period: str) -> None:
    line(day=dt.date(2026, 12, 1))
    with pytest.raises(CommandError, match=r"^Refused: "):
        _run("--period", period, "--format", "paxml", "--output", str(tmp_path / "lon.xml"))
    assert not ExportBatch.objects.exists()


def test_a_locked_period_is_refused_and_its_file_can_still_be_written_again(tmp_path: Path) -> None:
    line()
    _run("--period", "2026-11", "--format", "paxml", "--output", str(tmp_path / "first.xml"))
    line(day=dt.date(2026, 11, 3))  # made past the lock: the command refuses, the line is untouched

    with pytest.raises(CommandError, match=r"^Refused: "):
        _run("--period", "2026-11", "--format", "paxml", "--output", str(tmp_path / "second.xml"))

    assert ExportBatch.objects.count() == 1 and not (tmp_path / "second.xml").exists()


def test_held_back_lines_are_named_on_stderr_and_moved_on(tmp_path: Path) -> None:
    line()
    held = line(time_code="OBKV")

    _out, err = _run("--period", "2026-11", "--format", "csv", "--output", str(tmp_path / "lon.csv"))

    assert f"Held back, not exported: {held.substitute.username} (1 lines): no_paxml_time_code" in err
    assert "Held-back lines moved to period 2026-12, marked late: 1" in err


def test_it_is_refused_while_another_export_runs(tmp_path: Path) -> None:
    line()
    running = ExportBatch.objects.create(status=ExportStatus.RUNNING)
    target = tmp_path / "lon.xml"

    with pytest.raises(CommandError, match=f"another export is running \\(batch {running.pk}"):
        _run("--period", "2026-11", "--format", "paxml", "--output", str(target))

    assert not target.exists()
    assert TimeTransaction.objects.filter(batch__isnull=True).count() == 1


def test_an_earlier_batch_is_written_again_byte_for_byte(tmp_path: Path) -> None:
    line()
    _run("--period", "2026-11", "--format", "paxml", "--output", str(tmp_path / "first.xml"))
    batch = ExportBatch.objects.get()

    out, _err = _run(
        "--period",
        "2026-11",
        "--format",
        "paxml",
        "--output",
        str(tmp_path / "again.xml"),
        "--batch",
        str(batch.pk),
    )

    assert (tmp_path / "again.xml").read_bytes() == (tmp_path / "first.xml").read_bytes()
    assert out.startswith(f"Batch {batch.pk}: written again")
    with pytest.raises(CommandError, match="No finished export batch 999"):
        _run("--period", "2026-11", "--format", "csv", "--output", str(tmp_path / "x.csv"), "--batch", "999")


def test_bad_arguments_are_refused_before_anything_is_exported(tmp_path: Path) -> None:
    line()
    with pytest.raises(CommandError, match="Give the pay period"):
        _run("--format", "csv", "--output", str(tmp_path / "x.csv"))
    for bad in ("2026-13", "november", "2026-11-01", ""):
        with pytest.raises(CommandError, match="period"):
            _run("--period", bad, "--format", "csv", "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError):
        _run("--period", "2026-11", "--format", "pdf", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="No such directory"):
        _run("--period", "2026-11", "--format", "csv", "--output", str(tmp_path / "missing" / "x.csv"))
    with pytest.raises(CommandError, match="No user NOBODY"):
        _run(
            "--period", "2026-11", "--format", "csv", "--output", str(tmp_path / "x.csv"), "--user", "NOBODY"
        )
    assert not ExportBatch.objects.exists()


def test_a_file_that_cannot_be_written_says_how_to_get_it_again(tmp_path: Path) -> None:
    line()
    target = tmp_path / "dir.xml"
    target.mkdir()  # a directory where the file should go: os.replace fails

    with pytest.raises(
        CommandError, match="was made and its hours are exported: write its file with --batch"
    ):
        _run("--period", "2026-11", "--format", "paxml", "--output", str(target))

    assert ExportBatch.objects.get().status == ExportStatus.DONE
    assert not list(tmp_path.glob(".*.part"))
