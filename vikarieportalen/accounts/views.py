from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vikarieportalen.accounts.login.forms import LoginForm
from vikarieportalen.accounts.roles import Role
from vikarieportalen.staffing.selectors import workplace_list_managed


class PortalLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PortalLogoutView(LogoutView):
    pass


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    workplaces = (
        list(workplace_list_managed(user=user))  # type: ignore[arg-type]
        if user.has_role(Role.WORKPLACE_MANAGER)  # type: ignore[union-attr]
        else []
    )
    return render(request, "accounts/profile.html", {"managed_workplaces": workplaces})
