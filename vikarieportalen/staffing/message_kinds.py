"""The SMS and e-mail staffing sends, as the outbox names them. Registered in StaffingConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.booking.notify import SMS_KIND_BOOKED, SMS_KIND_CANCELLED
from vikarieportalen.staffing.las.warnings import WARNING_KIND
from vikarieportalen.staffing.messages.services import SMS_KIND_GROUP
from vikarieportalen.staffing.offers.notify import (
    SMS_KIND_OFFER,
    SMS_KIND_OFFER_CLOSED,
    SMS_KIND_OFFER_REPLY,
    SMS_KIND_OFFER_SERIES,
)
from vikarieportalen.staffing.reopened.notify import EMAIL_KIND_REOPENED
from vikarieportalen.staffing.series.notify import SMS_KIND_SERIES_BOOKED


class StaffingMessageKind(models.TextChoices):
    BOOKED = SMS_KIND_BOOKED, _("Booking")
    CANCELLED = SMS_KIND_CANCELLED, _("Cancelled booking")
    OFFER = SMS_KIND_OFFER, _("Shift offer")
    OFFER_CLOSED = SMS_KIND_OFFER_CLOSED, _("Offer closed")
    OFFER_REPLY = SMS_KIND_OFFER_REPLY, _("Receipt for an SMS answer")
    OFFER_SERIES = SMS_KIND_OFFER_SERIES, _("Offer of a repeating need")
    SHIFT_REOPENED = EMAIL_KIND_REOPENED, _("Shift reopened (to the staffing centre)")
    LAS_WARNING = WARNING_KIND, _("LAS warning")
    # workplace_requests/notify.py: f"workplace_request_{event}", and the manager's e-mail.
    REQUEST_FORWARDED = "workplace_request_forwarded", _("Workplace request forwarded")
    REQUEST_APPROVED = "workplace_request_approved", _("Workplace request approved")
    REQUEST_DECLINED = "workplace_request_declined", _("Workplace request declined")
    REQUEST_TO_MANAGER = "workplace_request_forwarded_manager", _("Workplace request to the manager")
    SERIES_BOOKED = SMS_KIND_SERIES_BOOKED, _("Booking of a repeating need")
    GROUP_MESSAGE = SMS_KIND_GROUP, _("Group message")
