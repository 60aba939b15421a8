"""``manage.py export_payroll --period 2026-11 --format paxml|csv --output FILE``: export one pay period.

Exports the period's approved hours into one batch, locks the period and prints the batch number and
the number of time transactions. A period not over yet, already locked (exported), or with no line
ready is refused with the reason and nothing changes. ``--batch N`` writes an earlier batch's
stored file again (the same bytes), e.g. when writing the file failed. The file is written to a
temporary name beside FILE and then renamed, so FILE is never half written.

Exit status: 0 a file written; 1 refused (the period cannot be exported, another export is running,
no such finished batch) or the file could not be written; 2 bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.models import ExportBatch
from vikarieportalen.payroll.periods.rules import period_parse, period_text


def _period(text: str) -> dt.date:
    period = period_parse(text)
    if period is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a period; give year and month, e.g. 2026-11")
    return period


def _write(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"Could not write {path}: {exc.strerror or exc}") from exc


def _exporter(user: str | None) -> Any:
    """The user named by ``--user``; none (a scheduled run) without it."""
    if not user:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(user)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No user {user}.") from exc


def _export(*, period: dt.date, by: Any) -> export.ExportResult:
    """``export_create``, its refusals as command errors."""
    try:
        return export.export_create(by=by, period=period)
    except export.PeriodRefused as exc:
        raise CommandError(f"Refused: {exc.message}") from exc
    except export.ExportAlreadyRunning as exc:
        running = (
            f" (batch {exc.running.pk}, started {exc.running.created_at:%Y-%m-%d %H:%M} UTC)"
            if exc.running
            else ""
        )
        raise CommandError(
            f"Refused: another export is running{running}. Nothing was exported; run again later."
        ) from exc


class Command(BaseCommand):
    help = (
        "Export one pay period's approved hours to a PAXml 2.0 or CSV file (one recorded batch) and lock it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["paxml", "csv"], required=True, dest="kind")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--period", type=_period, help="the pay period to export, e.g. 2026-11")
        parser.add_argument("--batch", type=int, help="write this earlier batch's file again instead")
        parser.add_argument("--user", help="username recorded as the exporter (default: a scheduled run)")

    def handle(
        self,
        *args: Any,
        kind: str,
        output: Path,
        period: dt.date | None,
        batch: int | None,
        user: str | None,
        **options: Any,
    ) -> None:
        if not output.parent.is_dir():
            raise CommandError(f"No such directory: {output.parent}")
        if batch is not None:
            self._batch_write_again(batch=batch, kind=kind, output=output)
            return
        if period is None:
            raise CommandError("Give the pay period to export, e.g. --period 2026-11.", returncode=2)
        result = _export(period=period, by=_exporter(user))
        for group in result.held_back:
            reasons = ", ".join(problem.value for problem in group.problems)
            self.stderr.write(f"Held back, not exported: {group.username} ({group.lines} lines): {reasons}")
        if result.moved_to is not None:
            self.stderr.write(
                f"Held-back lines moved to period {period_text(result.moved_to)}, marked late: {result.moved}"
            )
        content = bytes(result.batch.paxml if kind == "paxml" else result.batch.csv)
        try:
            _write(output, content)
        except CommandError as exc:
            raise CommandError(
                f"{exc} Batch {result.batch.pk} was made and its hours are exported: write its file with "
                f"--batch {result.batch.pk}, or download it from the export page."
            ) from exc
        count = result.batch.transaction_count
        self.stdout.write(
            f"Batch {result.batch.pk}, period {period_text(period)} (now locked): "
            f"{count} time transactions written to {output}."
        )

    def _batch_write_again(self, *, batch: int, kind: str, output: Path) -> None:
        try:
            content, _sha256 = export.export_file(batch_id=batch, kind=kind)
        except ExportBatch.DoesNotExist as exc:
            raise CommandError(f"No finished export batch {batch}.") from exc
        _write(output, content)
        self.stdout.write(f"Batch {batch}: written again to {output} ({len(content)} bytes).")
