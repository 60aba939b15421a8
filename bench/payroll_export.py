"""Payroll export of one month for 2,000 substitutes: time and peak memory.

Builds, on PostgreSQL (a fresh database each run), 2,000 substitutes with 15 approved shifts each
in one month (day, evening and night shifts, weekends included), i.e. 30,000 bookings with their
approvals and about 50,000 time transactions (the ordinary line plus OB lines); plus 500 shifts of
the month before, exported, then corrected one by one through ``hours_correct`` (timed), whose
reversal and new lines (1,000) are paid in the month and go out with its export. Then, in a fresh
process so the build does not colour the memory figures:

1. ``export_pending(month)`` (what the export page asks) — timed;
2. ``export_create(period=month)`` (last month, a pay period that is over) — timed, with the
   process's peak RSS before and after;
3. the same export again with tracemalloc on (the lines are reset to unexported and the period
   reopened) — Python's peak;
4. the PAXml file checked against paxml.xsd (not part of the timing);
5. the period's reconciliation (``period_reconciliation`` and its CSV) after the export — timed
   (target under 2 s), and whether it says "balanced".

Exits non-zero when the PAXml file is not valid or the period does not reconcile.

Prints the machine and the figures; the last line is one JSON object.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench_payroll \
       .venv/bin/python bench/payroll_export.py [--substitutes 2000] [--shifts 15] [--smoke]
``--smoke``: 5 substitutes with 3 shifts each, in an empty database of its own (see smoke.py; SQLite
unless DATABASE_URL names PostgreSQL), for ``make test``. PAXML_XSD overrides the schema's path.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import smoke
from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vp_bench_payroll"
ZONE = ZoneInfo("Europe/Stockholm")
SEED = 2026
WORKPLACES = 60
# Where the export's tests find it too (vikarieportalen/payroll/tests/export_support.py).
XSD = Path(
    os.environ.get("PAXML_XSD", ROOT / "vikarieportalen" / "payroll" / "export" / "schema" / "paxml.xsd")
)
# (start, end, break minutes, OB pieces as (code, start, end) in local time on the shift's night)
TEMPLATES = [
    (dt.time(7), dt.time(16), 45, []),
    (dt.time(13, 30), dt.time(21, 30), 30, [("OB1", dt.time(19), dt.time(21, 30))]),
    (dt.time(21, 15), dt.time(7, 15), 45, [("OB2", dt.time(22), dt.time(6))]),
    (dt.time(8), dt.time(15), 30, []),
]


def ensure_fresh_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def local(day: dt.date, time_of_day: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time_of_day, tzinfo=ZONE)


def span(day: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    return local(day, starts), local(day if ends > starts else day + dt.timedelta(days=1), ends)


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)


def build(substitutes: int, shifts_each: int, month: dt.date) -> dict[str, int]:
    from django.core.management import call_command

    from vikarieportalen.accounts.models import User
    from vikarieportalen.payroll.models import TimeTransaction
    from vikarieportalen.staffing.models import Booking, Shift, TimeReport, TimeReportStatus, Workplace

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    Workplace.objects.bulk_create(
        [
            Workplace(name=f"Bänkenheten {n:03d}", area="elderly_care", cost_centre=f"{3100 + n}")
            for n in range(WORKPLACES)
        ]
    )
    workplaces = list(Workplace.objects.order_by("pk"))
    User.objects.bulk_create(
        [
            User(
                username=f"BENL{n:06d}",
                password="!",  # noqa: S106 - unusable password
                preferred_given_name="Bänk",
                family_name=f"Vikarie {n}",
                employee_number=f"L{n:06d}",
            )
            for n in range(substitutes)
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(username__startswith="BENL").order_by("pk").values_list("pk", flat=True))
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    counts = {"shifts": 0, "transactions": 0}
    for first in range(0, len(users), 250):  # in slices, so the build itself stays small
        shifts, plans = [], []
        for substitute_id in users[first : first + 250]:
            previous_end = None
            for day_number in sorted(rng.sample(range(1, days_in_month + 1), shifts_each)):
                day = month.replace(day=day_number)
                # After a night shift, not the 07:00 shift the next morning (bookings must not overlap).
                choices = [t for t in TEMPLATES if previous_end is None or local(day, t[0]) >= previous_end]
                starts, ends, break_minutes, pieces = rng.choice(choices)
                starts_at, ends_at = span(day, starts, ends)
                previous_end = ends_at
                workplace = rng.choice(workplaces)
                shifts.append(
                    Shift(
                        workplace=workplace,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        day=day,
                        break_minutes=break_minutes,
                        reason="sick_leave",
                    )
                )
                plans.append((substitute_id, workplace, day, starts_at, ends_at, break_minutes, pieces))
        Shift.objects.bulk_create(shifts, batch_size=2000)
        bookings = [
            Booking(
                shift=shift,
                substitute_id=plan[0],
                workplace=plan[1],
                starts_at=plan[3],
                ends_at=plan[4],
                work_minutes=minutes_between(plan[3], plan[4]) - plan[5],
            )
            for shift, plan in zip(shifts, plans, strict=True)
        ]
        Booking.objects.bulk_create(bookings, batch_size=2000)
        reports = [
            TimeReport(
                booking=booking,
                status=TimeReportStatus.APPROVED,
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                break_minutes=plan[5],
                work_minutes=booking.work_minutes,
            )
            for booking, plan in zip(bookings, plans, strict=True)
        ]
        TimeReport.objects.bulk_create(reports, batch_size=2000)
        lines = []
        for report, plan in zip(reports, plans, strict=True):
            substitute_id, workplace, day, starts_at, ends_at, _break, pieces = plan
            wage = Decimal("160.00")
            lines.append(
                TimeTransaction(
                    report=report,
                    substitute_id=substitute_id,
                    day=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    minutes=report.work_minutes,
                    time_code="TIM",
                    cost_centre=workplace.cost_centre,
                    rate=wage,
                    amount=(wage * report.work_minutes / 60).quantize(Decimal("0.01")),
                    period=month,
                )
            )
            weekend = day.weekday() >= 5
            for code, piece_start, piece_end in pieces if not weekend else [("OB3", starts, ends)]:
                if weekend:
                    piece_starts_at, piece_ends_at = starts_at, ends_at
                else:
                    piece_starts_at, piece_ends_at = span(day, piece_start, piece_end)
                minutes = minutes_between(piece_starts_at, piece_ends_at)
                lines.append(
                    TimeTransaction(
                        report=report,
                        substitute_id=substitute_id,
                        day=day,
                        starts_at=piece_starts_at,
                        ends_at=piece_ends_at,
                        minutes=minutes,
                        time_code=code,
                        cost_centre=workplace.cost_centre,
                        rate=Decimal("53.40"),
                        amount=(Decimal("53.40") * minutes / 60).quantize(Decimal("0.01")),
                        period=month,
                    )
                )
        TimeTransaction.objects.bulk_create(lines, batch_size=2000)
        counts["shifts"] += len(shifts)
        counts["transactions"] += len(lines)
    return counts


def build_corrections(count: int, month: dt.date) -> dict[str, float]:
    """``count`` shifts of the month before ``month``, exported (that period locked), then each
    corrected through ``hours_correct`` as payroll would, early in ``month``: their reversal and new
    lines are paid in ``month``'s period, late, and go out with its export."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from vikarieportalen.accounts.models import User
    from vikarieportalen.accounts.services import role_groups_sync
    from vikarieportalen.core.roles import Role
    from vikarieportalen.payroll.corrections.services import hours_correct
    from vikarieportalen.payroll.models import (
        ExportBatch,
        ExportStatus,
        HourlyWage,
        PayPeriod,
        PeriodState,
        TimeTransaction,
    )
    from vikarieportalen.staffing.models import Booking, Shift, TimeReport, TimeReportStatus, Workplace

    before = (month - dt.timedelta(days=1)).replace(day=1)
    role_groups_sync()
    payroll = User.objects.create(username="BENLPAY", preferred_given_name="Lön", family_name="Bänk")
    payroll.groups.add(*Group.objects.filter(name=str(Role.PAYROLL)))
    substitutes = list(User.objects.filter(username__startswith="BENL0").order_by("pk")[:count])
    HourlyWage.objects.bulk_create(
        [HourlyWage(substitute=user, valid_from=before, amount=Decimal("160.00")) for user in substitutes]
    )
    workplace = Workplace.objects.order_by("pk").first()
    assert workplace is not None
    day = before.replace(day=10)
    starts_at, ends_at = span(day, dt.time(7), dt.time(16))
    shifts = Shift.objects.bulk_create(
        [
            Shift(
                workplace=workplace,
                starts_at=starts_at,
                ends_at=ends_at,
                day=day,
                break_minutes=45,
                reason="sick_leave",
            )
            for _ in substitutes
        ]
    )
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                shift=shift,
                substitute=user,
                workplace=workplace,
                starts_at=starts_at,
                ends_at=ends_at,
                work_minutes=495,
            )
            for shift, user in zip(shifts, substitutes, strict=True)
        ]
    )
    reports = TimeReport.objects.bulk_create(
        [
            TimeReport(
                booking=booking,
                status=TimeReportStatus.APPROVED,
                starts_at=starts_at,
                ends_at=ends_at,
                break_minutes=45,
                work_minutes=495,
            )
            for booking in bookings
        ]
    )
    batch = ExportBatch.objects.create(
        status=ExportStatus.DONE, period=before, transaction_count=count, finished_at=timezone.now()
    )
    TimeTransaction.objects.bulk_create(
        [
            TimeTransaction(
                report=report,
                substitute_id=report.booking.substitute_id,
                day=day,
                starts_at=starts_at,
                ends_at=ends_at,
                minutes=495,
                time_code="TIM",
                cost_centre=workplace.cost_centre,
                rate=Decimal("160.00"),
                amount=Decimal("1320.00"),
                period=before,
                batch=batch,
            )
            for report in reports
        ]
    )
    PayPeriod.objects.create(month=before, state=PeriodState.LOCKED, locked_at=timezone.now())
    now = local(month.replace(day=3), dt.time(9))  # early in ``month``: corrections are paid in it
    started = time.perf_counter()
    for report in reports:
        with transaction.atomic():
            hours_correct(
                report=report,
                by=payroll,
                starts_at=starts_at,
                ends_at=ends_at - dt.timedelta(hours=1),
                break_minutes=45,
                reason="Gick en timme tidigare",
                seen=0,
                now=now,
            )
    return {"corrections": count, "corrections_seconds": round(time.perf_counter() - started, 2)}


