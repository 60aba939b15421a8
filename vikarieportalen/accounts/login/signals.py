"""Audit and session bookkeeping on Django's login signals, for every login method.

Connected in AccountsConfig.ready(). A login view may set ``request.login_method`` (e.g.
"password", "sms", "eid", "staff_card") before calling ``login()``; it is written to the audit log.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.services import USER_LANGUAGE_SESSION_KEY
from vikarieportalen.accounts.sessions.services import (
    LAST_ACTIVITY_KEY,
    user_session_forget,
    user_session_start,
)
from vikarieportalen.audit.services import audit_record


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(
        kind=AccountsAuditKind.LOGIN, user=user, request=request, method=getattr(request, "login_method", "")
    )
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = time.time()
        if getattr(user, "language", "") not in ("", settings.LANGUAGE_CODE):
            # A language chosen on the account, for devices where the reader has not chosen one
            # (every account starts in Swedish, which is also what a device without a choice gets).
            request.session[USER_LANGUAGE_SESSION_KEY] = user.language
        user_session_start(user=user, request=request)


def on_user_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    audit_record(kind=AccountsAuditKind.LOGIN_FAILED, request=request, username=username)


def on_user_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        reason = getattr(request, "logout_reason", "")
        details: dict[str, Any] = {"reason": reason} if reason else {}
        audit_record(kind=AccountsAuditKind.LOGOUT, user=user, request=request, **details)
    if request is not None and hasattr(request, "session"):
        user_session_forget(session_key=request.session.session_key)
