"""Payroll support cases (*Fråga lönesupport*): the case, its status history, messages, files, rating."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vikarieportalen.support.choices import AttachmentType, CaseStatus, EventKind, MessageKind, Topic
from vikarieportalen.support.rules import EXTENSIONS


class SupportCase(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.PROTECT,  # a person's cases are kept with them; never silently lost
        related_name="support_cases",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=150)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_cases_assigned",
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # Recomputed from the status periods on every status change; NULL while the clock is stopped.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="support_case_status_due"),
            models.Index(fields=["requester", "-created_at"], name="support_case_requester"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="support_case_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="support_case_topic_valid"
            ),
            models.CheckConstraint(condition=~models.Q(subject=""), name="support_case_subject_not_empty"),
            models.CheckConstraint(
                condition=~models.Q(status=CaseStatus.SOLVED) | models.Q(solved_at__isnull=False),
                name="support_case_solved_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[CaseStatus.WAITING, CaseStatus.SOLVED, CaseStatus.CLOSED])
                | models.Q(due_at__isnull=True),
                name="support_case_no_due_while_stopped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"LS-{self.pk}"


class StatusPeriod(models.Model):
    """One stretch of a case in one status: the case clock is counted from these, exactly."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="status_periods")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_at__isnull=True), name="support_period_one_open"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="support_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="support_period_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status} {self.started_at:%Y-%m-%d %H:%M}"


class SupportMessage(models.Model):
    """The substitute's question and answers, payroll's replies, and payroll's internal notes.

    Notes (kind ``note``) are never shown to the substitute: the substitute's pages read messages
    only through selectors that leave them out.
    """

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="support_message_case_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MessageKind.values), name="support_message_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="support_message_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_note(self) -> bool:
        return self.kind == MessageKind.NOTE


def private_storage() -> Storage:
    """Where attachments live: STORAGES["private"], a folder no web server serves."""
    return storages["private"]


def attachment_path(instance: SupportAttachment, _filename: str) -> str:
    # The uploaded name is never part of the stored one (it is kept only as display text).
    now = timezone.now()
    extension = EXTENSIONS.get(instance.content_type, ".bin")
    return f"support/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


class SupportAttachment(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(SupportMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=200)
    display_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("type"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=AttachmentType.values),
                name="support_attachment_type_valid",
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="support_attachment_not_empty"),
            models.CheckConstraint(condition=~models.Q(display_name=""), name="support_attachment_has_name"),
        ]

    def __str__(self) -> str:
        return self.display_name


class SupportRating(models.Model):
    """The substitute's rating of a solved case: once per case (the one-to-one says so)."""

    case = models.OneToOneField(SupportCase, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("rated"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="support_rating_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"


class CaseEvent(models.Model):
    """The history of a case: who opened, assigned, changed the status or rated it, and when."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="support_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def change(self) -> str:
        """ "In progress → Solved" for a status change, the score for a rating, else ""."""
        if self.kind == EventKind.STATUS_CHANGED:
            labels = dict(CaseStatus.choices)
            return f"{labels.get(self.details.get('from'), '')} → {labels.get(self.details.get('to'), '')}"
        if self.kind == EventKind.RATED:
            return f"{self.details.get('score', '')}/5"
        if self.kind == EventKind.ASSIGNED:
            # The person the case went to; ``actor`` is who assigned it (often someone else).
            assignee = get_user_model().objects.filter(pk=self.details.get("to")).first()
            name = assignee.get_full_name() if assignee else gettext("nobody")
            return gettext("to %(name)s") % {"name": name}
        return ""
