"""Start page, news, FAQ and job ads (5,000 news items, 500 job ads, 200 FAQ entries): req/s and queries.

Builds the content once in a dedicated database (a SQLite file under var/ by default, or
DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/vp_bench_news; a PostgreSQL database is
created if missing) and reuses it on later runs. Then it serves the portal with a real gunicorn,
one sync worker (DEBUG off, production static files, the intranet caches on), and drives each page
with wrk (4 connections, --seconds each) beside the app's own /health/ in the same run: as an
anonymous reader inside the municipal network (no cookies: every request is a first visit), and
logged in as a substitute (a real session from the login form; personal panel, news aimed at
their area). Query counts per page come from Django's test client in this process against the
same database, after one request has filled the caches.

The cache is REDIS_URL's when the environment has one (as in production), else local memory, which
is right for the one worker measured (INTRANET_CACHE_SECONDS=300 either way).

wrk is the Debian package: found on PATH, or installed with apt-get when this runs as root. Without
it a smoke run falls back to one sequential Python client (and says so); a full run stops.

Usage: .venv/bin/python bench/intranet_pages.py [--seconds 10] [--connections 4] [--rebuild] [--smoke]
DB_CONN_MAX_AGE=60 in the environment keeps database connections open between requests (the
default, 0, opens one per request). The last line printed is one JSON object. ``--smoke``: 40 news
items, 5 job ads and 10 FAQ entries in an empty database of its own (see smoke.py), 1 s per page,
for ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import smoke
from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Content:
    news: int
    job_ads: int
    faq_entries: int


FULL = Content(news=5000, job_ads=500, faq_entries=200)
SMOKE = Content(news=40, job_ads=5, faq_entries=10)
DEFAULT_DATABASE = f"sqlite:///{ROOT / 'var' / 'bench_intranet.sqlite3'}"
EMPLOYEE_NUMBER, PASSWORD = "BENCH1", "Bank-Matning-2026!x"


def pages(size: Content) -> list[tuple[str, str, bool]]:
    """(label, path, logged in as the substitute) for each page measured."""
    from django.utils import timezone

    from vikarieportalen.intranet.models import JobAdPage
    from vikarieportalen.intranet.selectors import NEWS_PER_PAGE

    middle = max(1, size.news // NEWS_PER_PAGE // 2)  # page 250 of 500
    ad = (
        JobAdPage.objects.live()
        .filter(last_application_date__gte=timezone.localdate())
        .order_by("pk")
        .first()
    )
    open_ad = [("job ad", ad.url, False)] if ad is not None and ad.url else []  # smoke: all have closed
    return [
        ("/health/ (the app's cheapest view)", "/health/", False),
        ("start page, anonymous inside the network", "/", False),
        ("start page, substitute", "/", True),
        ("news list, first page", "/nyheter/", False),
        (f"news list, page {middle}", f"/nyheter/?page={middle}", False),
        ("news item", "/nyheter/nyhet-1/", False),
        ("news list, substitute", "/nyheter/", True),
        ("FAQ", "/fragor-och-svar/", False),
        ("job ad list", "/lediga-jobb/", False),
        *open_ad,
    ]


def server_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(static_root),
            "MUNICIPAL_NETWORKS": "127.0.0.0/8",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASK_BACKEND": "immediate",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "INTRANET_CACHE_SECONDS": "300",
        }
    )
    if smoke.redis_url():
        env["REDIS_URL"] = smoke.redis_url() or ""
        env["CACHE_KEY_PREFIX"] = f"vp-bench-intranet-{os.getpid()}"  # this run's keys only
    else:
        env.pop("REDIS_URL", None)
    return env


def ensure_postgres_database(database_url: str) -> None:
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------------------
# Building the content (in this process, Django set up on the benchmark database)


def build_content(*, rebuild: bool, size: Content) -> dict[str, int]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models.signals import post_save
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from vikarieportalen.accounts.models import User
    from vikarieportalen.accounts.services import role_groups_sync, user_create
    from vikarieportalen.core.roles import Role
    from vikarieportalen.intranet.models import (
        FaqEntry,
        FaqPage,
        HomePage,
        JobAdIndexPage,
        JobAdPage,
        NewsIndexPage,
        NewsPage,
        NewsTargetArea,
        Shortcut,
    )
    from vikarieportalen.staffing.models import AreaOfWork, Introduction, Workplace

    call_command("migrate", interactive=False, verbosity=0)
    home = HomePage.objects.get(locale__language_code="sv")
    if rebuild:
        for model in (NewsIndexPage, JobAdIndexPage, FaqPage):
            for page in model.objects.child_of(home):
                page.delete()
    have = {
        "news": NewsPage.objects.count(),
        "job_ads": JobAdPage.objects.count(),
        "faq_entries": FaqEntry.objects.count(),
    }
    if have == asdict(size):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return have

    for model in (NewsPage, JobAdPage, FaqPage):
        # The benchmark measures pages, not search: no search index updates while building.
        post_save.disconnect(post_save_signal_handler, sender=model)
    today = dt.date.today()  # noqa: DTZ011 - content dates, local
    areas = list(AreaOfWork.values)
    started = time.perf_counter()
    with disable_reference_index_auto_update(), transaction.atomic():
        role_groups_sync()
        workplaces = [
            Workplace.objects.get_or_create(name=f"Bänkenheten {area}", defaults={"area": area})[0]
            for area in areas
        ]
        news_index = NewsIndexPage.objects.child_of(home).first()
        if news_index is None:
            news_index = NewsIndexPage(title="Nyheter", slug="nyheter")
            home.add_child(instance=news_index)
        for number in range(NewsPage.objects.child_of(news_index).count(), size.news):
            page = NewsPage(
                title=f"Nyhet nummer {number}",
                slug=f"nyhet-{number}",
                date=today - dt.timedelta(days=number // 3),
                intro=f"Ingress till nyhet nummer {number} om lön, schema och semester.",
                body="<p>" + "Brödtext om hur arbetet går till. " * 20 + "</p>",
            )
            if number % 5 == 0:  # every fifth item is aimed at one or two areas of work
                page.target_areas = [
                    NewsTargetArea(area=areas[number % len(areas)]),
                    NewsTargetArea(area=areas[(number + 1) % len(areas)]),
                ]
            news_index.add_child(instance=page)
        job_index = JobAdIndexPage.objects.child_of(home).first()
        if job_index is None:
            job_index = JobAdIndexPage(title="Lediga jobb", slug="lediga-jobb")
            home.add_child(instance=job_index)
        for number in range(JobAdPage.objects.child_of(job_index).count(), size.job_ads):
            job_index.add_child(
                instance=JobAdPage(
                    title=f"Undersköterska {number}",
                    slug=f"jobb-{number}",
                    workplace=workplaces[number % len(workplaces)],
                    workplace_text="avdelning 2" if number % 2 else "",
                    extent="Heltid, tillsvidare",
                    # One in four has closed; the rest close over the coming months.
                    last_application_date=today + dt.timedelta(days=(number % 120) - 30),
                    body="<p>Vi söker en undersköterska.</p>",
                    how_to_apply="<p>Skicka ansökan till chefen.</p>",
                )
            )
        faq = FaqPage.objects.child_of(home).first()
        if faq is None:
            faq = FaqPage(title="Frågor och svar", slug="fragor-och-svar")
            home.add_child(instance=faq)
        FaqEntry.objects.filter(page=faq).delete()
        FaqEntry.objects.bulk_create(
            FaqEntry(
                page=faq,
                topic=f"Ämne {number // 20}",
                question=f"Fråga nummer {number}?",
                answer="<p>Svaret.</p>",
                sort_order=number,
            )
            for number in range(size.faq_entries)
        )
        for order, title in enumerate(["Webbmejl", "Lärportalen", "Självservice", "Lön", "Mina pass", "FAQ"]):
            Shortcut.objects.get_or_create(
                title=title,
                defaults={"url": f"https://system{order}.example-kommun.se/", "sort_order": order},
            )
        if not User.objects.filter(employee_number=EMPLOYEE_NUMBER).exists():
            user = user_create(
                preferred_given_name="Bänk",
                family_name="Vikarie",
                date_of_birth=dt.date(1990, 1, 1),
                roles=[Role.SUBSTITUTE],
                employee_number=EMPLOYEE_NUMBER,
                password=PASSWORD,
            )
            Introduction.objects.create(substitute=user, workplace=workplaces[0], introduced_on=today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather them in time
    print(f"Built the content in {time.perf_counter() - started:.0f} s.")
    return {
        "news": NewsPage.objects.count(),
        "job_ads": JobAdPage.objects.count(),
        "faq_entries": FaqEntry.objects.count(),
    }


def query_counts(measured: list[tuple[str, str, bool]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vikarieportalen.accounts.models import User

    anonymous = Client(REMOTE_ADDR="127.0.0.1", HTTP_HOST="127.0.0.1")
    substitute = Client(REMOTE_ADDR="127.0.0.1", HTTP_HOST="127.0.0.1")
    substitute.force_login(User.objects.get(employee_number=EMPLOYEE_NUMBER))
    counts = {}
    for label, path, logged_in in measured:
        client = substitute if logged_in else anonymous
        client.get(path)  # warm: site root paths, content types, the intranet caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(captured)
    return counts


def wrk_path() -> str | None:
    """wrk on PATH, else installed from Debian when this runs as root; None if neither works."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk")


