"""The login throttle under parallel guessing: 40 wrong passwords for one account at once, then the right one.

Issue 13, point 2: the attempt is reserved (counted) before the password is hashed, so parallel
guesses cannot all read "no failures yet". For each of two servers, in one run:
1. gunicorn, ``--workers 4`` sync workers, production settings, a fresh PostgreSQL database
   (``vp_bench_login``) and Redis (db 3, keys under ``vp-bench-login``) for the throttle's counters;
2. ``manage.py runserver`` (threaded, as ``make run`` starts it) with the dev settings: a fresh
   SQLite file in a temporary directory and the local-memory cache;
it migrates the database, creates one active user (JOSA9804, with a mobile number) with a known
password, starts the server and warms it, then fires 40 POSTs to /konto/logga-in/ with wrong
passwords at the same moment (asyncio streams, one connection each, all opened beforehand, all
from 127.0.0.1), and 0.1 s later, while they are still being answered, one with the right password.
Then it counts the audit rows: ``login_failed`` (a password that was checked), ``login_throttled``
(refused unchecked) and ``login``. It fails (exit 1) when more passwords were checked, right or
wrong, than LOGIN_THROTTLE_ACCOUNT_FAILURES, when a request is not answered with the login page
(a CSRF refusal, a crash), or when the right password got in although the wrong ones had used up
every free attempt. The free attempts go to whichever requests the server counts first: when the
right one overtakes wrong ones still waiting to be read (a busy machine), it may take a free
attempt and log in, within the limit; the figures say which happened.

Usage: .venv/bin/python bench/login_race.py [--parallel 40] [--workers 4] [--smoke]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379. The last line is JSON.
``--smoke``: 10 wrong passwords, gunicorn with 2 workers, each server on an empty database of its own
(see smoke.py); the gunicorn part needs PostgreSQL (DATABASE_URL's server or the local one) and
REDIS_URL, and is skipped without them: without a shared cache each worker counts on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
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
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "vp_bench_login"
REDIS_URL = "redis://127.0.0.1:6379/3"
CACHE_KEY_PREFIX = "vp-bench-login"
USERNAME = "JOSA9804"
PASSWORD = "Blue!Harbour-2026"  # noqa: S105 - a benchmark password, in a database made for the run
LOGIN_PATH = "/konto/logga-in/"
# The wrong-password error on the login page, in Swedish (the default) and English.
ERROR_TEXTS = ("Fel användarnamn eller lösenord", "The username or password is wrong")

CREATE_USER = f"""
import datetime, json
from django.conf import settings
from vikarieportalen.accounts.models import User
user = User(username={USERNAME!r}, preferred_given_name="Sara", given_names="Sara", family_name="Johansson",
            date_of_birth=datetime.date(1998, 4, 1), is_active=True, mobile="+46701234567", language="sv")
user.set_password({PASSWORD!r})
user.save()
print(json.dumps({{"allowed": settings.LOGIN_THROTTLE_ACCOUNT_FAILURES,
                  "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
                  "csrf_cookie": settings.CSRF_COOKIE_NAME}}))
"""

COUNT_AUDIT = """
import json
from vikarieportalen.audit.models import AuditEvent
print(json.dumps({kind: AuditEvent.objects.filter(kind=kind).count()
                  for kind in ("login_failed", "login_throttled", "login")}))
"""


@dataclass
class Outcome:
    server: str
    allowed: int
    evaluated: int  # login_failed rows: passwords that were checked
    throttled: int  # login_throttled rows: refused without checking
    logins: int  # login rows
    right_status: int
    right_refused: bool
    answered_before_right: int  # wrong passwords already answered when the right one was sent
    statuses: dict[str, int]
    wall_s: float

    @property
    def checked(self) -> int:
        """Passwords that were hashed and compared: the wrong ones, and the right one if it got in."""
        return self.evaluated + self.logins

    @property
    def held(self) -> bool:
        # Every wrong password answered with the login page (not refused by CSRF or a crash), every
        # request counted once, at most the allowed number checked, and the right one refused
        # unless it took one of the free attempts itself.
        wrong = sum(self.statuses.values())
        every_one_counted = self.statuses == {"200": wrong} and self.checked + self.throttled == wrong + 1
        right_ok = self.right_refused or (self.logins == 1 and self.evaluated < self.allowed)
        return every_one_counted and self.checked <= self.allowed and right_ok


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:  # say why, not only that it failed
        sys.exit(f"manage.py {' '.join(args)} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def last_json(output: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return value


def prepare(env: dict[str, str], *, collectstatic: bool) -> dict[str, Any]:
    """Migrate, (production) collect the static files, create the user; the server's throttle settings."""
    manage(env, "migrate", "--noinput", "-v0")
    if collectstatic:  # production's manifest storage needs it up to date
        manage(env, "collectstatic", "--noinput", "-v0")
    return last_json(manage(env, "shell", "-c", CREATE_USER))


