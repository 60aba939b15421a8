"""Faults with real processes: a worker killed with SIGKILL mid-batch, and the SMS gateway down.

No mocks: each test runs `manage.py db_worker` and `manage.py run_scheduler` as subprocesses on
their own migrated SQLite file, sending through the 46elks client to the fake gateway (a real HTTP
server in this process). Time is scaled down by settings: a send lease of seconds instead of
minutes, retries after 1–2 s instead of 30 s–30 min, an outage of seconds instead of 10 minutes.

The long-running scheduler runs the hand-over job once a minute, whatever its wake-up interval,
so the tests run `run_scheduler --once` in a loop instead: each run hands over everything due.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from vikarieportalen.notifications.tests.fake_gateway import Answer, FakeElks, start

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(ROOT / "manage.py")]
LEASE_SECONDS = 3  # NOTIFICATIONS_SEND_LEASE_SECONDS: a crashed send is handed over after this
SMS_TIMEOUT = 2  # seconds the client waits for the gateway; below the lease, so no live send expires
WAIT = 90.0  # generous limit for each wait below; a healthy run needs a fraction of it

RECORD = """
from django.db import transaction
from vikarieportalen.notifications.services import message_send_sms
with transaction.atomic():
    for n in range({count}):
        message_send_sms(to_number="+4670{{:07d}}".format(2000000 + n), text="{prefix} {{}}".format(n),
                         kind="staffing_offer", idempotency_key="{prefix}-{{}}".format(n), urgent=True)
"""


# --- processes -------------------------------------------------------------------------------


def subprocess_env(
    db_path: Path, gateway_url: str, gateway: FakeElks, *, concurrency: int = 1
) -> dict[str, str]:
    """Only what the subprocesses need: the outer DATABASE_URL, REDIS_URL etc. never leak in."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if key in os.environ}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{db_path}",
        REDIS_URL="",
        TASK_BACKEND="database",
        SMS_BACKEND="vikarieportalen.notifications.sms_backends.elks.SmsBackend",
        ELKS_API_URL=gateway_url,
        ELKS_API_USERNAME=gateway.username,
        ELKS_API_PASSWORD=gateway.password,
        SMS_CALLBACK_SECRET="",
        SMS_TIMEOUT=str(SMS_TIMEOUT),
        NOTIFICATIONS_QUIET_HOURS="off",
        NOTIFICATIONS_SEND_LEASE_SECONDS=str(LEASE_SECONDS),
        NOTIFICATIONS_RETRY_BASE_SECONDS="1",
        NOTIFICATIONS_RETRY_MAX_SECONDS="2",
        NOTIFICATIONS_MAX_ATTEMPTS="8",
        LOG_LEVEL="WARNING",
        SMS_CONCURRENCY=str(concurrency),
    )
    return env


