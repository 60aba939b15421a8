"""One policy for every SMS code: login, step-up, password reset and a new mobile number.

Sending: a code costs one place in each of four windows, per account and per client address, in
15 minutes and in a day (``SMS_CODES_PER_*``). The place is taken atomically *before* the code is
made, so parallel requests cannot slip past the cap. A refused send raises ``CodeCapReached`` with
the time the person may try again; the outbox gets one "not sent" row per window for the staff, and
the audit log one row.

Typing: every code typed costs one try in the account's windows (``SMS_CODE_WRONG_PER_ACCOUNT_*``),
whatever code it was typed for, so asking for a new code never gives new tries. The try is taken
before the code is compared; past the cap even the right code is refused until the window ends.
A right code gives the tries back; a wrong one also counts as a failed login for the login throttle.

An account is counted by its username, whether or not it exists, so a password reset for an
unknown username meets the same caps and messages as one for a real account and tells nothing.
Windows go by the clock (12:00–12:15, and the day from 00:00 UTC), so the time to wait is exact.
The counters live in Django's cache (``core.ratelimit``): Redis in production.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.throttle import login_failure_record
from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.ratelimit import (
    client_identity,
    hashed_key,
    window_clear,
    window_ends_at,
    window_release,
    window_reserve,
    window_used,
)
from vikarieportalen.core.time import moment_text
from vikarieportalen.notifications.services import in_recipient_language, message_refuse_sms, message_send_sms

_KEY_SALT = "vikarieportalen.accounts.login.sms_codes"
QUARTER_HOUR = 15 * 60
DAY = 24 * 60 * 60


class CodeKind(StrEnum):
    """What a code is for; also the outbox kind of its SMS."""

    LOGIN = "login_code"  # login and step-up
    RESET = "password_reset_code"
    MOBILE_CHANGE = "mobile_change_code"


class Scope(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Window:
    scope: Scope
    limit: int
    seconds: int


def send_windows() -> tuple[Window, ...]:
    """The four caps on codes sent, in the order they are counted (the narrowest first)."""
    return (
        Window(Scope.ACCOUNT, settings.SMS_CODES_PER_ACCOUNT_15_MIN, QUARTER_HOUR),
        Window(Scope.ACCOUNT, settings.SMS_CODES_PER_ACCOUNT_DAY, DAY),
        Window(Scope.ADDRESS, settings.SMS_CODES_PER_ADDRESS_15_MIN, QUARTER_HOUR),
        Window(Scope.ADDRESS, settings.SMS_CODES_PER_ADDRESS_DAY, DAY),
    )


def tries_windows() -> tuple[Window, ...]:
    """The caps on codes typed per account, the narrowest first."""
    return (
        Window(Scope.ACCOUNT, settings.SMS_CODE_WRONG_PER_ACCOUNT_15_MIN, QUARTER_HOUR),
        Window(Scope.ACCOUNT, settings.SMS_CODE_WRONG_PER_ACCOUNT_DAY, DAY),
    )


class CodeCapReached(Refused):
    """No code was sent, or no code was checked: a cap is reached until ``retry_at``."""

    def __init__(self, message: str, *, code: str, retry_at: dt.datetime) -> None:
        super().__init__(message, code=code)
        self.retry_at = retry_at


def _address(request: HttpRequest | None) -> str:
    return client_identity(request) if request is not None else "unknown"


def _account(username: str) -> str:
    return username.strip().upper()


def _send_key(window: Window, *, username: str, address: str) -> str:
    who = _account(username) if window.scope == Scope.ACCOUNT else address
    return hashed_key(f"sms-code-sends:{window.scope}:{window.seconds}", who, salt=_KEY_SALT)


def _tries_key(window: Window, username: str) -> str:
    return hashed_key(f"sms-code-tries:{window.seconds}", _account(username), salt=_KEY_SALT)


def _when(retry_at: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(retry_at, tz=dt.UTC)


_SEND_CAP_REASON = {
    Scope.ACCOUNT: gettext_lazy("Not sent: %(limit)d codes for this account within %(period)s."),
    Scope.ADDRESS: gettext_lazy("Not sent: %(limit)d codes from one address within %(period)s."),
}


def _period_text(seconds: int) -> str:
    return _("15 minutes") if seconds == QUARTER_HOUR else _("a day")


def sms_code_send_reserve(
    *,
    username: str,
    user: User | None,
    kind: CodeKind,
    to_number: str,
    request: HttpRequest | None,
    now: float | None = None,
) -> None:
    """Take a place for one code SMS to account ``username``, or raise ``CodeCapReached``.

    ``user`` is the account when it exists (None for an unknown username in a reset): its outbox
    and audit rows say why no code went.
    """
    now = time.time() if now is None else now
    address = _address(request)
    for window in send_windows():
        key = _send_key(window, username=username, address=address)
        reservation = window_reserve(key, limit=window.limit, window_seconds=window.seconds, now=now)
        if reservation.allowed:
            continue
        retry_at = _when(reservation.retry_at)
        # The first refusal in a window tells the staff; the rest would only flood the outbox.
        if user is not None and reservation.count == window.limit + 1:
            with translation.override(settings.LANGUAGE_CODE):  # the outbox is read by the staff
                reason = _SEND_CAP_REASON[window.scope] % {
                    "limit": window.limit,
                    "period": _period_text(window.seconds),
                }
            message_refuse_sms(
                kind=kind.value,
                idempotency_key=f"sms-code-capped:{key}:{int(reservation.retry_at)}",
                recipient=user,
                to_number=to_number,
                reason=reason,
            )
            audit_record(
                kind=AccountsAuditKind.SMS_CODE_CAPPED,
                user=user,
                request=request,
                cap=f"{window.scope}:{window.limit}/{window.seconds}s",
                code_kind=kind.value,
            )
        raise CodeCapReached(
            _("Too many codes have been sent. You can get a new code %(when)s.")
            % {"when": moment_text(retry_at, now=_when(now))},
            code="send_cap",
            retry_at=retry_at,
        )


def sms_code_deliver(
    *,
    user: User,
    kind: CodeKind,
    idempotency_key: str,
    code: str,
    text: Callable[[], str],
    to_number: str = "",
) -> None:
    """Record the urgent SMS carrying ``code`` to ``user`` (the person is waiting on the page).

    ``text`` builds the message; it is called in the user's language. ``code`` is the SMS's secret,
    so staff never see it. ``to_number`` defaults to the user's mobile number.
    """
    with in_recipient_language(user):
        rendered = text()
    message_send_sms(
        text=rendered,
        kind=kind.value,
        idempotency_key=idempotency_key,
        secret=code,
        recipient=user,
        to_number=to_number,
        urgent=True,
    )


def _tries_used_up(retry_at: float, *, now: float) -> str:
    return _("The code was wrong too many times. You can try again %(when)s.") % {
        "when": moment_text(_when(retry_at), now=_when(now))
    }


def sms_code_try_reserve(*, username: str, now: float | None = None) -> None:
    """Take one try at typing a code for ``username``, or raise ``CodeCapReached`` (it is not read)."""
    now = time.time() if now is None else now
    for window in tries_windows():
        key = _tries_key(window, username)
        reservation = window_reserve(key, limit=window.limit, window_seconds=window.seconds, now=now)
        if not reservation.allowed:
            raise CodeCapReached(
                _tries_used_up(reservation.retry_at, now=now),
                code="tries_cap",
                retry_at=_when(reservation.retry_at),
            )


def sms_code_right(*, username: str, now: float | None = None) -> None:
    """The code was right: the account's tries start afresh."""
    for window in tries_windows():
        window_clear(_tries_key(window, username), window_seconds=window.seconds, now=now)


