"""The user's own sessions ("log out everywhere")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vikarieportalen.accounts.sessions.rules import browser_family
from vikarieportalen.accounts.sessions.services import user_log_out_everywhere, user_session_list
from vikarieportalen.core.http import request_user


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
