"""Who is free (*Tillgänglighetsöversikt*) at the pool's full size.

The same data as bench/candidates.py (10,000 substitutes with weekly availability, 300 workplaces,
1,000,000 past bookings, the coming two weeks' open shifts and bookings; built by that script's
code, or reused when present), and then measures, through Django's test Client as a logged-in
staffing centre user:
- the week grid (``/bemanning/vem-ar-ledig/``, seven days, all areas, no filter), and filtered to
  one area and one qualification;
- one day's people (``/bemanning/vem-ar-ledig/dag/``) for one area;
reporting p95, median and the queries of each, the machine, and as the last line one JSON object.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench_staffing .venv/bin/python bench/overview.py
       [--rounds 50] [--rebuild] [--smoke]
``--smoke`` builds 40 substitutes in an empty database of its own and measures 5 rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import candidates as data
import smoke
from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 150


def measure(client: Any, url: str, rounds: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    for _ in range(3):
        client.get(url)
    times, queries = [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured))
    return {
        "p95_ms": round(data.p95(times), 1),
        "median_ms": round(statistics.median(times), 1),
        "queries": max(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()
    size = data.SMOKE if args.smoke else data.FULL
    if args.smoke:
        args.rounds = 5
        url = smoke.database_url("overview")
    else:
        url = os.environ.get("DATABASE_URL") or data.DEFAULT_URL
        if not url.startswith("postgres"):
            raise SystemExit("bench/overview.py needs PostgreSQL (DATABASE_URL=postgres://…)")
        data.ensure_database(url, drop=args.rebuild)

    def log(text: str) -> None:
        print(text, flush=True)

    data.setup_django(url)
    started = time.monotonic()
    data.migrate()
    substitutes, past = data.build(log, size)
    log(f"Data ready in {time.monotonic() - started:.0f} s: {substitutes} substitutes, {past} past bookings")

    from django.contrib.auth.models import Group
    from django.db import connection

    from vikarieportalen.accounts.models import User
    from vikarieportalen.core.roles import Role
    from vikarieportalen.staffing.models import Qualification
    from vikarieportalen.testing import client_logged_in

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL: {cursor.fetchone()[0]}"
    else:
        import sqlite3

        database = f"SQLite:     {sqlite3.sqlite_version}"

    staff, _created = User.objects.get_or_create(
        username="BENCHSTAFF1", defaults={"preferred_given_name": "Bänk", "family_name": "Planerare"}
    )
    staff.groups.add(Group.objects.get(name=Role.STAFFING_CENTRE.value))
    # Logged in as after password + SMS code: the page shows personal data (strong login).
    client = client_logged_in(staff, address="203.0.113.9", strong=True)
    qualification = Qualification.objects.get(code="bench-usk")
    day = (data.today_local() + dt.timedelta(days=1)).isoformat()
    week = measure(client, "/bemanning/vem-ar-ledig/", args.rounds)
    filtered = measure(
        client, f"/bemanning/vem-ar-ledig/?area=elderly_care&qualification={qualification.pk}", args.rounds
    )
    day_page = measure(client, f"/bemanning/vem-ar-ledig/dag/?day={day}&area=elderly_care", args.rounds)

    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"  {database}")
    print()
    print(f"Data: {substitutes} substitutes, {size.workplaces} workplaces, {past} past bookings")
    for name, figures in (
        ("Week grid, all areas", week),
        ("Week grid, one area + qualification", filtered),
        ("One day's people, one area", day_page),
    ):
        print(
            f"{name:38} p95 {figures['p95_ms']} ms, median {figures['median_ms']} ms, "
            f"{figures['queries']} queries (target p95 < {TARGET_P95_MS} ms)"
        )
    print(
        json.dumps(
            {
                "substitutes": substitutes,
                "past_bookings": past,
                "week_p95_ms": week["p95_ms"],
                "week_filtered_p95_ms": filtered["p95_ms"],
                "day_p95_ms": day_page["p95_ms"],
                "week_queries": week["queries"],
                "day_queries": day_page["queries"],
            }
        )
    )


if __name__ == "__main__":
    main()