def sms_code_wrong(
    *, username: str, request: HttpRequest | None, now: float | None = None
) -> CodeCapReached | None:
    """The code was wrong: the try stays taken, and the login throttle counts a failure.

    Returns None while tries are left, else the refusal (not raised) that says when to try again.
    """
    now = time.time() if now is None else now
    login_failure_record(username=username, address=getattr(request, "client_ip", "") or "")
    for window in tries_windows():
        key = _tries_key(window, username)
        if window_used(key, window_seconds=window.seconds, now=now) >= window.limit:
            retry_at = window_ends_at(now, window_seconds=window.seconds)
            return CodeCapReached(
                _tries_used_up(retry_at, now=now), code="tries_cap", retry_at=_when(retry_at)
            )
    return None


def sms_code_not_checked(*, username: str, now: float | None = None) -> None:
    """A try was taken but no code was compared (none pending, expired): give the try back."""
    for window in tries_windows():
        window_release(_tries_key(window, username), window_seconds=window.seconds, now=now)


def sms_code_tries_left(*, username: str, now: float | None = None) -> int:
    """Codes the account may still type now: the fewest any of its windows leaves."""
    left = [
        window.limit - window_used(_tries_key(window, username), window_seconds=window.seconds, now=now)
        for window in tries_windows()
    ]
    return max(0, min(left))
