"""``manage.py statistics_refresh [--full]``: bring the statistics' daily summary up to date.

Incremental: only the days changed since the last refresh (and the new ones) are recomputed;
``--full`` writes every day again. The scheduler runs the same daily (``statistics.refresh``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vikarieportalen.statistics.services import statistics_refresh


class Command(BaseCommand):
    help = "Recompute the statistics' daily summary for the days changed since the last refresh."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="recompute every day")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(statistics_refresh(full=options["full"])))
