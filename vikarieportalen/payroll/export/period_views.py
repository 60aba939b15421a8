"""Payroll's pages of one pay period: its status (waiting for approval, ready, exported, held back,
late) and its reconciliation (hours and amounts per time code, checked against the exports; CSV).

Payroll and administrators only (the page names substitutes and managers: strong login, as every
payroll page). A fixed number of queries, however many lines.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vikarieportalen.payroll.corrections import selectors as corrections
from vikarieportalen.payroll.export import reconciliation
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.views import payroll_only, problem_text
from vikarieportalen.payroll.periods import selectors
from vikarieportalen.payroll.periods.rules import period_next, period_parse, period_previous, period_text
from vikarieportalen.payroll.periods.services import config, local_today


def _month(period: str) -> dt.date:
    """``2026-11`` from the URL; anything else is 404."""
    month = period_parse(period)
    if month is None or period != period_text(month):
        raise Http404
    return month


@never_cache
@require_GET
@payroll_only
def period_status(request: HttpRequest, period: str) -> HttpResponse:
    month = _month(period)
    now = timezone.now()
    pending = export.export_pending(month)
    counts = selectors.period_line_counts(month)
    waiting = selectors.period_waiting_for_approval(month, now=now)
    # Payroll finds a shift to correct by the substitute's username or employee number.
    person = request.GET.get("person", "").strip()[:150]
    return render(
        request,
        "payroll/period_status.html",
        {
            "period": selectors.period_info(month, today=local_today(now), config=config()),
            "period_value": period_text(month),
            "previous_value": period_text(period_previous(month)),
            "next_value": period_text(period_next(month)),
            "waiting": waiting,
            "waiting_shifts": sum(row.shifts for row in waiting),
            "pending": pending,
            "held_back": [
                {"group": group, "problems": [problem_text(problem) for problem in group.problems]}
                for group in pending.held_back
            ],
            "counts": counts,
            "late": selectors.period_late_lines(month),
            "batches": selectors.period_batches(month),
            "corrections": corrections.period_corrections(month),
            "person": person,
            "person_shifts": list(corrections.period_exported_shifts(month, person=person)) if person else [],
        },
    )


@never_cache
@require_GET
@payroll_only
def period_reconciliation(request: HttpRequest, period: str) -> HttpResponse:
    month = _month(period)
    return render(
        request,
        "payroll/period_reconciliation.html",
        {
            "report": reconciliation.period_reconciliation(month),
            "period": selectors.period_info(month, today=local_today(), config=config()),
            "period_value": period_text(month),
        },
    )


@never_cache
@require_GET
@payroll_only
def period_reconciliation_csv(request: HttpRequest, period: str) -> HttpResponse:
    month = _month(period)
    response = HttpResponse(
        reconciliation.reconciliation_csv(reconciliation.period_reconciliation(month)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="avstamning-{period_text(month)}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
