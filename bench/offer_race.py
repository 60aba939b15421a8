"""Accepting offers: what one accept costs, how many a second the server books, and the race.

What it does, in one run:
1. creates a fresh PostgreSQL database (DATABASE_URL when it names one, else ``vp_bench_offers``),
   migrates it, and builds three sets of shifts and substitutes (each introduced at their shift's
   workplace and available around it): 100 shifts offered to 10 substitutes each (the race),
   3,000 shifts offered to one substitute each (the steady state) and 30 shifts offered to two
   (in process); every substitute is logged in without a password (a session in Redis);
2. in process, on the production settings: each of the 30 pairs accepts through the real view
   (session, CSRF, every rule); the first wins, the second hears the shift is taken. Reports the
   medians of wall and CPU time and the most SQL statements of each;
3. starts gunicorn from the venv with 4 sync workers on the production settings and fires the
   race: all 1,000 accept POSTs at the same moment (asyncio + httpx), each latency from the common
   start (the correctness check: one booking per shift);
4. steady state under ``wrk`` (Debian's package; installed when missing) at 32 connections: a Lua
   script walks the (offer link, session cookie, CSRF token) lines, one winning accept per request,
   for 10 s; then ``/health/`` under the same wrk, for the ratio;
5. checks the database: no shift with two active bookings or two accepted offers;
6. runs pgbench (its own database, ``pgbench -i``) with a single-row UPDATE script at the same
   connection count for 10 s.

Usage: .venv/bin/python bench/offer_race.py [--workers 4] [--connections 32] [--seconds 10]
       [--steady 3000] [--shifts 100] [--per-shift 10] [--in-process 30] [--show-queries] [--smoke]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) or DATABASE_URL, and Redis (REDIS_URL, else db 3).
The last line is JSON. ``--smoke``: 2 race shifts of 3 substitutes, 40 steady accepts, 3 pairs, 2
workers, 4 connections and 1 s of wrk and pgbench, in an empty PostgreSQL database of its own on
DATABASE_URL's server (or the local one; skipped when there is none, see smoke.py), with sessions in
REDIS_URL's Redis when there is one, else in the database; for ``make test``.
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


def build(groups: list[tuple[int, int]], log: Any) -> list[list[tuple[str, str]]]:
    """Shifts, substitutes, offers and sessions for each group of (shifts, substitutes per shift);
    returns, per group, (session key, offer token) per substitute, shift by shift.

    The first group's offers go out through ``offers.offer_send`` (every rule, candidate lists);
    the others, built by the thousand, through ``offers.offers_create`` (the same offer rows, audit
    and SMS, without ranking candidates first: the accept checks every rule anyway). Each
    substitute is introduced at their shift's workplace and available around it; each workplace has
    one shift a day, so nobody's shifts meet."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
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
        OfferSend,
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

    total_shifts = sum(count for count, _per in groups)
    workplace_count = max(10, total_shifts // 30)  # at most some 30 shifts (days) per workplace
    workplaces = Workplace.objects.bulk_create(
        [
            Workplace(
                name=f"Bänkboendet {n + 1}",
                area=AreaOfWork.ELDERLY_CARE,
                address=f"Testvägen {n + 1}, Kristinehamn",
            )
            for n in range(workplace_count)
        ]
    )
    base = timezone.localtime(timezone.now()).replace(
        hour=7, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=2)
    shifts = []
    for n in range(total_shifts):
        starts = base + dt.timedelta(days=n // workplace_count)
        shifts.append(
            Shift(
                workplace=workplaces[n % workplace_count],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=8),
                day=starts.date(),
                break_minutes=30,
                reason=ShiftReason.SICK_LEAVE,
            )
        )
    shifts = Shift.objects.bulk_create(shifts)
    shift_of: list[Shift] = []  # each substitute's shift, in order
    first = 0
    for count, per_shift in groups:
        for shift in shifts[first : first + count]:
            shift_of.extend([shift] * per_shift)
        first += count

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
            for n in range(len(shift_of))
        ]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=substitutes_group.pk) for user in users]
    )
    Introduction.objects.bulk_create(
        [
            Introduction(substitute=user, workplace_id=shift.workplace_id, introduced_on=dt.date(2025, 1, 1))
            for user, shift in zip(users, shift_of, strict=True)
        ]
    )
    AvailabilityPeriod.objects.bulk_create(
        [
            AvailabilityPeriod(
                substitute=user,
                kind=AvailabilityKind.AVAILABLE,
                starts_at=shift.starts_at - dt.timedelta(hours=1),
                ends_at=shift.ends_at + dt.timedelta(hours=1),
            )
            for user, shift in zip(users, shift_of, strict=True)
        ]
    )
    log(f"built {len(shifts)} shifts and {len(users)} substitutes")

    started = time.monotonic()
    picks = list(zip(shift_of, users, strict=True))
    first_people = groups[0][0] * groups[0][1]
    for n in range(groups[0][0]):
        per_shift = groups[0][1]
        people = users[n * per_shift : (n + 1) * per_shift]
        result = offers.offer_send(shifts=[shifts[n]], by=staff, substitutes=people)
        assert len(result.offers) == per_shift, result.skipped
    rest = picks[first_people:]
    for n in range(0, len(rest), 200):
        with transaction.atomic():
            send = OfferSend.objects.create(created_by=staff)
            offers.offers_create(send=send, picks=rest[n : n + 200], round_number=1, answer_by=None, by=staff)
    log(f"sent {Offer.objects.count()} offers in {time.monotonic() - started:.0f} s")

    tokens = dict(Offer.objects.values_list("substitute_id", "token"))
    sessions = []
    client = Client()
    for user in users:
        client.force_login(user)  # a session in Redis, no password hashing
        sessions.append((client.cookies[settings.SESSION_COOKIE_NAME].value, tokens[user.pk]))
        client.cookies.clear()
    log("logged in every substitute")
    out = []
    first = 0
    for count, per_shift in groups:
        out.append(sessions[first : first + count * per_shift])
        first += count * per_shift
    return out


