"""Self-service password reset ("Glömt lösenordet?"): username → code by SMS → new password.

The reset attempt's id is kept in the session, so a code works only in the browser that asked
for it. The pages answer the same whether the username exists or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from vikarieportalen.accounts.passwords.forms import NewPasswordForm
from vikarieportalen.accounts.reset.forms import ResetCodeForm, ResetStartForm
from vikarieportalen.accounts.reset.rules import ResetProblem
from vikarieportalen.accounts.reset.services import (
    password_reset_attempt_for_password_step,
    password_reset_code_check,
    password_reset_complete,
    password_reset_request,
)
from vikarieportalen.core.errors import Refused

SESSION_KEY = "password_reset_attempt"


def _problem_message(problem: ResetProblem, tries_left: int) -> str:
    if problem == ResetProblem.WRONG_CODE:
        return ngettext(
            "The code is wrong. You have %(left)d try left.",
            "The code is wrong. You have %(left)d tries left.",
            tries_left,
        ) % {"left": tries_left}
    return {
        ResetProblem.EXPIRED: _("The code has expired. Ask for a new code."),
        ResetProblem.USED: _("This code has already been used. Ask for a new code."),
        ResetProblem.TOO_MANY_TRIES: _("Too many wrong codes. Ask for a new code."),
    }[problem]


@never_cache
@require_http_methods(["GET", "POST"])
def reset_start(request: HttpRequest) -> HttpResponse:
    form = ResetStartForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            attempt = password_reset_request(username=form.cleaned_data["username"], request=request)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            request.session[SESSION_KEY] = attempt.pk
            return redirect("accounts:reset_code")
    return render(request, "accounts/reset_start.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def reset_code(request: HttpRequest) -> HttpResponse:
    attempt_id = request.session.get(SESSION_KEY)
    if attempt_id is None:
        return redirect("accounts:reset_start")
    form = ResetCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            problem, tries_left = password_reset_code_check(
                attempt_id=attempt_id, code=form.cleaned_data["code"], request=request
            )
        except Refused as refused:
            form.add_error("code", refused.message)
        else:
            if problem is None:
                return redirect("accounts:reset_password")
            form.add_error("code", _problem_message(problem, tries_left))
    return render(request, "accounts/reset_code.html", {"form": form})


@sensitive_post_parameters("new_password", "new_password_repeat")
@never_cache
@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest) -> HttpResponse:
    attempt_id = request.session.get(SESSION_KEY)
    attempt = password_reset_attempt_for_password_step(attempt_id=attempt_id)
    if attempt is None or attempt.user is None:
        if attempt_id is not None:
            messages.error(request, _("This password reset has expired or was already used. Start again."))
        return redirect("accounts:reset_start")
    form = NewPasswordForm(attempt.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            password_reset_complete(
                attempt_id=attempt.pk, raw_password=form.cleaned_data["new_password"], request=request
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("Your password has been changed. Log in with the new password."))
            return redirect("accounts:login")
    return render(request, "accounts/reset_password.html", {"form": form})
