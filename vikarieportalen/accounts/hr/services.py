"""HR registers substitutes (one at a time or from the HR system's export) and they activate.

An account made here has no usable password. The substitute gets an activation link by SMS: a
signed, expiring token bound to the account's current password state, so it stops working the
moment a password is set (single use). The activation SMS is *not urgent*: it is unsolicited and
valid for days, so quiet hours apply — a bulk import at 22:00 sends its links at 07:00 instead of
waking 200 people; HR registering someone during the day sees no delay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.hr.imports import ParsedFile, SubstituteRecord
from vikarieportalen.accounts.message_kinds import AccountsMessageKind
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.services import user_create
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.services import in_recipient_language, message_send_sms

_ACTIVATION_SALT = "vikarieportalen.accounts.activation"
SMS_KIND_ACTIVATION = AccountsMessageKind.ACTIVATION


class ActivationTokenError(StrEnum):
    INVALID = "invalid"  # tampered, truncated, or for an account that no longer exists
    EXPIRED = "expired"
    USED = "used"  # a password has been set since the link was made


class ActivationError(Exception):
    def __init__(self, reason: ActivationTokenError) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _password_fingerprint(user: User) -> str:
    # The stored hash changes when a password is set: links made before then stop working.
    return salted_hmac(_ACTIVATION_SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:16]


def activation_token_make(*, user: User) -> str:
    return signing.TimestampSigner(salt=_ACTIVATION_SALT).sign(f"{user.pk}.{_password_fingerprint(user)}")


def activation_token_check(token: str) -> User:
    """The account a valid activation token is for; ActivationError says why it is not valid."""
    signer = signing.TimestampSigner(salt=_ACTIVATION_SALT)
    max_age = dt.timedelta(days=settings.ACCOUNT_ACTIVATION_DAYS)
    try:
        value = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ActivationError(ActivationTokenError.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise ActivationError(ActivationTokenError.INVALID) from exc
    pk, _dot, fingerprint = value.partition(".")
    user = User.objects.filter(pk=int(pk), is_active=True).first() if pk.isdigit() else None
    if user is None:
        raise ActivationError(ActivationTokenError.INVALID)
    if user.has_usable_password() or not constant_time_compare(fingerprint, _password_fingerprint(user)):
        raise ActivationError(ActivationTokenError.USED)
    return user


def activation_url(*, user: User) -> str:
    return settings.PUBLIC_URL + reverse(
        "accounts:activate", kwargs={"token": activation_token_make(user=user)}
    )


def user_awaits_activation(user: User) -> bool:
    return user.is_active and not user.has_usable_password() and user.last_login is None


def _activation_sms_queue(*, user: User, idempotency_key: str) -> None:
    url = activation_url(user=user)
    with in_recipient_language(user):
        text = gettext(
            "Welcome to Vikarieportalen! Your username is %(username)s. "
            "Choose your password here within %(days)s days: %(url)s"
        ) % {
            "username": user.username,
            "days": settings.ACCOUNT_ACTIVATION_DAYS,
            "url": url,
        }
    message_send_sms(
        text=text,
        kind=SMS_KIND_ACTIVATION,
        idempotency_key=idempotency_key,
        recipient=user,
        urgent=False,
        secret=url,
    )


def _create(
    *, record: SubstituteRecord, actor: User | None, request: HttpRequest | None, source: str
) -> User:
    user = user_create(
        preferred_given_name=record.preferred_given_name,
        given_names=record.given_names,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        mobile=record.mobile,
        email=record.email,
        employee_number=record.employee_number,
        roles=[Role.SUBSTITUTE],
    )
    audit_record(
        kind=AccountsAuditKind.ACCOUNT_CREATED,
        user=user,
        actor=actor,
        request=request,
        source=source,
        employee_number=record.employee_number,
    )
    # One activation SMS per account, ever, from registration: a retried import cannot send two.
    _activation_sms_queue(user=user, idempotency_key=f"account-activation:{user.pk}:first")
    return user


class EmployeeNumberTaken(Exception):
    def __init__(self, user: User) -> None:
        super().__init__(user.employee_number)
        self.user = user


@transaction.atomic
def substitute_register(
    *, record: SubstituteRecord, actor: User | None, request: HttpRequest | None = None, source: str = "form"
) -> User:
    """Create a substitute's account and queue the activation SMS; EmployeeNumberTaken if known."""
    existing = User.objects.filter(employee_number__iexact=record.employee_number).first()
    if existing is not None:
        raise EmployeeNumberTaken(existing)
    try:
        with transaction.atomic():
            return _create(record=record, actor=actor, request=request, source=source)
    except IntegrityError:
        # Someone registered the same employee number at the same moment.
        existing = User.objects.filter(employee_number__iexact=record.employee_number).first()
        if existing is None:
            raise
        raise EmployeeNumberTaken(existing) from None


