"""My details: activation of a new account, and changing one's mobile number and e-mail address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from vikarieportalen.accounts.details import services as details
from vikarieportalen.accounts.details.forms import EmailChangeForm, MobileChangeForm, MobileCodeForm
from vikarieportalen.accounts.details.sections import profile_context
from vikarieportalen.accounts.hr import services as registration
from vikarieportalen.accounts.passwords.forms import NewPasswordForm
from vikarieportalen.core.http import request_user
from vikarieportalen.notifications.phone import format_mobile_number


def _activation_invalid(request: HttpRequest, reason: registration.ActivationTokenError) -> HttpResponse:
    return render(
        request,
        "accounts/activation_invalid.html",
        {
            "reason": reason.value,
            "activation_days": settings.ACCOUNT_ACTIVATION_DAYS,
            "staffing_centre_phone": settings.STAFFING_CENTRE_PHONE,
        },
        status=404 if reason == registration.ActivationTokenError.INVALID else 410,
    )


@never_cache
@sensitive_post_parameters("new_password", "new_password_repeat")
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link may open it: the signed token says whose account it is."""
    try:
        user = registration.activation_token_check(token)
    except registration.ActivationError as exc:
        return _activation_invalid(request, exc.reason)
    form = NewPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.account_activate(
                token=token, raw_password=form.cleaned_data["new_password"], request=request
            )
        except registration.ActivationError as exc:
            return _activation_invalid(request, exc.reason)
        messages.success(
            request,
            _("Your account is ready. Log in with the username %(username)s and your new password.")
            % {"username": user.username},
        )
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form, "account": user})


@login_required
@sensitive_post_parameters("password")
def mobile_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = MobileChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            details.mobile_change_start(
                user=user, new_mobile=form.cleaned_data["new_mobile"], request=request
            )
        except ValidationError as exc:
            form.add_error("new_mobile", exc)
        except details.MobileChangeFailed:
            form.add_error("new_mobile", _("That is already your mobile number."))
        else:
            return redirect("accounts:mobile_confirm")
    return render(request, "accounts/details/mobile_change.html", {"form": form})


@login_required
def mobile_confirm(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    pending = details.mobile_change_pending(user=user)
    if pending is None:
        messages.info(request, _("There is no code waiting. Enter your new number to get one."))
        return redirect("accounts:mobile_change")
    form = MobileCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            details.mobile_change_confirm(user=user, code=form.cleaned_data["code"], request=request)
        except details.MobileChangeFailed as exc:
            if exc.reason == details.MobileChangeError.WRONG:
                form.add_error(
                    "code",
                    ngettext(
                        "The code is wrong. You have %(count)d more try.",
                        "The code is wrong. You have %(count)d more tries.",
                        exc.tries_left,
                    )
                    % {"count": exc.tries_left}
                    if exc.tries_left
                    else _("The code is wrong, and that was the last try. Ask for a new code."),
                )
            elif exc.reason == details.MobileChangeError.EXPIRED:
                messages.error(request, _("The code has expired. Ask for a new code."))
                return redirect("accounts:mobile_change")
            else:
                messages.error(request, _("Too many wrong codes. Ask for a new code."))
                return redirect("accounts:mobile_change")
        else:
            messages.success(
                request,
                _("Your mobile number is now %(mobile)s. Bookings and codes are sent there from now on.")
                % {"mobile": user.mobile_display},
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/details/mobile_confirm.html",
        {"form": form, "new_mobile": format_mobile_number(pending.new_mobile)},
    )


@login_required
@sensitive_post_parameters("password")
def email_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EmailChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        details.email_change_request(user=user, new_email=form.cleaned_data["new_email"], request=request)
        messages.success(
            request,
            _(
                "We sent a link to %(email)s. Open it to confirm the address; "
                "until then we keep using your current address."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/details/email_change.html", {"form": form})


@login_required
@never_cache
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the address and a button (mail scanners open links); POST confirms."""
    user = request_user(request)
    try:
        new_email = details.email_change_token_check(token, user=user)
    except details.EmailChangeFailed as exc:
        return render(
            request,
            "accounts/details/email_invalid.html",
            {"reason": exc.reason.value},
            status=410 if exc.reason != details.EmailChangeError.INVALID else 404,
        )
    if request.method == "POST":
        try:
            details.email_change_confirm(user=user, token=token, request=request)
        except details.EmailChangeFailed as exc:
            return render(
                request, "accounts/details/email_invalid.html", {"reason": exc.reason.value}, status=410
            )
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new_email})
        return redirect("accounts:profile")
    return render(request, "accounts/details/email_confirm.html", {"new_email": new_email})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", profile_context(user=request_user(request)))
