"""Views of the login methods: password (+ SMS code), e-ID, staff card, and the step-up page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.assurance import (
    Level,
    Method,
    assurance_of,
    assurance_record,
    assurance_required,
)
from vikarieportalen.accounts.login.backends import PORTAL_BACKEND
from vikarieportalen.accounts.login.forms import LoginForm
from vikarieportalen.accounts.login.methods import (
    CodeError,
    Purpose,
    login_code_check,
    login_code_pending,
    login_code_send,
    login_complete,
    staff_card_identity,
    step_up_complete,
    user_for_personal_identity_number,
)
from vikarieportalen.accounts.login.oidc import (
    OidcConfig,
    OidcError,
    PendingLogin,
    authorization_finish,
    authorization_start,
    oidc_config,
)
from vikarieportalen.accounts.login.sms_codes import CodeCapReached
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.rules import format_personal_identity_number
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.http import request_user, safe_next_url

OIDC_SESSION_KEY = "vp_oidc"


class PortalLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PortalLogoutView(LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # The browser drops what it cached of the person's pages; the service worker drops its
        # offline copies when it sees the log-out (core/static/js/sw.js).
        response["Clear-Site-Data"] = '"cache"'
        return response


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it stays on this site, else the start page (no open redirects)."""
    return safe_next_url(request, candidate, fallback=str(settings.LOGIN_REDIRECT_URL))


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("How do you want to log in?"),
        choices=[
            (Method.PASSWORD.value, gettext_lazy("Password only")),
            (
                Method.PASSWORD_SMS.value,
                gettext_lazy(
                    "Password and a code by SMS (a stronger login, needed for payroll and certificates)"
                ),
            ),
        ],
        initial=Method.PASSWORD.value,
        widget=forms.RadioSelect,
        required=False,
    )


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the SMS"),
        help_text=gettext_lazy("Six digits."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
        error_messages={"required": gettext_lazy("Enter the six digits from the SMS.")},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("The code is six digits, for example 123456."), code="format")
        return code


# Login page -------------------------------------------------------------------------------


class MethodLoginView(PortalLoginView):
    """The login page with its methods: password, or password + SMS code; e-ID and staff card links."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        next_url = context.get("next") or ""
        method_form = LoginMethodForm(self.request.POST or None)
        context.update(
            {
                "method_form": method_form,
                "eid_url": _with_next("accounts:eid_start", next_url) if oidc_config() else "",
                "staff_card_url": _with_next("accounts:staff_card", next_url)
                if settings.STAFF_CARD_PROXIES
                else "",
            }
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        method_form = LoginMethodForm(self.request.POST)
        method = method_form.cleaned_data["method"] if method_form.is_valid() else ""
        if method == Method.PASSWORD_SMS:
            user = form.get_user()
            try:
                login_code_send(
                    request=self.request, user=user, purpose=Purpose.LOGIN, next_url=self.get_success_url()
                )
            except ValidationError as error:
                form.add_error(None, error)
                return self.form_invalid(form)
            except CodeCapReached as refusal:
                form.add_error(None, refusal.message)
                return self.form_invalid(form)
            return HttpResponseRedirect(reverse("accounts:login_code"))
        self.request.login_method = Method.PASSWORD.value  # type: ignore[attr-defined]
        form.get_user().backend = PORTAL_BACKEND  # its sessions load the user with its roles at once
        response = super().form_valid(form)
        assurance_record(self.request, method=Method.PASSWORD)
        return response


_CODE_ERRORS = {
    CodeError.NONE_PENDING: gettext_lazy(
        "There is no code waiting to be used. Log in again to get a new code."
    ),
    CodeError.EXPIRED: gettext_lazy(
        "The code has expired: codes are valid for 5 minutes. Ask for a new code."
    ),
    CodeError.TOO_MANY: gettext_lazy("The code was wrong too many times. Ask for a new code."),
}


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """Step two of "password + SMS code", and of the SMS step-up."""
    pending = login_code_pending(request)
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = login_code_check(request=request, code=form.cleaned_data["code"])
        if result.error is None and result.user is not None:
            next_url = _safe_next(request, result.next_url)
            if result.purpose == Purpose.LOGIN:
                login_complete(request=request, user=result.user, method=Method.PASSWORD_SMS)
                return HttpResponseRedirect(next_url)
            if request.user.is_authenticated and request.user.pk == result.user.pk:
                step_up_complete(request=request, user=result.user, method=Method.PASSWORD_SMS)
                return HttpResponseRedirect(next_url)
            # A step-up code typed after logging out, or in another person's session: not valid here.
            result = replace(result, error=CodeError.NONE_PENDING)
        if result.error != CodeError.NONE_PENDING or result.user is not None:
            audit_record(
                kind=AccountsAuditKind.LOGIN_FAILED,
                user=result.user,
                request=request,
                method=Method.PASSWORD_SMS.value,
                reason=str(result.error),
            )
        if result.error == CodeError.WRONG:
            form.add_error(
                "code",
                _("The code is wrong. You have %(count)d tries left.") % {"count": result.tries_left},
            )
        elif result.refusal:
            form.add_error(None, result.refusal)
        else:
            form.add_error(None, str(_CODE_ERRORS[result.error or CodeError.NONE_PENDING]))
        pending = login_code_pending(request)
    again_url = reverse("accounts:login")
    if pending is not None and pending.get("purpose") == Purpose.STEP_UP:
        again_url = _with_next("accounts:step_up", str(pending.get("next", "")))
    elif request.user.is_authenticated:
        again_url = reverse("accounts:step_up")
    return render(
        request,
        "accounts/login_code.html",
        {"form": form, "pending": pending is not None, "again_url": again_url},
        status=200,
    )


# Step-up ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest) -> HttpResponse:
    """Offer the high-assurance methods to a logged-in user and return them to ``next``."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    user = request_user(request)
    error = ""
    if request.method == "POST":
        try:
            login_code_send(request=request, user=user, purpose=Purpose.STEP_UP, next_url=next_url)
        except ValidationError as exc:
            error = exc.messages[0]
        except CodeCapReached as refusal:
            error = refusal.message
        else:
            return HttpResponseRedirect(reverse("accounts:login_code"))
    return render(
        request,
        "accounts/step_up.html",
        {
            "next": next_url,
            "error": error,
            "current": assurance_of(request),
            "eid_url": _with_next("accounts:eid_start", next_url) if oidc_config() else "",
            "staff_card_url": _with_next("accounts:staff_card", next_url)
            if settings.STAFF_CARD_PROXIES
            else "",
        },
    )


