"""Candidates for a shift, the substitute's bookings page and the staffing centre's board, at scale.

Builds (or reuses, when present) 10,000 substitutes, 300 workplaces and 1,000,000 past bookings on
PostgreSQL, then measures in one process:
- ``candidate_list_for_shift`` for open shifts at random workplaces (the full ranked result with
  the reasons for everyone introduced there, and the default list of the not introduced);
- the substitute's bookings page and the board, requested through Django's test Client as a
  logged-in user (reported as null when the page does not exist);
and prints the machine, the figures, and as the last line one JSON object.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench_staffing .venv/bin/python bench/candidates.py
       [--rounds 100] [--rebuild] [--smoke]
The database is created when missing. Building takes a few minutes (COPY); later runs reuse it and
only add the coming two weeks' shifts when the calendar has moved on. ``--smoke`` builds 40
substitutes in an empty database of its own (see smoke.py; on SQLite the COPY is a plain INSERT of
the same columns) and measures 5 rounds: seconds, for ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import smoke
from machine import database_version, print_machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vp_bench_staffing"


@dataclass(frozen=True)
class Size:
    substitutes: int
    workplaces: int
    past_bookings: int


FULL = Size(substitutes=10_000, workplaces=300, past_bookings=1_000_000)
SMOKE = Size(substitutes=40, workplaces=8, past_bookings=400)
PAST_DAYS = 730  # the past bookings spread over two years
INTRODUCTIONS_PER_SUBSTITUTE = 4
COMING_DAYS = 14
ZONE = ZoneInfo("Europe/Stockholm")
SEED = 2026
EMPLOYEE_PREFIX = "B"  # bench users' employee numbers: B000001…

# Shift templates: (start, end, break minutes); an end before the start is the next day.
TEMPLATES = [
    (dt.time(7), dt.time(16), 45),
    (dt.time(13, 30), dt.time(21, 30), 30),
    (dt.time(21, 15), dt.time(7, 15), 45),
    (dt.time(8), dt.time(15), 30),
]
REASON = "sick_leave"  # every bench shift covers a sick leave
AREAS = ["elderly_care", "home_care", "disability", "school", "preschool", "other"]


def ensure_database(url: str, *, drop: bool = False) -> None:
    """Create the PostgreSQL database named in ``url`` when it does not exist (after dropping it)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if drop:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    # COPY of a million bookings can outlast the 30 s statement timeout on a small, loaded machine.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_SECONDS", "0")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test Client in (ALLOWED_HOSTS) and keeps mail in memory


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def today_local() -> dt.date:
    return dt.datetime.now(tz=ZONE).date()


def local(day: dt.date, time_of_day: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time_of_day, tzinfo=ZONE)


