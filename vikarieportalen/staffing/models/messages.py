"""Group messages (utskick) from the staffing centre, and the SMS that come back to its inbox."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.phone import format_mobile_number
from vikarieportalen.staffing.models.offers import OfferSend
from vikarieportalen.staffing.models.shifts import Shift


class GroupMessage(models.Model):
    """One SMS to a group of substitutes, or (with ``shift``) an offer send-out to the group."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    text = models.TextField(_("text"))
    group = models.CharField(_("group"), max_length=400)  # the choices, in words, for the list
    recipient_count = models.PositiveIntegerField(_("recipients"))
    segments = models.PositiveSmallIntegerField(_("SMS parts"))
    cost_ore = models.PositiveIntegerField(_("cost (öre)"))
    urgent = models.BooleanField(_("urgent"), default=False)
    shift = models.ForeignKey(
        Shift, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("shift")
    )
    offer_send = models.ForeignKey(
        OfferSend, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        indexes = [models.Index(fields=["created_at"], name="staffing_groupmsg_created")]

    def __str__(self) -> str:
        return f"{self.pk} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def cost_kronor(self) -> Decimal:
        return Decimal(self.cost_ore) / 100


class GroupMessageRecipient(models.Model):
    """Who a group message went to: the outbox key per person, and what a reply answers."""

    message = models.ForeignKey(GroupMessage, on_delete=models.CASCADE, related_name="recipients")
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "substitute"], name="staffing_groupmsg_recipient_once")
        ]
        indexes = [models.Index(fields=["substitute", "message"], name="staffing_groupmsg_by_person")]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.substitute_id}"


class InboundMessage(models.Model):
    """An SMS from a substitute that was no offer answer: the staffing centre's inbox."""

    gateway_id = models.CharField(_("gateway id"), max_length=100, unique=True)
    sender_number = models.CharField(_("mobile number"), max_length=16)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sender"),
    )
    text = models.TextField(_("text"), blank=True)
    received_at = models.DateTimeField(_("received"))
    group_message = models.ForeignKey(
        GroupMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name=_("group message"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("incoming SMS")
        verbose_name_plural = _("incoming SMS")
        indexes = [models.Index(fields=["handled_at", "received_at"], name="staffing_inbound_queue")]

    def __str__(self) -> str:
        return f"{self.pk} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def number_display(self) -> str:
        return format_mobile_number(self.sender_number) if self.sender_number else ""