def in_process(sessions: list[tuple[str, str]], *, show: bool = False) -> dict[str, Any]:
    """Server time and SQL queries of each accept, in this process (the production settings, a
    real session and CSRF), for pairs of substitutes offered one shift: the first wins, the second
    hears it is taken. The medians, and the worst query counts."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    csrf = csrf_secret()
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="sv")
    client.get("/health/")
    figures: dict[int, list[tuple[float, int, float]]] = {302: [], 409: []}
    for session, token in sessions:
        client.cookies.clear()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.cookies[settings.CSRF_COOKIE_NAME] = csrf
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.post(f"/f/{token}/", {"answer": "accept", "csrfmiddlewaretoken": csrf})
            took, cpu = (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000
        if response.status_code not in figures:
            raise RuntimeError(f"an accept in process answered {response.status_code}")
        figures[response.status_code].append((took, len(queries.captured_queries), cpu))
        if show:
            print(f"--- {response.status_code}: {len(queries.captured_queries)} queries")
            for query in queries.captured_queries:
                print(f"  {query['sql'][:160]}")
    won, refused = figures[302][1:] or figures[302], figures[409][1:] or figures[409]  # the first warms up
    return {
        "win_ms": round(statistics.median(t for t, _q, _c in won), 1),
        "win_cpu_ms": round(statistics.median(c for _t, _q, c in won), 1),
        "win_queries": max(q for _t, q, _c in won),
        "refusal_ms": round(statistics.median(t for t, _q, _c in refused), 1),
        "refusal_cpu_ms": round(statistics.median(c for _t, _q, c in refused), 1),
        "refusal_queries": max(q for _t, q, _c in refused),
        "wins": len(figures[302]),
        "refusals": len(figures[409]),
    }


WRK_SCRIPT = r"""
-- Walks (offer link, session cookie, CSRF) lines: thread i takes lines i, i+n, i+2n ... Each is
-- one POST "accept" with its own session and CSRF token; 302 is a booking. When a thread has no
-- line left it stops (a request already on its way asks /health/ instead, counted as "spare").
local count = 0
local threads = {}

