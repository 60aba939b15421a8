"""``manage.py import_substitutes FILE [--deactivate-missing] [--dry-run]``: the HR system's CSV
export applied to the portal.

Registers the substitutes the file has and the portal lacks (accounts.hr). With
``--deactivate-missing`` the file is also the whole list: every current substitute whose employee
number it lacks has their engagement ended (privacy.leavers), except someone working a shift right
now, who is skipped with the reason. ``--dry-run`` changes nothing and lists what would happen.

The command lives in privacy, the top layer, because ending an engagement reaches into staffing
(bookings and offers); accounts, below staffing, keeps the registration it calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from vikarieportalen.accounts.hr.imports import (
    MAX_FILE_BYTES,
    ImportFileError,
    ParsedFile,
    substitutes_csv_parse,
)
from vikarieportalen.accounts.hr.services import RowOutcome, substitutes_import
from vikarieportalen.accounts.models import User
from vikarieportalen.privacy.leavers.rules import employee_number_key
from vikarieportalen.privacy.leavers.services import MissingOutcome, substitutes_missing_end


class Command(BaseCommand):
    help = (
        "Register substitutes from a CSV export (employee_number, preferred_given_name, family_name, "
        "date_of_birth, mobile, email). Rows already registered are skipped; each new substitute "
        "gets an activation link by SMS. --deactivate-missing also ends the engagement of every "
        "current substitute not in the file; --dry-run changes nothing and lists what would happen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--language", default="en", help="language of the report (sv or en)")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="end the engagement of every current substitute whose employee number the file lacks",
        )
        parser.add_argument("--dry-run", action="store_true", help="change nothing; list what would happen")

    def handle(
        self,
        *args: Any,
        file: Path,
        language: str,
        deactivate_missing: bool,
        dry_run: bool,
        **options: Any,
    ) -> None:
        with translation.override(language):
            parsed = self._parse(file)
            if deactivate_missing:
                self._refuse_rows_without_number(parsed)
            if dry_run:
                self._registration_preview(parsed)
            else:
                self._register(parsed)
            if deactivate_missing:
                self._end_missing(parsed, dry_run=dry_run)

    def _parse(self, file: Path) -> ParsedFile:
        try:
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ImportFileError(f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            return substitutes_csv_parse(file.read_bytes(), today=timezone.localdate())
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from exc
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

    def _refuse_rows_without_number(self, parsed: ParsedFile) -> None:
        # A row with no employee number could be anyone: the file cannot say who is missing.
        lines = [str(row.line) for row in parsed.rows if not row.employee_number]
        if lines:
            raise CommandError(
                f"line {', '.join(lines)}: no employee number, so the file cannot say who is missing. "
                "Nothing was changed."
            )

    def _register(self, parsed: ParsedFile) -> None:
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

    def _registration_preview(self, parsed: ParsedFile) -> None:
        known = {
            employee_number_key(number or "")
            for number in User.objects.filter(employee_number__isnull=False).values_list(
                "employee_number", flat=True
            )
        }
        new = 0
        for row in parsed.rows:
            who = f"line {row.line}: {row.employee_number} {row.name} →"
            if row.record is None:
                self.stdout.write(f"{who} would be refused: {'; '.join(row.errors)}")
            elif employee_number_key(row.record.employee_number) not in known:
                new += 1
                self.stdout.write(f"{who} would be registered")
        self.stdout.write(f"Dry run: {new} would be registered; nothing was changed.")

    def _end_missing(self, parsed: ParsedFile, *, dry_run: bool) -> None:
        results = substitutes_missing_end(
            employee_numbers=[row.employee_number for row in parsed.rows], dry_run=dry_run
        )
        for result in results:
            user = result.user
            who = f"{user.employee_number or '-'} {user.get_full_name()} ({user.username}) →"
            if result.outcome == MissingOutcome.ENDED:
                self.stdout.write(f"{who} engagement ended")
            elif result.outcome == MissingOutcome.WOULD_END:
                self.stdout.write(f"{who} would be ended")
            elif result.outcome == MissingOutcome.SKIPPED:
                self.stdout.write(f"{who} skipped: {result.message}")
            else:
                self.stdout.write(f"{who} left alone: no employee number in the portal")
        ended = sum(1 for r in results if r.outcome in (MissingOutcome.ENDED, MissingOutcome.WOULD_END))
        skipped = sum(1 for r in results if r.outcome == MissingOutcome.SKIPPED)
        if dry_run:
            self.stdout.write(f"Dry run: {ended} would be ended, {skipped} skipped; nothing was changed.")
        else:
            self.stdout.write(f"{ended} ended, {skipped} skipped.")
