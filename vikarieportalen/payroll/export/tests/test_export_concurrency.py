"""Two exports at once, and hours approved during an export, on PostgreSQL (real transactions, threads).

Run with DATABASE_URL=postgres://…; skipped on SQLite, which has one writer at a time anyway.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings

from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.paxml import PaxmlWriter
from vikarieportalen.payroll.export.tests.support import line
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, TimeTransaction
from vikarieportalen.testing import postgresql_only

NOV, AFTER = dt.date(2026, 11, 1), dt.date(2026, 12, 10)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgresql_only,
]


class _PausedExport(threading.Thread):
    """An export in another thread that stops inside its transaction until ``go`` is set."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.inside = threading.Event()
        self.go = threading.Event()
        self.result: export.ExportResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        original = PaxmlWriter.add

        def paused_add(writer: PaxmlWriter, line: Any) -> None:
            if writer.count == 0:
                self.inside.set()
                self.go.wait(timeout=30)
            original(writer, line)

        try:
            with mock.patch.object(PaxmlWriter, "add", paused_add):
                self.result = export.export_create(by=None, period=NOV, today=AFTER)
        except BaseException as exc:
            self.error = exc
        finally:
            connection.close()


def test_a_second_export_while_one_runs_is_refused_and_nothing_is_lost_or_doubled() -> None:
    first_lines = [line().pk for _ in range(3)]
    running = _PausedExport()
    running.start()
    assert running.inside.wait(timeout=30)

    # The first export holds its lines; a line approved now, and a second export, meanwhile:
    late = line().pk
    with (
        override_settings(PAYROLL_EXPORT_ABANDONED_MINUTES=-1),  # even "old": it is alive, so not failed
        pytest.raises(export.ExportAlreadyRunning) as refused,
    ):
        export.export_create(by=None, period=NOV, today=AFTER)
    running.go.set()
    running.join(timeout=30)

    assert running.error is None and running.result is not None and running.result.batch is not None
    first = running.result.batch
    assert refused.value.running is not None and refused.value.running.pk == first.pk
    assert first.status == ExportStatus.DONE
    assert sorted(TimeTransaction.objects.filter(batch=first).values_list("pk", flat=True)) == first_lines
    # Not lost: left in the period as it was locked, it moved on to the next period, marked late.
    waiting = TimeTransaction.objects.get(pk=late)
    assert (waiting.batch, waiting.period, waiting.late) == (None, dt.date(2026, 12, 1), True)
    second = export.export_create(by=None, period=dt.date(2026, 12, 1), today=dt.date(2027, 1, 2)).batch
    assert second is not None and second.transaction_count == 1
    assert TimeTransaction.objects.get(pk=late).batch == second
    assert TimeTransaction.objects.filter(batch__isnull=True).count() == 0
    assert ExportBatch.objects.filter(status=ExportStatus.DONE).count() == 2


def test_two_exports_started_together_make_one_batch() -> None:
    for _ in range(5):
        line()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            export.export_create(by=None, period=NOV, today=AFTER)
            outcomes.append("done")
        except export.PeriodRefused:
            outcomes.append("nothing")
        except export.ExportAlreadyRunning:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Either the second is refused, or it starts after the first finished and finds the period locked.
    assert sorted(outcomes) in (["done", "refused"], ["done", "nothing"])
    batch = ExportBatch.objects.get(status=ExportStatus.DONE)
    assert batch.transaction_count == 5
    assert not TimeTransaction.objects.filter(batch__isnull=True).exists()