def copy_rows(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """COPY on PostgreSQL; elsewhere (a smoke run on SQLite) an INSERT of the same columns."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return insert_rows(table, columns, rows)
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def insert_rows(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    from django.db import connection

    def adapt(value: Any) -> Any:  # as Django writes them: SQLite keeps datetimes as UTC text
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return connection.ops.adapt_datefield_value(value)
        return value

    values = [tuple(adapt(value) for value in row) for row in rows]
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed table and column names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, values)
    return len(values)


def reset_sequence(table: str) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed table names
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


def next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - fixed table names
        return int(cursor.fetchone()[0])


# ---------------------------------------------------------------------------------------------
# Building the data


def build_people_and_places(log: Callable[[str], None], size: Size) -> None:
    from django.contrib.auth.models import Group

    from vikarieportalen.accounts.models import User
    from vikarieportalen.accounts.services import role_groups_sync
    from vikarieportalen.core.roles import Role
    from vikarieportalen.staffing.models import (
        Introduction,
        Qualification,
        SubstituteQualification,
        WeeklyAvailability,
        Workplace,
    )

    role_groups_sync()
    rng = random.Random(SEED)
    Workplace.objects.bulk_create(
        [
            Workplace(
                name=f"Bänkenheten {n:03d}",
                area=AREAS[n % len(AREAS)],
                address=f"Bänkgatan {n}, 681 30 Kristinehamn",
                phone="0550-880 00",
            )
            for n in range(size.workplaces)
        ],
        batch_size=1000,
    )
    qualifications = [
        Qualification.objects.get_or_create(code=code, defaults={"name": name, "expires": expires})[0]
        for code, name, expires in [
            ("bench-usk", "Bänk: Undersköterska", False),
            ("bench-bsk", "Bänk: Barnskötare", False),
            ("bench-delegering", "Bänk: Läkemedelsdelegering", True),
        ]
    ]
    users = [
        User(
            username=f"BENC{n:06d}",
            password="!",  # noqa: S106 - unusable password
            preferred_given_name=rng.choice(["Anna", "Sara", "Ali", "Erik", "Maja", "Omar", "Lina", "Nils"]),
            family_name=rng.choice(["Berg", "Ek", "Holm", "Lind", "Nyström", "Åberg", "Öberg", "Sandberg"]),
            employee_number=f"{EMPLOYEE_PREFIX}{n:06d}",
            mobile=f"+4673{n:07d}",
            email=f"benc{n:06d}@bench.example.se",
        )
        for n in range(size.substitutes)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX).order_by("pk"))
    group = Group.objects.get(name=Role.SUBSTITUTE.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5000
    )
    workplaces = list(Workplace.objects.filter(name__startswith="Bänkenheten").order_by("pk"))
    today = today_local()
    intro, held, weekly = [], [], []
    for user in users:
        for workplace in rng.sample(workplaces, INTRODUCTIONS_PER_SUBSTITUTE):
            intro.append(Introduction(substitute=user, workplace=workplace, introduced_on=today))
        for qualification in qualifications:
            if rng.random() < 0.5:
                valid_until = (
                    today + dt.timedelta(days=rng.randrange(-60, 300)) if qualification.expires else None
                )
                held.append(
                    SubstituteQualification(
                        substitute=user, qualification=qualification, valid_until=valid_until
                    )
                )
        for weekday in range(7):
            if rng.random() < 0.6:
                weekly.append(
                    WeeklyAvailability(
                        substitute=user,
                        kind="available",
                        weekday=weekday,
                        starts=dt.time(6),
                        ends=dt.time(22),
                        valid_from=today - dt.timedelta(days=PAST_DAYS),
                    )
                )
    Introduction.objects.bulk_create(intro, batch_size=5000)
    SubstituteQualification.objects.bulk_create(held, batch_size=5000)
    WeeklyAvailability.objects.bulk_create(weekly, batch_size=5000)
    log(f"  {len(users)} substitutes, {len(workplaces)} workplaces, {len(intro)} introductions")


def _introduced_by_substitute() -> tuple[list[int], dict[int, list[int]]]:
    from vikarieportalen.accounts.models import User
    from vikarieportalen.staffing.models import Introduction

    ids = list(
        User.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    places: dict[int, list[int]] = {}
    for substitute_id, workplace_id in Introduction.objects.filter(substitute_id__in=ids).values_list(
        "substitute_id", "workplace_id"
    ):
        places.setdefault(substitute_id, []).append(workplace_id)
    return ids, places


SHIFT_COLUMNS = [
    "id",
    "workplace_id",
    "starts_at",
    "ends_at",
    "day",
    "break_minutes",
    "reason",
    "note",
    "status",
    "created_at",
    "cancel_reason",
    "is_booked",  # written false; the database's triggers keep it (staffing migration 0005)
]
BOOKING_COLUMNS = [
    "id", "shift_id", "substitute_id", "workplace_id", "starts_at", "ends_at", "work_minutes", "status",
    "source", "created_at", "overridden_rules", "override_reason", "cancel_reason", "updated_at", "sequence",
    "employment_form",
]  # fmt: skip


def _shift_and_booking(
    shift_id: int,
    booking_id: int | None,
    substitute_id: int | None,
    workplace_id: int,
    day: dt.date,
    template: int,
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    from vikarieportalen.staffing.booking.rules import employment_form_for

    starts, ends, break_minutes = TEMPLATES[template]
    starts_at = local(day, starts)
    ends_at = local(day if ends > starts else day + dt.timedelta(days=1), ends)
    created = starts_at - dt.timedelta(days=3)
    shift = (
        shift_id,
        workplace_id,
        starts_at,
        ends_at,
        day,
        break_minutes,
        REASON,
        "",
        "active",
        created,
        "",
        False,
    )
    if booking_id is None:
        return shift, None
    minutes = int((ends_at - starts_at).total_seconds() // 60) - break_minutes
    booking = (
        booking_id, shift_id, substitute_id, workplace_id, starts_at, ends_at, minutes, "active", "direct",
        created, "[]", "", "", created, 0, employment_form_for(REASON),
    )  # fmt: skip
    return shift, booking


def build_past_bookings(log: Callable[[str], None], size: Size) -> None:
    """1,000,000 past bookings (each on its own shift): 100 per substitute on distinct past days."""
    ids, places = _introduced_by_substitute()
    workplace_ids = sorted({w for ws in places.values() for w in ws})
    per_substitute = size.past_bookings // len(ids)
    rng = random.Random(SEED + 1)
    today = today_local()
    shift_start, booking_start = next_id("staffing_shift"), next_id("staffing_booking")
    shifts: list[tuple[Any, ...]] = []
    bookings: list[tuple[Any, ...]] = []
    for index, substitute_id in enumerate(ids):
        days = rng.sample(range(2, PAST_DAYS), per_substitute)
        for day_back in days:
            # Mostly where they are introduced; some history from other workplaces too.
            workplace_id = rng.choice(places[substitute_id] if rng.random() < 0.8 else workplace_ids)
            shift, booking = _shift_and_booking(
                shift_start + len(shifts),
                booking_start + len(bookings),
                substitute_id,
                workplace_id,
                today - dt.timedelta(days=day_back),
                rng.choice((0, 0, 1, 3)),  # no nights: one booking a day never overlaps the next
            )
            shifts.append(shift)
            assert booking is not None
            bookings.append(booking)
        if (index + 1) % 2500 == 0:
            log(f"  planned {len(bookings)} past bookings")
    started = time.monotonic()
    copy_rows("staffing_shift", SHIFT_COLUMNS, iter(shifts))
    log(f"  COPY {len(shifts)} shifts: {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    copy_rows("staffing_booking", BOOKING_COLUMNS, iter(bookings))
    log(f"  COPY {len(bookings)} bookings: {time.monotonic() - started:.0f} s")
    reset_sequence("staffing_shift")
    reset_sequence("staffing_booking")


def build_coming_weeks(log: Callable[[str], None]) -> bool:
    """The coming two weeks: an open shift or two per workplace and day, and about two bookings per
    substitute. Days already built are skipped, so a later run only adds the new days."""
    from vikarieportalen.staffing.models import Booking, Shift

    ids, places = _introduced_by_substitute()
    today = today_local()
    days = [today + dt.timedelta(days=n) for n in range(1, COMING_DAYS + 1)]
    built = set(
        Shift.objects.filter(day__in=days, note="bench-open").values_list("day", flat=True).distinct()
    )
    todo = [day for day in days if day not in built]
    if not todo:
        return False
    busy = set(
        Booking.objects.filter(
            substitute_id__in=ids, starts_at__gte=local(todo[0], dt.time(0)) - dt.timedelta(days=1)
        ).values_list("substitute_id", "starts_at__date")
    )
    rng = random.Random(f"{SEED}-{todo[0].isoformat()}")
    shift_id, booking_id = next_id("staffing_shift"), next_id("staffing_booking")
    shifts, bookings = [], []
    workplace_ids = sorted({w for ws in places.values() for w in ws})
    for day in todo:
        for workplace_id in workplace_ids:
            for template in rng.sample(range(len(TEMPLATES)), rng.randint(1, 2)):
                shift, _none = _shift_and_booking(shift_id, None, None, workplace_id, day, template)
                shifts.append((*shift[:7], "bench-open", *shift[8:]))
                shift_id += 1
    for substitute_id in ids:
        for day in rng.sample(todo, min(2, len(todo))):
            if (substitute_id, day) in busy:
                continue
            shift, booking = _shift_and_booking(
                shift_id,
                booking_id,
                substitute_id,
                rng.choice(places[substitute_id]),
                day,
                rng.choice((0, 1, 3)),
            )
            shifts.append(shift)
            assert booking is not None
            bookings.append(booking)
            shift_id += 1
            booking_id += 1
    copy_rows("staffing_shift", SHIFT_COLUMNS, iter(shifts))
    copy_rows("staffing_booking", BOOKING_COLUMNS, iter(bookings))
    reset_sequence("staffing_shift")
    reset_sequence("staffing_booking")
    log(f"  coming {len(todo)} days: {len(shifts)} shifts, {len(bookings)} bookings")
    return True


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # fresh statistics (and visibility maps) for the planner
        else:
            cursor.execute("ANALYZE")


def build(log: Callable[[str], None], size: Size) -> tuple[int, int]:
    from django.db import connection
    from django.utils import timezone

    from vikarieportalen.accounts.models import User
    from vikarieportalen.staffing.models import Booking

    substitutes = User.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX).count()
    built = False
    if substitutes < size.substitutes:
        if substitutes:
            raise SystemExit("Partial bench data found: run again with --rebuild.")
        log("Building people and places…")
        build_people_and_places(log, size)
        built = True
    past = Booking.objects.filter(ends_at__lt=timezone.now()).count()
    if past < size.past_bookings:
        log("Building past bookings (COPY)…")
        build_past_bookings(log, size)
        built = True
    built = build_coming_weeks(log) or built
    if built:
        connection.close()  # VACUUM cannot run inside a transaction
        log("VACUUM ANALYZE…" if connection.vendor == "postgresql" else "ANALYZE…")
        analyze()
    substitutes = User.objects.filter(employee_number__startswith=EMPLOYEE_PREFIX).count()
    past = Booking.objects.filter(ends_at__lt=timezone.now()).count()
    return substitutes, past


def arguments(description: str, *, rounds: int) -> argparse.Namespace:
    """The command line of every bench on this data: ``--rounds``, ``--rebuild``, ``--smoke``."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database and build it again")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    return parser.parse_args()