def _refused(
    request: HttpRequest, message: str, *, method: Method, reason: str, user: Any = None
) -> HttpResponse:
    audit_record(
        kind=AccountsAuditKind.LOGIN_FAILED, user=user, request=request, method=method.value, reason=reason
    )
    return render(
        request,
        "accounts/login_refused.html",
        {
            "message": message,
            "retry_url": reverse("accounts:step_up" if request.user.is_authenticated else "accounts:login"),
        },
        status=403,
    )


def _complete(request: HttpRequest, user: User | None, *, method: Method, next_url: str) -> HttpResponse:
    """Log in, or step up when someone is logged in already (then it must be the same person)."""
    if user is None:
        return _refused(
            request,
            _(
                "No account in Vikarieportalen belongs to that personal identity number. "
                "Nobody has been logged in. Contact the staffing centre if you should have an account."
            ),
            method=method,
            reason="unknown_person",
        )
    if request.user.is_authenticated:
        if request.user.pk != user.pk:
            return _refused(
                request,
                _("That identity belongs to someone other than the person logged in. Nothing was changed."),
                method=method,
                reason="other_person",
                user=request.user,
            )
        step_up_complete(request=request, user=user, method=method)
    else:
        login_complete(request=request, user=user, method=method)
    return HttpResponseRedirect(next_url)


# E-ID (OpenID Connect) --------------------------------------------------------------------


def _eid_config() -> OidcConfig:
    """The e-ID broker's settings; where e-ID login is switched off, its pages are not found."""
    config = oidc_config()
    if config is None:
        raise Http404
    return config


def _eid_redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:eid_callback"))


@never_cache
@require_GET
def eid_start(request: HttpRequest) -> HttpResponse:
    config = _eid_config()
    next_url = _safe_next(request, request.GET.get("next"))
    try:
        url, pending = authorization_start(config, redirect_uri=_eid_redirect_uri(request))
    except OidcError as exc:
        return _refused(request, str(exc), method=Method.EID, reason="provider_unavailable")
    request.session[OIDC_SESSION_KEY] = {
        "state": pending.state,
        "nonce": pending.nonce,
        "code_verifier": pending.code_verifier,
        "next": next_url,
    }
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def eid_callback(request: HttpRequest) -> HttpResponse:
    config = _eid_config()
    data = request.session.pop(OIDC_SESSION_KEY, None)  # single use, whatever the outcome
    if not isinstance(data, dict):
        return _refused(
            request,
            _("No e-ID login was in progress (it may have timed out). Start again."),
            method=Method.EID,
            reason="no_pending",
        )
    if request.GET.get("error"):
        return _refused(
            request,
            _("The e-ID login was cancelled or refused. Nobody has been logged in."),
            method=Method.EID,
            reason="provider_error",
        )
    pending = PendingLogin(state=data["state"], nonce=data["nonce"], code_verifier=data["code_verifier"])
    try:
        identity = authorization_finish(
            config,
            pending=pending,
            redirect_uri=_eid_redirect_uri(request),
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
        )
    except OidcError as exc:
        return _refused(request, str(exc), method=Method.EID, reason="not_verified")
    user = user_for_personal_identity_number(identity.personal_identity_number_claim)
    return _complete(request, user, method=Method.EID, next_url=_safe_next(request, data.get("next")))


# Staff card -------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def staff_card(request: HttpRequest) -> HttpResponse:
    """Log in (or step up) with the staff card the reverse proxy has read."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    error = ""
    if request.method == "POST":
        identity = staff_card_identity(request)
        if identity:
            return _complete(
                request,
                user_for_personal_identity_number(identity),
                method=Method.STAFF_CARD,
                next_url=next_url,
            )
        audit_record(
            kind=AccountsAuditKind.LOGIN_FAILED,
            request=request,
            method=Method.STAFF_CARD.value,
            reason="no_card",
        )
        error = _(
            "No staff card was read. Put your card in the card reader and try again. "
            "Staff card login works on the municipality's computers with a card reader."
        )
    return render(request, "accounts/staff_card.html", {"next": next_url, "error": error})


# A page that needs a strong, recent login --------------------------------------------------


@never_cache
@assurance_required(Level.HIGH, max_age=dt.timedelta(minutes=15))
def personal_identity_number(request: HttpRequest) -> HttpResponse:
    """The user's own personal identity number in full: shown only after a recent strong login."""
    pin = request_user(request).personal_identity_number or ""
    return render(
        request,
        "accounts/personal_identity_number.html",
        {"pin": format_personal_identity_number(pin), "assurance": assurance_of(request)},
    )
