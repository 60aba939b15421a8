"""Assurance levels: how sure we are of who is logged in, and how recently that was shown.

*low*: a password. *high*: password + SMS code, Swedish e-ID, or a staff card. The level, the
method and the time of authentication live in the session; views that need more use
``assurance_required("high", max_age=…)`` and the user is offered a stronger login (step-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.core.access import role_required
from vikarieportalen.core.roles import Role

SESSION_KEY = "vp_assurance"


class Level(StrEnum):
    LOW = "low"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Method(StrEnum):
    PASSWORD = "password"  # noqa: S105 - a method name
    PASSWORD_SMS = "password_sms"  # noqa: S105 - a method name
    EID = "eid"
    STAFF_CARD = "staff_card"


METHOD_LEVEL: dict[Method, Level] = {
    Method.PASSWORD: Level.LOW,
    Method.PASSWORD_SMS: Level.HIGH,
    Method.EID: Level.HIGH,
    Method.STAFF_CARD: Level.HIGH,
}


@dataclass(frozen=True)
class Assurance:
    level: Level
    method: Method
    at: dt.datetime


# Pure rules ----------------------------------------------------------------------------------


def assurance_from_session_data(data: object) -> Assurance | None:
    """What a session says; anything malformed counts as no assurance at all."""
    if not isinstance(data, dict):
        return None
    try:
        method = Method(data["method"])
        at = dt.datetime.fromisoformat(data["at"])
    except (KeyError, ValueError, TypeError):
        return None
    if at.tzinfo is None:
        return None
    # The level follows from the method, so a tampered "level" in the session means nothing.
    return Assurance(level=METHOD_LEVEL[method], method=method, at=at)


def assurance_is_sufficient(
    current: Assurance | None, *, required: Level, max_age: dt.timedelta | None, now: dt.datetime
) -> bool:
    """Is ``current`` at least ``required`` and, when ``max_age`` is given, recent enough?"""
    if current is None or current.level.rank < required.rank:
        return False
    if max_age is None:
        return True
    age = now - current.at
    return dt.timedelta(0) <= age <= max_age


# Session ------------------------------------------------------------------------------------


def assurance_record(request: HttpRequest, *, method: Method) -> None:
    """Note in the (already logged-in) session how and when the user just authenticated."""
    request.session[SESSION_KEY] = {
        "level": METHOD_LEVEL[method].value,
        "method": method.value,
        "at": timezone.now().isoformat(),
    }


def assurance_of(request: HttpRequest) -> Assurance | None:
    if not request.user.is_authenticated:
        return None
    return assurance_from_session_data(request.session.get(SESSION_KEY))


def step_up_url(next_path: str) -> str:
    return f"{reverse('accounts:step_up')}?{urlencode({'next': next_path})}"


def assurance_required(
    level: Level | str, *, max_age: dt.timedelta | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Anonymous users log in; users with too low or too old an assurance are sent to step up."""
    required = Level(level)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            current = assurance_of(request)
            if not assurance_is_sufficient(current, required=required, max_age=max_age, now=timezone.now()):
                return HttpResponseRedirect(step_up_url(request.get_full_path()))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def strong_substitute_required(view: Any) -> Any:
    """Substitutes only, after a strong login (BankID/Freja, password + SMS code or staff card): the
    pages of a substitute's own personal data, such as certificates and payroll support."""
    return role_required(Role.SUBSTITUTE)(assurance_required(Level.HIGH)(view))