def log(text: str) -> None:
    print(text, flush=True)


def prepare(bench: str, args: argparse.Namespace) -> tuple[Size, int, int]:
    """Django set up on this data for ``bench``: at full size in DATABASE_URL's PostgreSQL database
    (built, or reused when present), or with ``--smoke`` at the smoke size in an empty database of
    its own and 5 rounds. Returns (size, substitutes, past bookings)."""
    size = SMOKE if args.smoke else FULL
    if args.smoke:
        args.rounds = 5
        url = smoke.database_url(bench)
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_URL
        if not url.startswith("postgres"):
            raise SystemExit(f"bench/{bench}.py needs PostgreSQL (DATABASE_URL=postgres://…)")
        ensure_database(url, drop=args.rebuild)
    setup_django(url)
    started = time.monotonic()
    migrate()
    substitutes, past = build(log, size)
    log(f"Data ready in {time.monotonic() - started:.0f} s: {substitutes} substitutes, {past} past bookings")
    return size, substitutes, past


def staffing_centre_user() -> Any:
    """The bench's staffing centre user (made once)."""
    from django.contrib.auth.models import Group

    from vikarieportalen.accounts.models import User
    from vikarieportalen.core.roles import Role

    staff, _created = User.objects.get_or_create(
        username="BENCHSTAFF1", defaults={"preferred_given_name": "Bänk", "family_name": "Planerare"}
    )
    staff.groups.add(Group.objects.get(name=Role.STAFFING_CENTRE.value))
    return staff


