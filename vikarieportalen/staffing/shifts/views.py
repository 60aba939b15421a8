"""The workplace manager's pages: the week's shifts of their workplaces, registering and cancelling needs.

The staffing centre and administrators may use them too, for every workplace.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.public_holidays import library_language, red_days_of
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import Shift, ShiftStatus
from vikarieportalen.staffing.shifts import services as shift_services
from vikarieportalen.staffing.shifts.forms import ManagerWeekForm, ShiftCancelForm, ShiftNeedForm
from vikarieportalen.staffing.shifts.rules import ShiftInputError, need_warnings_key, series_preview_days
from vikarieportalen.staffing.shifts.selectors import (
    need_limits,
    series_remaining_count,
    shift_booking,
    shift_get_for_manager,
    shift_list_for_manager,
    week_navigation,
    week_start,
    workplace_list_for_needs,
)

MANAGER_ROLES = (Role.WORKPLACE_MANAGER, Role.STAFFING_CENTRE, Role.ADMINISTRATOR)


def _week_url(day: dt.date, workplace_id: int | None = None) -> str:
    query: dict[str, str] = {"date": day.isoformat()}
    if workplace_id:
        query["workplace"] = str(workplace_id)
    return f"{reverse('staffing:manager_shifts')}?{urlencode(query)}"


@role_required(*MANAGER_ROLES)
def manager_shift_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    workplaces = workplace_list_for_needs(user=user)
    form = ManagerWeekForm(request.GET, workplaces=workplaces)
    today = timezone.localdate()
    day, workplace = today, None
    shifts: list[Shift] = []
    monday = week_start(today)
    if form.is_valid():
        day = form.cleaned_data["date"] or today
        workplace = form.cleaned_data["workplace"]
        monday = week_start(day)
        shifts = shift_list_for_manager(
            user=user, first_day=monday, last_day=monday + dt.timedelta(days=6), workplace=workplace
        )
    by_day: dict[dt.date, list[Shift]] = {monday + dt.timedelta(days=n): [] for n in range(7)}
    for shift in shifts:
        by_day[shift.day].append(shift)
    workplace_id = workplace.pk if workplace else None
    return render(
        request,
        "staffing/manager_shift_list.html",
        {
            "form": form,
            "days": list(by_day.items()),
            **week_navigation(monday, lambda day: _week_url(day, workplace_id)),
            "today": today,
            "new_url": reverse("staffing:manager_shift_create"),
        },
    )


def _need_form_page(request: HttpRequest, form: ShiftNeedForm, *, confirm: bool = False) -> HttpResponse:
    """The need form with its working-time warnings beside the times; ``confirm``: with what the
    manager confirms (the series' dates with their public holidays and eves, the warnings) and the
    button that registers it."""
    warnings = form.check_while_filling_in()[1] if form.is_bound else []
    preview = None
    if confirm and form.plan is not None and form.plan.repeat:
        red_days = red_days_of(
            (times.day for times in form.plan.times), language=library_language(translation.get_language())
        )
        preview = series_preview_days(form.plan.times, red_days=red_days)
    return render(
        request,
        "staffing/manager_shift_form.html",
        {
            "form": form,
            "plan": form.plan if confirm else None,
            "preview": preview,
            "warnings": warnings,
            "warnings_key": need_warnings_key(warnings),
        },
    )


def _need_form(request: HttpRequest, data: QueryDict | None) -> ShiftNeedForm:
    return ShiftNeedForm(
        data,
        workplaces=workplace_list_for_needs(user=request_user(request)),
        now=timezone.now(),
        limits=need_limits(),
        initial={"day": timezone.localdate() + dt.timedelta(days=1), "break_minutes": 0},
    )


@role_required(*MANAGER_ROLES)
def manager_shift_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    now = timezone.now()
    form = _need_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.plan is not None:
        if form.needs_confirmation:
            return _need_form_page(request, form, confirm=True)
        data = form.cleaned_data
        common: shift_services.Need = {
            "workplace": data["workplace"],
            "starts": data["starts"],
            "ends": data["ends"],
            "break_minutes": data["break_minutes"],
            "reason": data["reason"],
            "note": data["note"],
            "qualifications": list(data["qualifications"]),
            "wished_substitute": data["wished_substitute"],
            "by": user,
            "now": now,
        }
        try:
            if form.plan.repeat:
                series = shift_services.shift_create_series(
                    first_day=data["day"], last_day=data["until"], weekdays=data["weekdays"], **common
                )
                count = form.plan.count
                first_day = series.first_day
            else:
                shift = shift_services.shift_create(day=data["day"], **common)
                count, first_day = 1, shift.day
        except ShiftInputError as error:
            form.add_problems(error)
        except PermissionDenied:
            form.add_error("workplace", _("Choose one of your own workplaces."))
        else:
            messages.success(
                request,
                ngettext(
                    "The need is registered: %(count)d shift at %(workplace)s.",
                    "The need is registered: %(count)d shifts at %(workplace)s.",
                    count,
                )
                % {"count": count, "workplace": data["workplace"].name},
            )
            return redirect(_week_url(first_day, data["workplace"].pk))
    return _need_form_page(request, form)


@require_GET
@role_required(*MANAGER_ROLES)
def manager_shift_warnings(request: HttpRequest) -> HttpResponse:
    """The need form's working-time warnings for the times filled in so far; htmx asks as the
    manager types, and shows the fragment beside the times."""
    form = _need_form(request, request.GET)
    unreadable, warnings = form.check_while_filling_in()
    if any(error.code == "invalid_choice" for error in form.errors.as_data().get("workplace", [])):
        raise PermissionDenied
    return render(
        request,
        "staffing/_need_warnings.html",
        {"unreadable": unreadable, "warnings": warnings, "warnings_key": need_warnings_key(warnings)},
    )


def _shift_or_404(user: User, shift_id: int) -> Shift:
    try:
        return shift_get_for_manager(user=user, shift_id=shift_id)
    except Shift.DoesNotExist as exc:
        raise Http404 from exc


def _detail(request: HttpRequest, shift: Shift, form: ShiftCancelForm, status: int = 200) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "staffing/manager_shift_detail.html",
        {
            "shift": shift,
            "booking": shift_booking(shift),
            "form": form,
            "may_cancel": shift.status == ShiftStatus.ACTIVE and shift.ends_at > now,
            "series_remaining": series_remaining_count(shift=shift, now=now),
            "back_url": _week_url(shift.day, shift.workplace_id),
        },
        status=status,
    )


@role_required(*MANAGER_ROLES)
def manager_shift_detail(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = _shift_or_404(request_user(request), shift_id)
    return _detail(request, shift, ShiftCancelForm())


@require_POST
@role_required(*MANAGER_ROLES)
def manager_shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    user = request_user(request)
    shift = _shift_or_404(user, shift_id)
    form = ShiftCancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, shift, form)
    reason = form.cleaned_data["reason"].strip()
    try:
        if form.cleaned_data["scope"] == ShiftCancelForm.SCOPE_SERIES:
            cancelled = shift_services.shift_series_cancel(shift=shift, by=user, reason=reason)
        else:
            cancelled = [shift_services.shift_cancel(shift=shift, by=user, reason=reason)]
    except Refused as refused:  # the shift's own reasons, or its booking's
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d shift is cancelled.", "%(count)d shifts are cancelled.", len(cancelled))
            % {"count": len(cancelled)},
        )
    return redirect("staffing:manager_shift_detail", shift_id=shift.pk)