@dataclass
class Processes:
    """Every process a test starts, each with its own log; all stopped by PID at the end."""

    workdir: Path
    env: dict[str, str]
    started: list[tuple[str, subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.workdir / f"{name}-{len(self.started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                [*MANAGE, *args], env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        self.started.append((name, process, log))
        return process

    def run(self, name: str, *args: str) -> None:
        process = self.start(name, *args)
        try:
            returncode = process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            returncode = None
        assert returncode == 0, f"{name} exited with {returncode}\n{self.logs()}"

    def worker(self) -> subprocess.Popen[bytes]:
        return self.start(
            "db_worker",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--no-reload",
        )

    def logs(self) -> str:
        parts = []
        for name, process, log in self.started:
            text = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            parts.append(f"--- {name} pid {process.pid} exit {process.poll()} ---\n{text}")
        return "\n".join(parts)

    def stop_all(self) -> None:
        for _name, process, _log in self.started:
            if process.poll() is None:
                process.terminate()
        for _name, process, _log in self.started:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@dataclass
class SchedulerLoop:
    """`run_scheduler --once` again and again, like a scheduler that hands over on every wake-up."""

    processes: Processes
    pause: float = 2.0  # seconds between one run's end and the next one's start
    current: subprocess.Popen[bytes] | None = None
    ended: float = 0.0
    runs: int = 0

    def tick(self) -> None:
        if self.current is not None:
            returncode = self.current.poll()
            if returncode is None:
                return
            assert returncode == 0, f"run_scheduler --once exited with {returncode}\n{self.processes.logs()}"
            self.current = None
            self.ended = time.monotonic()
        if time.monotonic() - self.ended >= self.pause:
            self.current = self.processes.start("run_scheduler", "run_scheduler", "--once")
            self.runs += 1


def wait_for(
    condition: Callable[[], bool],
    what: str,
    processes: Processes,
    *,
    alive: Sequence[subprocess.Popen[bytes]] = (),
    each: Callable[[], None] | None = None,
    state: Callable[[], object] = lambda: "",
) -> None:
    """Poll ``condition``; fail with the processes' logs (and ``state``) on a timeout or a dead process."""
    deadline = time.monotonic() + WAIT
    while not condition():
        for process in alive:
            assert process.poll() is None, (
                f"a process stopped while waiting for {what}; {state()}\n{processes.logs()}"
            )
        if each is not None:
            each()
        assert time.monotonic() < deadline, (
            f"timed out after {WAIT:.0f} s waiting for {what}; {state()}\n{processes.logs()}"
        )
        time.sleep(0.05)


# --- the outbox, read straight from the subprocesses' SQLite file --------------------------


def outbox(db_path: Path) -> list[dict[str, Any]]:
    connection = sqlite3.connect(db_path, timeout=20)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute(
            "SELECT id, text, status, attempts, next_attempt_at, last_error FROM notifications_message"
        ).fetchall()
    finally:
        connection.close()
    return [dict(row) for row in rows]


def settled(db_path: Path) -> bool:
    """Nothing pending any more; the caller then checks that everything was sent."""
    return all(row["status"] in ("sent", "failed") for row in outbox(db_path))


def statuses(db_path: Path) -> str:
    rows = outbox(db_path)
    return "outbox (status/attempts): " + ", ".join(
        f"{row['text']}={row['status']}/{row['attempts']}" for row in rows
    )


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per module (migrating takes ~25 s here); each test gets a copy."""
    path = tmp_path_factory.mktemp("crash-template") / "db.sqlite3"
    env = subprocess_env(path, "http://127.0.0.1:9", FakeElks())
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [*MANAGE, "migrate", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"migrate failed:\n{result.stdout}\n{result.stderr}"
    return path


@pytest.fixture
def fresh_db(migrated_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    for suffix in ("", "-wal"):  # migrate's connection is closed, so the pair is consistent
        if Path(f"{migrated_db}{suffix}").exists():
            shutil.copyfile(f"{migrated_db}{suffix}", f"{path}{suffix}")
    return path


@pytest.fixture
def running() -> Iterator[list[Callable[[], None]]]:
    """Stop functions, called in reverse order even when the test fails."""
    stops: list[Callable[[], None]] = []
    try:
        yield stops
    finally:
        for stop in reversed(stops):
            stop()


# --- a worker killed with SIGKILL in the middle of a batch -----------------------------------


@dataclass
class KillingGateway(FakeElks):
    """Accepts every SMS; when request number ``kill_at`` arrives, SIGKILLs the worker before answering.

    The worker is then blocked on this very request: the gateway has the SMS, the outbox does not
    know yet. That is the crash window of docs/deployment.md.
    """

    kill_at: int = 0
    victim_pid: int | None = None
    killed_during: str | None = None

    def next_answer(self, form: dict[str, str]) -> Answer:
        answer = super().next_answer(form)
        with self.lock:
            if (
                self.victim_pid is not None
                and self.killed_during is None
                and len(self.requests) >= self.kill_at
            ):
                os.kill(self.victim_pid, signal.SIGKILL)
                self.killed_during = form["message"]
        return answer


@pytest.mark.parametrize("concurrency", [1, 4], ids=["one-at-a-time", "burst-of-4"])
def test_worker_killed_mid_batch_delivers_everything_with_at_most_in_flight_duplicates(
    fresh_db: Path, tmp_path: Path, running: list[Callable[[], None]], concurrency: int
) -> None:
    """20 urgent SMS, one db_worker, SIGKILLed while the gateway holds its third request.

    The claim is committed before the gateway call, so the killed sends stay *sending* until their
    lease runs out; the restarted worker sends the rest and the scheduler hands those over again.
    One at a time: exactly 1 duplicate (the SMS in flight at the kill), which is the bound. In a
    burst (``SMS_CONCURRENCY`` 4) up to four are in flight, and only those may go twice.
    """
    count = 20
    gateway = KillingGateway(delay=0.2, kill_at=3)
    _server, url, stop_gateway = start(gateway)
    running.append(stop_gateway)
    processes = Processes(tmp_path, subprocess_env(fresh_db, url, gateway, concurrency=concurrency))
    running.append(processes.stop_all)

    first = processes.worker()
    gateway.victim_pid = first.pid
    processes.run("record", "shell", "-c", RECORD.format(count=count, prefix="Crash"))
    texts = {f"Crash {n}" for n in range(count)}

    # The gateway kills the worker while its third request is in flight.
    wait_for(lambda: first.poll() is not None, "the first worker to be killed", processes)
    killed = time.monotonic()
    assert first.returncode == -signal.SIGKILL, f"worker ended by {first.returncode}\n{processes.logs()}"
    assert gateway.killed_during in texts
    at_kill = outbox(fresh_db)
    in_flight = [row for row in at_kill if row["status"] == "sending"]
    flying = {row["text"] for row in in_flight}
    if concurrency == 1:
        assert [row["text"] for row in in_flight] == [gateway.killed_during], at_kill
        assert sum(row["status"] == "sent" for row in at_kill) == 2, at_kill
    else:
        assert gateway.killed_during in flying and len(in_flight) <= concurrency + 1, at_kill
        assert sum(row["status"] == "sent" for row in at_kill) <= 2, at_kill

    # Restart, as after a crash: a worker for the batch's remaining tasks, and the scheduler,
    # which hands the killed send over again once its lease has run out.
    second = processes.worker()
    scheduler = SchedulerLoop(processes)
    wait_for(
        lambda: settled(fresh_db),
        "every message to be sent or fail",
        processes,
        alive=[second],
        each=scheduler.tick,
        state=lambda: statuses(fresh_db),
    )

    rows = outbox(fresh_db)
    assert all(row["status"] == "sent" for row in rows), rows
    received = Counter(request["message"] for request in gateway.requests)
    assert set(received) == texts, f"never reached the gateway: {sorted(texts - set(received))}"
    duplicates = sum(n - 1 for n in received.values())
    twice = sorted(text for text, n in received.items() if n > 1)
    summary = (
        f"{count} messages, worker SIGKILLed with {len(in_flight)} in flight ({gateway.killed_during!r}); "
        f"{len(gateway.requests)} gateway requests, {duplicates} duplicate(s): {twice}; "
        f"all sent {time.monotonic() - killed:.1f} s after the kill ({scheduler.runs} scheduler run(s))"
    )
    print(summary)
    assert duplicates <= len(in_flight), summary
    assert set(twice) <= flying, summary  # only the sends cut off can go twice
    attempts = {row["text"]: row["attempts"] for row in rows}
    for text in flying:
        assert attempts.pop(text) == 2, summary
    assert set(attempts.values()) == {1}, summary


# --- the gateway down, then back -------------------------------------------------------------


@dataclass
class DownGateway(FakeElks):
    """Down (503, the first request hanging past the client's timeout) until ``down`` is cleared."""

    down: bool = True
    rejected: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)

    def next_answer(self, form: dict[str, str]) -> Answer:
        with self.lock:
            if self.down:
                self.rejected.append(form["message"])
                delay = SMS_TIMEOUT + 0.5 if len(self.rejected) == 1 else 0.0
                return Answer(503, "Service Unavailable", delay)
        answer = super().next_answer(form)
        with self.lock:
            self.accepted.append(form["message"])
        return answer


def test_gateway_down_then_back_delivers_every_message_once(
    fresh_db: Path, tmp_path: Path, running: list[Callable[[], None]]
) -> None:
    """10 urgent SMS while the gateway is down (503s, one request hanging past the timeout).

    Every message fails at least twice and waits for its retry (backoff 1 s, 2 s); none gives up.
    When the gateway is back, each is accepted exactly once.
    """
    count = 10
    outage = 3.0  # seconds, and until every message has failed at least twice
    gateway = DownGateway(delay=0.05)
    _server, url, stop_gateway = start(gateway)
    running.append(stop_gateway)
    processes = Processes(tmp_path, subprocess_env(fresh_db, url, gateway))
    running.append(processes.stop_all)

    worker = processes.worker()
    scheduler = SchedulerLoop(processes)
    processes.run("record", "shell", "-c", RECORD.format(count=count, prefix="Down"))
    texts = {f"Down {n}" for n in range(count)}

    wait_for(lambda: bool(gateway.rejected), "the first attempt", processes, alive=[worker])
    down_since = time.monotonic()
    wait_for(
        lambda: (
            time.monotonic() - down_since >= outage
            and all(n >= 2 for n in Counter(gateway.rejected).values())
            and set(gateway.rejected) == texts
        ),
        "every message to fail during the outage",
        processes,
        alive=[worker],
        each=scheduler.tick,
        state=lambda: f"refused: {Counter(gateway.rejected)}; {statuses(fresh_db)}",
    )
    during = outbox(fresh_db)  # read while still down: nothing can have been sent
    assert not [row for row in during if row["status"] in ("sent", "failed")], during
    with gateway.lock:
        gateway.down = False
    down_for = time.monotonic() - down_since
    back = time.monotonic()
    assert not gateway.accepted

    wait_for(
        lambda: settled(fresh_db),
        "every message to be sent or fail after the gateway came back",
        processes,
        alive=[worker],
        each=scheduler.tick,
        state=lambda: statuses(fresh_db),
    )
    accepted = Counter(gateway.accepted)
    rows = outbox(fresh_db)
    assert all(row["status"] == "sent" for row in rows), rows
    summary = (
        f"gateway down {down_for:.1f} s: {len(gateway.rejected)} attempts refused; then "
        f"{len(gateway.accepted)} accepted for {count} messages; attempts per message "
        f"{sorted(row['attempts'] for row in rows)}; all sent {time.monotonic() - back:.1f} s after it "
        f"came back; {scheduler.runs} scheduler run(s)"
    )
    print(summary)
    assert set(accepted) == texts, summary
    assert max(accepted.values()) == 1, summary
    assert all(row["attempts"] >= 3 for row in rows), summary
