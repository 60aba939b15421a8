"""What payroll writes to the audit log: approval of worked hours, wages and exports. Registered
in PayrollConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PayrollAuditKind(models.TextChoices):
    HOURS_APPROVED = "hours_approved", _("Worked hours approved")
    WAGE_CHANGED = "wage_changed", _("Hourly wage changed")
    PAYROLL_EXPORTED = "payroll_exported", _("Payroll export made")
    HOURS_CORRECTED = "hours_corrected", _("Worked hours corrected")
    PAYROLL_DOWNLOADED = "payroll_downloaded", _("Payroll export downloaded")
