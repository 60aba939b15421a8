"""The payroll export: one pay period's approved hours → one recorded batch with a PAXml and a CSV file.

A period is exported once, after it is over, and is locked by its export: lines approved later go
to the next open period, marked late (``periods``). Lines of the period that are held back when it
is exported move to the next open period too (marked late), so they still go out once fixed.
Exporting a period that is not over, is locked, or has no line ready is refused (``PeriodRefused``)
and changes nothing.

``export_create`` works in two steps so that a second export started meanwhile is refused at once
instead of waiting:

1. a short transaction creates the batch as RUNNING; the database allows only one RUNNING batch
   (``payroll_exportbatch_one_running``), so a concurrent export gets ``ExportAlreadyRunning``;
2. one transaction locks that batch, marks the lines that may go out with it (one UPDATE, so a line
   approved meanwhile is either in this batch and its files or left for the next one), writes both
   files from exactly those lines, stores them and marks the batch DONE. Any error rolls all of it
   back (the lines stay unexported) and the batch is marked FAILED.

Lines that cannot go out (no employee number, a time code without a PAXml code, a cost centre
longer than PAXml allows) are held back, never dropped: they stay unexported, every export and the
export page list them, and they go out with the first export after the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.time import clock_text, date_text
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.export.csv_format import CsvWriter
from vikarieportalen.payroll.export.paxml import PaxmlHeader, PaxmlWriter
from vikarieportalen.payroll.export.rules import (
    COST_CENTRE_MAX_LENGTH,
    LineProblem,
    exportable_time_codes,
    line_problems,
    local_iso,
    paxml_time_code,
    time_code_map_parse,
)
from vikarieportalen.payroll.export.types import ExportLine
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.periods.rules import period_is_over, period_last_day, period_text
from vikarieportalen.payroll.periods.services import (
    local_today,
    period_lock,
    period_moved_on,
    period_row_locked,
)

CHUNK = 2000


class PeriodRefused(Refused):
    """The period cannot be exported (not over, locked, nothing ready); nothing was changed."""


def period_name(period: dt.date) -> str:
    """``november 2026`` in the active language."""
    return date_text(period, "YEAR_MONTH_FORMAT")


class ExportAlreadyRunning(Exception):
    """Another export is running; this one was refused and changed nothing."""

    def __init__(self, running: ExportBatch | None) -> None:
        super().__init__("another payroll export is running")
        self.running = running


@dataclass(frozen=True)
class HeldBack:
    """One substitute's lines that stay unexported, and why."""

    substitute_id: int
    name: str
    username: str
    lines: int
    problems: tuple[LineProblem, ...]


@dataclass(frozen=True)
class Pending:
    """What the next export would take, and what it would hold back."""

    ready: int
    first_day: dt.date | None
    last_day: dt.date | None
    held_back: list[HeldBack] = field(default_factory=list)

    @property
    def held_back_lines(self) -> int:
        return sum(group.lines for group in self.held_back)


@dataclass(frozen=True)
class ExportResult:
    batch: ExportBatch
    held_back: list[HeldBack]  # the period's held-back lines, now moved on
    moved: int = 0  # held-back lines moved to ``moved_to``, marked late
    moved_to: dt.date | None = None


def _code_map() -> dict[str, str]:
    return time_code_map_parse(settings.PAYROLL_PAXML_TIME_CODE_MAP)


def _exportable(code_map: dict[str, str], *, period: dt.date | None = None) -> Q:
    """Unexported lines (of ``period``, when given) that may go out (see ``export_rules.line_problems``)."""
    unexported = TimeTransaction.objects.filter(batch__isnull=True)
    codes = set(unexported.values_list("time_code", flat=True).distinct())
    cost_centres = set(unexported.values_list("cost_centre", flat=True).distinct())
    too_long = {centre for centre in cost_centres if len(centre) > COST_CENTRE_MAX_LENGTH}
    condition = (
        Q(batch__isnull=True, substitute__employee_number__isnull=False)
        & ~Q(substitute__employee_number="")
        & Q(time_code__in=exportable_time_codes(codes, code_map))
        & ~Q(cost_centre__in=too_long)
    )
    return condition & Q(period=period) if period is not None else condition


def _held_back(code_map: dict[str, str], period: dt.date | None = None) -> list[HeldBack]:
    unexported = TimeTransaction.objects.filter(batch__isnull=True)
    if period is not None:
        unexported = unexported.filter(period=period)
    rows = (
        unexported.exclude(_exportable(code_map))
        .values(
            "substitute_id",
            "substitute__preferred_given_name",
            "substitute__family_name",
            "substitute__username",
            "substitute__employee_number",
            "time_code",
            "cost_centre",
        )
        .annotate(lines=Count("pk"))
        .order_by("substitute__family_name", "substitute__preferred_given_name", "substitute_id")
    )
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["substitute_id"],
            {
                "name": f"{row['substitute__preferred_given_name']} {row['substitute__family_name']}".strip(),
                "username": row["substitute__username"],
                "lines": 0,
                "problems": set(),
            },
        )
        group["lines"] += row["lines"]
        group["problems"].update(
            line_problems(
                employee_number=row["substitute__employee_number"],
                time_code=row["time_code"],
                cost_centre=row["cost_centre"],
                code_map=code_map,
            )
        )
    return [
        HeldBack(
            substitute_id=substitute_id,
            name=group["name"],
            username=group["username"],
            lines=group["lines"],
            problems=tuple(sorted(group["problems"])),
        )
        for substitute_id, group in groups.items()
    ]


