"""Self-service password reset: request a code by SMS, check it, set the new password.

The rules are in reset_rules.py; attempts are rows of reset_models.PasswordResetAttempt. Known and
unknown usernames take the same path (a row, a hashed code, the same answer), so the pages do not
tell anyone which usernames exist or have a mobile number. Request counts per address and per
username live in the cache (Redis in production: the local-memory cache is per process).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.sms_codes import (
    CodeKind,
    sms_code_deliver,
    sms_code_not_checked,
    sms_code_right,
    sms_code_send_reserve,
    sms_code_tries_left,
    sms_code_try_reserve,
    sms_code_wrong,
)
from vikarieportalen.accounts.login.throttle import key_digest
from vikarieportalen.accounts.message_kinds import AccountsMessageKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.models.reset import PasswordResetAttempt
from vikarieportalen.accounts.passwords.services import user_password_set
from vikarieportalen.accounts.reset.rules import (
    CODE_VALIDITY,
    MAX_TRIES,
    ResetProblem,
    reset_code_hash,
    reset_code_matches,
    reset_code_new,
    reset_code_problem,
    reset_password_step_open,
    reset_salt_new,
)
from vikarieportalen.accounts.sessions.services import user_sessions_end
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.ratelimit import window_hit
from vikarieportalen.notifications.services import in_recipient_language, message_send_sms

RATE_WINDOW_SECONDS = 60 * 60


def _count_and_check(key: str, *, limit: int) -> bool:
    """Count one request in this hour's window; True when over the limit."""
    return window_hit(key, window_seconds=RATE_WINDOW_SECONDS) > limit


def _rate_limited(*, username: str, address: str) -> bool:
    by_address = _count_and_check(
        f"reset-rate:address:{key_digest(address)}", limit=settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS
    )
    by_account = _count_and_check(
        f"reset-rate:account:{key_digest(username.strip().upper())}",
        limit=settings.PASSWORD_RESET_REQUESTS_PER_ACCOUNT,
    )
    return by_address or by_account


def password_reset_request(*, username: str, request: HttpRequest) -> PasswordResetAttempt:
    """Start a reset: a code by SMS (urgent) if the username is known and has a mobile number.

    Raises Refused (the same message for every username) when too many resets were asked for from
    this address or for this username, or when the SMS code policy sends no more codes now
    (``CodeCapReached``, counted by the username given, known or not).
    """
    username = username.strip()[:150]
    address = getattr(request, "client_ip", "") or ""
    if _rate_limited(username=username, address=address):
        raise Refused(_("Too many password resets have been requested. Wait an hour and try again."))
    user = User.objects.filter(username__iexact=username, is_active=True).exclude(mobile="").first()
    sms_code_send_reserve(
        username=username,
        user=user,
        kind=CodeKind.RESET,
        to_number=user.mobile if user is not None else "",
        request=request,
    )
    return _password_reset_start(username=username, user=user, request=request)


@transaction.atomic
def _password_reset_start(*, username: str, user: User | None, request: HttpRequest) -> PasswordResetAttempt:
    address = getattr(request, "client_ip", "") or ""
    now = timezone.now()
    code = reset_code_new()
    salt = reset_salt_new()
    attempt = PasswordResetAttempt.objects.create(
        user=user,
        username_given=username,
        salt=salt,
        code_hash=reset_code_hash(salt=salt, code=code),
        created_at=now,
        expires_at=now + CODE_VALIDITY,
        client_ip=address or None,
    )
    audit_record(kind=AccountsAuditKind.RESET_REQUESTED, user=user, request=request, username=username)
    if user is not None:
        sms_code_deliver(
            user=user,
            kind=CodeKind.RESET,
            idempotency_key=f"password-reset-code:{attempt.pk}",
            code=code,
            text=lambda: (
                _(
                    "Your code for a new password in Vikarieportalen: %(code)s. It is valid for "
                    "10 minutes. Never give it to anyone."
                )
                % {"code": code}
            ),
        )
    return attempt


def password_reset_attempt_get(*, attempt_id: int | None) -> PasswordResetAttempt | None:
    if attempt_id is None:
        return None
    return PasswordResetAttempt.objects.select_related("user").filter(pk=attempt_id).first()


