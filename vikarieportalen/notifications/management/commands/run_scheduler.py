"""The scheduler process: `manage.py run_scheduler` (started by `make run`; one per installation)."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from vikarieportalen.notifications.scheduler import jobs_run_due


class Command(BaseCommand):
    help = "Run the periodic jobs (re-enqueue due and held messages, reminders) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
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
        while True:
            close_old_connections()
            ran = jobs_run_due(now=timezone.now(), last_runs=last_runs)
            if ran and options["verbosity"] > 1:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if once or stop.wait(interval):
                break
        close_old_connections()
