"""Approval of worked hours (*attest*) under /bemanning/attest/: managers of the workplace, administrators.

The list shows the shifts waiting for approval (one card each, "approve as booked" in one click)
and the week's approved ones; the detail page edits the times or marks the shift not worked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.hours import services as hours_services
from vikarieportalen.payroll.hours.forms import HoursForm, NotWorkedForm
from vikarieportalen.payroll.hours.selectors import (
    booking_get_for_hours,
    booking_list_awaiting_hours,
    hours_workplaces,
    time_report_exported,
    time_report_for,
    time_report_list_for_days,
)
from vikarieportalen.staffing.models import Booking, TimeReport, TimeReportStatus
from vikarieportalen.staffing.shifts.forms import ManagerWeekForm
from vikarieportalen.staffing.shifts.selectors import week_navigation, week_start

HOURS_ROLES = (Role.WORKPLACE_MANAGER, Role.ADMINISTRATOR)
ACTION_AS_BOOKED, ACTION_APPROVE, ACTION_NOT_WORKED = "as_booked", "approve", "not_worked"


def _list_url(day: dt.date | None = None, workplace_id: int | None = None) -> str:
    query: dict[str, str] = {}
    if day is not None:
        query["date"] = day.isoformat()
    if workplace_id:
        query["workplace"] = str(workplace_id)
    url = reverse("hours:list")
    return f"{url}?{urlencode(query)}" if query else url


@role_required(*HOURS_ROLES)
def hours_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    now = timezone.now()
    today = timezone.localdate()
    form = ManagerWeekForm(request.GET, workplaces=hours_workplaces(user=user))
    workplace, monday = None, week_start(today)
    waiting: list[Booking] = []
    waiting_total = 0
    reports: list[TimeReport] = []
    if form.is_valid():
        workplace = form.cleaned_data["workplace"]
        monday = week_start(form.cleaned_data["date"] or today)
        waiting, waiting_total = booking_list_awaiting_hours(user=user, now=now, workplace=workplace)
        reports = time_report_list_for_days(
            user=user, first_day=monday, last_day=monday + dt.timedelta(days=6), workplace=workplace
        )
    by_workplace: dict[str, list[Booking]] = defaultdict(list)
    for booking in waiting:
        by_workplace[booking.workplace.name].append(booking)
    workplace_id = workplace.pk if workplace else None
    return render(
        request,
        "payroll/hours_list.html",
        {
            "form": form,
            "waiting_groups": sorted(by_workplace.items()),
            "waiting_count": len(waiting),
            "waiting_total": waiting_total,
            "reports": reports,
            **week_navigation(monday, lambda day: _list_url(day, workplace_id)),
            "back_query": request.GET.urlencode(),
        },
    )


def _booking_or_404(user: User, booking_id: int) -> Booking:
    try:
        return booking_get_for_hours(user=user, booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


def _done_message(report: TimeReport, booking: Booking) -> str:
    values = {
        "name": booking.substitute.get_full_name(),
        "date": date_format(booking.starts_at.astimezone(STOCKHOLM).date(), "j F"),
    }
    if report.status == TimeReportStatus.NOT_WORKED:
        return _("Marked as not worked: %(name)s, %(date)s.") % values
    hours, minutes = divmod(report.work_minutes, 60)
    return _("Approved: %(name)s, %(date)s, %(hours)d h %(minutes)02d min.") % {
        **values,
        "hours": hours,
        "minutes": minutes,
    }


def _back(request: HttpRequest) -> str:
    """The list again, with the week and workplace it was showing (only those two, checked)."""
    query = QueryDict(request.POST.get("back", ""))
    try:
        day: dt.date | None = dt.date.fromisoformat(query.get("date", ""))
    except ValueError:
        day = None
    workplace = query.get("workplace", "")
    return _list_url(day, int(workplace) if workplace.isdigit() else None)


def _record(
    action: str,
    *,
    booking: Booking,
    user: User,
    now: dt.datetime,
    form: HoursForm,
    not_worked_form: NotWorkedForm,
) -> TimeReport:
    """Carry out ``action`` with its (bound) form; ``HoursRefused`` when a form or the service refuses."""
    if action == ACTION_AS_BOOKED:
        return hours_services.time_report_approve(
            booking=booking,
            by=user,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            break_minutes=booking.shift.break_minutes,
            now=now,
        )
    if action == ACTION_APPROVE:
        if not form.is_valid():
            raise hours_services.HoursRefused([])
        starts_at, ends_at = form.times()
        return hours_services.time_report_approve(
            booking=booking,
            by=user,
            starts_at=starts_at,
            ends_at=ends_at,
            break_minutes=form.cleaned_data["break_minutes"],
            note=form.cleaned_data["note"],
            now=now,
        )
    if not not_worked_form.is_valid():
        raise hours_services.HoursRefused([])
    return hours_services.time_report_not_worked(
        booking=booking, by=user, note=not_worked_form.cleaned_data["note"], now=now
    )


@role_required(*HOURS_ROLES)
def hours_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = request_user(request)
    booking = _booking_or_404(user, booking_id)
    now = timezone.now()
    form = HoursForm(initial=HoursForm.initial_for(booking))
    not_worked_form = NotWorkedForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in (ACTION_AS_BOOKED, ACTION_APPROVE, ACTION_NOT_WORKED):
            messages.error(request, _("Choose what to do with the hours."))
            return redirect("hours:detail", booking_id=booking.pk)
        if action == ACTION_APPROVE:
            form = HoursForm(request.POST)
        elif action == ACTION_NOT_WORKED:
            not_worked_form = NotWorkedForm(request.POST)
        try:
            report = _record(
                action, booking=booking, user=user, now=now, form=form, not_worked_form=not_worked_form
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except hours_services.HoursRefused as refused:
            if action == ACTION_AS_BOOKED:
                messages.error(request, refused.message)
                return redirect(_back(request))
            if refused.problems and time_report_for(booking) is not None:  # done already: say so, show it
                messages.error(request, refused.message)
                return redirect("hours:detail", booking_id=booking.pk)
            (not_worked_form if action == ACTION_NOT_WORKED else form).add_refusal(refused)
        else:
            messages.success(request, _done_message(report, booking))
            return redirect(_back(request))
    existing = time_report_for(booking)
    return render(
        request,
        "payroll/hours_detail.html",
        {
            "booking": booking,
            "report": existing,
            # The approval's own lines (a correction's are on the correction page).
            "lines": [line for line in existing.transactions.all() if line.correction_id is None]
            if existing
            else [],
            # Exported hours are corrected on their own page (reversal and new lines), never here.
            "correctable": existing is not None
            and existing.status == TimeReportStatus.APPROVED
            and time_report_exported(existing),
            "ended": booking.ends_at <= now,
            "form": form,
            "not_worked_form": not_worked_form,
            "back_url": _list_url(booking.starts_at.astimezone(STOCKHOLM).date(), booking.workplace_id),
        },
    )
