"""Demo data: certificate orders for the demo substitute, made from the approved hours of the demo.

Runs after the hours demo (approved past bookings → time transactions). Josefin (JOSA9804) gets a
released employer certificate, signed by HR (ABHA7919), and a second one waiting in HR's queue.
Idempotent: nothing is added once she has any order. Without approved hours nothing is made.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Min
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates import services
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, FurtherWork
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count
from vikarieportalen.payroll.models import TimeTransaction

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
    services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=start,
        period_to=end,
        purpose="Ansökan om ny anställning",
        recipient="",
    )
    count("certificate orders", True)
