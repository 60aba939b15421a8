"""The correction page of an exported shift's hours, /lon/rattelse/<booking id>/.

A manager of the shift's workplace, payroll or an administrator sees the approved times, every
line of the shift (the approval's, and each correction's reversal and new lines, linked) and the
corrections made, and gives corrected times and a reason. Thin: ``hours_correct`` decides.
Someone who may not correct the shift gets 404, as on the approval pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.corrections import selectors
from vikarieportalen.payroll.corrections.forms import CorrectionForm
from vikarieportalen.payroll.corrections.services import (
    CorrectionRefused,
    CorrectionResult,
    corrections_may_make,
    current_times,
    hours_correct,
)
from vikarieportalen.payroll.hours.selectors import time_report_exported
from vikarieportalen.payroll.periods.rules import period_of, period_text
from vikarieportalen.staffing.models import TimeReport

CORRECTION_ROLES = (Role.WORKPLACE_MANAGER, Role.PAYROLL, Role.ADMINISTRATOR)
MEANWHILE = "corrected_meanwhile"


def _done_message(result: CorrectionResult) -> str:
    values = {
        "reversed": result.reversed,
        "written": result.written,
        "period": date_format(result.period, "YEAR_MONTH_FORMAT"),
    }
    if result.late:
        return (
            _(
                "The hours are corrected: %(reversed)d lines reversed and %(written)d new lines, "
                "paid in the pay period %(period)s (late)."
            )
            % values
        )
    return (
        _(
            "The hours are corrected: %(reversed)d lines reversed and %(written)d new lines, "
            "paid in the pay period %(period)s."
        )
        % values
    )


def _correction_post(
    request: HttpRequest, *, report: TimeReport, user: User, booking_id: int
) -> tuple[CorrectionForm, HttpResponse | None]:
    """The posted form, and the redirect to answer with (none when the form is shown again)."""
    form = CorrectionForm(request.POST)
    if form.is_bound and "seen" in form.errors:
        messages.error(request, _("The page was out of date. Nothing was changed; look at the hours again."))
        return form, redirect("payroll:correction", booking_id=booking_id)
    if not form.is_valid():
        return form, None
    new_starts_at, new_ends_at = form.times()
    try:
        result = hours_correct(
            report=report,
            by=user,
            starts_at=new_starts_at,
            ends_at=new_ends_at,
            break_minutes=form.cleaned_data["break_minutes"],
            reason=form.cleaned_data["reason"],
            seen=form.cleaned_data["seen"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except CorrectionRefused as refused:
        if refused.code == MEANWHILE:
            messages.error(request, refused.message)
            return form, redirect("payroll:correction", booking_id=booking_id)
        form.add_error(None, refused.message)
        return form, None
    messages.success(request, _done_message(result))
    return form, redirect("payroll:correction", booking_id=booking_id)


@never_cache
@role_required(*CORRECTION_ROLES)
def correction(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        report: TimeReport = selectors.report_for_correction(booking_id=booking_id)
    except TimeReport.DoesNotExist as exc:
        raise Http404 from exc
    if not corrections_may_make(user=user, report=report):
        raise Http404
    exported = time_report_exported(report)
    seen = selectors.report_corrections_count(report)
    starts_at, ends_at, break_minutes = current_times(report)
    form = CorrectionForm(
        initial=CorrectionForm.initial_times(
            starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes, seen=seen
        )
    )
    if request.method == "POST":
        form, done = _correction_post(request, report=report, user=user, booking_id=booking_id)
        if done is not None:
            return done
    booking = report.booking
    return render(
        request,
        "payroll/correction.html",
        {
            "report": report,
            "booking": booking,
            "day": booking.starts_at.astimezone(STOCKHOLM).date(),
            "exported": exported,
            "current": {"starts_at": starts_at, "ends_at": ends_at, "break_minutes": break_minutes},
            "lines": selectors.report_lines(report),
            "corrections": selectors.report_corrections(report),
            "form": form,
            "show_amounts": user.has_role(Role.PAYROLL),
            "may_approve": user.has_role(Role.WORKPLACE_MANAGER) or user.has_role(Role.ADMINISTRATOR),
            "may_see_periods": user.has_role(Role.PAYROLL),
            "period_value": period_text(period_of(booking.starts_at.astimezone(STOCKHOLM).date())),
        },
    )
