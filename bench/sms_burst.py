"""2,000 offer SMS recorded in one transaction, delivered to a local fake 46elks answering in 50 ms.

Recorded as an offer send-out and a group message record theirs (``offers_create``,
``staffing.messages.services._sms_send``): ``message_send_sms`` inside ``messages_batched``, so one
INSERT and, after commit, one delivery task per ``SMS_BURST_BATCH`` SMS (``deliver_sms_batch``),
each sending its SMS ``SMS_CONCURRENCY`` at a time.

Measures the time from the start of recording until the gateway has accepted every message (and
how long recording and enqueuing alone took, and how many were sent by then), with the embedded
database worker (1 db_worker) and with 2 RQ workers on Redis; counts messages that arrived twice.
Usage: .venv/bin/python bench/sms_burst.py [--messages 2000] [--delay 0.05] [--smoke]
Also prints the CPU seconds of the recording process, the workers and the fake gateway (this
process), which depend less on the machine's load than the wall times.
Needs Redis at REDIS_URL (default redis://127.0.0.1:6379/0) for the RQ part. BENCH_DATABASE_URL
picks the database (default: a fresh SQLite file per run). The last line printed is JSON.
``--smoke``: 20 messages through both, in an empty database of its own (see smoke.py); the RQ part
only when REDIS_URL is set, as in ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import smoke
from machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vikarieportalen.notifications.tests.fake_gateway import FakeElks, start  # noqa: E402

PY = sys.executable
RECORD = """
from django.db import transaction
from vikarieportalen.notifications.services import message_send_sms, messages_batched
with transaction.atomic(), messages_batched(new_keys=True):
    for n in range({count}):
        message_send_sms(to_number="+4670{{:07d}}".format(1000000 + n), text="Pass {{}} Orby 06:30".format(n),
                         kind="staffing_offer", idempotency_key="b-{run}-{{}}".format(n), urgent=True)
