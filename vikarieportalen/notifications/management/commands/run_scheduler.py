"""The scheduler process: `manage.py run_scheduler` (started by `make run`; one per installation)."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from vikarieportalen.core.ops.health import heartbeat_beat
from vikarieportalen.notifications.jobs.health import SCHEDULER_HEARTBEAT
from vikarieportalen.notifications.jobs.scheduler import jobs_enqueue_due

logger = logging.getLogger(__name__)


def _heartbeat() -> None:
    """Tell /health/ready the scheduler is alive; a database hiccup must not stop the loop."""
    try:
        heartbeat_beat(name=SCHEDULER_HEARTBEAT)
    except Exception:
        logger.exception("could not write the scheduler's heartbeat; trying again next wake-up")


class Command(BaseCommand):
    help = "Hand the periodic jobs (due and held messages, reminders) to the task workers until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every job once and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SCHEDULER_INTERVAL_SECONDS,
            help="Seconds between wake-ups.",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        last_runs: dict[str, dt.datetime] = {}
        queued: dict[str, str] = {}  # each job's last task, not enqueued again while it waits
        while True:
            close_old_connections()
            _heartbeat()
            ran = jobs_enqueue_due(now=timezone.now(), last_runs=last_runs, queued=queued)
            if ran and options["verbosity"] > 1:
                self.stdout.write(f"enqueued: {', '.join(ran)}")
            if once or stop.wait(interval):
                break
        close_old_connections()