def export_pending(period: dt.date | None = None) -> Pending:
    """How many lines the period's export would take (and their days), and who is held back.

    Without a period: every unexported line, of any period.
    """
    code_map = _code_map()
    summary = TimeTransaction.objects.filter(_exportable(code_map, period=period)).aggregate(
        ready=Count("pk"), first_day=Min("day"), last_day=Max("day")
    )
    return Pending(
        ready=summary["ready"],
        first_day=summary["first_day"],
        last_day=summary["last_day"],
        held_back=_held_back(code_map, period),
    )


def export_running() -> ExportBatch | None:
    return ExportBatch.objects.filter(status=ExportStatus.RUNNING).select_related("created_by").first()


def _abandoned_runs_fail() -> None:
    """Mark FAILED a RUNNING batch left by a process that died (old, and its row no longer locked)."""
    cutoff = timezone.now() - dt.timedelta(minutes=settings.PAYROLL_EXPORT_ABANDONED_MINUTES)
    try:
        with transaction.atomic():
            stale = list(
                ExportBatch.objects.select_for_update(nowait=True)
                .filter(status=ExportStatus.RUNNING, created_at__lt=cutoff)
                .values_list("pk", flat=True)
            )
            ExportBatch.objects.filter(pk__in=stale).update(
                status=ExportStatus.FAILED, finished_at=timezone.now()
            )
    except DatabaseError:
        return  # locked: that export is alive and still working


def _batch_start(*, by: Any) -> ExportBatch:
    try:
        with transaction.atomic():
            return ExportBatch.objects.create(status=ExportStatus.RUNNING, created_by=by)
    except IntegrityError as exc:
        raise ExportAlreadyRunning(export_running()) from exc


def _lines(batch: ExportBatch, code_map: dict[str, str]) -> Iterator[ExportLine]:
    rows = (
        TimeTransaction.objects.filter(batch=batch)
        .order_by("substitute__employee_number", "starts_at", "time_code", "pk")
        .values_list(
            "pk",
            "substitute__employee_number",
            "day",
            "starts_at",
            "ends_at",
            "minutes",
            "time_code",
            "cost_centre",
        )
        .iterator(chunk_size=CHUNK)
    )
    for pk, employee_number, day, starts_at, ends_at, minutes, time_code, cost_centre in rows:
        paxml_code = paxml_time_code(time_code, code_map)
        if paxml_code is None:  # cannot happen after _exportable; never write a file that fails the schema
            raise ValueError(f"time code {time_code!r} has no PAXml code")
        yield ExportLine(
            pk=pk,
            employee_number=employee_number or "",
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=minutes,
            time_code=time_code,
            paxml_time_code=paxml_code,
            cost_centre=cost_centre,
        )


def _locked_text(period: PayPeriod) -> str:
    who = period.locked_by.get_full_name() if period.locked_by else _("a scheduled run")
    when = period.locked_at or timezone.now()  # a locked period has its time (a check constraint)
    return _(
        "%(period)s was exported and locked on %(day)s at %(time)s by %(who)s. Nothing was exported; "
        "hours approved since then are paid in the next open period."
    ) % {
        "period": period_name(period.month).capitalize(),
        "day": date_text(when),
        "time": clock_text(when),
        "who": who,
    }


def _nothing_ready_text(period: dt.date, held: int) -> str:
    message = _(
        "%(period)s has no approved hours ready to export. Nothing was exported; the period stays open."
    )
    message %= {"period": period_name(period).capitalize()}
    if held:
        message += " " + _("Lines held back: %(count)s (see the list below).") % {"count": held}
    return message


def export_check(*, period: dt.date, today: dt.date, code_map: dict[str, str] | None = None) -> None:
    """Refuse (``PeriodRefused``) a period that is not over yet, is locked, or has no line ready."""
    code_map = code_map if code_map is not None else _code_map()
    if not period_is_over(period, today):
        raise PeriodRefused(
            _("%(period)s is not over yet; it can be exported from %(day)s. Nothing was exported.")
            % {
                "period": period_name(period).capitalize(),
                "day": date_text(period_last_day(period) + dt.timedelta(days=1)),
            },
            code="period_not_over",
        )
    row = PayPeriod.objects.select_related("locked_by").filter(month=period).first()
    if row is not None and row.state == PeriodState.LOCKED:
        raise PeriodRefused(_locked_text(row), code="period_locked")
    if not TimeTransaction.objects.filter(_exportable(code_map, period=period)).exists():
        held = TimeTransaction.objects.filter(period=period, batch__isnull=True).count()
        raise PeriodRefused(_nothing_ready_text(period, held), code="period_empty")


