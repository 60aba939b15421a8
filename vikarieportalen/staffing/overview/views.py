"""Who is free: the week grid of free people against open shifts per area, and one day's people.

For the staffing centre and administrators. Workplace managers get 403: the names and availability
of the whole pool are the staffing centre's, as in the pool itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vikarieportalen.core.access import role_required
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.overview import selectors
from vikarieportalen.staffing.overview.forms import DayFilterForm, OverviewFilterForm
from vikarieportalen.staffing.overview.rules import Filters

overview_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
FILTER_NAMES = ("area", "qualification", "workplace")


def _people_filters(form: Form, *, first_day: dt.date, last_day: dt.date) -> Filters:
    data = form.cleaned_data if form.is_valid() else {}
    return Filters(
        first_day=first_day,
        last_day=last_day,
        area=data.get("area") or "",
        qualification=data.get("qualification"),
        workplace=data.get("workplace"),
    )


def _common(request: HttpRequest, form: Form, filters: Filters) -> dict[str, Any]:
    kept = {name: request.GET[name] for name in FILTER_NAMES if request.GET.get(name) and form.is_valid()}
    return {
        "form": form,
        "kept": kept,
        "filters": filters,
        "today": timezone.localdate(),
        "kept_query": urlencode(kept),
        "back_query": urlencode({"next": request.get_full_path()}),
        "workplace_options": list(cast(Any, form.fields["workplace"]).queryset.values_list("pk", "name")),
        "selected_workplace": filters.workplace.pk if filters.workplace else None,
    }


@require_GET
@overview_required
def overview_week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = OverviewFilterForm(request.GET or None, today=today)
    if form.is_valid():
        filters = _people_filters(
            form, first_day=form.cleaned_data["first_day"], last_day=form.cleaned_data["last_day"]
        )
    else:  # bad input: the errors show, and the coming week without filters
        form = form if request.GET else OverviewFilterForm(today=today)
        filters = Filters(first_day=today, last_day=today + dt.timedelta(days=6))
    if not request.GET:
        form = OverviewFilterForm(
            initial={"first_day": filters.first_day, "last_day": filters.last_day}, today=today
        )
    context = _common(request, form, filters)
    context["date_fields"] = [form["first_day"], form["last_day"]]
    context["overview"] = selectors.overview_build(filters=filters)
    return render(request, "staffing/overview_week.html", context)


@require_GET
@overview_required
def overview_day(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = DayFilterForm(request.GET or None)
    form.is_valid()
    # A valid day is kept when another filter is bad; a bad day shows its error and today.
    day = getattr(form, "cleaned_data", {}).get("day") or today
    filters = _people_filters(form, first_day=day, last_day=day)
    if not request.GET:
        form = DayFilterForm(initial={"day": day})
    context = _common(request, form, filters)
    context["date_fields"] = [form["day"]]
    context["page"] = selectors.overview_day(day=day, filters=filters)
    monday = day - dt.timedelta(days=day.weekday())
    context["week_query"] = urlencode({"first_day": monday.isoformat(), **context["kept"]})
    return render(request, "staffing/overview_day.html", context)
