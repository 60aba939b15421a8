"""``manage.py export_payroll --format paxml|csv --output FILE``: export approved hours for a scheduled run.

Prints the batch number and the number of time transactions. With nothing new it writes no file and
says so. ``--batch N`` writes an earlier batch's stored file again (the same bytes), e.g. when
writing the file failed. The file is written to a temporary name beside FILE and then renamed, so
FILE is never half written.

Exit status: 0 a file written, or nothing new (no file); 1 refused (another export is running, or
no such finished batch) or the file could not be written; 2 bad arguments.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.models import ExportBatch


def _write(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"Could not write {path}: {exc.strerror or exc}") from exc


class Command(BaseCommand):
    help = "Export approved hours not yet exported to a PAXml 2.0 or CSV file (one recorded batch)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["paxml", "csv"], required=True, dest="kind")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--batch", type=int, help="write this earlier batch's file again instead")
        parser.add_argument("--user", help="username recorded as the exporter (default: a scheduled run)")

    def handle(
        self, *args: Any, kind: str, output: Path, batch: int | None, user: str | None, **options: Any
    ) -> None:
        if not output.parent.is_dir():
            raise CommandError(f"No such directory: {output.parent}")
        if batch is not None:
            try:
                content, _sha256 = export.export_file(batch_id=batch, kind=kind)
            except ExportBatch.DoesNotExist as exc:
                raise CommandError(f"No finished export batch {batch}.") from exc
            _write(output, content)
            self.stdout.write(f"Batch {batch}: written again to {output} ({len(content)} bytes).")
            return
        by = None
        if user:
            try:
                by = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {user}.") from exc
        try:
            result = export.export_create(by=by)
        except export.ExportAlreadyRunning as exc:
            running = (
                f" (batch {exc.running.pk}, started {exc.running.created_at:%Y-%m-%d %H:%M} UTC)"
                if exc.running
                else ""
            )
            raise CommandError(
                f"Refused: another export is running{running}. Nothing was exported; run again later."
            ) from exc
        for group in result.held_back:
            reasons = ", ".join(problem.value for problem in group.problems)
            self.stderr.write(f"Held back, not exported: {group.username} ({group.lines} lines): {reasons}")
        if result.batch is None:
            self.stdout.write("Nothing new to export; no file written.")
            return
        content = bytes(result.batch.paxml if kind == "paxml" else result.batch.csv)
        try:
            _write(output, content)
        except CommandError as exc:
            raise CommandError(
                f"{exc} Batch {result.batch.pk} was made and its hours are exported: write its file with "
                f"--batch {result.batch.pk}, or download it from the export page."
            ) from exc
        count = result.batch.transaction_count
        self.stdout.write(f"Batch {result.batch.pk}: {count} time transactions written to {output}.")
