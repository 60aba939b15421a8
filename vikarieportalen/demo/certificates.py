"""Demo data: certificate orders for the demo substitute, made from the approved hours of the demo.

Runs after the hours demo (approved past bookings → time transactions). Josefin (JOSA9804) gets a
released employer certificate, signed by HR (ABHA7919), and a second one waiting in HR's queue.
Then two of her exported shifts in the released certificate's period are corrected by the payroll
officer (each ended half an hour earlier), through the real service, so the certificate is flagged
twice to HR; HR has marked the older flag handled ("no action needed", with a note) and the newer
one waits. Idempotent: nothing is added once she has any order. Without approved hours nothing is
made (and without exported shifts, no flags).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates import services
from vikarieportalen.certificates.corrections import correction_flag_handle
from vikarieportalen.certificates.models import (
    CertificateKind,
    CertificateOrder,
    CorrectionFlag,
    FlagOutcome,
    FurtherWork,
)
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count
from vikarieportalen.demo.payroll_periods import CORRECTED_MINUTES, DEMO_PAYROLL, demo_correction_make
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus

DEMO_HR = "ABHA7919"


def demo_certificates_build(*, count: Count) -> None:
    substitute = User.objects.filter(username=FIRST_SUBSTITUTE).first()
    hr = User.objects.filter(username=DEMO_HR).first()
    if substitute is None or hr is None or CertificateOrder.objects.filter(substitute=substitute).exists():
        return
    today = timezone.localdate()
    span = TimeTransaction.objects.filter(
        substitute=substitute, band__isnull=True, day__gte=today - dt.timedelta(days=365), day__lt=today
    ).aggregate(first=Min("day"), last=Max("day"))
    if span["first"] is None:
        return
    start, end = span["first"].replace(day=1), span["last"]
    released = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=start,
        period_to=end,
        purpose="Ersättning från a-kassan",
        recipient="Kommunals a-kassa",
    )
    services.certificate_hr_update(
        order=released,
        by=hr,
        end_reason="Timanställningen avslutades när behovet av vikarier upphörde.",
        further_work=FurtherWork.YES,
        hr_note="",
    )
    services.certificate_release(order=released, by=hr)
    count("certificate orders", True)
    _demo_flags(released, hr=hr, count=count)
    services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=start,
        period_to=end,
        purpose="Ansökan om ny anställning",
        recipient="",
    )
    count("certificate orders", True)


def _demo_flags(released: CertificateOrder, *, hr: User, count: Count) -> None:
    """Correct two exported shifts the certificate counts; HR handles the older flag."""
    payroll = User.objects.filter(username=DEMO_PAYROLL).first()
    if payroll is None or released.period_from is None or released.period_to is None:
        return
    reports = (
        TimeReport.objects.filter(
            booking__substitute=released.substitute,
            status=TimeReportStatus.APPROVED,
            transactions__batch__isnull=False,
            transactions__day__range=(released.period_from, released.period_to),
            work_minutes__gt=CORRECTED_MINUTES * 2,
            corrections__isnull=True,
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    corrected = 0
    for report in reports[:6]:
        corrected += demo_correction_make(report=report, by=payroll, count=count)
        if corrected == 2:
            break
    flags = CorrectionFlag.objects.filter(order=released).order_by("created_at", "pk")
    if len(flags) == 2:
        correction_flag_handle(
            flag=flags[0],
            by=hr,
            outcome=FlagOutcome.NO_ACTION,
            note="Passet rättades en halvtimme; vikarien behöver inget nytt intyg för a-kassan nu.",
        )
        count("certificate flags handled", True)
