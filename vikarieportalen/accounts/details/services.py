"""My details: the user changes their own mobile number and e-mail address.

Mobile: after re-entering the password, a 6-digit code goes by SMS to the new number (valid 10
minutes, at most 5 tries, stored as a keyed hash); typing it switches the number, and the old number
is told. Every SMS after that is addressed from ``User.mobile``, so it goes to the new number.

E-mail: a signed, expiring link goes to the new address; the old address stays until it is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.assurance import Level, Method, assurance_is_sufficient, assurance_of
from vikarieportalen.accounts.login.sms_codes import (
    CodeKind,
    sms_code_deliver,
    sms_code_not_checked,
    sms_code_right,
    sms_code_send_reserve,
    sms_code_try_reserve,
    sms_code_wrong,
)
from vikarieportalen.accounts.message_kinds import AccountsMessageKind
from vikarieportalen.accounts.models import MobileChange, User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.ratelimit import window_release, window_reserve
from vikarieportalen.notifications.phone import format_mobile_number, normalize_mobile_number
from vikarieportalen.notifications.services import in_recipient_language, message_send_email, message_send_sms

MOBILE_CODE_VALID = dt.timedelta(minutes=10)
MOBILE_CODE_MAX_TRIES = 5
_CODE_SALT = "vikarieportalen.accounts.models.mobile_change"
_EMAIL_SALT = "vikarieportalen.accounts.email_change"
SMS_KIND_MOBILE_NOTICE = AccountsMessageKind.MOBILE_CHANGED
EMAIL_KIND_CONFIRM = AccountsMessageKind.EMAIL_CONFIRM


def _code_hash(change_key: str, code: str) -> str:
    return salted_hmac(_CODE_SALT, f"{change_key}:{code}", algorithm="sha256").hexdigest()


class MobileChangeError(StrEnum):
    NONE = "none"  # no change is waiting for a code
    EXPIRED = "expired"
    TOO_MANY_TRIES = "too_many_tries"
    WRONG = "wrong"
    SAME_NUMBER = "same_number"


class MobileChangeFailed(Exception):
    def __init__(self, reason: MobileChangeError, *, tries_left: int = 0) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.tries_left = tries_left


def mobile_change_start(*, user: User, new_mobile: str, request: HttpRequest | None = None) -> MobileChange:
    """Close the user's open change, record a new one and send its code to the new number.

    The caller has re-authenticated the user. Raises ValidationError for a non-mobile number, and
    ``CodeCapReached`` when the SMS code policy sends no more codes now.
    """
    number = normalize_mobile_number(new_mobile)
    if number == user.mobile:
        raise MobileChangeFailed(MobileChangeError.SAME_NUMBER)
    sms_code_send_reserve(
        username=user.username, user=user, kind=CodeKind.MOBILE_CHANGE, to_number=number, request=request
    )
    return _mobile_change_record(user=user, number=number)


@transaction.atomic
def _mobile_change_record(*, user: User, number: str) -> MobileChange:
    now = timezone.now()
    MobileChange.objects.filter(user=user, closed_at__isnull=True).update(closed_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    key = secrets.token_hex(8)
    change = MobileChange.objects.create(
        user=user,
        old_mobile=user.mobile,
        new_mobile=number,
        code_hash=f"{key}${_code_hash(key, code)}",
        expires_at=now + MOBILE_CODE_VALID,
    )
    sms_code_deliver(
        user=user,
        kind=CodeKind.MOBILE_CHANGE,
        idempotency_key=f"mobile-change-code:{change.pk}",
        code=code,
        text=lambda: (
            gettext(
                "Your Vikarieportalen code for changing your mobile number: %(code)s. "
                "It is valid for 10 minutes."
            )
            % {"code": code}
        ),
        to_number=number,
    )
    return change


def mobile_change_pending(*, user: User) -> MobileChange | None:
    return MobileChange.objects.filter(user=user, closed_at__isnull=True).first()


def mobile_change_confirm(*, user: User, code: str, request: HttpRequest | None = None) -> User:
    """Switch to the new number if ``code`` is right. A wrong try is counted even though it fails.

    The try is taken from the account's tries first (``CodeCapReached`` when none are left).
    """
    sms_code_try_reserve(username=user.username)
    try:
        changed = _mobile_change_code_check(user=user, code=code, request=request)
    except MobileChangeFailed as failure:
        if failure.reason != MobileChangeError.WRONG:
            sms_code_not_checked(username=user.username)
            raise
        used_up = sms_code_wrong(username=user.username, request=request)
        raise (used_up or failure) from None
    sms_code_right(username=user.username)
    return changed


def _mobile_change_code_check(*, user: User, code: str, request: HttpRequest | None) -> User:
    with transaction.atomic():
        change = MobileChange.objects.select_for_update().filter(user=user, closed_at__isnull=True).first()
        if change is None:
            raise MobileChangeFailed(MobileChangeError.NONE)
        now = timezone.now()
        if now >= change.expires_at:
            change.closed_at = now
            change.save(update_fields=["closed_at"])
            failure = MobileChangeFailed(MobileChangeError.EXPIRED)
        elif change.attempts >= MOBILE_CODE_MAX_TRIES:
            change.closed_at = now
            change.save(update_fields=["closed_at"])
            failure = MobileChangeFailed(MobileChangeError.TOO_MANY_TRIES)
        else:
            key, _dollar, stored = change.code_hash.partition("$")
            cleaned = "".join(code.split())
            if constant_time_compare(stored, _code_hash(key, cleaned)):
                return _mobile_change_complete(change=change, user=user, request=request, now=now)
            change.attempts += 1
            change.save(update_fields=["attempts"])
            failure = MobileChangeFailed(
                MobileChangeError.WRONG, tries_left=MOBILE_CODE_MAX_TRIES - change.attempts
            )
    # Raised after the commit, so the counted try and the closed change are kept.
    raise failure


def _mobile_change_complete(
    *, change: MobileChange, user: User, request: HttpRequest | None, now: dt.datetime
) -> User:
    old = User.objects.select_for_update().get(pk=user.pk).mobile
    User.objects.filter(pk=user.pk).update(mobile=change.new_mobile)
    user.mobile = change.new_mobile
    change.closed_at = now
    change.completed = True
    change.save(update_fields=["closed_at", "completed"])
    audit_record(
        kind=AccountsAuditKind.MOBILE_CHANGED,
        user=user,
        request=request,
        old=format_mobile_number(old),
        new=format_mobile_number(change.new_mobile),
    )
    if old:
        with in_recipient_language(user):
            text = gettext(
                "The mobile number of your Vikarieportalen account was changed to one ending in "
                "%(last)s. If it was not you, call the staffing centre at once: %(phone)s."
            ) % {"last": change.new_mobile[-3:], "phone": settings.STAFFING_CENTRE_PHONE}
        message_send_sms(
            text=text,
            kind=SMS_KIND_MOBILE_NOTICE,
            idempotency_key=f"mobile-changed-notice:{change.pk}",
            recipient=user,
            to_number=old,
            urgent=True,  # a warning about a possible takeover must not wait for the morning
        )
    return user


# ---------------------------------------------------------------------------------------------
# E-mail


class EmailChangeError(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"  # the address has changed since the link was made (this change or another)


class EmailChangeFailed(Exception):
    def __init__(self, reason: EmailChangeError) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _email_fingerprint(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:12]


def email_change_token_make(*, user: User, new_email: str) -> str:
    payload = {"u": user.pk, "e": new_email, "o": _email_fingerprint(user.email)}
    return signing.dumps(payload, salt=_EMAIL_SALT, compress=True)


def email_change_token_check(token: str, *, user: User) -> str:
    """The new address a valid link for ``user`` confirms; EmailChangeFailed says why not."""
    max_age = dt.timedelta(hours=settings.ACCOUNT_EMAIL_CONFIRM_HOURS)
    try:
        payload = signing.loads(token, salt=_EMAIL_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise EmailChangeFailed(EmailChangeError.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise EmailChangeFailed(EmailChangeError.INVALID) from exc
    if not isinstance(payload, dict) or payload.get("u") != user.pk or not isinstance(payload.get("e"), str):
        raise EmailChangeFailed(EmailChangeError.INVALID)
    if payload["o"] != _email_fingerprint(user.email):
        raise EmailChangeFailed(EmailChangeError.USED)
    return str(payload["e"])


@transaction.atomic
def email_change_request(*, user: User, new_email: str, request: HttpRequest | None = None) -> None:
    """Send a confirmation link to ``new_email``; the address changes only when it is opened."""
    token = email_change_token_make(user=user, new_email=new_email)
    url = settings.PUBLIC_URL + reverse("accounts:email_confirm", kwargs={"token": token})
    with in_recipient_language(user):
        subject = gettext("Confirm your new e-mail address")
        text = gettext(
            "Hello %(name)s,\n\nYou asked to use this address for your Vikarieportalen account. "
            "Open this link within %(hours)s hours to confirm it:\n\n%(url)s\n\n"
            "If it was not you, ignore this message; nothing changes."
        ) % {"name": user.preferred_given_name, "hours": settings.ACCOUNT_EMAIL_CONFIRM_HOURS, "url": url}
    message_send_email(
        subject=subject,
        text=text,
        kind=EMAIL_KIND_CONFIRM,
        idempotency_key=f"email-change:{user.pk}:{hashlib.sha256(token.encode()).hexdigest()[:32]}",
        recipient=user,
        to_email=new_email,
        urgent=True,
        secret=url,
    )


@transaction.atomic
def email_change_confirm(*, user: User, token: str, request: HttpRequest | None = None) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    new_email = email_change_token_check(token, user=locked)
    old = locked.email
    User.objects.filter(pk=user.pk).update(email=new_email)
    user.email = new_email
    audit_record(kind=AccountsAuditKind.EMAIL_CHANGED, user=user, request=request, old=old, new=new_email)
    return user


# ---------------------------------------------------------------------------------------------
# Re-authentication on these forms: a few wrong passwords, then a pause (per user, in the cache).

REAUTH_MAX_FAILURES = 5
REAUTH_WINDOW_SECONDS = 15 * 60


def _reauth_key(user: User) -> str:
    return f"details-reauth-failures:{user.pk}"


def reauthentication_reserve(*, user: User) -> bool:
    """Count a password attempt before the password is checked; False = too many, do not check it.

    Counted first, so parallel guesses cannot all pass; a right password gives its place back.
    """
    return window_reserve(
        _reauth_key(user), limit=REAUTH_MAX_FAILURES, window_seconds=REAUTH_WINDOW_SECONDS
    ).allowed


def reauthentication_succeeded(*, user: User) -> None:
    window_release(_reauth_key(user), window_seconds=REAUTH_WINDOW_SECONDS)


# ---------------------------------------------------------------------------------------------
# Re-authentication with e-ID instead of the password: for users without a password (they log in
# with e-ID or a staff card), and for anyone who prefers it. The proof is the assurance the e-ID
# login or step-up recorded in the session (login/assurance.py), read here on every request; no
# form field can stand in for it. Each e-ID authentication confirms one change.

EID_REAUTH_MAX_AGE = dt.timedelta(minutes=10)
_EID_REAUTH_USED_KEY = "vp_details_eid_reauth_used"


def eid_reauthentication_at(*, request: HttpRequest) -> dt.datetime | None:
    """When the logged-in user showed their e-ID, if that was within EID_REAUTH_MAX_AGE and has not
    confirmed a change yet; otherwise None."""
    current = assurance_of(request)
    if current is None or current.method != Method.EID:
        return None
    if not assurance_is_sufficient(
        current, required=Level.HIGH, max_age=EID_REAUTH_MAX_AGE, now=timezone.now()
    ):
        return None
    if request.session.get(_EID_REAUTH_USED_KEY) == current.at.isoformat():
        return None
    return current.at


def eid_reauthentication_use(*, request: HttpRequest) -> None:
    """The change the e-ID authentication confirmed is made: the next change needs a new one."""
    current = assurance_of(request)
    if current is not None:
        request.session[_EID_REAUTH_USED_KEY] = current.at.isoformat()
