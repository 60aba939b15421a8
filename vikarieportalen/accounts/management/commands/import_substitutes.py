"""``manage.py import_substitutes FILE``: register substitutes from the HR system's CSV export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from vikarieportalen.accounts.hr.imports import MAX_FILE_BYTES, ImportFileError, substitutes_csv_parse
from vikarieportalen.accounts.hr.services import RowOutcome, substitutes_import


class Command(BaseCommand):
    help = (
        "Register substitutes from a CSV export (employee_number, preferred_given_name, family_name, "
        "date_of_birth, mobile, email). Rows already registered are skipped; each new substitute "
        "gets an activation link by SMS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--language", default="en", help="language of the report (sv or en)")

    def handle(self, *args: Any, file: Path, language: str, **options: Any) -> None:
        with translation.override(language):
            try:
                size = file.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise ImportFileError(f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
                parsed = substitutes_csv_parse(file.read_bytes(), today=timezone.localdate())
            except OSError as exc:
                raise CommandError(f"{file}: {exc.strerror or exc}") from exc
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            results = substitutes_import(parsed=parsed, actor=None, source="command")
            for row in results:
                who = f"line {row.line}: {row.employee_number} {row.name} →"
                if row.outcome == RowOutcome.CREATED:
                    self.stdout.write(f"{who} created {row.username}")
                elif row.outcome == RowOutcome.ALREADY_REGISTERED:
                    self.stdout.write(f"{who} already registered as {row.username}")
                else:
                    self.stdout.write(f"{who} refused: {'; '.join(row.errors)}")
            counts = {outcome: sum(1 for row in results if row.outcome == outcome) for outcome in RowOutcome}
            self.stdout.write(
                f"{counts[RowOutcome.CREATED]} created, {counts[RowOutcome.ALREADY_REGISTERED]} already "
                f"registered, {counts[RowOutcome.REFUSED]} refused."
            )
