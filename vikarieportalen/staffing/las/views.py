"""LAS days: the substitute's own page and the staffing centre's list of those near a limit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import list_page, request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las import selectors as las_selectors
from vikarieportalen.staffing.las.forms import LasFilterForm

LAS_PAGE_SIZE = 25
substitute_required = role_required(Role.SUBSTITUTE)
staff_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)


@require_GET
@substitute_required
def my_las(request: HttpRequest) -> HttpResponse:
    limits = las.LasLimits.from_settings()
    today = timezone.localdate()
    status = las_selectors.las_status_for_substitute(
        substitute=request_user(request), today=today, limits=limits
    )
    return render(
        request,
        "staffing/las_mine.html",
        {
            "status": status,
            "limits": limits,
            "sav": status.measure(las.LasRule.SAV_CONVERSION),
            "vikariat": status.measure(las.LasRule.VIKARIAT_CONVERSION),
            "priority": status.measure(las.LasRule.PRIORITY),
            "conversion_since": las.window_first_day(today, limits.conversion_window_years),
            "priority_since": las.window_first_day(today, limits.priority_window_years),
        },
    )


@require_GET
@staff_required
def las_list(request: HttpRequest) -> HttpResponse:
    limits = las.LasLimits.from_settings()
    today = timezone.localdate()
    form = LasFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = las_selectors.las_attention_list(
        today=today,
        limits=limits,
        rule=filters.get("rule", ""),
        state=filters.get("state", ""),
        search=filters.get("q", ""),
        order=filters.get("order", "") or "closest",
    )
    page, query = list_page(request, items, LAS_PAGE_SIZE)
    return render(
        request,
        "staffing/las_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "limits": limits,
            "today": today,
            "conversion_since": las.window_first_day(today, limits.conversion_window_years),
            "priority_since": las.window_first_day(today, limits.priority_window_years),
        },
    )
