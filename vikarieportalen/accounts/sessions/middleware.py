"""Idle timeout and session activity for logged-in users (after Authentication/MessageMiddleware)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vikarieportalen.accounts.sessions.rules import activity_is_due, session_is_idle
from vikarieportalen.accounts.sessions.services import LAST_ACTIVITY_KEY, user_session_touch


class SessionActivityMiddleware:
    """Logs out a session idle for SESSION_IDLE_TIMEOUT_SECONDS and says why on the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            timeout = settings.SESSION_IDLE_TIMEOUT_SECONDS
            if session_is_idle(last_activity=last, now=now, timeout_seconds=timeout):
                request.logout_reason = "idle"  # type: ignore[attr-defined]
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity. Please log in again.")
                    % {"minutes": max(1, timeout // 60)},
                )
                return redirect_to_login(request.get_full_path())
            if activity_is_due(last_noted=last, now=now):
                request.session[LAST_ACTIVITY_KEY] = now
                user_session_touch(user=user, request=request)
        return self.get_response(request)