"""


def run(
    mode: str,
    *,
    count: int,
    url: str,
    gateway: FakeElks,
    redis_url: str,
    database_url: str | None,
    migrate: bool = True,
    timeout: float = 1800,
    workdir_root: Path | None = None,
    cpu: dict[str, float] | None = None,
) -> float:
    """Seconds until the gateway has every message. ``cpu`` gets the CPU seconds of the recording
    process, of the workers, and of this process (the fake gateway), which depend less on the
    machine's load than the wall time."""
    workdir = Path(tempfile.mkdtemp(prefix=f"sms-burst-{mode}-", dir=workdir_root))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        "TASK_BACKEND": "rq" if mode == "rq" else "database",
        "REDIS_URL": redis_url if mode == "rq" else "",
        "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.elks.SmsBackend",
        "ELKS_API_URL": url,
        "ELKS_API_USERNAME": gateway.username,
        "ELKS_API_PASSWORD": gateway.password,
        "SMS_CALLBACK_SECRET": "",
        "LOG_LEVEL": "WARNING",
    }
    manage = [PY, str(ROOT / "manage.py")]
    if migrate:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    if mode == "rq":
        subprocess.run(
            [PY, "-c", f"import redis; redis.Redis.from_url({redis_url!r}).delete('rq:queue:default')"],
            check=True,
        )
        commands = [
            [*manage, "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--worker-class",
             "rq.worker.SimpleWorker"]
            for _ in range(2)
        ]  # fmt: skip
    else:
        commands = [
            [
                *manage,
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.05",
                "--no-startup-delay",
                "--no-reload",
            ]
        ]
    log = (workdir / "workers.log").open("w")
    # Children count once waited for: the recording process at once, the workers when stopped.
    children, own, recording_cpu = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF), 0.0
    workers = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        for command in commands
    ]
    try:
        before = len(gateway.requests)
        # Timed from the start of the recording: with fast workers the SMS are all sent before the
        # recording process (which enqueues the 2,000 tasks after its commit) has even exited.
        started = time.monotonic()
        subprocess.run(
            [*manage, "shell", "-c", RECORD.format(count=count, run=mode)], env=env, check=True, cwd=ROOT
        )
        recorded = time.monotonic() - started
        recording_cpu = _cpu(resource.RUSAGE_CHILDREN) - children
        sent_by_then = len({r["message"] for r in gateway.requests[before:]})
        print(f"{mode}: recording and enqueuing took {recorded:.1f} s; {sent_by_then} already sent by then")
        while len({r["message"] for r in gateway.requests[before:]}) < count:
            if time.monotonic() - started > timeout:
                raise SystemExit(f"{mode}: not all delivered after {timeout:.0f} s; {_tail(workdir)}")
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit(f"{mode}: a worker stopped; {_tail(workdir)}")
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        log.close()
        if cpu is not None:
            cpu["recording"] = round(recording_cpu, 1)
            cpu["workers"] = round(_cpu(resource.RUSAGE_CHILDREN) - children - recording_cpu, 1)
            cpu["gateway"] = round(_cpu(resource.RUSAGE_SELF) - own, 1)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _tail(workdir: Path, lines: int = 20) -> str:
    log = workdir / "workers.log"
    return f"the end of {log}:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--modes", default="embedded,rq", help="comma-separated: embedded, rq")
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    database_url = os.environ.get("BENCH_DATABASE_URL")
    skipped, timeout, workdir_root = None, 1800.0, None
    if args.smoke:
        args.messages, timeout, workdir_root = 20, 120.0, smoke.temporary_directory("sms_burst")
        database_url = smoke.database_url("sms_burst")  # one for both parts: their keys differ
        if smoke.redis_url() is None and "rq" in args.modes.split(","):
            skipped = "rq: no REDIS_URL (make test runs it when REDIS_URL is set)"
            print(f"skipped {skipped}")
            args.modes = ",".join(mode for mode in args.modes.split(",") if mode != "rq")
    gateway = FakeElks(delay=args.delay)
    _server, url, stop = start(gateway)
    try:
        print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.platform()}")
        print(f"load average at start: {os.getloadavg()[0]:.2f}")
        print(f"python {platform.python_version()}; gateway answers in {args.delay * 1000:.0f} ms")
        modes = args.modes.split(",")
        seconds_embedded = seconds_rq = None
        cpu_embedded: dict[str, float] = {}
        cpu_rq: dict[str, float] = {}
        if "embedded" in modes:
            seconds_embedded = run(
                "embedded",
                count=args.messages,
                url=url,
                gateway=gateway,
                redis_url=redis_url,
                database_url=database_url,
                timeout=timeout,
                workdir_root=workdir_root,
                cpu=cpu_embedded,
            )
            print(f"embedded (1 db_worker): {seconds_embedded:.1f} s; CPU seconds {cpu_embedded}")
        if "rq" in modes:
            seconds_rq = run(
                "rq",
                count=args.messages,
                url=url,
                gateway=gateway,
                redis_url=redis_url,
                database_url=database_url,
                migrate=database_url is None or "embedded" not in modes,  # one database: migrated once
                timeout=timeout,
                workdir_root=workdir_root,
                cpu=cpu_rq,
            )
            print(f"RQ (2 workers): {seconds_rq:.1f} s; CPU seconds {cpu_rq}")
    finally:
        stop()
    texts = Counter(request["message"] for request in gateway.requests)
    # Each text is sent once per mode; more than that is a duplicate.
    runs = len(modes)
    duplicates = sum(max(n - runs, 0) for n in texts.values())
    delivered = sum(1 for n in texts.values() if n >= runs)
    print(
        json.dumps(
            {
                "messages": args.messages,
                "delivered": delivered,
                "duplicates": duplicates,
                "seconds_embedded": None if seconds_embedded is None else round(seconds_embedded, 1),
                "seconds_rq": None if seconds_rq is None else round(seconds_rq, 1),
                "cpu_seconds_embedded": cpu_embedded or None,
                "cpu_seconds_rq": cpu_rq or None,
                "load_average_at_end": round(os.getloadavg()[0], 2),
                **({"skipped": skipped} if skipped else {}),
            }
        )
    )


if __name__ == "__main__":
    main()