def wrk_measure(wrk: str, url: str, *, seconds: float, connections: int, cookie: str) -> dict[str, float]:
    """One wrk run against ``url``: req/s and latency percentiles (every response must be 2xx)."""
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    assert "Non-2xx" not in output, output
    total = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert total and rate, output
    figures: dict[str, float] = {"requests": int(total.group(1)), "requests_per_second": float(rate.group(1))}
    for percentile, key in (("50%", "median_ms"), ("99%", "p99_ms")):
        match = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if match:
            factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            figures[key] = round(float(match.group(1)) * factor, 1)
    return figures


# ---------------------------------------------------------------------------------------------
# Serving and measuring


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def logged_in_opener(base: str) -> urllib.request.OpenerDirector:
    """Logs the benchmark substitute in through the real form (one Argon2 check)."""
    from vikarieportalen.accounts.models import User

    username = User.objects.get(employee_number=EMPLOYEE_NUMBER).username
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/konto/logga-in/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert match, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1), "username": username, "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/konto/logga-in/", data=data))  # noqa: S310 - http only
    page = opener.open(f"{base}/").read().decode()
    assert 'id="personal-panel"' in page, "the substitute is not logged in"
    return opener


def measure(opener: urllib.request.OpenerDirector, url: str, seconds: float) -> dict[str, float]:
    for _ in range(5):  # warm up
        opener.open(url).read()
    durations = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        begin = time.perf_counter()
        with opener.open(url) as response:
            response.read()
            assert response.status == 200
        durations.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    durations.sort()
    return {
        "requests": len(durations),
        "requests_per_second": round(len(durations) / elapsed, 1),
        "median_ms": round(statistics.median(durations) * 1000, 1),
        "p99_ms": round(durations[math.ceil(len(durations) * 0.99) - 1] * 1000, 1),  # nearest rank
    }


