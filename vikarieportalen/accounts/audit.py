"""The audit log of identity events: who, what, when, from where. Rows are never changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGIN_THROTTLED = "login_throttled", _("Login throttled")
    LOGOUT = "logout", _("Logged out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Logged out everywhere")
    STEP_UP = "step_up", _("Raised assurance")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_EXPIRED = "password_expired", _("Password expired")
    PASSWORD_EXPIRY_REMINDED = "password_expiry_reminded", _("Reminded of password expiry")
    RESET_REQUESTED = "reset_requested", _("Password reset requested")
    RESET_COMPLETED = "reset_completed", _("Password reset completed")
    RESET_FAILED = "reset_failed", _("Password reset code wrong")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    ACTIVATION_SENT = "activation_sent", _("Activation link sent again")
    MOBILE_CHANGED = "mobile_changed", _("Mobile number changed")
    EMAIL_CHANGED = "email_changed", _("E-mail changed")
    # support: every view of a case or an attachment by payroll staff
    SUPPORT_CASE_VIEWED = "support_case_viewed", _("Support case viewed by staff")
    SUPPORT_ATTACHMENT_VIEWED = "support_attachment_viewed", _("Support attachment viewed by staff")
    # staffing: every change of a booking, and rules overridden by the staffing centre
    BOOKING_CREATED = "booking_created", _("Booked onto a shift")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    BOOKING_RULES_OVERRIDDEN = "booking_rules_overridden", _("Booking rules overridden")
    POOL_CHANGED = "pool_changed", _("Substitute's pool details changed")
    # staffing: offers, requests to work at more workplaces, approval of worked hours
    OFFER_SENT = "offer_sent", _("Shift offered")
    OFFER_ANSWERED = "offer_answered", _("Offer answered")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn")
    WORKPLACE_REQUEST_CHANGED = "workplace_request_changed", _("Workplace request changed")
    HOURS_APPROVED = "hours_approved", _("Worked hours approved")
    # payroll: wages and exports
    WAGE_CHANGED = "wage_changed", _("Hourly wage changed")
    PAYROLL_EXPORTED = "payroll_exported", _("Payroll export made")
    PAYROLL_DOWNLOADED = "payroll_downloaded", _("Payroll export downloaded")
    # certificates: every change, and every view by staff
    CERTIFICATE_ORDERED = "certificate_ordered", _("Certificate ordered")
    CERTIFICATE_CHANGED = "certificate_changed", _("Certificate changed by HR")
    CERTIFICATE_RELEASED = "certificate_released", _("Certificate released")
    CERTIFICATE_VIEWED = "certificate_viewed", _("Certificate viewed by staff")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=AuditKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events_done",
        help_text=_("Empty when the user acted for themselves or nobody was logged in."),
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    method = models.CharField(_("login method"), max_length=30, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["user", "-occurred_at"], name="accounts_audit_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AuditKind.values), name="accounts_auditevent_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


def audit_record(
    *,
    kind: AuditKind,
    user: Any = None,
    actor: Any = None,
    request: HttpRequest | None = None,
    username: str = "",
    method: str = "",
    **details: Any,
) -> AuditEvent:
    """Append one event. ``user`` is whom it concerns; ``actor`` who did it, when someone else."""
    client_ip = getattr(request, "client_ip", "") or None if request is not None else None
    return AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        actor=actor,
        username=username or (getattr(user, "username", "") if user is not None else ""),
        client_ip=client_ip,
        method=method,
        details=details,
    )