def measure(month: dt.date) -> dict[str, Any]:
    """Runs in a fresh process: the period's export timed, then again under tracemalloc."""
    from lxml import etree

    from vikarieportalen.payroll.export import services as export
    from vikarieportalen.payroll.export.reconciliation import period_reconciliation, reconciliation_csv
    from vikarieportalen.payroll.models import ExportBatch, PayPeriod, PeriodState, TimeTransaction

    started = time.perf_counter()
    pending = export.export_pending(month)
    pending_seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    batch = export.export_create(by=None, period=month).batch
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert batch is not None
    paxml, csv = bytes(batch.paxml), bytes(batch.csv)
    started = time.perf_counter()
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    valid = bool(schema.validate(etree.fromstring(paxml)))
    validate_seconds = time.perf_counter() - started
    count = batch.transaction_count
    del paxml, csv, batch
    # The period's reconciliation (the page and its CSV), now that the period is exported.
    started = time.perf_counter()
    report = period_reconciliation(month)
    reconciliation_csv(report)
    reconciliation_seconds = time.perf_counter() - started

    # Undo the export (lines unexported, batch gone, the period open again) and export once more.
    TimeTransaction.objects.update(batch=None)
    ExportBatch.objects.all().delete()
    PayPeriod.objects.filter(month=month).update(state=PeriodState.OPEN, locked_at=None, locked_by=None)
    tracemalloc.start()
    started = time.perf_counter()
    again = export.export_create(by=None, period=month).batch
    traced_seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert again is not None and again.transaction_count == count
    return {
        "pending_seconds": round(pending_seconds, 3),
        "ready": pending.ready,
        "transactions": count,
        "seconds": round(seconds, 2),
        "peak_rss_mb_before": round(rss_before / 1024, 1),
        "peak_rss_mb_after": round(rss_after / 1024, 1),
        "peak_mb": round(peak / 1024 / 1024, 1),
        "seconds_with_tracemalloc": round(traced_seconds, 2),
        "paxml_bytes": len(bytes(again.paxml)),
        "csv_bytes": len(bytes(again.csv)),
        "paxml_valid": valid,
        "validate_seconds": round(validate_seconds, 2),
        "reconciliation_seconds": round(reconciliation_seconds, 3),
        "reconciliation_lines": report.approved.lines,
        "reconciliation_balanced": report.balanced,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--substitutes", type=int, default=2000)
    parser.add_argument("--shifts", type=int, default=15, help="approved shifts per substitute in the month")
    parser.add_argument("--corrections", type=int, default=500, help="shifts of the month before corrected")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: the period, YYYY-MM
    args = parser.parse_args()
    if args.measure:  # the child: DATABASE_URL is the parent's database
        setup_django(os.environ["DATABASE_URL"])
        print(json.dumps(measure(dt.date.fromisoformat(f"{args.measure}-01"))))
        return
    if args.smoke:
        args.substitutes, args.shifts, args.corrections = 5, 3, 3
        url = smoke.database_url("payroll_export")
    else:
        url = os.environ.get("DATABASE_URL", DEFAULT_URL)
        if not url.startswith("postgres"):
            sys.exit("Run on PostgreSQL: DATABASE_URL=postgres://…/vp_bench_payroll")

    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, {ram_gib()} GiB RAM, {platform.platform()}")
    print(f"python {platform.python_version()}, database {url.rsplit('@', 1)[-1]}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    if not args.smoke:
        ensure_fresh_database(url)
    setup_django(url)
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            print(f"postgresql {cursor.fetchone()[0]}")
        else:
            cursor.execute("SELECT sqlite_version()")
            print(f"sqlite {cursor.fetchone()[0]}")
    today = dt.datetime.now(tz=ZONE).date()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month
    started = time.perf_counter()
    built = build(args.substitutes, args.shifts, month)
    print(
        f"built {args.substitutes} substitutes, {built['shifts']} approved shifts, "
        f"{built['transactions']} time transactions in {month:%Y-%m} ({time.perf_counter() - started:.0f} s)"
    )
    corrected = build_corrections(args.corrections, month)
    print(
        f"{corrected['corrections']} shifts of the period before, exported, then corrected (hours_correct): "
        f"{corrected['corrections_seconds']} s; their reversal and new lines go with {month:%Y-%m}"
    )
    connection.close()
    child = subprocess.run(
        [sys.executable, __file__, "--measure", f"{month:%Y-%m}"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"export_pending (the page's count): {figures['pending_seconds']} s for {figures['ready']} lines")
    print(
        f"export_create: {figures['seconds']} s for {figures['transactions']} transactions; "
        f"peak RSS {figures['peak_rss_mb_before']} MB before, {figures['peak_rss_mb_after']} MB after"
    )
    print(
        f"tracemalloc peak (Python allocations during the export): {figures['peak_mb']} MB "
        f"({figures['seconds_with_tracemalloc']} s with tracing on)"
    )
    print(
        f"files: PAXml {figures['paxml_bytes']} bytes (valid against paxml.xsd: {figures['paxml_valid']}, "
        f"checked in {figures['validate_seconds']} s), CSV {figures['csv_bytes']} bytes"
    )
    print(
        f"reconciliation of {month:%Y-%m} (report and CSV): {figures['reconciliation_seconds']} s for "
        f"{figures['reconciliation_lines']} lines (target < 2 s); "
        f"balanced: {figures['reconciliation_balanced']}"
    )
    result = {
        "benchmark": "payroll_export",
        "substitutes": args.substitutes,
        "shifts": built["shifts"],
        **corrected,
        **figures,
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(result))
    if not (figures["paxml_valid"] and figures["reconciliation_balanced"]):
        sys.exit("The PAXml file is not valid or the period does not reconcile.")


if __name__ == "__main__":
    main()
