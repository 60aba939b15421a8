"""Writes and reads of the session table (session_models.UserSession), and ending sessions."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.models.sessions import UserSession
from vikarieportalen.accounts.sessions.rules import TOUCH_INTERVAL_SECONDS
from vikarieportalen.audit.services import audit_record

# Session data key: POSIX time of the last noted request (see session_middleware).
LAST_ACTIVITY_KEY = "_vp_last_activity"


def _session_store_delete(session_key: str) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session_key).delete(session_key)


def _client(request: HttpRequest) -> tuple[str | None, str]:
    address = getattr(request, "client_ip", "") or None
    return address, request.META.get("HTTP_USER_AGENT", "")[:300]


@transaction.atomic
def user_session_start(*, user: User, request: HttpRequest) -> UserSession | None:
    """Note a new login's session. Sessions without a key (signed cookies) are not listed."""
    session_key = request.session.session_key
    if not session_key:
        return None
    now = timezone.now()
    address, agent = _client(request)
    # Rows of sessions that expired without a logout are dropped at the user's next login.
    stale = UserSession.objects.filter(user=user).exclude(session_key=session_key)
    stale.exclude(pk__in=_live(stale, now=now).values("pk")).delete()
    session, _created = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "client_ip": address,
            "user_agent": agent,
        },
    )
    return session


def user_session_touch(*, user: User, request: HttpRequest) -> None:
    """Note that the session is in use (called at most once a minute per session)."""
    session_key = request.session.session_key
    if not session_key:
        return
    now = timezone.now()
    address, _agent = _client(request)
    updated = UserSession.objects.filter(session_key=session_key, user=user).update(
        last_seen_at=now, client_ip=address
    )
    if not updated:
        # A session from before this table existed, or one whose row was lost: list it from now.
        user_session_start(user=user, request=request)


def user_session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def user_sessions_end(
    *, user: User, keep_session_key: str | None = None, request: HttpRequest | None = None
) -> int:
    """End every session of ``user`` except ``keep_session_key``; returns how many ended.

    Each session is deleted from the session store itself (database or cache), so the next
    request with its cookie is anonymous. A changed password ends the others anyway (Django's
    session hash); this also covers "log out everywhere" with the password unchanged.
    """
    rows = UserSession.objects.select_for_update().filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _session_store_delete(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_log_out_everywhere(*, user: User, request: HttpRequest) -> int:
    """The user ends all their other sessions; this one stays. Audited."""
    ended = user_sessions_end(user=user, keep_session_key=request.session.session_key, request=request)
    audit_record(kind=AccountsAuditKind.LOGOUT_EVERYWHERE, user=user, request=request, sessions_ended=ended)
    return ended


def _live(sessions: QuerySet[UserSession], *, now: dt.datetime) -> QuerySet[UserSession]:
    """Rows whose session can still be in use: not past its age, not idle past the timeout."""
    live = sessions.filter(started_at__gt=now - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    idle = settings.SESSION_IDLE_TIMEOUT_SECONDS
    if idle > 0:
        # Activity is noted once a minute, so a live session may look that much older.
        live = live.filter(last_seen_at__gt=now - dt.timedelta(seconds=idle + TOUCH_INTERVAL_SECONDS))
    return live


def user_sessions_stale(*, now: dt.datetime) -> QuerySet[UserSession]:
    """Rows of sessions that could no longer be in use at ``now`` (past their age or idle too long)."""
    rows = UserSession.objects.all()
    return rows.exclude(pk__in=_live(rows, now=now).values("pk"))


def user_session_list(*, user: User) -> QuerySet[UserSession]:
    """The user's sessions that may still be in use, most recently seen first."""
    return _live(UserSession.objects.filter(user=user), now=timezone.now()).order_by("-last_seen_at", "-pk")
