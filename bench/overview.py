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

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import candidates as data
from machine import database_version, load_average, print_machine

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
    args = data.arguments(__doc__ or "", rounds=50)
    size, substitutes, past = data.prepare("overview", args)

    from vikarieportalen.staffing.models import Qualification
    from vikarieportalen.testing import client_logged_in

    database = database_version()
    # Logged in as after password + SMS code: the page shows personal data (strong login).
    client = client_logged_in(data.staffing_centre_user(), address="203.0.113.9", strong=True)
    qualification = Qualification.objects.get(code="bench-usk")
    day = (data.today_local() + dt.timedelta(days=1)).isoformat()
    week = measure(client, "/bemanning/vem-ar-ledig/", args.rounds)
    filtered = measure(
        client, f"/bemanning/vem-ar-ledig/?area=elderly_care&qualification={qualification.pk}", args.rounds
    )
    day_page = measure(client, f"/bemanning/vem-ar-ledig/dag/?day={day}&area=elderly_care", args.rounds)

    print_machine(database)
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
                "load_average": load_average(),
            }
        )
    )


if __name__ == "__main__":
    main()
