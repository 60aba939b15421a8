"""Employer certificates (Arbetsgivarintyg) from three years of shifts: time, size, memory.

Builds (or reuses) one substitute with three years of approved shifts (about 650 shifts, each an
ordinary pay line and, in the evening, a supplement line), then measures in one process:
- one employer certificate: order, HR's answers, sign and release (selectors + PDF + storing),
  and the PDF's size; the rendering alone as well;
- 200 such certificates in a row: total time and peak memory (the process's peak resident size, and
  resident memory before and after, to show nothing grows);
and prints the machine, the figures, and as the last line one JSON object.

Usage: .venv/bin/python bench/certificates.py [--count 200] [--smoke]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_certs .venv/bin/python bench/certificates.py
Default database: a SQLite file in /tmp (migrated on first use). ``--smoke``: one year of shifts and
2 certificates in a row, in an empty database of its own (see smoke.py), for ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import smoke
from machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
DEFAULT_DATABASE = "sqlite:////tmp/vp_certs_bench.sqlite3"

ZONE = ZoneInfo("Europe/Stockholm")
USERNAME = "BENCHCERT1"
YEARS = 3  # of shifts, and the certificate's period


def _rss_mib() -> float:
    """The process's resident memory now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(years: int) -> tuple[object, object, int]:
    """The substitute, an HR user and the number of shifts (made once, reused after)."""
    from django.db import transaction

    from vikarieportalen.accounts.models import User
    from vikarieportalen.accounts.services import role_groups_sync
    from vikarieportalen.core.roles import Role
    from vikarieportalen.payroll.models import BandKind, HourlyWage, SupplementBand, TimeTransaction
    from vikarieportalen.staffing.models import Booking, Shift, ShiftReason, TimeReport, Workplace

    substitute = User.objects.filter(username=USERNAME).first()
    hr = User.objects.filter(username="BENCHHR1").first()
    if substitute is not None and hr is not None:
        return (
            substitute,
            hr,
            TimeTransaction.objects.filter(substitute=substitute, band__isnull=True).count(),
        )
    with transaction.atomic():
        role_groups_sync()
        substitute = User.objects.create(
            username=USERNAME,
            given_names="Bänk",
            preferred_given_name="Bänk",
            family_name="Intygsson",
            personal_identity_number="199001012384",
            employee_number="B900001",
        )
        substitute.groups.add(*_groups(Role.SUBSTITUTE))
        hr = User.objects.create(username="BENCHHR1", preferred_given_name="Hedda", family_name="Personal")
        hr.groups.add(*_groups(Role.HR_SERVICE))
        HourlyWage.objects.create(
            substitute=substitute, valid_from=dt.date(2020, 1, 1), amount=Decimal("158.00")
        )
        band, _ = SupplementBand.objects.get_or_create(
            code="bench-kvall",
            defaults={
                "name": "Kväll (bänk)",
                "time_code": "OBK",
                "kind": BandKind.EVENING,
                "weekdays": [0, 1, 2, 3, 4],
                "starts": dt.time(19),
                "ends": dt.time(22),
                "amount_per_hour": Decimal("25.10"),
            },
        )
        places = [
            Workplace.objects.get_or_create(
                name=f"Bänkboendet {n}", defaults={"area": "elderly_care", "cost_centre": f"9{n:03d}"}
            )[0]
            for n in range(3)
        ]
        today = dt.datetime.now(tz=ZONE).date()
        day = today - dt.timedelta(days=365 * years)
        shifts = []
        while day < today - dt.timedelta(days=1):
            if day.weekday() in (0, 2, 3, 5):  # four shifts a week
                evening = day.weekday() == 2
                start = dt.datetime.combine(day, dt.time(14 if evening else 7), tzinfo=ZONE)
                shifts.append(
                    Shift(
                        workplace=places[day.month % 3],
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=8),
                        day=day,
                        break_minutes=30,
                        reason=ShiftReason.SICK_LEAVE,
                    )
                )
            day += dt.timedelta(days=1)
        Shift.objects.bulk_create(shifts, batch_size=500)
        bookings = Booking.objects.bulk_create(
            [
                Booking(
                    shift=shift,
                    substitute=substitute,
                    workplace=shift.workplace,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    work_minutes=450,
                )
                for shift in shifts
            ],
            batch_size=500,
        )
        reports = TimeReport.objects.bulk_create(
            [
                TimeReport(
                    booking=booking,
                    status="approved",
                    starts_at=booking.starts_at,
                    ends_at=booking.ends_at,
                    break_minutes=30,
                    work_minutes=450,
                )
                for booking in bookings
            ],
            batch_size=500,
        )
        lines = []
        for report, booking in zip(reports, bookings, strict=True):
            local = booking.starts_at.astimezone(ZONE)
            common = {
                "report": report,
                "substitute": substitute,
                "day": local.date(),
                "cost_centre": "9000",
                "period": local.date().replace(day=1),  # paid in the month worked
            }
            lines.append(
                TimeTransaction(
                    **common,
                    starts_at=booking.starts_at,
                    ends_at=booking.ends_at,
                    minutes=450,
                    time_code="TIM",
                    rate=Decimal("158.00"),
                    amount=Decimal("1185.00"),
                )
            )
            if local.hour == 14:
                lines.append(
                    TimeTransaction(
                        **common,
                        band=band,
                        starts_at=booking.ends_at - dt.timedelta(hours=3),
                        ends_at=booking.ends_at,
                        minutes=180,
                        time_code="OBK",
                        rate=Decimal("25.10"),
                        amount=Decimal("75.30"),
                    )
                )
        TimeTransaction.objects.bulk_create(lines, batch_size=1000)
    return substitute, hr, len(shifts)