function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  items = {}
  for line in io.lines(args[1]) do
    local path, cookie, csrf = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    items[#items + 1] = {path, cookie, csrf}
  end
  step = tonumber(args[2])
  nxt = id + 1
  won, other, spare = 0, 0, 0
end

function request()
  local item = items[nxt]
  if item == nil then
    return wrk.format("GET", "/health/")
  end
  nxt = nxt + step
  return wrk.format("POST", item[1], {
    ["Cookie"] = item[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept-Language"] = "sv",
  }, "answer=accept&csrfmiddlewaretoken=" .. item[3])
end

function response(status, headers, body)
  if status == 302 then
    won = won + 1
  elseif status == 200 then
    spare = spare + 1
  else
    other = other + 1
  end
  if items[nxt] == nil then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local won, other, spare = 0, 0, 0
  for _, thread in ipairs(threads) do
    won = won + thread:get("won")
    other = other + thread:get("other")
    spare = spare + thread:get("spare")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'WRK {"won": %d, "other": %d, "spare": %d, "errors": %d, "seconds": %.3f, '
      .. '"p50_ms": %.1f, "p99_ms": %.1f}\n',
    won, other, spare, errors, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_binary() -> str:
    """wrk from PATH, installed from Debian's packages when missing (as root)."""
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
        found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    return found


def wrk_accepts(
    port: int, sessions: list[tuple[str, str]], *, connections: int, seconds: int
) -> dict[str, Any]:
    """Steady state: wrk walks the (link, session, CSRF) lines, one winning accept each."""
    from django.conf import settings

    threads = min(connections, os.cpu_count() or 1)
    folder = Path(tempfile.mkdtemp(prefix="vp-offer-wrk-"))
    try:
        script, lines = folder / "accept.lua", folder / "pairs.tsv"
        script.write_text(WRK_SCRIPT)
        with lines.open("w") as out:
            for session, token in sessions:
                csrf = csrf_secret()
                cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
                out.write(f"/f/{token}/\t{cookie}\t{csrf}\n")
        done = subprocess.run(
            [
                wrk_binary(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
                "--",
                str(lines),
                str(threads),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"no figures from wrk: {done.stdout} {done.stderr}")
    figures: dict[str, Any] = json.loads(line[4:])
    figures["accepts_per_s"] = round(figures["won"] / figures["seconds"], 1)
    return figures


def wrk_health(port: int, *, connections: int, seconds: int) -> float:
    """Requests/s of ``/health/`` under wrk at the same connection count."""
    threads = min(connections, os.cpu_count() or 1)
    done = subprocess.run(
        [
            wrk_binary(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            f"http://127.0.0.1:{port}/health/",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    match = re.search(r"Requests/sec:\s+([0-9.]+)", done.stdout)
    if match is None:
        raise RuntimeError(f"no Requests/sec from wrk: {done.stdout}")
    return float(match.group(1))


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
    parser.add_argument("--steady", type=int, default=3000, help="winning accepts wrk can walk")
    parser.add_argument("--in-process", type=int, default=30, help="shifts for the in-process figures")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10, help="each of wrk's runs and pgbench")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    parser.add_argument("--show-queries", action="store_true", help="print the in-process accepts' SQL")
    args = parser.parse_args()

    def log(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    if args.smoke:
        args.workers, args.shifts, args.per_shift, args.seconds = 2, 2, 3, 1
        args.steady, args.in_process, args.connections = 40, 3, 4
        found = smoke.postgres_url("offer_race")
        if found is None:
            smoke.skip(
                "offer_race",
                "needs PostgreSQL (concurrent accepts, pgbench): no DATABASE_URL, none at 127.0.0.1:5432",
            )
        database_url, redis_url = found, smoke.redis_url()
        static_root = smoke.temporary_directory("offer_race") / "static"
    else:
        named = os.environ.get("DATABASE_URL", "")
        database_url = named if smoke.is_postgres(named) else f"{PG}/{DB_NAME}"
        redis_url = os.environ.get("REDIS_URL") or REDIS_URL
        static_root = Path(tempfile.gettempdir()) / "vp_bench_offers_static"
        recreate_database(database_url)
    env = server_env(database_url, redis_url, static_root, CACHE_KEY_PREFIX)
    setup_django(env)
    if redis_url:
        cache_keys_delete(redis_url, CACHE_KEY_PREFIX)
        if args.smoke:  # the Redis is the tests', not the bench's own
            atexit.register(cache_keys_delete, redis_url, CACHE_KEY_PREFIX)
    sessions, steady, pairs = build(
        [(args.shifts, args.per_shift), (args.steady, 1), (args.in_process, 2)], log
    )
    # Arrival order is arbitrary in a real race (not ten requests for one shift after another).
    random.Random(7).shuffle(sessions)

    one = in_process(pairs, show=args.show_queries)
    log(
        f"in process: a winning accept {one['win_ms']} ms ({one['win_cpu_ms']} ms CPU), "
        f"{one['win_queries']} queries; a refusal {one['refusal_ms']} ms ({one['refusal_cpu_ms']} ms CPU), "
        f"{one['refusal_queries']} queries"
    )
    from django.db import connection

    connection.close()

    port = free_port()
    logfile = Path(tempfile.gettempdir()) / "offer_race_gunicorn.log"
    server = start_gunicorn(env, args.workers, port, logfile)
    try:
        asyncio.run(wait_ready(port, args.workers, server))
        log(f"gunicorn ready: {args.workers} sync workers on port {port}")
        latencies, statuses, wall = asyncio.run(race(port, sessions))
        log("wrk: /health/ …")
        health = wrk_health(port, connections=args.connections, seconds=args.seconds)
        log("wrk: accepts …")
        walked = wrk_accepts(port, steady, connections=args.connections, seconds=args.seconds)
    finally:
        stop(server)
    wins = statuses.count(302)
    taken = statuses.count(409)
    others = {code: statuses.count(code) for code in set(statuses) - {302, 409}}
    log(f"race over in {wall:.2f} s: {wins} accepted (302), {taken} told it was taken (409), other {others}")

    connection.close()
    bookings, doubled, doubled_offers = check_database()
    log("pgbench …")
    if args.smoke:
        smoke.drop_at_exit(f"{database_url}_pgbench")
    tps = run_pgbench(f"{database_url}_pgbench", args.connections, args.seconds)
    race_per_s = round(len(sessions) / wall, 1)
    import psycopg

    with psycopg.connect(database_url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]

    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"  PostgreSQL: {pg_version}")
    print(
        f"  Load:       {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15-minute averages at the end)"
    )
    print()
    sessions_in = "Redis" if redis_url else "the database"
    print(f"Server: gunicorn, {args.workers} sync workers, production settings, sessions in {sessions_in}")
    print(
        f"In process: a winning accept {one['win_ms']} ms ({one['win_cpu_ms']} ms of this process's CPU) "
        f"and {one['win_queries']} SQL statements, a refusal {one['refusal_ms']} ms "
        f"({one['refusal_cpu_ms']} ms CPU) and {one['refusal_queries']} (medians of {one['wins']} each; the "
        f"statements count BEGIN, COMMIT and the task row per SMS of the database task backend)"
    )
    print(
        f"Steady state, wrk at {args.connections} connections for {args.seconds} s, one winning accept "
        f"per request: {walked['accepts_per_s']} accepts/s, p50 {walked['p50_ms']} ms, "
        f"p99 {walked['p99_ms']} ms ({walked['won']} booked, {walked['other']} other answers, "
        f"{walked['errors']} socket errors{', ran out of offers' if walked['spare'] else ''})"
    )
    print(f"  /health/ under the same wrk: {health:.0f} req/s; ratio {walked['accepts_per_s'] / health:.3f}")
    print(f"  pgbench single-row UPDATE ({args.connections} clients): {tps:.0f} tps")
    print(
        f"Race: {args.shifts} shifts offered to {len(sessions)} substitutes ({args.per_shift} each), "
        f"all accepting at once over HTTP"
    )
    print(
        f"  bookings {bookings} (in all phases), shifts booked twice {doubled}, "
        f"shifts with two accepted offers {doubled_offers}"
    )
    print(
        f"  latency p50 {percentile(latencies, 50)} ms, p95 {percentile(latencies, 95)} ms, "
        f"p99 {percentile(latencies, 99)} ms, max {round(max(latencies), 1)} ms; {race_per_s} answers/s"
    )
    print(
        json.dumps(
            {
                "win_ms": one["win_ms"],
                "win_cpu_ms": one["win_cpu_ms"],
                "win_queries": one["win_queries"],
                "refusal_ms": one["refusal_ms"],
                "refusal_cpu_ms": one["refusal_cpu_ms"],
                "refusal_queries": one["refusal_queries"],
                "accepts_per_s": walked["accepts_per_s"],
                "p50_ms": walked["p50_ms"],
                "p99_ms": walked["p99_ms"],
                "wrk_other": walked["other"],
                "health_per_s": round(health, 1),
                "ratio_to_health": round(walked["accepts_per_s"] / health, 3),
                "pgbench_tps": round(tps, 1),
                "connections": args.connections,
                "race_shifts": args.shifts,
                "race_wins": wins,
                "race_p99_ms": percentile(latencies, 99),
                "bookings": bookings,
                "double_bookings": doubled + doubled_offers,
                "load_average": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
