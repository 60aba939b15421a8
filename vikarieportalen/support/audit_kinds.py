"""What support writes to the audit log: every view of a case or an attachment by payroll staff.
Registered in SupportConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportAuditKind(models.TextChoices):
    SUPPORT_CASE_VIEWED = "support_case_viewed", _("Support case viewed by staff")
    SUPPORT_ATTACHMENT_VIEWED = "support_attachment_viewed", _("Support attachment viewed by staff")
