from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.kinds import message_kind_label


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Push notice")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    HELD = "held", _("Held until morning")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Not sent: limit reached")
    # An SMS standing in for a push notice (``fallback_for``): it goes when the push was not
    # opened in time (``next_attempt_at``) or could not be delivered, and is skipped otherwise.
    WAITING = "waiting", _("Waiting for the push notice")
    SKIPPED = "skipped", _("Not needed: the push notice reached the phone")


# Statuses from which a message still moves on by itself; they need a next_attempt_at.
PENDING_STATUSES = (Status.QUEUED, Status.HELD, Status.SENDING)


class Message(models.Model):
    """One SMS or e-mail in the outbox: recorded in the sender's transaction, delivered by a task.

    ``next_attempt_at`` means: when queued or held, the earliest time to send; when sending, the
    end of the worker's lease, after which a crashed send may be claimed again.
    """

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,  # the outbox keeps its history when a user is removed
        null=True,
        blank=True,
        related_name="messages",
    )
    to_number = models.CharField(_("mobile number"), max_length=16, blank=True)
    to_email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    # The text with its secret (a code, a link) blanked: it replaces ``text`` once the message is
    # sent or has failed for good, and is what staff see before that. Empty: nothing to hide.
    redacted_text = models.TextField(_("text without its secret"), blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS parts"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("handed to a worker"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    gateway_id = models.CharField(_("gateway id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Push notices: the token the service worker reports an opened notice with, and when it did.
    push_token = models.CharField(_("push token"), max_length=64, blank=True, db_index=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    # An SMS that stands in for a push notice, if that is not opened in time or not delivered.
    fallback_for = models.OneToOneField(
        "self",
        verbose_name=_("stands in for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fallback",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_msg_status_next_idx"),
            models.Index(fields=["kind", "-created_at"], name="notif_msg_kind_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="notifications_message_channel_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="notifications_message_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(channel=Channel.SMS, to_number__regex=r"^\+[1-9][0-9]{6,14}$", to_email="")
                    | models.Q(channel=Channel.EMAIL, to_number="", to_email__contains="@")
                    | models.Q(channel=Channel.PUSH, to_number="", to_email="")
                ),
                name="notifications_message_address_matches_channel",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=PENDING_STATUSES) | models.Q(next_attempt_at__isnull=False),
                name="notifications_message_pending_has_next_attempt",
            ),
            models.CheckConstraint(condition=~models.Q(kind=""), name="notifications_message_kind_not_empty"),
            models.UniqueConstraint(
                fields=["channel", "gateway_id"],
                condition=~models.Q(gateway_id=""),
                name="notifications_message_gateway_id_unique",
            ),
        ]

    def __str__(self) -> str:
        channel, status = self.get_channel_display(), self.get_status_display()
        return f"{channel} {self.kind_label} → {self.address} ({status})"

    @property
    def kind_label(self) -> str:
        """The kind as staff read it ("Bokning"), declared by the app that sends it."""
        return str(message_kind_label(self.kind))

    @property
    def address(self) -> str:
        if self.channel == Channel.PUSH:
            return str(_("the person's phones"))
        return self.to_number if self.channel == Channel.SMS else self.to_email


class PushSubscription(models.Model):
    """One device (a browser on a phone) that may receive push notices for its user.

    What the browser's PushManager gave (``endpoint``, the keys ``p256dh`` and ``auth``). Removed
    when the push service answers 404 or 410, when the person turns push off on the device, and by
    the retention rule once it has not been used for a long time (privacy.retention).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(_("push address"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=50)
    device_label = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.device_label or self.endpoint[:40]}"


class NoticeCategory(models.TextChoices):
    """What a substitute chooses push or SMS for (notifications.push.categories maps kinds to these)."""

    OFFERS = "offers", _("Shift offers")
    BOOKINGS = "bookings", _("Bookings")
    CANCELLATIONS = "cancellations", _("Cancellations")
    SUPPORT_REPLIES = "support_replies", _("Answers from payroll support")


class NoticeChannel(models.TextChoices):
    PUSH = "push", _("Push notice")
    SMS = "sms", _("SMS")
    BOTH = "both", _("Both")


class NoticePreference(models.Model):
    """How a person wants one category of notices; without a row: SMS (push is opted into)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_preferences",
    )
    category = models.CharField(_("notices about"), max_length=20, choices=NoticeCategory.choices)
    channel = models.CharField(_("send as"), max_length=8, choices=NoticeChannel.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="notifications_noticepref_one_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=NoticeCategory.values),
                name="notifications_noticepref_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=NoticeChannel.values),
                name="notifications_noticepref_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.channel}"