async def warm(port: int, requests: int) -> None:
    """The login page a few times (templates, translations), without a single password attempt."""
    import httpx

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for response in await asyncio.gather(*(client.get(LOGIN_PATH) for _ in range(requests))):
            response.raise_for_status()


def login_request(port: int, password: str, csrf: str, csrf_cookie: str) -> bytes:
    """One POST of the login form, as bytes (the connection closes after the answer)."""
    body = urllib.parse.urlencode(
        {"username": USERNAME, "password": password, "method": "password", "csrfmiddlewaretoken": csrf}
    ).encode()
    head = (
        f"POST {LOGIN_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: {csrf_cookie}={csrf}\r\nAccept-Language: sv\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


async def race(
    port: int, parallel: int, right_delay: float, csrf_cookie: str
) -> tuple[list[int], int, str, int, float]:
    """``parallel`` wrong passwords at once, the right one ``right_delay`` s later.

    Every connection is opened first, one after the other, and the requests are written at the
    same moment: runserver's listen queue holds 10 connections, and a burst of new connections
    overflows it (resets) before the first request is read. Returns the wrong ones' statuses, the
    right one's status and page, how many wrong ones had been answered when the right one was sent,
    and the wall time from the gate until every answer was in.
    """
    csrf = csrf_secret()
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(parallel + 1)]
    gate = asyncio.Event()
    statuses: list[int] = []

    async def exchange(index: int, request: bytes) -> tuple[int, str]:
        reader, writer = connections[index]
        writer.write(request)
        await writer.drain()
        answer = await reader.read()  # until the server closes the connection
        writer.close()
        status = int(answer.split(b" ", 2)[1]) if answer else 0
        return status, answer.decode(errors="replace")

    async def wrong(index: int) -> None:
        request = login_request(port, f"wrong-guess-{index}", csrf, csrf_cookie)
        await gate.wait()
        statuses.append((await exchange(index, request))[0])

    async def right() -> tuple[int, int, str]:
        request = login_request(port, PASSWORD, csrf, csrf_cookie)
        await gate.wait()
        await asyncio.sleep(right_delay)
        answered = len(statuses)
        return answered, *await exchange(parallel, request)

    wrong_tasks = [asyncio.create_task(wrong(i)) for i in range(parallel)]
    right_task = asyncio.create_task(right())
    await asyncio.sleep(0.2)  # every task is waiting at the gate
    started = time.perf_counter()
    gate.set()
    await asyncio.gather(*wrong_tasks)
    answered, status, page = await right_task
    wall = time.perf_counter() - started
    return statuses, status, page, answered, wall


