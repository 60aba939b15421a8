"""What staffing writes to the audit log: every change of a booking, rules overridden by the
staffing centre, pool changes, offers and requests to work at more workplaces. Registered in
StaffingConfig.ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.audit.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from vikarieportalen.accounts.models import User


class StaffingAuditKind(models.TextChoices):
    BOOKING_CREATED = "booking_created", _("Booked onto a shift")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    SHIFT_REOPEN_DISMISSED = "shift_reopen_dismissed", _("Reopened shift marked as seen")
    BOOKING_RULES_OVERRIDDEN = "booking_rules_overridden", _("Booking rules overridden")
    POOL_CHANGED = "pool_changed", _("Substitute's pool details changed")
    OFFER_SENT = "offer_sent", _("Shift offered")
    OFFER_ANSWERED = "offer_answered", _("Offer answered")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn")
    OFFER_SMS_RESENT = "offer_sms_resent", _("Offer SMS sent again")
    WORKPLACE_REQUEST_CHANGED = "workplace_request_changed", _("Workplace request changed")
    GROUP_MESSAGE_SENT = "group_message_sent", _("Group message sent")


def pool_audit(
    *, substitute: User, by: User, change: str, request: HttpRequest | None = None, **details: Any
) -> None:
    """One audit event for a change to a substitute's pool details made by ``by``."""
    audit_record(
        kind=StaffingAuditKind.POOL_CHANGED,
        user=substitute,
        actor=by,
        request=request,
        change=change,
        **details,
    )
