"""The fixed vocabularies of a support case. Plain enums: pure rules use them without a database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    SALARY = "salary", _("Salary")
    TAX = "tax", _("Tax")
    ABSENCE = "absence", _("Absence")
    CERTIFICATES = "certificates", _("Certificates")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the substitute")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


class MessageKind(models.TextChoices):
    SUBSTITUTE = "substitute", _("From the substitute")
    REPLY = "reply", _("Reply from payroll")
    NOTE = "note", _("Internal note")


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    ASSIGNED = "assigned", _("Assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    RATED = "rated", _("Rated")


# The clock of a case runs only in these statuses: it stops while payroll waits for the
# substitute, and once the case is solved or closed.
CLOCK_RUNNING = frozenset({CaseStatus.NEW, CaseStatus.IN_PROGRESS})