def password_reset_attempt_for_password_step(*, attempt_id: int | None) -> PasswordResetAttempt | None:
    """The attempt whose code was right and whose password is still to be chosen, else None."""
    attempt = password_reset_attempt_get(attempt_id=attempt_id)
    if attempt is None or not reset_password_step_open(
        verified_at=attempt.verified_at, completed=attempt.completed_at is not None, now=timezone.now()
    ):
        return None
    return attempt


def password_reset_code_check(
    *, attempt_id: int, code: str, request: HttpRequest
) -> tuple[ResetProblem | None, int]:
    """Try ``code`` against this attempt only; returns (problem or None, tries left).

    Every try counts, right or wrong: against the attempt (MAX_TRIES, then it is spent) and against
    the account's tries of the SMS code policy, which are taken first. Raises ``CodeCapReached``
    when the account has no tries left (the code is then not compared), with the time to wait.
    """
    attempt = PasswordResetAttempt.objects.filter(pk=attempt_id).only("username_given").first()
    if attempt is None:
        return ResetProblem.EXPIRED, 0
    sms_code_try_reserve(username=attempt.username_given)
    problem, left, compared = _reset_code_try(attempt_id=attempt_id, code=code, request=request)
    if not compared:
        sms_code_not_checked(username=attempt.username_given)
    elif problem is None:
        sms_code_right(username=attempt.username_given)
    else:
        used_up = sms_code_wrong(username=attempt.username_given, request=request)
        if used_up is not None:
            raise used_up
        left = min(left, sms_code_tries_left(username=attempt.username_given))
    return problem, left


@transaction.atomic
def _reset_code_try(
    *, attempt_id: int, code: str, request: HttpRequest
) -> tuple[ResetProblem | None, int, bool]:
    """The attempt's own count, committed whatever the outcome: (problem, tries left, compared?)."""
    attempt = PasswordResetAttempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None:
        return ResetProblem.EXPIRED, 0, False
    now = timezone.now()
    problem = reset_code_problem(
        expires_at=attempt.expires_at,
        tries=attempt.tries,
        verified=attempt.verified_at is not None,
        completed=attempt.completed_at is not None,
        now=now,
    )
    if problem is not None:
        return problem, max(0, MAX_TRIES - attempt.tries), False
    attempt.tries += 1
    # Unknown usernames hash too, so a wrong code takes as long for them as for real accounts.
    matches = reset_code_matches(salt=attempt.salt, code=code, code_hash=attempt.code_hash)
    if matches and attempt.user_id is not None:
        attempt.verified_at = now
        attempt.save(update_fields=["tries", "verified_at"])
        return None, MAX_TRIES - attempt.tries, True
    attempt.save(update_fields=["tries"])
    audit_record(
        kind=AccountsAuditKind.RESET_FAILED,
        user=attempt.user,
        request=request,
        username=attempt.username_given,
        tries=attempt.tries,
    )
    left = MAX_TRIES - attempt.tries
    return (ResetProblem.WRONG_CODE if left else ResetProblem.TOO_MANY_TRIES), left, True


@transaction.atomic
def password_reset_complete(*, attempt_id: int, raw_password: str, request: HttpRequest) -> User:
    """Set the validated new password, spend the attempt, end every session, confirm by SMS.

    Raises Refused if the attempt may no longer set a password (used, too late, unknown).
    """
    attempt = PasswordResetAttempt.objects.select_for_update().filter(pk=attempt_id).first()
    now = timezone.now()
    if (
        attempt is None
        or attempt.user is None
        or not reset_password_step_open(
            verified_at=attempt.verified_at, completed=attempt.completed_at is not None, now=now
        )
    ):
        raise Refused(_("This password reset has expired or was already used. Start again."))
    user = attempt.user
    user_password_set(user=user, raw_password=raw_password, request=request)
    attempt.completed_at = now
    attempt.save(update_fields=["completed_at"])
    ended = user_sessions_end(user=user)
    audit_record(kind=AccountsAuditKind.RESET_COMPLETED, user=user, request=request, sessions_ended=ended)
    with in_recipient_language(user):
        text = _(
            "Your Vikarieportalen password was reset and you were logged out everywhere. If it was "
            "not you, contact the staffing centre at once."
        )
    message_send_sms(
        text=text,
        kind=AccountsMessageKind.PASSWORD_RESET_DONE,
        idempotency_key=f"password-reset-done:{attempt.pk}",
        recipient=user,
        urgent=True,
    )
    return user