def _batch_files_write(batch: ExportBatch, code_map: dict[str, str], *, count: int, period: dt.date) -> None:
    """Write the batch's marked lines as PAXml and CSV, and save the batch done."""
    paxml = PaxmlWriter(
        header=PaxmlHeader(
            created=local_iso(batch.created_at),
            batch_number=batch.pk,
            employer_name=settings.PAYROLL_PAXML_EMPLOYER_NAME,
            organisation_number=settings.PAYROLL_PAXML_ORGANISATION_NUMBER,
        )
    )
    csv = CsvWriter()
    for line in _lines(batch, code_map):
        paxml.add(line)
        csv.add(line)
    if paxml.count != count:
        raise RuntimeError(f"batch {batch.pk}: {count} lines marked, {paxml.count} written")
    batch.paxml = paxml.finish()
    batch.csv = csv.finish()
    batch.paxml_sha256 = hashlib.sha256(batch.paxml).hexdigest()
    batch.csv_sha256 = hashlib.sha256(batch.csv).hexdigest()
    batch.transaction_count = count
    batch.status = ExportStatus.DONE
    batch.finished_at = timezone.now()
    batch.period = period
    batch.save(
        update_fields=[
            "paxml",
            "csv",
            "paxml_sha256",
            "csv_sha256",
            "transaction_count",
            "status",
            "finished_at",
            "period",
        ]
    )


@transaction.atomic
def _batch_fill(
    *, batch_id: int, by: Any, code_map: dict[str, str], period: dt.date, today: dt.date
) -> tuple[ExportBatch, int, dt.date | None]:
    batch = ExportBatch.objects.select_for_update().get(pk=batch_id)
    # Locked before the lines are marked: an approval placing a line in this period waits for us and
    # then, the period being locked, places it in the next one.
    row = period_row_locked(period)
    if row.state == PeriodState.LOCKED:
        raise PeriodRefused(_locked_text(row), code="period_locked")
    count = TimeTransaction.objects.filter(_exportable(code_map, period=period)).update(batch=batch)
    if count == 0:  # the lines went elsewhere meanwhile
        raise PeriodRefused(_nothing_ready_text(period, 0), code="period_empty")
    _batch_files_write(batch, code_map, count=count, period=period)
    # What is left of the period is held back: it moves on (late) so it still goes out once fixed.
    moved, moved_to = 0, None
    leftover = TimeTransaction.objects.filter(period=period, batch__isnull=True)
    if leftover.exists():
        placed = period_moved_on(period=period, today=today)
        moved, moved_to = leftover.update(period=placed.period, late=True), placed.period
    period_lock(period=row, by=by)
    audit_record(
        kind=PayrollAuditKind.PAYROLL_EXPORTED,
        actor=by,
        batch=batch.pk,
        transactions=count,
        period=period_text(period),
        moved=moved,
    )
    return batch, moved, moved_to


def export_create(*, by: Any, period: dt.date, today: dt.date | None = None) -> ExportResult:
    """Export the pay period ``period`` (its first day) and lock it.

    Raises ``PeriodRefused`` (a period not over yet, locked, or with no line ready) and
    ``ExportAlreadyRunning``; either way nothing was changed.
    """
    code_map = _code_map()
    today = today or local_today()
    _abandoned_runs_fail()
    held_back = _held_back(code_map, period)
    export_check(period=period, today=today, code_map=code_map)
    running = export_running()
    if running is not None:  # the common case, answered without a write (SQLite would wait for its lock)
        raise ExportAlreadyRunning(running)
    batch = _batch_start(by=by)
    try:
        filled, moved, moved_to = _batch_fill(
            batch_id=batch.pk, by=by, code_map=code_map, period=period, today=today
        )
    except PeriodRefused:
        ExportBatch.objects.filter(pk=batch.pk, status=ExportStatus.RUNNING).delete()
        raise
    except Exception:
        ExportBatch.objects.filter(pk=batch.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    return ExportResult(batch=filled, held_back=held_back, moved=moved, moved_to=moved_to)


def export_batches() -> Any:
    """Batches newest first, without their files (those are large); ``paxml_size``/``csv_size`` in bytes."""
    return (
        ExportBatch.objects.defer("paxml", "csv")
        .select_related("created_by")
        .annotate(paxml_size=Length("paxml"), csv_size=Length("csv"))
        .order_by("-created_at", "-pk")
    )


def export_file(*, batch_id: int, kind: str) -> tuple[bytes, str]:
    """The stored file (``kind`` "paxml" or "csv") of a finished batch and its SHA-256.

    Raises ``ExportBatch.DoesNotExist`` for an unknown or unfinished batch.
    """
    sha_field = f"{kind}_sha256"
    batch = ExportBatch.objects.only(kind, sha_field).get(pk=batch_id, status=ExportStatus.DONE)
    return bytes(getattr(batch, kind)), getattr(batch, sha_field)
