"""`manage.py health`: the readiness checks of /health/ready, for operators; exit code 1 on failure."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from vikarieportalen.core.ops.health import health_run


class Command(BaseCommand):
    help = "Check the database, cache, task queue, scheduler heartbeat and outbox; exit 1 if one fails."
    requires_system_checks: list[str] = []  # it must answer even when a check would fail

    def handle(self, *args: Any, **options: Any) -> None:
        report = health_run()
        self.stdout.write(json.dumps(report.public(), indent=2))
        for result in report.results:
            if not result.ok:
                # The full error (hosts, users) is for the operator's terminal only, never the web.
                self.stderr.write(
                    f"{result.name}: {result.error}{': ' + result.detail if result.detail else ''}"
                )
        if not report.ok:
            raise SystemExit(1)
