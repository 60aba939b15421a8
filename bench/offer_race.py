"""The offer race: 100 open shifts offered to 1,000 substitutes, all 1,000 accept at once over HTTP.

What it does, in one run:
1. creates a fresh PostgreSQL database (``vp_bench_offers``), migrates it, builds 100 shifts at 10
   workplaces and 1,000 substitutes (10 per shift, each introduced and available), and sends the
   offers through ``offers.offer_send`` (one send per shift, 10 people each);
2. logs every substitute in without passwords (a session made directly, in Redis) and starts
   gunicorn from the venv with several sync workers on the production settings;
3. fires the 1,000 accept POSTs to the personal short links at the same moment (asyncio + httpx,
   one connection each) and measures each request's latency from the common start;
4. checks the database: exactly one booking per shift, no shift with two, one accepted offer each;
5. runs pgbench (its own database, ``pgbench -i``) with a single-row UPDATE script, as many clients
   as gunicorn workers, for ~10 s, and reports accepts/s as a ratio of pgbench's transactions/s.

Usage: .venv/bin/python bench/offer_race.py [--workers 4] [--shifts 100] [--per-shift 10] [--smoke]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis (db 3). The last line is JSON.
``--smoke``: 2 shifts, 6 substitutes, 2 workers and 1 s of pgbench, in an empty PostgreSQL database of
its own on DATABASE_URL's server (or the local one; skipped when there is none, see smoke.py), with
sessions in REDIS_URL's Redis when there is one, else in the database; for ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import smoke
from machine import cpu_model, ram_gib
from servers import (
    cache_keys_delete,
    csrf_secret,
    free_port,
    recreate_database,
    server_env,
    start_gunicorn,
    stop,
    wait_ready,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "vp_bench_offers"
REDIS_URL = "redis://127.0.0.1:6379/3"
CACHE_KEY_PREFIX = "vp-bench-offers"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def build(shift_count: int, per_shift: int, log: Any) -> list[tuple[str, str]]:
    """Shifts, substitutes, offers and sessions; returns (session key, offer token) per substitute."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from vikarieportalen.accounts.models import User
    from vikarieportalen.core.roles import Role
    from vikarieportalen.staffing.models import (
        AreaOfWork,
        AvailabilityKind,
        AvailabilityPeriod,
        Introduction,
        Offer,
        Shift,
        ShiftReason,
        Workplace,
    )
    from vikarieportalen.staffing.offers import services as offers

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    # The manifest production needs, brought up to date (a stale one fails pages with new files).
    call_command("collectstatic", verbosity=0, interactive=False)
    log(f"migrated in {time.monotonic() - started:.0f} s")

    substitutes_group, _ = Group.objects.get_or_create(name=Role.SUBSTITUTE.value)
    staff_group, _ = Group.objects.get_or_create(name=Role.STAFFING_CENTRE.value)
    staff = User.objects.create(
        username="BENC0001",
        preferred_given_name="Bea",
        given_names="Bea",
        family_name="Bemanning",
        date_of_birth=dt.date(1980, 1, 1),
        is_active=True,
    )
    staff.groups.add(staff_group)

    workplaces = [
        Workplace.objects.create(
            name=f"Bänkboendet {n + 1}",
            area=AreaOfWork.ELDERLY_CARE,
            address=f"Testvägen {n + 1}, Kristinehamn",
        )
        for n in range(10)
    ]
    base = timezone.localtime(timezone.now()).replace(
        hour=7, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=2)
    shifts = []
    for n in range(shift_count):
        starts = base + dt.timedelta(days=n // 10)
        shifts.append(
            Shift(
                workplace=workplaces[n % 10],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=8),
                day=starts.date(),
                break_minutes=30,
                reason=ShiftReason.SICK_LEAVE,
            )
        )
    shifts = Shift.objects.bulk_create(shifts)

    users = User.objects.bulk_create(
        [
            User(
                username=f"BNCH{n:05d}",
                preferred_given_name=f"Vikarie{n}",
                given_names=f"Vikarie{n}",
                family_name="Bänk",
                date_of_birth=dt.date(1995, 1, 1),
                is_active=True,
                mobile=f"+4670{n:07d}",
                language="sv",
            )
            for n in range(shift_count * per_shift)
        ]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=substitutes_group.pk) for user in users]
    )
    owner = {user.pk: shifts[i // per_shift] for i, user in enumerate(users)}
    Introduction.objects.bulk_create(
        [
            Introduction(
                substitute=user, workplace_id=owner[user.pk].workplace_id, introduced_on=dt.date(2025, 1, 1)
            )
            for user in users
        ]
    )
    AvailabilityPeriod.objects.bulk_create(
        [
            AvailabilityPeriod(
                substitute=user,
                kind=AvailabilityKind.AVAILABLE,
                starts_at=owner[user.pk].starts_at - dt.timedelta(hours=1),
                ends_at=owner[user.pk].ends_at + dt.timedelta(hours=1),
            )
            for user in users
        ]
    )
    log(f"built {len(shifts)} shifts and {len(users)} substitutes")

    started = time.monotonic()
    for i, shift in enumerate(shifts):
        people = users[i * per_shift : (i + 1) * per_shift]
        result = offers.offer_send(shifts=[shift], by=staff, substitutes=people)
        assert len(result.offers) == per_shift, result.skipped
    log(f"sent {Offer.objects.count()} offers in {time.monotonic() - started:.0f} s")

    tokens = dict(Offer.objects.values_list("substitute_id", "token"))
    sessions = []
    client = Client()
    for user in users:
        client.force_login(user)  # a session in Redis, no password hashing
        sessions.append((client.cookies[settings.SESSION_COOKIE_NAME].value, tokens[user.pk]))
        client.cookies.clear()
    log("logged in every substitute")
    return sessions


async def race(port: int, sessions: list[tuple[str, str]]) -> tuple[list[float], list[int], float]:
    import httpx
    from django.conf import settings

    # The production settings' names (__Host-sessionid, __Host-csrftoken).
    session_cookie, csrf_cookie = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME

    csrf = csrf_secret()
    limits = httpx.Limits(max_connections=len(sessions) + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=300, limits=limits) as client:
        gate = asyncio.Event()
        latencies: list[float] = [0.0] * len(sessions)
        statuses: list[int] = [0] * len(sessions)

        async def accept(index: int, session: str, token: str) -> None:
            await gate.wait()
            began = time.perf_counter()
            response = await client.post(
                f"/f/{token}/",
                data={"answer": "accept", "csrfmiddlewaretoken": csrf},
                headers={
                    "Cookie": f"{session_cookie}={session}; {csrf_cookie}={csrf}",
                    "Accept-Language": "sv",
                },
            )
            latencies[index] = (time.perf_counter() - began) * 1000
            statuses[index] = response.status_code

        tasks = [asyncio.create_task(accept(i, s, t)) for i, (s, t) in enumerate(sessions)]
        await asyncio.sleep(0.2)  # every task is waiting at the gate
        started = time.perf_counter()
        gate.set()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
    return latencies, statuses, wall


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def check_database() -> tuple[int, int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM staffing_booking WHERE status = 'active'")
        bookings = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT shift_id FROM staffing_booking WHERE status = 'active' "
            "GROUP BY shift_id HAVING count(*) > 1) doubled"
        )
        doubled = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT shift_id FROM staffing_offer WHERE status = 'accepted' "
            "GROUP BY shift_id HAVING count(*) > 1) doubled"
        )
        doubled_offers = cursor.fetchone()[0]
    return bookings, doubled, doubled_offers


def run_pgbench(url: str, clients: int, seconds: int) -> float:
    """Transactions/s of pgbench in the database named by ``url`` (created afresh)."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise RuntimeError("pgbench is not installed")
    recreate_database(url)
    parts = urllib.parse.urlsplit(url)
    database = parts.path.lstrip("/")
    env = {
        **os.environ,
        "PGUSER": urllib.parse.unquote(parts.username or "postgres"),
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
    }
    if parts.password:
        env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
    subprocess.run([pgbench, "-i", "-q", "-s", "1", database], check=True, env=env, capture_output=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("\\set aid random(1, 100000 * :scale)\n")
        script.write("UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n")
    try:
        done = subprocess.run(
            [
                pgbench,
                "-n",
                "-c",
                str(clients),
                "-j",
                str(min(clients, os.cpu_count() or 1)),
                "-T",
                str(seconds),
                "-f",
                script.name,
                database,
            ],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
    if match is None:
        raise RuntimeError(f"no tps in pgbench output: {done.stdout}")
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--shifts", type=int, default=100)
    parser.add_argument("--per-shift", type=int, default=10)
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    if args.smoke:
        args.workers, args.shifts, args.per_shift, args.pgbench_seconds = 2, 2, 3, 1
        found = smoke.postgres_url("offer_race")
        if found is None:
            smoke.skip(
                "offer_race",
                "needs PostgreSQL (concurrent accepts, pgbench): no DATABASE_URL, none at 127.0.0.1:5432",
            )
        database_url, redis_url = found, smoke.redis_url()
        static_root = smoke.temporary_directory("offer_race") / "static"
    else:
        database_url, redis_url = f"{PG}/{DB_NAME}", REDIS_URL
        static_root = Path(tempfile.gettempdir()) / "vp_bench_offers_static"
        recreate_database(database_url)
    env = server_env(database_url, redis_url, static_root, CACHE_KEY_PREFIX)
    setup_django(env)
    if redis_url:
        cache_keys_delete(redis_url, CACHE_KEY_PREFIX)
        if args.smoke:  # the Redis is the tests', not the bench's own
            atexit.register(cache_keys_delete, redis_url, CACHE_KEY_PREFIX)
    sessions = build(args.shifts, args.per_shift, log)
    # Arrival order is arbitrary in a real race (not ten requests for one shift after another).
    random.Random(7).shuffle(sessions)

    port = free_port()
    logfile = Path(tempfile.gettempdir()) / "offer_race_gunicorn.log"
    server = start_gunicorn(env, args.workers, port, logfile)
    try:
        asyncio.run(wait_ready(port, args.workers, server))
        log(f"gunicorn ready: {args.workers} sync workers on port {port}")
        latencies, statuses, wall = asyncio.run(race(port, sessions))
    finally:
        stop(server)
    wins = statuses.count(302)
    taken = statuses.count(409)
    others = {code: statuses.count(code) for code in set(statuses) - {302, 409}}
    log(f"race over in {wall:.2f} s: {wins} accepted (302), {taken} told it was taken (409), other {others}")

    from django.db import connection

    connection.close()
    bookings, doubled, doubled_offers = check_database()
    log("pgbench …")
    if args.smoke:
        smoke.drop_at_exit(f"{database_url}_pgbench")
    tps = run_pgbench(f"{database_url}_pgbench", args.workers, args.pgbench_seconds)
    accepts_per_s = round(len(sessions) / wall, 1)
    import psycopg

    with psycopg.connect(database_url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]

    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"  PostgreSQL: {pg_version}")
    print(f"  Load:       {os.getloadavg()[0]:.1f} (1-minute average at the end)")
    print()
    sessions_in = "Redis" if redis_url else "the database"
    print(f"Server: gunicorn, {args.workers} sync workers, production settings, sessions in {sessions_in}")
    print(
        f"Race: {args.shifts} shifts offered to {len(sessions)} substitutes ({args.per_shift} each), "
        f"all accepting at once over HTTP"
    )
    print(
        f"  bookings {bookings}, shifts booked twice {doubled}, "
        f"shifts with two accepted offers {doubled_offers}"
    )
    print(
        f"  latency p50 {percentile(latencies, 50)} ms, p95 {percentile(latencies, 95)} ms, "
        f"p99 {percentile(latencies, 99)} ms, max {round(max(latencies), 1)} ms; "
        f"median {round(statistics.median(latencies), 1)} ms"
    )
    print(f"  {accepts_per_s} accepts/s; pgbench single-row UPDATE ({args.workers} clients): {tps:.0f} tps")
    print(
        json.dumps(
            {
                "shifts": args.shifts,
                "bookings": bookings,
                "double_bookings": doubled + doubled_offers,
                "p50_ms": percentile(latencies, 50),
                "p95_ms": percentile(latencies, 95),
                "p99_ms": percentile(latencies, 99),
                "accepts_per_s": accepts_per_s,
                "pgbench_tps": round(tps, 1),
                "ratio": round(accepts_per_s / tps, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
