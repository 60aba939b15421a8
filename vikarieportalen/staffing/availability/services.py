"""Availability: the substitute (or the staffing centre for them) adds and removes rows.

Each service is one transaction; adding locks the substitute's row first, so two editors adding at
once see each other's rows in the checks (``rules.py``). The staffing centre's edits are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.audit_kinds import pool_audit
from vikarieportalen.staffing.availability.rules import (
    Row,
    blocked_by_patterns,
    conflicts,
    period_problems,
    period_row,
    weekly_problems,
    weekly_row,
)
from vikarieportalen.staffing.availability.selectors import periods_in_window, weekly_in_window
from vikarieportalen.staffing.models import AvailabilityKind, AvailabilityPeriod, WeeklyAvailability


class AvailabilityRefused(Refused):
    """The row was not saved; ``messages`` say why, each one whole and translated."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def _lock_substitute(substitute: User) -> None:
    # Two editors (the substitute and the staffing centre) adding at once: the overlap check and the
    # insert must see each other's rows.
    User.objects.select_for_update().filter(pk=substitute.pk).first()


def _weekly_rows(rows: Iterable[WeeklyAvailability], *, today: dt.date) -> list[Row]:
    """Stored weekly rows as the editor's rules see them."""
    return [
        weekly_row(
            kind=w.kind,
            weekday=w.weekday,
            starts=w.starts,
            ends=w.ends,
            valid_from=w.valid_from,
            valid_until=w.valid_until,
            today=today,
        )
        for w in rows
    ]


@transaction.atomic
def availability_period_add(
    *,
    substitute: User,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    now: dt.datetime,
    note: str = "",
) -> AvailabilityPeriod:
    """Adds a single period, or refuses with every reason (nothing saved)."""
    problems = period_problems(starts_at=starts_at, ends_at=ends_at, now=now)
    if problems:
        raise AvailabilityRefused(problems)
    _lock_substitute(substitute)
    existing = [
        period_row(kind=p.kind, starts_at=p.starts_at, ends_at=p.ends_at)
        for p in AvailabilityPeriod.objects.filter(
            periods_in_window(starts_at, ends_at), substitute=substitute
        )
    ]
    new = period_row(kind=kind, starts_at=starts_at, ends_at=ends_at)
    problems = conflicts(new=new, existing=existing)
    if kind == AvailabilityKind.AVAILABLE:
        today = now.astimezone(STOCKHOLM).date()
        patterns = _weekly_rows(
            WeeklyAvailability.objects.filter(
                weekly_in_window(starts_at, ends_at),
                substitute=substitute,
                kind=AvailabilityKind.UNAVAILABLE,
            ),
            today=today,
        )
        problems += blocked_by_patterns(new=new, patterns=patterns)
    if problems:
        raise AvailabilityRefused(problems)
    period = AvailabilityPeriod.objects.create(
        substitute=substitute, kind=kind, starts_at=starts_at, ends_at=ends_at, note=note, created_by=by
    )
    _audit_on_behalf(
        substitute=substitute, by=by, change="availability_period_added", **_period_details(period)
    )
    return period


@transaction.atomic
def availability_weekly_add(
    *,
    substitute: User,
    kind: str,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None,
    by: User,
    today: dt.date,
) -> WeeklyAvailability:
    """Adds a weekly row, or refuses with every reason (nothing saved)."""
    problems = weekly_problems(valid_from=valid_from, valid_until=valid_until, today=today)
    if starts == ends:
        problems.insert(0, _("The end must differ from the start."))
    if problems:
        raise AvailabilityRefused(problems)
    _lock_substitute(substitute)
    row = WeeklyAvailability(
        substitute=substitute,
        kind=kind,
        weekday=weekday,
        starts=starts,
        ends=ends,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=by,
    )
    (new,) = _weekly_rows([row], today=today)
    existing = _weekly_rows(
        WeeklyAvailability.objects.filter(substitute=substitute).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        ),
        today=today,
    )
    problems = conflicts(new=new, existing=existing)
    if problems:
        raise AvailabilityRefused(problems)
    row.save(force_insert=True)
    _audit_on_behalf(substitute=substitute, by=by, change="availability_weekly_added", **_weekly_details(row))
    return row


@transaction.atomic
def availability_period_remove(*, substitute: User, period_id: int, by: User) -> None:
    """Removes one of the substitute's periods; ``AvailabilityPeriod.DoesNotExist`` for anyone else's."""
    period = AvailabilityPeriod.objects.get(pk=period_id, substitute=substitute)
    period.delete()
    _audit_on_behalf(
        substitute=substitute, by=by, change="availability_period_removed", **_period_details(period)
    )


@transaction.atomic
def availability_weekly_remove(*, substitute: User, weekly_id: int, by: User, today: dt.date) -> None:
    """Ends a weekly row from today on: one that has been in force keeps its past (it ends
    yesterday), one that has not begun is deleted. ``WeeklyAvailability.DoesNotExist`` for anyone
    else's row."""
    row = WeeklyAvailability.objects.get(pk=weekly_id, substitute=substitute)
    if row.valid_from < today:
        row.valid_until = today - dt.timedelta(days=1)
        row.save(update_fields=["valid_until"])
    else:
        row.delete()
    _audit_on_behalf(
        substitute=substitute, by=by, change="availability_weekly_removed", **_weekly_details(row)
    )


def _audit_on_behalf(*, substitute: User, by: User, change: str, **details: Any) -> None:
    """The staffing centre changing a substitute's availability is audited; the substitute's own
    edits carry ``created_by`` and need no more."""
    if by.pk == substitute.pk:
        return
    pool_audit(substitute=substitute, by=by, change=change, **details)


def _period_details(period: AvailabilityPeriod) -> dict[str, Any]:
    """What the audit log keeps of a period."""
    return {
        "availability": period.kind,
        "starts_at": period.starts_at.isoformat(),
        "ends_at": period.ends_at.isoformat(),
    }


def _weekly_details(row: WeeklyAvailability) -> dict[str, Any]:
    """What the audit log keeps of a weekly row."""
    return {
        "availability": row.kind,
        "weekday": row.weekday,
        "starts": row.starts.isoformat(),
        "ends": row.ends.isoformat(),
    }
