"""Statistik at the bench's size: every report of the statistics page, timed.

Named stats_reports.py, not statistics.py: a script's folder comes first on sys.path, so a
bench/statistics.py would stand in for the standard library's ``statistics`` in every bench here.

Builds (or reuses) the data of bench/candidates.py — 10,000 substitutes, 300 workplaces,
1,000,000 past bookings over two years — and adds what the statistics read beyond it: for the last
``PAY_DAYS`` days an approval and pay lines (ordinary and OB) for every past booking and two offers
per booked shift (one accepted, one declined), and a cancelled booking on every twentieth shift.
Then it fills the statistics' daily summary (``statistics_refresh``: full, then incremental, both
timed) and measures ``statistics_report`` (every section, as the page computes it) for:
- three years, every workplace (the largest report anyone can ask for), per month and per week;
- one year of one area, this month of every workplace, three years of one workplace;
- the page itself (GET /statistik/ for the staffing centre, three years, with charts and tables);
and prints the machine, the figures, and as the last line one JSON object. Every report must answer
within 1 s (``"all_within_1s"``).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench_statistics \
       .venv/bin/python bench/stats_reports.py [--rounds 5] [--rebuild] [--smoke]
``--smoke`` builds bench/candidates.py's smoke size in an empty database of its own (make test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import candidates
import smoke
from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vp_bench_statistics"
PAY_DAYS = 90
WAGE = Decimal("165.00")
OB_RATE = Decimal("55.40")
LIMIT_MS = 1000
SEED = 2027


def build_history(log: Callable[[str], None]) -> None:
    """Pay lines, offers and cancellations for the last PAY_DAYS days, unless already there."""
    from django.db.models import Max
    from django.utils import timezone

    from vikarieportalen.payroll.models import SupplementBand, TimeTransaction
    from vikarieportalen.staffing.models import Booking, OfferSend

    if TimeTransaction.objects.exists():
        return
    now = timezone.now()
    since = now - dt.timedelta(days=PAY_DAYS)
    band, _created = SupplementBand.objects.get_or_create(
        code="bench-ob",
        defaults={"name": "Bänk-OB", "time_code": "OB1", "kind": "evening", "amount_per_hour": OB_RATE},
    )
    send = OfferSend.objects.create()
    rows = list(
        Booking.objects.filter(status="active", starts_at__gte=since, ends_at__lt=now)
        .order_by("pk")
        .values_list("pk", "shift_id", "substitute_id", "starts_at", "ends_at", "work_minutes")
    )
    substitutes = sorted({row[2] for row in rows})
    rng = random.Random(SEED)
    report_id = candidates.next_id("staffing_timereport")
    transaction_id = candidates.next_id("payroll_timetransaction")
    offer_id = candidates.next_id("staffing_offer")
    booking_id = (Booking.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    reports, transactions, offers, cancelled = [], [], [], []
    for index, (pk, shift_id, substitute_id, starts_at, ends_at, minutes) in enumerate(rows):
        reports.append((report_id, pk, "approved", starts_at, ends_at, 45, minutes, "", now))
        day = starts_at.astimezone(candidates.ZONE).date()
        transactions.append(
            (transaction_id, report_id, substitute_id, day, starts_at, ends_at, minutes, "TIM", None, "",
             WAGE, (WAGE * minutes / 60).quantize(Decimal("0.01")), day.replace(day=1), False)
        )  # fmt: skip
        transaction_id += 1
        if starts_at.astimezone(candidates.ZONE).hour >= 13:
            transactions.append(
                (transaction_id, report_id, substitute_id, day, starts_at, ends_at, 120, "OB1", band.pk, "",
                 OB_RATE, OB_RATE * 2, day.replace(day=1), False)
            )  # fmt: skip
            transaction_id += 1
        report_id += 1
        sent = starts_at - dt.timedelta(days=2)
        other = substitutes[rng.randrange(len(substitutes))]
        offers.append(
            (offer_id, send.pk, shift_id, substitute_id, 1, f"{index % 9000 + 1000}", f"bench{offer_id}",
             "accepted", sent, starts_at, sent + dt.timedelta(minutes=rng.randint(1, 300)), "sms", "")
        )  # fmt: skip
        offer_id += 1
        if other != substitute_id:
            offers.append(
                (offer_id, send.pk, shift_id, other, 1, f"{index % 9000 + 1000}", f"bench{offer_id}",
                 "declined", sent, starts_at, sent + dt.timedelta(minutes=rng.randint(1, 600)), "sms", "")
            )  # fmt: skip
            offer_id += 1
        if index % 20 == 0:
            cancelled.append(
                (
                    booking_id,
                    shift_id,
                    other,
                    starts_at,
                    ends_at,
                    minutes,
                    sent,
                    sent + dt.timedelta(hours=1),
                    other,
                )
            )
            booking_id += 1
    candidates.copy_rows(
        "staffing_timereport",
        [
            "id",
            "booking_id",
            "status",
            "starts_at",
            "ends_at",
            "break_minutes",
            "work_minutes",
            "note",
            "approved_at",
        ],
        iter(reports),
    )
    candidates.copy_rows(
        "payroll_timetransaction",
        ["id", "report_id", "substitute_id", "day", "starts_at", "ends_at", "minutes", "time_code", "band_id",
         "cost_centre", "rate", "amount", "period", "late"],  # paid in the work's own month
        iter(transactions),
    )  # fmt: skip
    candidates.copy_rows(
        "staffing_offer",
        ["id", "send_id", "shift_id", "substitute_id", "round", "code", "token", "status", "created_at",
         "expires_at", "responded_at", "channel", "series_key"],
        iter(offers),
    )  # fmt: skip
    workplaces = dict(
        Booking.objects.filter(pk__in=[r[0] for r in rows[::20]]).values_list("shift_id", "workplace_id")
    )
    candidates.copy_rows(
        "staffing_booking",
        [*candidates.BOOKING_COLUMNS, "cancelled_at", "cancelled_by_id"],
        (
            (pk, shift_id, who, workplaces[shift_id], starts_at, ends_at, minutes, "cancelled", "direct",
             created, "[]", "", "Kan inte.", created, 1, "sav", cancelled_at, who)
            for pk, shift_id, who, starts_at, ends_at, minutes, created, cancelled_at, _by in cancelled
            if shift_id in workplaces
        ),
    )  # fmt: skip
    for table in ("staffing_timereport", "payroll_timetransaction", "staffing_offer", "staffing_booking"):
        candidates.reset_sequence(table)
    log(
        f"  last {PAY_DAYS} days: {len(reports)} approvals, {len(transactions)} pay lines, "
        f"{len(offers)} offers, {len(cancelled)} cancelled bookings"
    )


def measure(scope: Any, rounds: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vikarieportalen.statistics.selectors import statistics_report

    statistics_report(scope=scope)  # warm up
    times, queries = [], 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            statistics_report(scope=scope)
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return {
        "max_ms": round(max(times), 1),
        "median_ms": round(sorted(times)[len(times) // 2], 1),
        "queries": queries,
    }


def measure_sections(scope: Any, rounds: int) -> dict[str, float]:
    """The median time of each section of one report, in ms (the summed sections share one read, the
    hours and LAS the minutes per substitute)."""
    from vikarieportalen.statistics.selectors import las, live, summary_through, summed

    timings: dict[str, list[float]] = {}
    for _ in range(rounds):
        started = time.perf_counter()
        sums = summed.summed_figures(scope)
        timings.setdefault("summed_read", []).append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        minutes = live.substitute_minutes(scope)  # the hours' and LAS's people
        timings.setdefault("minutes_read", []).append((time.perf_counter() - started) * 1000)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("fill", lambda: summed.fill_section(scope, sums)),  # noqa: B023 - called in this iteration
            ("lead_time", lambda: live.lead_time_section(scope)),
            ("offers", lambda: live.offer_section(scope, sums)),  # noqa: B023 - called in this iteration
            ("hours", lambda: live.hours_section(minutes)),  # noqa: B023 - called in this iteration
            ("cancellations", lambda: summed.cancellation_section(scope, sums)),  # noqa: B023 - called in this iteration
            ("las", lambda: las.las_section(scope, minutes, through=summary_through())),  # noqa: B023 - called in this iteration
            ("cost", lambda: summed.cost_section(scope, sums)),  # noqa: B023 - called in this iteration
        ]
        for name, section in steps:
            started = time.perf_counter()
            section()
            timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return {name: round(sorted(times)[len(times) // 2], 1) for name, times in timings.items()}


def measure_page(first: dt.date, last: dt.date, rounds: int) -> dict[str, Any]:
    from django.contrib.auth.models import Group
    from django.test import Client

    from vikarieportalen.accounts.models import User
    from vikarieportalen.core.roles import Role

    staff, _created = User.objects.get_or_create(
        username="BENCHSTAT1", defaults={"preferred_given_name": "Bänk", "family_name": "Statistiker"}
    )
    staff.groups.add(Group.objects.get(name=Role.STAFFING_CENTRE.value))
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(staff)
    url = f"/statistik/?first_day={first.isoformat()}&last_day={last.isoformat()}&step=month"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {"max_ms": round(max(times), 1), "median_ms": round(sorted(times)[len(times) // 2], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()
    size = candidates.SMOKE if args.smoke else candidates.FULL
    if args.smoke:
        args.rounds = 2
        url = smoke.database_url("stats_reports")
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_URL
        if not url.startswith("postgres"):
            raise SystemExit("bench/stats_reports.py needs PostgreSQL (DATABASE_URL=postgres://…)")
        candidates.ensure_database(url, drop=args.rebuild)

    def log(text: str) -> None:
        print(text, flush=True)

    # COPY of a million bookings can outlast the 30 s statement timeout on a small machine.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_SECONDS", "0")
    candidates.setup_django(url)
    started = time.monotonic()
    candidates.migrate()
    substitutes, past = candidates.build(log, size)
    build_history(log)
    candidates.analyze()
    log(f"Data ready in {time.monotonic() - started:.0f} s: {substitutes} substitutes, {past} past bookings")

    from vikarieportalen.statistics.services import statistics_refresh

    # The reports read the daily summary for whole past days: fill it as the scheduler would (a
    # full refresh, as after the first deployment), then time the daily, incremental one.
    started = time.perf_counter()
    log(f"Summary refreshed (full): {statistics_refresh(full=True)}")
    refresh_full_s = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    log(f"Summary refreshed (incremental): {statistics_refresh()}")
    refresh_incremental_s = round(time.perf_counter() - started, 1)
    candidates.analyze()

    from django.db import connection
    from django.utils import timezone

    from vikarieportalen.staffing.models import Workplace
    from vikarieportalen.statistics.rules import Step, period_last_allowed
    from vikarieportalen.statistics.selectors import Scope

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL: {cursor.fetchone()[0]}"
    else:
        import sqlite3

        database = f"SQLite:     {sqlite3.sqlite_version}"

    today = timezone.localdate()
    every = list(Workplace.objects.filter(name__startswith="Bänkenheten").order_by("name"))
    three_years_from = today - dt.timedelta(days=3 * 365 - 30)
    last = min(period_last_allowed(three_years_from), today + dt.timedelta(days=14))
    area = every[0].area
    month_first = today.replace(day=1)
    year_ago = today - dt.timedelta(days=364)
    area_places = [w for w in every if w.area == area]
    scopes = {
        "all_3_years_per_month": Scope(every, three_years_from, last, Step.MONTH, today),
        "all_3_years_per_week": Scope(every, three_years_from, last, Step.WEEK, today),
        "one_area_1_year": Scope(area_places, year_ago, today, Step.MONTH, today),
        "all_this_month": Scope(every, month_first, today, Step.WEEK, today),
        "one_workplace_3_years": Scope(every[:1], three_years_from, last, Step.MONTH, today),
    }
    results = {name: measure(scope, args.rounds) for name, scope in scopes.items()}
    sections = {
        name: measure_sections(scopes[name], args.rounds)
        for name in ("all_3_years_per_month", "all_this_month", "one_workplace_3_years")
    }
    page = measure_page(three_years_from, last, args.rounds)

    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"  {database}")
    print()
    print(f"Data: {substitutes} substitutes, {len(every)} workplaces, {past} past bookings")
    for name, figures in results.items():
        print(
            f"  {name:24} max {figures['max_ms']} ms, median {figures['median_ms']} ms, "
            f"{figures['queries']} queries"
        )
    print(f"  {'page_3_years_staff':24} max {page['max_ms']} ms, median {page['median_ms']} ms")
    for name, figures in sections.items():
        print(f"  sections of {name} (median ms): " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"  summary refresh: full {refresh_full_s} s, incremental {refresh_incremental_s} s")
    print(f"  load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    worst = max([f["max_ms"] for f in results.values()] + [page["max_ms"]])
    print(
        json.dumps(
            {
                "substitutes": substitutes,
                "past_bookings": past,
                **{f"{name}_max_ms": figures["max_ms"] for name, figures in results.items()},
                "page_max_ms": page["max_ms"],
                "sections_ms": sections,
                "refresh_full_s": refresh_full_s,
                "refresh_incremental_s": refresh_incremental_s,
                "load_average_1m": round(os.getloadavg()[0], 2),
                "queries": max(f["queries"] for f in results.values()),
                "worst_ms": worst,
                "all_within_1s": worst <= LIMIT_MS,
            }
        )
    )


if __name__ == "__main__":
    main()
