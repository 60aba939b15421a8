"""Two corrections of one shift at the same moment, on PostgreSQL: one correction, the other refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from vikarieportalen.payroll.corrections.services import CorrectionRefused, hours_correct
from vikarieportalen.payroll.corrections.tests.support import NOW, exported_shift
from vikarieportalen.payroll.models import HoursCorrection, TimeTransaction
from vikarieportalen.staffing.tests.factories import at
from vikarieportalen.testing import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]


@pytest.mark.parametrize("ends", [21, None], ids=["same-times", "different-times"])
def test_two_corrections_at_once_make_one(ends: int | None) -> None:
    report, manager = exported_shift()
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def run(end_hour: int) -> None:
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                outcomes.append(
                    hours_correct(
                        report=report,
                        by=manager,
                        starts_at=at(2026, 11, 24, 14),
                        ends_at=at(2026, 11, 24, end_hour),
                        break_minutes=30,
                        reason="Wrong end",
                        seen=0,
                        now=NOW,
                    )
                )
        except BaseException as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(ends or hour,)) for hour in (21, 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refused = [o for o in outcomes if isinstance(o, CorrectionRefused)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert HoursCorrection.objects.count() == 1
    # 2 exported lines, their 2 reversals and the new lines of one correction.
    assert TimeTransaction.objects.filter(report=report, minutes__lt=0).count() == 2
