"""What staffing writes to the audit log: every change of a booking, rules overridden by the
staffing centre, pool changes, offers and requests to work at more workplaces. Registered in
StaffingConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffingAuditKind(models.TextChoices):
    BOOKING_CREATED = "booking_created", _("Booked onto a shift")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    BOOKING_RULES_OVERRIDDEN = "booking_rules_overridden", _("Booking rules overridden")
    POOL_CHANGED = "pool_changed", _("Substitute's pool details changed")
    OFFER_SENT = "offer_sent", _("Shift offered")
    OFFER_ANSWERED = "offer_answered", _("Offer answered")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn")
    WORKPLACE_REQUEST_CHANGED = "workplace_request_changed", _("Workplace request changed")
