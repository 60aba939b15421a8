"""The logged-in user's own password change (also where an expired password leads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from vikarieportalen.accounts.passwords.forms import ChangePasswordForm
from vikarieportalen.accounts.passwords.services import password_change_required, password_expires_at
from vikarieportalen.core.http import request_user, requested_next_url


@sensitive_post_parameters("current_password", "new_password", "new_password_repeat")
@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    next_url = requested_next_url(request)
    form = ChangePasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        form.save(request=request)
        messages.success(request, _("Your password has been changed."))
        return redirect(next_url or "accounts:profile")
    context = {
        "form": form,
        "next": next_url,
        "forced": user.must_change_password,
        "expired": not user.must_change_password and password_change_required(user=user),
        "expires_at": password_expires_at(user=user),
    }
    return render(request, "accounts/password_change.html", context)
