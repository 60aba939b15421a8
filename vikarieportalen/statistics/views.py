"""*Statistik*: the staffing centre's, HR's and administrators' figures, and a manager's for their
own workplaces; as a page with charts and tables, or as CSV or XLSX with the same filter."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.statistics import charts, exports, selectors
from vikarieportalen.statistics.forms import StatisticsFilterForm, default_period

statistics_roles = role_required(
    Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.ADMINISTRATOR, Role.WORKPLACE_MANAGER
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@statistics_roles
def statistics_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    workplaces = selectors.statistics_workplaces(user=request_user(request))
    if request.GET:
        data = request.GET
    else:
        first, last = default_period(today)
        data = {"first_day": first.isoformat(), "last_day": last.isoformat(), "step": "month"}  # type: ignore[assignment]
    form = StatisticsFilterForm(data, workplaces=workplaces)
    report = None
    if form.is_valid():
        scope = selectors.Scope(
            workplaces=form.chosen_workplaces(),
            first=form.cleaned_data["first_day"],
            last=form.cleaned_data["last_day"],
            step=form.chosen_step(),
            today=today,
        )
        report = selectors.statistics_report(scope=scope)
        export = request.GET.get("format")
        name = f"statistik-{scope.first.isoformat()}-{scope.last.isoformat()}"
        if export == "csv":
            response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if export == "xlsx":
            response = HttpResponse(exports.report_xlsx(report), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
    sections = [
        {
            "section": section,
            "chart": (
                charts.chart_layout(
                    section.chart.values,
                    section.chart.labels,
                    kind=section.chart_kind,
                    maximum=100.0 if section.chart.unit == "%" else None,
                )
                if section.chart is not None
                else None
            ),
        }
        for section in (report.sections if report else [])
    ]
    query = urlencode({name: value for name, value in data.items() if name != "format"})
    return render(
        request,
        "statistics/statistics.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "query": query,
            "no_workplaces": not workplaces.exists(),
        },
        status=200,
    )