def _groups(role: object) -> list[object]:
    from django.contrib.auth.models import Group

    return list(Group.objects.filter(name=str(role)))


def one(substitute: object, hr: object, years: int) -> tuple[float, int, float]:
    """Wall seconds, PDF bytes and this process's CPU seconds for one certificate, ordered to released."""
    from vikarieportalen.certificates import services
    from vikarieportalen.certificates.models import CertificateKind

    today = dt.datetime.now(tz=ZONE).date()
    started, cpu = time.perf_counter(), time.process_time()
    order = services.certificate_order_create(
        substitute=substitute,  # type: ignore[arg-type]
        kind=CertificateKind.EMPLOYER,
        period_from=(today - dt.timedelta(days=365 * years)).replace(day=1),
        period_to=today - dt.timedelta(days=1),
    )
    services.certificate_hr_update(
        order=order, by=hr, end_reason="Behovet upphörde", further_work="no", hr_note=""
    )  # type: ignore[arg-type]
    order = services.certificate_release(order=order, by=hr)  # type: ignore[arg-type]
    return time.perf_counter() - started, len(bytes(order.pdf)), time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()
    years = YEARS
    if args.smoke:
        years, args.count = 1, 2
        os.environ["DATABASE_URL"] = smoke.database_url("certificates")
    else:
        os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    logging.getLogger("vikarieportalen.certificates").setLevel(logging.ERROR)  # "no mobile, no SMS"
    settings.CERTIFICATE_AUTO_RELEASE_KINDS = []
    settings.DEBUG = False  # dev settings keep every query in memory when DEBUG is on

    from vikarieportalen.certificates import selectors
    from vikarieportalen.certificates.models import CertificateOrder
    from vikarieportalen.certificates.pdf import Issue, certificate_pdf

    print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (CPU times below are this process's own)")
    print(f"python {platform.python_version()}; database {settings.DATABASES['default']['ENGINE']}")
    started = time.perf_counter()
    substitute, hr, shifts = build(years)
    print(
        f"data: {shifts} approved shifts over {years} year{'s' if years != 1 else ''} "
        f"(built/reused in {time.perf_counter() - started:.1f} s)"
    )

    one(substitute, hr, years)  # warm: fonts loaded, templates, translations
    seconds, size, cpu_seconds = one(substitute, hr, years)
    print(
        f"one employer certificate (order + HR + sign + release): {seconds * 1000:.0f} ms "
        f"({cpu_seconds * 1000:.0f} ms CPU), PDF {size / 1024:.1f} KiB"
    )
    order = CertificateOrder.objects.filter(substitute=substitute).order_by("-pk").first()
    assert order is not None
    facts = selectors.facts_for(order)
    renders, render_cpu = [], []
    for _ in range(5):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        certificate_pdf(
            order=order,
            facts=facts,
            issue=Issue(
                issued_at=order.released_at, verification_code="ABCD-EFGH-JKMN", verification_url="x"
            ),  # type: ignore[arg-type]
        )
        renders.append(time.perf_counter() - begin)
        render_cpu.append(time.process_time() - begin_cpu)
    render_ms = statistics.median(renders) * 1000
    render_cpu_ms = statistics.median(render_cpu) * 1000
    print(f"rendering the PDF alone: median {render_ms:.0f} ms ({render_cpu_ms:.0f} ms CPU) of 5")

    rss_before = _rss_mib()
    begin = time.perf_counter()
    begin_cpu = time.process_time()
    runs = [one(substitute, hr, years) for _ in range(args.count)]
    total, total_cpu = time.perf_counter() - begin, time.process_time() - begin_cpu
    times = [run[0] for run in runs]
    rss_after = _rss_mib()
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.count} in a row: {total:.1f} s, {total_cpu:.1f} s CPU "
        f"(median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms); resident memory {rss_before:.0f} MiB before, "
        f"{rss_after:.0f} MiB after, peak {rss_mib:.0f} MiB"
    )
    print(
        json.dumps(
            {
                "shifts": shifts,
                "one_ms": round(seconds * 1000),
                "one_cpu_ms": round(cpu_seconds * 1000),
                "pdf_bytes": size,
                "render_ms": round(render_ms),
                "render_cpu_ms": round(render_cpu_ms),
                "count": args.count,
                "count_seconds": round(total, 1),
                "count_cpu_seconds": round(total_cpu, 1),
                "median_ms": round(statistics.median(times) * 1000),
                "rss_before_mib": round(rss_before),
                "rss_after_mib": round(rss_after),
                "peak_rss_mib": round(rss_mib),
            }
        )
    )


if __name__ == "__main__":
    main()
