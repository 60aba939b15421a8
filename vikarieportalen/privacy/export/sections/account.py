"""The account and what the portal notes about using it: login methods, sessions, messages, audit."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from wagtail.users.models import UserProfile

from vikarieportalen.accounts.login.assurance import Method
from vikarieportalen.accounts.models import (
    MobileChange,
    PasswordHistory,
    PasswordResetAttempt,
    User,
    UserSession,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.roles import ROLE_LABELS
from vikarieportalen.notifications.models import Message, NoticePreference, PushSubscription
from vikarieportalen.privacy.export.rules import METHOD_LABELS
from vikarieportalen.privacy.export.sections.values import choice, day, moment


def account_section(user: User) -> dict[str, Any]:
    """Who the person is to the portal; the identity number in full (their own, after a strong login)."""
    cms = UserProfile.objects.filter(user=user).first()
    return {
        "username": user.username,
        "preferred_given_name": user.preferred_given_name,
        "given_names": user.given_names,
        "family_name": user.family_name,
        "date_of_birth": day(user.date_of_birth),
        "personal_identity_number": user.personal_identity_number,
        "employee_number": user.employee_number,
        "email": user.email,
        "mobile": user.mobile,
        **choice(user, "language"),
        "roles": [{"role": role.value, "role_label": str(ROLE_LABELS[role])} for role in user.roles()],
        "is_active": user.is_active,
        "admin_access": user.is_staff or user.is_superuser,
        "date_joined": moment(user.date_joined),
        "last_login": moment(user.last_login),
        # Wagtail's own settings for editors (language, time zone of the editing interface).
        "editor_settings": (
            {
                "preferred_language": cms.preferred_language,
                "time_zone": cms.current_time_zone,
                "has_avatar": bool(cms.avatar),
            }
            if cms is not None
            else None
        ),
    }


def _methods(user: User, *, has_password: bool) -> list[dict[str, Any]]:
    has_pin = bool(user.personal_identity_number)
    available = {
        Method.PASSWORD: has_password,
        Method.PASSWORD_SMS: has_password and bool(user.mobile),
        Method.EID: has_pin,  # e-ID and the staff card both find the person by identity number
        Method.STAFF_CARD: has_pin,
    }
    return [
        {"method": method.value, "method_label": str(METHOD_LABELS[method]), "available": ok}
        for method, ok in available.items()
    ]


def _password(user: User, *, has_password: bool) -> dict[str, Any]:
    return {
        "set": has_password,
        "changed_at": moment(user.password_changed_at),
        "must_change": user.must_change_password,
        # Only when each earlier password was set: the hashes are secrets.
        "earlier_passwords_set_at": [
            moment(at)
            for at in PasswordHistory.objects.filter(user=user)
            .order_by("-set_at")
            .values_list("set_at", flat=True)
        ],
    }


def _sessions(user: User) -> list[dict[str, Any]]:
    return [
        {
            "started_at": moment(session.started_at),
            "last_seen_at": moment(session.last_seen_at),
            "client_ip": session.client_ip,
            "browser": session.user_agent,
        }
        for session in UserSession.objects.filter(user=user).only(
            "started_at", "last_seen_at", "client_ip", "user_agent"
        )
    ]


def _password_resets(user: User) -> list[dict[str, Any]]:
    resets = PasswordResetAttempt.objects.filter(
        Q(user=user) | Q(user__isnull=True, username_given__iexact=user.username)
    ).only("created_at", "expires_at", "tries", "verified_at", "completed_at", "client_ip")
    return [
        {
            "requested_at": moment(attempt.created_at),
            "code_expired_at": moment(attempt.expires_at),
            "tries": attempt.tries,
            "code_accepted_at": moment(attempt.verified_at),
            "completed_at": moment(attempt.completed_at),
            "client_ip": attempt.client_ip,
        }
        for attempt in resets
    ]


def _mobile_changes(user: User) -> list[dict[str, Any]]:
    return [
        {
            "started_at": moment(change.created_at),
            "old_mobile": change.old_mobile,
            "new_mobile": change.new_mobile,
            "completed": change.completed,
            "closed_at": moment(change.closed_at),
        }
        for change in MobileChange.objects.filter(user=user).only(
            "created_at", "old_mobile", "new_mobile", "completed", "closed_at"
        )
    ]


def login_methods_section(user: User) -> dict[str, Any]:
    """How the person can log in and has logged in; no password, hash, code or session key."""
    has_password = user.has_usable_password()
    return {
        "methods": _methods(user, has_password=has_password),
        "password": _password(user, has_password=has_password),
        "sessions": _sessions(user),
        "password_resets": _password_resets(user),
        "mobile_changes": _mobile_changes(user),
    }


def messages_section(user: User) -> list[dict[str, Any]]:
    """SMS and e-mail sent to the person: when, where, what kind, how it went. Never the text."""
    messages = Message.objects.filter(recipient=user).only(
        "channel",
        "to_number",
        "to_email",
        "kind",
        "subject",
        "status",
        "created_at",
        "sent_at",
        "delivered_at",
    )
    return [
        {
            **choice(message, "channel"),
            "to": message.address,
            "kind": message.kind,
            "subject": message.subject,
            **choice(message, "status"),
            "created_at": moment(message.created_at),
            "sent_at": moment(message.sent_at),
            "delivered_at": moment(message.delivered_at),
        }
        for message in messages
    ]


def push_notices_section(user: User) -> dict[str, Any]:
    """The devices that get the person's push notices (named, when added and last used; never the
    push address or its keys, which are secrets) and what they chose per kind of notice."""
    devices = PushSubscription.objects.filter(user=user).order_by("created_at", "pk")
    preferences = NoticePreference.objects.filter(user=user).order_by("category")
    return {
        "devices": [
            {
                "device": device.device_label,
                "added_at": moment(device.created_at),
                "last_delivered_at": moment(device.last_success_at),
            }
            for device in devices
        ],
        "choices": [
            {**choice(preference, "category"), **choice(preference, "channel")} for preference in preferences
        ],
    }


def audit_events_section(user: User) -> list[dict[str, Any]]:
    """Audit events about the person: logins, changes, who read their data. Not who, when staff did it."""
    events = AuditEvent.objects.filter(user=user).only(
        "occurred_at", "kind", "actor_id", "username", "client_ip", "method", "details"
    )
    return [
        {
            **choice(event, "kind"),
            "occurred_at": moment(event.occurred_at),
            "by_someone_else": event.actor_id is not None and event.actor_id != user.pk,
            "username_given": event.username,
            "client_ip": event.client_ip,
            "login_method": event.method,
            "details": event.details,
        }
        for event in events
    ]
