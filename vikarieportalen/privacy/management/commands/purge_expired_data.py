"""``manage.py purge_expired_data [--dry-run] [--batch-size N]``: the retention purge, by hand.

The scheduler runs the same purge daily (job ``privacy.purge_expired_data``). ``--dry-run`` only
counts: it prints, per kind, what would go now and changes nothing. See docs/privacy.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vikarieportalen.privacy.retention.policy import RULES
from vikarieportalen.privacy.retention.services import DEFAULT_BATCH_SIZE, purge_expired_data


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class Command(BaseCommand):
    help = "Delete the kept data whose retention period is over (docs/privacy.md); --dry-run only counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would go; change nothing")
        parser.add_argument(
            "--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, help="rows per transaction"
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        counts = purge_expired_data(dry_run=dry_run, batch_size=batch_size)
        verb = "would go" if dry_run else "purged"
        width = max(len(rule.kind) for rule in RULES)
        for rule in RULES:
            self.stdout.write(
                f"{rule.kind:<{width}}  {counts[rule.kind]:>7} {verb}  ({rule.setting}={rule.days})"
            )
        total = sum(counts.values())
        self.stdout.write(
            f"{'total':<{width}}  {total:>7} {verb}" + ("  (dry run: nothing changed)" if dry_run else "")
        )
