"""The user's own sessions ("log out everywhere") and the administrators' audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vikarieportalen.accounts.access import role_required
from vikarieportalen.accounts.audit_selectors import audit_event_list
from vikarieportalen.accounts.reset.forms import AuditFilterForm
from vikarieportalen.accounts.roles import Role
from vikarieportalen.accounts.sessions.rules import browser_family
from vikarieportalen.accounts.sessions.services import user_log_out_everywhere, user_session_list
from vikarieportalen.core.http import request_user

AUDIT_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        ended = user_log_out_everywhere(user=user, request=request)
        messages.success(
            request,
            ngettext("%(count)d other session was ended.", "%(count)d other sessions were ended.", ended)
            % {"count": ended},
        )
        return redirect("accounts:sessions")
    current = request.session.session_key
    rows = [
        {
            "session": session,
            "browser": browser_family(session.user_agent),
            "current": session.session_key == current,
        }
        for session in user_session_list(user=user)
    ]
    others = sum(1 for row in rows if not row["current"])
    return render(request, "accounts/sessions.html", {"rows": rows, "others": others})


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list(
        kind=filters.get("kind", ""),
        username=filters.get("username", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