def session_cookie(opener: urllib.request.OpenerDirector) -> str:
    """The logged-in opener's cookies as one Cookie header (session and CSRF cookie)."""
    for handler in opener.handlers:
        if isinstance(handler, urllib.request.HTTPCookieProcessor):
            return "; ".join(f"{cookie.name}={cookie.value}" for cookie in handler.cookiejar)
    raise AssertionError("no cookie jar")


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} ({connection.settings_dict['NAME']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="seconds per page (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's connections (default 4)")
    parser.add_argument("--rebuild", action="store_true", help="delete and build the content again")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()

    size = SMOKE if args.smoke else FULL
    if args.smoke:
        args.seconds = 1
        database_url = smoke.database_url("intranet_pages")
        static_root = smoke.temporary_directory("intranet_pages") / "static"
    else:
        database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
        ensure_postgres_database(database_url)
        static_root = Path(tempfile.gettempdir()) / "vp-bench-intranet-static"
    env = server_env(database_url, static_root)
    os.environ.update({key: env[key] for key in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL")})
    os.environ.update({key: env[key] for key in ("MUNICIPAL_NETWORKS", "TASK_BACKEND", "LOG_LEVEL")})
    os.environ["INTRANET_CACHE_SECONDS"] = env["INTRANET_CACHE_SECONDS"]
    for key in ("REDIS_URL", "CACHE_KEY_PREFIX"):
        if key in env:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    wrk = wrk_path()
    if wrk is None and not args.smoke:
        sys.exit("wrk is needed: apt-get install wrk")
    os.environ["STATIC_ROOT"] = str(static_root)
    import logging

    import django

    django.setup()
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per indexed page otherwise
    from django.core.management import call_command

    load_before = [round(value, 2) for value in os.getloadavg()]
    content = build_content(rebuild=args.rebuild, size=size)
    call_command("collectstatic", interactive=False, verbosity=0)
    measured = pages(size)
    queries = query_counts(measured)
    database = database_description()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / "vp-bench-intranet-gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", "1",
             "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
        try:
            wait_for(base, server)
            anonymous = urllib.request.build_opener()
            substitute = logged_in_opener(base)
            cookie = session_cookie(substitute)
            figures = {}
            for label, path, logged_in in measured:
                if wrk is None:
                    figures[label] = measure(
                        substitute if logged_in else anonymous, base + path, args.seconds
                    )
                else:
                    figures[label] = wrk_measure(
                        wrk,
                        base + path,
                        seconds=args.seconds,
                        connections=args.connections,
                        cookie=cookie if logged_in else "",
                    )
                figures[label]["queries"] = queries[label]
        finally:
            server.terminate()
            server.wait(timeout=30)

    cores = os.cpu_count() or 1
    result: dict[str, Any] = {
        "benchmark": "intranet_pages",
        "content": content,
        "server": (
            f"gunicorn, 1 sync worker, DEBUG off, DB_CONN_MAX_AGE={env.get('DB_CONN_MAX_AGE', '0')},"
            f" cache {'Redis' if 'REDIS_URL' in env else 'local memory'}"
        ),
        "client": (
            f"wrk, 1 thread, {args.connections} connections, {max(1, round(args.seconds))} s per page"
            if wrk
            else f"no wrk: one sequential Python client, {args.seconds:g} s per page"
        ),
        "database": database,
        "cpu_model": cpu_model(),
        "cores": cores,
        "ram_gib": ram_gib(),
        "python": platform.python_version(),
        "load_average_before": load_before,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "pages": figures,
    }
    print(f"Machine: {result['cpu_model']}, {cores} cores, {result['ram_gib']} GiB RAM")
    print(f"Python {result['python']}, {result['server']}, {result['client']}")
    print(f"Database: {database}; load average {load_before} before, {result['load_average']} after")
    print(
        f"Content: {content['news']} news, {content['job_ads']} job ads, {content['faq_entries']} FAQ entries"
    )
    print(f"{'page':44} {'req/s':>7} {'median':>9} {'p99':>9} {'queries':>8}")
    for label, figure in figures.items():
        print(
            f"{label:44} {figure['requests_per_second']:>7} {figure.get('median_ms', '-'):>6} ms"
            f" {figure.get('p99_ms', '-'):>6} ms {figure['queries']:>8}"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