def run_server(
    name: str,
    command: list[str] | None,
    env: dict[str, str],
    *,
    workers: int,
    parallel: int,
    right_delay: float,
) -> Outcome:
    """Prepare the database, start the server (gunicorn when ``command`` is None), race, count."""
    started = time.monotonic()
    config = prepare(env, collectstatic=command is None)
    log(f"{name}: database migrated, user {USERNAME} created in {time.monotonic() - started:.0f} s")
    port = free_port()
    logfile = Path(tempfile.gettempdir()) / f"login_race_{name}.log"
    if command is None:
        server = start_gunicorn(env, workers, port, logfile)
    else:
        with logfile.open("wb") as out:
            server = subprocess.Popen(
                [*command, f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
    try:
        asyncio.run(wait_ready(port, workers, server))
        asyncio.run(warm(port, workers * 2))
        log(f"{name} ready on port {port} ({config['cache']} for the throttle)")
        statuses, right_status, page, answered, wall = asyncio.run(
            race(port, parallel, right_delay, str(config["csrf_cookie"]))
        )
    finally:
        stop(server)
    counts = last_json(manage(env, "shell", "-c", COUNT_AUDIT))
    error_shown = any(text in page for text in ERROR_TEXTS)
    outcome = Outcome(
        server=name,
        allowed=int(config["allowed"]),
        evaluated=int(counts["login_failed"]),
        throttled=int(counts["login_throttled"]),
        logins=int(counts["login"]),
        right_status=right_status,
        right_refused=right_status == 200 and error_shown and counts["login"] == 0,
        answered_before_right=answered,
        statuses={str(code): statuses.count(code) for code in sorted(set(statuses))},
        wall_s=round(wall, 2),
    )
    log(
        f"{name}: {outcome.evaluated} passwords checked (allowed {outcome.allowed}), "
        f"{outcome.throttled} throttled, right password answered {right_status}"
        f"{' with the error' if error_shown else ''}, {outcome.logins} logins, {wall:.2f} s"
    )
    return outcome


def versions(pg_url: str | None, redis_url: str | None) -> dict[str, str]:
    found = {}
    if pg_url:
        import psycopg

        with psycopg.connect(pg_url) as conn:
            found["PostgreSQL"] = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
    if redis_url:
        import redis

        found["Redis"] = str(redis.Redis.from_url(redis_url).info("server")["redis_version"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parallel", type=int, default=40, help="wrong passwords sent at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--right-delay", type=float, default=0.1, help="seconds after the wrong ones the right one is sent"
    )
    parser.add_argument("--smoke", action="store_true", help="a tiny run in empty databases (make test)")
    args = parser.parse_args()

    skipped = None
    workdir = Path(tempfile.mkdtemp(prefix="vp-bench-login-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    if args.smoke:
        args.parallel, args.workers = 10, 2
        runserver_db = smoke.database_url("login_race_runserver")
        redis_url = smoke.redis_url()
        pg_url = smoke.postgres_url("login_race_gunicorn") if redis_url else None
        if redis_url is None:
            skipped = "gunicorn: no REDIS_URL (its workers share the throttle's counters only in Redis)"
        elif pg_url is None:
            skipped = "gunicorn: needs PostgreSQL (no DATABASE_URL, none at 127.0.0.1:5432)"
            redis_url = None
    else:
        runserver_db = f"sqlite:///{workdir / 'db.sqlite3'}"
        pg_url, redis_url = f"{PG}/{DB_NAME}", REDIS_URL
        recreate_database(pg_url)

    outcomes = []
    if pg_url and redis_url:
        cache_keys_delete(redis_url, CACHE_KEY_PREFIX)
        atexit.register(cache_keys_delete, redis_url, CACHE_KEY_PREFIX)
        env = server_env(pg_url, redis_url, workdir / "static", CACHE_KEY_PREFIX)
        outcomes.append(
            run_server(
                "gunicorn",
                None,
                env,
                workers=args.workers,
                parallel=args.parallel,
                right_delay=args.right_delay,
            )
        )
    # As `make run` starts it: dev settings, threaded, the local-memory cache (no REDIS_URL).
    dev_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": runserver_db,
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    runserver = [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", "--skip-checks"]
    outcomes.append(
        run_server(
            "runserver",
            runserver,
            dev_env,
            workers=1,
            parallel=args.parallel,
            right_delay=args.right_delay,
        )
    )

    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    for name, version in versions(pg_url, redis_url).items():
        print(f"  {name + ':':<11} {version}")
    print(f"  Load:       {os.getloadavg()[0]:.1f} (1-minute average at the end)")
    print()
    print(
        f"{args.parallel} wrong passwords for {USERNAME} at once from 127.0.0.1, "
        f"the right one {args.right_delay:g} s later"
    )
    descriptions = {
        "gunicorn": f"gunicorn, {args.workers} sync workers, production settings, PostgreSQL, Redis",
        "runserver": "runserver (threaded), dev settings as `make run`, SQLite, local-memory cache",
    }
    for outcome in outcomes:
        print(f"  {descriptions[outcome.server]}")
        print(
            f"    checked {outcome.checked} (wrong {outcome.evaluated}, allowed {outcome.allowed}), "
            f"throttled {outcome.throttled}, wrong answered {outcome.statuses}; "
            f"right password: {outcome.right_status}, "
            f"{'refused' if outcome.right_refused else 'let in on a free attempt'} "
            f"({outcome.answered_before_right} wrong ones answered before it was sent); "
            f"{outcome.wall_s} s"
        )
    if skipped:
        print(f"  skipped {skipped}")
    held = all(outcome.held for outcome in outcomes)
    result: dict[str, object] = {"benchmark": "login_race", "parallel": args.parallel, "held": held}
    for outcome in outcomes:
        result[outcome.server] = {key: value for key, value in asdict(outcome).items() if key != "server"}
    if skipped:
        result["skipped"] = skipped
    print(json.dumps(result))
    if not held:
        sys.exit("the throttle did not hold: more passwords checked than allowed, or the right one let in")


if __name__ == "__main__":
    main()
