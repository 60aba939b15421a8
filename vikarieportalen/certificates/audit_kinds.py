"""What certificates writes to the audit log: every change, and every view by staff. Registered
in CertificatesConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificatesAuditKind(models.TextChoices):
    CERTIFICATE_ORDERED = "certificate_ordered", _("Certificate ordered")
    CERTIFICATE_CHANGED = "certificate_changed", _("Certificate changed by HR")
    CERTIFICATE_RELEASED = "certificate_released", _("Certificate released")
    CERTIFICATE_VIEWED = "certificate_viewed", _("Certificate viewed by staff")
    CERTIFICATE_FLAGGED = "certificate_flagged", _("Released certificate changed by a correction of hours")
    CERTIFICATE_FLAG_HANDLED = "certificate_flag_handled", _("Corrected certificate marked handled by HR")
