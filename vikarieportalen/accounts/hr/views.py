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

HR_ROLES = (Role.HR_SERVICE, Role.ADMINISTRATOR)


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
            messages.success(
                request,
                _(
                    "%(name)s is registered with the username %(username)s. "
                    "An activation link was sent by SMS to %(mobile)s."
                )
                % {"name": user.get_full_name(), "username": user.username, "mobile": user.mobile_display},
            )
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
        messages.success(
            request,
            _("A new activation link was sent by SMS to %(name)s (%(mobile)s).")
            % {"name": user.get_full_name(), "mobile": user.mobile_display},
        )
    return redirect("accounts:hr_home")
