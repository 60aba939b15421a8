"""HR registers substitutes: one at a time, or from the HR system's CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.hr import services as registration
from vikarieportalen.accounts.hr.forms import SubstituteImportForm, SubstituteRegisterForm
from vikarieportalen.accounts.hr.imports import ImportFileError, substitutes_csv_parse
from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.selectors import message_dispatch_latest

HR_ROLES = (Role.HR_SERVICE, Role.ADMINISTRATOR)


def _activation_sms_note(user: User, *, again: bool = False) -> str:
    """What became of the activation SMS: on its way now, or waiting for the quiet hours to end."""
    sms = message_dispatch_latest(recipient_id=user.pk, kind=registration.SMS_KIND_ACTIVATION)
    values = {"name": user.get_full_name(), "mobile": user.mobile_display, "when": sms.when_text()}
    if sms.none:
        return _("No SMS was sent: there is no usable mobile number.")
    if sms.waiting and again:
        return (
            _(
                "A new activation link goes by SMS to %(name)s (%(mobile)s) %(when)s, "
                "when the quiet hours end."
            )
            % values
        )
    if sms.waiting:
        return _("The activation link goes by SMS to %(mobile)s %(when)s, when the quiet hours end.") % values
    if again:
        return _("A new activation link is being sent by SMS to %(name)s (%(mobile)s) now.") % values
    return _("The activation link is being sent by SMS to %(mobile)s now.") % values


@role_required(*HR_ROLES)
def hr_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/hr/home.html", {"pending": registration.pending_activation_list()})


@role_required(*HR_ROLES)
def substitute_register(request: HttpRequest) -> HttpResponse:
    form = SubstituteRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.record is not None:
        try:
            user = registration.substitute_register(
                record=form.record, actor=request_user(request), request=request
            )
        except registration.EmployeeNumberTaken as taken:
            form.add_error(
                "employee_number",
                _("Employee number %(number)s is already registered, as %(username)s.")
                % {"number": form.record.employee_number, "username": taken.user.username},
            )
        else:
            registered = _("%(name)s is registered with the username %(username)s.") % {
                "name": user.get_full_name(),
                "username": user.username,
            }
            messages.success(request, f"{registered} {_activation_sms_note(user)}")
            return redirect("accounts:hr_home")
    return render(request, "accounts/hr/register.html", {"form": form})


@role_required(*HR_ROLES)
def substitute_import(request: HttpRequest) -> HttpResponse:
    form = SubstituteImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    results: list[registration.ImportRowResult] | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = substitutes_csv_parse(upload.read(), today=timezone.localdate())
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            results = registration.substitutes_import(
                parsed=parsed, actor=request_user(request), request=request
            )
    counts = dict.fromkeys(registration.RowOutcome, 0)
    for row in results or []:
        counts[row.outcome] += 1
    return render(
        request,
        "accounts/hr/import.html",
        {
            "form": form,
            "results": results,
            "created": counts[registration.RowOutcome.CREATED],
            "already": counts[registration.RowOutcome.ALREADY_REGISTERED],
            "refused": counts[registration.RowOutcome.REFUSED],
        },
    )


@require_POST
@role_required(*HR_ROLES)
def activation_resend(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        user = registration.activation_link_resend(
            user_id=user_id, actor=request_user(request), request=request
        )
    except User.DoesNotExist as exc:
        raise Http404 from exc
    except registration.ActivationNotPending:
        messages.error(
            request, _("That account is already activated: the person logs in with their password.")
        )
    else:
        messages.success(request, _activation_sms_note(user, again=True))
    return redirect("accounts:hr_home")
