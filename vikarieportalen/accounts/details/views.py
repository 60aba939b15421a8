"""My details: activation of a new account, and changing one's mobile number and e-mail address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from vikarieportalen.accounts.details import services as details
from vikarieportalen.accounts.details.forms import EmailChangeForm, MobileChangeForm, MobileCodeForm
from vikarieportalen.accounts.details.sections import profile_context
from vikarieportalen.accounts.hr import services as registration
from vikarieportalen.accounts.login.oidc import oidc_config
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.passwords.forms import NewPasswordForm
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
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


def _reauthentication_context(
    request: HttpRequest, form: forms.Form, eid_at: dt.datetime | None
) -> dict[str, Any]:
    """What the change forms show about confirming with e-ID instead of the password."""
    return {
        "asks_password": "password" in form.fields,
        "eid_confirmed_at": eid_at,
        "eid_url": f"{reverse('accounts:eid_start')}?{urlencode({'next': request.path})}"
        if oidc_config()
        else "",
        "staffing_centre_phone": settings.STAFFING_CENTRE_PHONE,
    }


def _change_form[F: forms.Form](
    request: HttpRequest, form_class: Callable[..., F]
) -> tuple[User, F, dt.datetime | None]:
    """The user, their change form (asking for the password unless e-ID confirmed them lately) and
    when e-ID confirmed them."""
    user = request_user(request)
    eid_at = details.eid_reauthentication_at(request=request)
    form = form_class(
        user, request.POST if request.method == "POST" else None, eid_confirmed=eid_at is not None
    )
    return user, form, eid_at


def _change_page(
    request: HttpRequest, template: str, form: forms.Form, eid_at: dt.datetime | None
) -> HttpResponse:
    return render(request, template, {"form": form, **_reauthentication_context(request, form, eid_at)})


@login_required
@sensitive_post_parameters("password")
def mobile_change(request: HttpRequest) -> HttpResponse:
    user, form, eid_at = _change_form(request, MobileChangeForm)
    if request.method == "POST" and form.is_valid():
        try:
            details.mobile_change_start(
                user=user, new_mobile=form.cleaned_data["new_mobile"], request=request
            )
        except ValidationError as exc:
            form.add_error("new_mobile", exc)
        except details.MobileChangeFailed:
            form.add_error("new_mobile", _("That is already your mobile number."))
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if eid_at is not None:
                details.eid_reauthentication_use(request=request)
            return redirect("accounts:mobile_confirm")
    return _change_page(request, "accounts/details/mobile_change.html", form, eid_at)


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
        except Refused as refused:
            form.add_error("code", refused.message)
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
    user, form, eid_at = _change_form(request, EmailChangeForm)
    if request.method == "POST" and form.is_valid():
        details.email_change_request(user=user, new_email=form.cleaned_data["new_email"], request=request)
        if eid_at is not None:
            details.eid_reauthentication_use(request=request)
        messages.success(
            request,
            _(
                "We sent a link to %(email)s. Open it to confirm the address; "
                "until then we keep using your current address."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:profile")
    return _change_page(request, "accounts/details/email_change.html", form, eid_at)


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
    user = request_user(request)
    context = profile_context(user=user)
    # Mina uppgifter → Aviseringar (notifications.push): push notices or SMS, for substitutes.
    context["notices_url"] = reverse("push:settings") if user.has_role(Role.SUBSTITUTE) else ""
    return render(request, "accounts/profile.html", context)
