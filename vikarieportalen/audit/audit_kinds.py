"""The audit app's own event: an administrator exported the audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAuditKind(models.TextChoices):
    AUDIT_LOG_EXPORTED = "audit_log_exported", _("Audit log exported")
