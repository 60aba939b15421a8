"""Offers (förfrågan): a send to many substitutes, one offer each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.bookings import Booking
from vikarieportalen.staffing.models.shifts import Shift


class OfferSend(models.Model):
    """One send-out by the staffing centre: one or more shifts offered to chosen substitutes.

    With ``auto_round_size`` set, when nobody has accepted a shift ``auto_round_minutes`` after the
    last round, the next ranked candidates get it, until the shift starts.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        _("answer by"), null=True, blank=True, help_text=_("Empty: until the shift starts.")
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    auto_round_size = models.PositiveSmallIntegerField(_("next round: how many"), null=True, blank=True)
    auto_round_minutes = models.PositiveSmallIntegerField(
        _("next round after (minutes)"), null=True, blank=True
    )
    next_round_at = models.DateTimeField(null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("offer send-out")
        verbose_name_plural = _("offer send-outs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(auto_round_size__isnull=True)
                | models.Q(auto_round_size__gt=0, auto_round_minutes__gt=0),
                name="staffing_offersend_auto_round_complete",
            )
        ]
        indexes = [models.Index(fields=["next_round_at"], name="staffing_offersend_next_round")]

    def __str__(self) -> str:
        return f"{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    TAKEN = "taken", _("Filled by someone else")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OfferChannel(models.TextChoices):
    WEB = "web", _("Web")
    SMS = "sms", _("SMS")
    STAFF = "staff", _("Staffing centre")


class Offer(models.Model):
    """One shift offered to one substitute. The first to accept gets the shift, exactly once.

    A series offer (every shift of a repeating need to one person, ``staffing.series``) is one offer
    per shift sharing ``series_key``: one SMS, one reply number (``code``) and one link for them all.
    """

    send = models.ForeignKey(OfferSend, on_delete=models.CASCADE, related_name="offers")
    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="offers")
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    round = models.PositiveSmallIntegerField(default=1)
    # The number in "JA 4711": unique among one substitute's open offers (a series offer's share one).
    code = models.CharField(max_length=8)
    # The secret in the personal short link.
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=5, choices=OfferChannel.choices, blank=True)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )
    # The offers of one series offer share it; it is also the secret of their link /f/s/<key>/.
    series_key = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "substitute"], name="staffing_offer_once_per_person"),
            # A series offer's offers share their number: on PostgreSQL migration 0010 adds
            # staffing_offer_open_code_one_series (EXCLUDE USING gist), so one person's open
            # offers with one number are a single offer or the offers of one series offer.
            models.UniqueConstraint(
                fields=["substitute", "code"],
                condition=models.Q(status="open", series_key=""),
                name="staffing_offer_open_code_unique",
            ),
            models.UniqueConstraint(
                fields=["shift"], condition=models.Q(status="accepted"), name="staffing_offer_one_accepted"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OfferStatus.values), name="staffing_offer_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open")
                | models.Q(responded_at__isnull=False)
                | models.Q(status__in=["taken", "expired", "withdrawn"]),
                name="staffing_offer_answered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["substitute", "status"], name="staffing_offer_sub_status"),
            models.Index(fields=["shift", "status"], name="staffing_offer_shift_status"),
            models.Index(fields=["status", "expires_at"], name="staffing_offer_status_expires"),
            models.Index(
                fields=["series_key"], condition=~models.Q(series_key=""), name="staffing_offer_series_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shift_id} → {self.substitute_id} ({self.status})"


# --- requests to work at more workplaces ---------------------------------------------------------
