"""Payroll's export page: export a pay period's approved hours, download any batch's files again.

Payroll and administrators only. Downloads give the bytes stored when the batch was made, and
every download is written to the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.access import role_required
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import clock_text
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.export.rules import LineProblem
from vikarieportalen.payroll.models import ExportBatch
from vikarieportalen.payroll.periods import selectors as periods
from vikarieportalen.payroll.periods.rules import period_parse, period_text
from vikarieportalen.payroll.periods.services import config as period_config
from vikarieportalen.payroll.periods.services import local_today

PAGE_SIZE = 25
CONTENT_TYPES = {"paxml": "application/xml; charset=utf-8", "csv": "text/csv; charset=utf-8"}
SUFFIXES = {"paxml": "xml", "csv": "csv"}

payroll_only = role_required(Role.PAYROLL, Role.ADMINISTRATOR)


def problem_text(problem: LineProblem) -> str:
    return {
        LineProblem.NO_EMPLOYEE_NUMBER: _("no employee number"),
        LineProblem.NO_PAXML_TIME_CODE: _("a time code with no PAXml code"),
        LineProblem.COST_CENTRE_TOO_LONG: _("a cost centre longer than 10 characters"),
    }[problem]


def running_text(running: ExportBatch | None) -> str:
    if running is None:
        return _("Another export is running. Try again in a minute; nothing has been exported.")
    started = clock_text(running.created_at)
    who = running.created_by.get_full_name() if running.created_by else _("a scheduled run")
    return _(
        "Export %(number)s, started at %(time)s by %(who)s, is still running. Try again when it has "
        "finished; this export was not made, and no hours are lost or exported twice."
    ) % {"number": running.pk, "time": started, "who": who}


def chosen_period(request: HttpRequest, today: dt.date) -> dt.date:
    """``?period=2026-11``; missing or not a period: the default one (``periods.period_default``)."""
    return period_parse(request.GET.get("period", "")) or periods.period_default(today)


@never_cache
@require_GET
@payroll_only
def export_list(request: HttpRequest) -> HttpResponse:
    today = local_today()
    period = chosen_period(request, today)
    pending = export.export_pending(period)
    page = Paginator(export.export_batches(), PAGE_SIZE).get_page(request.GET.get("page"))
    held_back = [
        {"group": group, "problems": [problem_text(problem) for problem in group.problems]}
        for group in pending.held_back
    ]
    return render(
        request,
        "payroll/export_list.html",
        {
            "period": periods.period_info(period, today=today, config=period_config()),
            "period_value": period_text(period),
            "period_choices": [(period_text(month), month) for month in periods.periods_recent(today)],
            "pending": pending,
            "held_back": held_back,
            "running": export.export_running(),
            "page": page,
            "query": f"period={period_text(period)}",
        },
    )


@require_POST
@payroll_only
def export_make(request: HttpRequest) -> HttpResponse:
    period = period_parse(request.POST.get("period", ""))
    if period is None:
        messages.error(request, _("Choose a pay period (year and month) to export. Nothing was exported."))
        return redirect("payroll:export_list")
    back = f"{reverse('payroll:export_list')}?period={period_text(period)}"
    try:
        result = export.export_create(by=request.user, period=period)
    except export.PeriodRefused as exc:
        messages.error(request, exc.message)
        return redirect(back)
    except export.ExportAlreadyRunning as exc:
        messages.error(request, running_text(exc.running))
        return redirect(back)
    messages.success(
        request,
        _(
            "Export %(number)s of %(period)s is ready and the period is locked. Time transactions: "
            "%(count)s. Download its files below."
        )
        % {
            "number": result.batch.pk,
            "period": export.period_name(period),
            "count": result.batch.transaction_count,
        },
    )
    if result.moved_to is not None:
        messages.warning(
            request,
            _(
                "Lines held back, not exported: %(count)s. They now belong to %(period)s, marked late, "
                "and go with its export once the cause is fixed."
            )
            % {"count": result.moved, "period": export.period_name(result.moved_to)},
        )
    return redirect(back)


@never_cache
@require_GET
@payroll_only
def export_download(request: HttpRequest, batch_id: int, kind: str) -> HttpResponse:
    try:
        content, sha256 = export.export_file(batch_id=batch_id, kind=kind)
    except ExportBatch.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(
        kind=PayrollAuditKind.PAYROLL_DOWNLOADED,
        actor=request.user,  # type: ignore[arg-type]  # payroll_only lets only logged-in users through
        request=request,
        batch=batch_id,
        format=kind,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="loneexport-{batch_id:05d}.{SUFFIXES[kind]}"'
    response["ETag"] = f'"{sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