# ---------------------------------------------------------------------------------------------
# Measuring


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure_candidates(rounds: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
    from vikarieportalen.staffing.models import Shift

    rng = random.Random(SEED + 2)
    open_shifts = list(
        Shift.objects.filter(note="bench-open", day__gt=today_local()).values_list("pk", flat=True)
    )
    picked = [rng.choice(open_shifts) for _ in range(rounds)]
    shifts = {s.pk: s for s in Shift.objects.filter(pk__in=picked).select_related("workplace")}
    for pk in picked[:5]:  # warm up
        candidate_list_for_shift(shift=shifts[pk])
    times, eligible_counts, excluded_counts, queries = [], [], [], []
    for pk in picked:
        shift = Shift.objects.select_related("workplace").get(pk=pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            eligible, excluded = candidate_list_for_shift(shift=shift)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        eligible_counts.append(len(eligible))
        excluded_counts.append(len(excluded))
    return {
        "p95_ms": round(p95(times), 1),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "queries": max(queries),
        "eligible_median": statistics.median(eligible_counts),
        "excluded_median": statistics.median(excluded_counts),
    }


def measure_all_not_introduced(rounds: int) -> float:
    """For information: the same with every not-introduced substitute listed (not_introduced_limit=None)."""
    from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
    from vikarieportalen.staffing.models import Shift

    shift = Shift.objects.filter(note="bench-open", day__gt=today_local()).select_related("workplace").first()
    assert shift is not None
    candidate_list_for_shift(shift=shift, not_introduced_limit=None)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        candidate_list_for_shift(shift=shift, not_introduced_limit=None)
        times.append((time.perf_counter() - started) * 1000)
    return round(p95(times), 1)


def measure_page(url_name: str, user: Any, rounds: int) -> tuple[float | None, int | None, int | None]:
    """(p95 ms, queries, status) for GET of a named URL as ``user``; (None, None, None) when it is missing."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None, None, None
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(user)
    first = client.get(url)
    if first.status_code != 200:
        return None, None, first.status_code
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
    return round(p95(times), 1), max(queries), 200


def main() -> None:
    args = arguments(__doc__ or "", rounds=100)
    size, substitutes, past = prepare("candidates", args)

    from vikarieportalen.accounts.models import User

    database = database_version()
    candidates = measure_candidates(args.rounds)
    all_listed_p95 = measure_all_not_introduced(max(10, args.rounds // 5))

    # A substitute with a full history (100 past bookings and coming ones) and a staffing centre user.
    number = min(42, size.substitutes - 1)
    substitute = User.objects.filter(employee_number=f"{EMPLOYEE_PREFIX}{number:06d}").get()
    staff = staffing_centre_user()
    bookings_p95, bookings_queries, bookings_status = measure_page(
        "staffing:my_bookings", substitute, args.rounds
    )
    history_p95, history_queries, _status = measure_page(
        "staffing:my_history", substitute, max(10, args.rounds // 2)
    )
    board_p95, board_queries, board_status = measure_page("staffing:board", staff, args.rounds)

    print_machine(database)
    print(f"Data: {substitutes} substitutes, {size.workplaces} workplaces, {past} past bookings")
    print(
        f"Candidates for one shift ({args.rounds} open shifts at random workplaces): "
        f"p95 {candidates['p95_ms']} ms, median {candidates['median_ms']} ms, max {candidates['max_ms']} ms, "
        f"{candidates['queries']} queries; median {candidates['eligible_median']} eligible and "
        f"{candidates['excluded_median']} excluded listed"
    )
    print(f"  … listing all ~{size.substitutes} not introduced as excluded too: p95 {all_listed_p95} ms")
    print(
        f"Substitute's bookings page: p95 {bookings_p95} ms, {bookings_queries} queries "
        f"(status {bookings_status})"
    )
    print(f"Substitute's history page:  p95 {history_p95} ms, {history_queries} queries")
    print(f"Staffing centre's board:    p95 {board_p95} ms, {board_queries} queries (status {board_status})")
    print(
        json.dumps(
            {
                "substitutes": substitutes,
                "past_bookings": past,
                "candidates_p95_ms": candidates["p95_ms"],
                "bookings_page_p95_ms": bookings_p95,
                "board_p95_ms": board_p95,
                "bookings_page_queries": bookings_queries,
                "board_queries": board_queries,
            }
        )
    )


if __name__ == "__main__":
    main()