class RowOutcome(StrEnum):
    CREATED = "created"
    ALREADY_REGISTERED = "already_registered"
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportRowResult:
    line: int
    outcome: RowOutcome
    employee_number: str
    name: str
    username: str = ""
    user_id: int | None = None
    errors: tuple[str, ...] = ()
    awaits_activation: bool = False


def substitutes_import(
    *, parsed: ParsedFile, actor: User | None, request: HttpRequest | None = None, source: str = "import"
) -> list[ImportRowResult]:
    """Apply a parsed HR export, one transaction per row.

    Refused rows change nothing; a row whose employee number is already registered is reported and
    left as it is, so importing the same file again creates nobody twice.
    """
    results: list[ImportRowResult] = []
    for row in parsed.rows:
        base: dict[str, Any] = {"line": row.line, "employee_number": row.employee_number, "name": row.name}
        if row.record is None:
            results.append(ImportRowResult(outcome=RowOutcome.REFUSED, errors=row.errors, **base))
            continue
        try:
            user = substitute_register(record=row.record, actor=actor, request=request, source=source)
        except EmployeeNumberTaken as taken:
            results.append(
                ImportRowResult(
                    outcome=RowOutcome.ALREADY_REGISTERED,
                    username=taken.user.username,
                    user_id=taken.user.pk,
                    awaits_activation=user_awaits_activation(taken.user),
                    **base,
                )
            )
        else:
            results.append(
                ImportRowResult(
                    outcome=RowOutcome.CREATED,
                    username=user.username,
                    user_id=user.pk,
                    awaits_activation=True,
                    **base,
                )
            )
    return results


class ActivationNotPending(Exception):
    """The account has a password already (or is closed): there is nothing to activate."""


@transaction.atomic
def activation_link_resend(*, user_id: int, actor: User | None, request: HttpRequest | None = None) -> User:
    """HR sends a new activation link (the old ones keep working until a password is set)."""
    user = User.objects.select_for_update().get(pk=user_id)
    if not user_awaits_activation(user):
        raise ActivationNotPending
    now = timezone.now()
    # Per HR click: a double-click within the same second sends one SMS.
    stamp = hashlib.sha256(f"{user.pk}:{now:%Y%m%d%H%M%S}".encode()).hexdigest()[:16]
    _activation_sms_queue(user=user, idempotency_key=f"account-activation:{user.pk}:{stamp}")
    audit_record(kind=AccountsAuditKind.ACTIVATION_SENT, user=user, actor=actor, request=request)
    return user


def pending_activation_list(*, limit: int = 200) -> list[User]:
    """Substitutes HR has registered who have not chosen a password yet, newest first."""
    return list(
        User.objects.filter(
            is_active=True,
            last_login__isnull=True,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
            groups__name=Role.SUBSTITUTE.value,
        ).order_by("-date_joined", "-pk")[:limit]
    )


@transaction.atomic
def account_activate(*, token: str, raw_password: str, request: HttpRequest | None = None) -> User:
    """Set the first password through an activation link (validated by NewPasswordForm).

    The token is checked again under a row lock, so two tabs submitting one link activate once.
    """
    user = activation_token_check(token)
    user = User.objects.select_for_update().get(pk=user.pk)
    activation_token_check(token)  # still valid now that we hold the lock
    from vikarieportalen.accounts.passwords.services import user_password_set

    user_password_set(user=user, raw_password=raw_password, request=request)
    audit_record(kind=AccountsAuditKind.ACCOUNT_ACTIVATED, user=user, request=request)
    return user
