"""Writes and reads around passwords: setting one, changing one, expiry and its SMS reminder.

Other parts (reset, activation, HR registration) set passwords only through ``user_password_set``;
the form that validates them is ``password_forms.NewPasswordForm``.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.message_kinds import AccountsMessageKind
from vikarieportalen.accounts.models import PasswordHistory, User
from vikarieportalen.accounts.passwords.rules import PasswordPolicy, password_expires_on, policy_for
from vikarieportalen.audit.selectors import audit_event_exists
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.time import STOCKHOLM

logger = logging.getLogger(__name__)


def password_policy() -> PasswordPolicy:
    return policy_for(settings.PASSWORD_PROFILE)


def password_expires_at(*, user: User) -> dt.datetime | None:
    """When the user's current password expires; None if it never does."""
    return password_expires_on(
        user.password_changed_at, max_age_days=settings.PASSWORD_MAX_AGE_DAYS, policy=password_policy()
    )


@transaction.atomic
def user_password_set(
    *, user: User, raw_password: str, request: HttpRequest | None = None, actor: User | None = None
) -> None:
    """Set a password the caller has validated (NewPasswordForm), and remember its hash.

    ``actor``: someone else (HR, an administrator) chose it, so the user must change it at the next
    login. ``request``: if it is the user's own session, it stays logged in; every other session of
    the user ends (their session hash no longer matches). Callers write their own audit event.
    """
    now = timezone.now()
    user.set_password(raw_password)
    user.password_changed_at = now
    user.must_change_password = actor is not None and actor.pk != user.pk
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password, set_at=now)
    keep = max(settings.PASSWORD_HISTORY_COUNT, 1)
    stale = user.password_history.order_by("-set_at", "-pk").values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
    if request is not None and getattr(request, "user", None) == user:
        update_session_auth_hash(request, user)


def _sms_date(moment: dt.datetime, *, language: str) -> str:
    local = timezone.localtime(moment, STOCKHOLM)
    with translation.override(language):
        return formats.date_format(local.date(), "DATE_FORMAT")


@transaction.atomic
def user_password_change(*, user: User, raw_password: str, request: HttpRequest | None = None) -> None:
    """The user changed their own password: set it, audit it, confirm by SMS."""
    user_password_set(user=user, raw_password=raw_password, request=request)
    audit_record(kind=AccountsAuditKind.PASSWORD_CHANGED, user=user, request=request)
    if not user.mobile:
        return
    from vikarieportalen.notifications.services import in_recipient_language, message_send_sms

    with in_recipient_language(user):
        text = _(
            "Your Vikarieportalen password was changed. If it was not you, contact the staffing "
            "centre at once."
        )
    message_send_sms(
        text=text,
        kind=AccountsMessageKind.PASSWORD_CHANGED,
        idempotency_key=f"password-changed:{user.pk}:{user.password_changed_at:%Y%m%dT%H%M%S.%f}",
        recipient=user,
        urgent=True,  # "was this you?" must reach a person whose account may be taken now, not at 07.00
    )


def password_change_required(*, user: User, request: HttpRequest | None = None) -> bool:
    """True if the user must change the password before doing anything else.

    The first request after expiry writes one PASSWORD_EXPIRED audit event for that password.
    """
    if user.must_change_password:
        return True
    expires_at = password_expires_at(user=user)
    if expires_at is None or timezone.now() < expires_at:
        return False
    if not audit_event_exists(kind=AccountsAuditKind.PASSWORD_EXPIRED, user=user, since=expires_at):
        audit_record(
            kind=AccountsAuditKind.PASSWORD_EXPIRED,
            user=user,
            request=request,
            expired_at=expires_at.isoformat(),
        )
    return True


# ---------------------------------------------------------------------------------------------
# The reminder SMS five days before expiry (a daily scheduled job; see apps.py)


def password_expiry_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send one SMS to each user whose password expires within PASSWORD_EXPIRY_WARNING_DAYS.

    Idempotent: the SMS's idempotency key names the user and the expiry date, so running twice, or
    catching up a missed day, sends nothing twice; a new password has a new date and a new reminder.
    Users whose password has already expired are not reminded (login sends them to change it).
    Returns how many reminders were recorded this run.
    """
    now = now or timezone.now()
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age <= 0 or not password_policy().expires:
        return 0
    warning = dt.timedelta(days=settings.PASSWORD_EXPIRY_WARNING_DAYS)
    age = dt.timedelta(days=max_age)
    # expires_at = changed_at + age, and now < expires_at <= now + warning
    candidates = (
        User.objects.filter(
            is_active=True,
            password_changed_at__gt=now - age,
            password_changed_at__lte=now + warning - age,
        )
        .exclude(mobile="")
        .order_by("pk")
    )
    sent = 0
    for user in candidates.iterator():
        changed_at = user.password_changed_at
        if changed_at is None:  # excluded by the filter; tells the type checker
            continue
        try:
            if _password_expiry_remind(user=user, expires_at=changed_at + age):
                sent += 1
        except Exception:
            logger.exception("password expiry reminder for user %s failed", user.pk)
    return sent


@transaction.atomic
def _password_expiry_remind(*, user: User, expires_at: dt.datetime) -> bool:
    from vikarieportalen.notifications.models import Message
    from vikarieportalen.notifications.services import in_recipient_language, message_send_sms

    local_expiry = timezone.localtime(expires_at, STOCKHOLM)
    key = f"password-expiry:{user.pk}:{local_expiry:%Y-%m-%d}"
    if Message.objects.filter(idempotency_key=key).exists():
        return False
    url = settings.PUBLIC_URL + reverse("accounts:password_change")
    with in_recipient_language(user):
        text = _("Vikarieportalen: your password expires on %(date)s. Change it before then at %(url)s") % {
            "date": _sms_date(expires_at, language=user.language),
            "url": url,
        }
    message_send_sms(text=text, kind=AccountsMessageKind.PASSWORD_EXPIRY, idempotency_key=key, recipient=user)
    audit_record(
        kind=AccountsAuditKind.PASSWORD_EXPIRY_REMINDED, user=user, expires_at=expires_at.isoformat()
    )
    return True
