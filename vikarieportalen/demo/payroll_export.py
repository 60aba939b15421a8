"""Demo data: payroll export batches.

One earlier export, made by the demo payroll officer (LOEA6830), of every approved line except the
latest week's, so the export page shows a batch to download and new transactions waiting.
Idempotent: once any export exists nothing more is made. Runs after the hours demo.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Max

from vikarieportalen.demo.common import Count
from vikarieportalen.payroll.export.services import export_create
from vikarieportalen.payroll.models import ExportBatch, TimeTransaction

DEMO_PAYROLL = "LOEA6830"
LEFT_WAITING = dt.timedelta(days=7)


def demo_export_build(*, count: Count) -> None:
    """An earlier export up to a week before the latest approved line."""
    if ExportBatch.objects.exists():
        count("payroll exports", False)
        return
    latest = TimeTransaction.objects.filter(batch__isnull=True).aggregate(latest=Max("day"))["latest"]
    if latest is None:
        return
    by = get_user_model().objects.filter(username=DEMO_PAYROLL).first()
    result = export_create(by=by, until=latest - LEFT_WAITING)
    if result.batch is not None:
        count("payroll exports", True)
