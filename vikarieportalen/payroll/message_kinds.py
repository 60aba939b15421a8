"""The e-mail payroll sends, as the outbox names it. Registered in PayrollConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.payroll.corrections.services import NOTICE_KIND as CORRECTION_NOTICE_KIND
from vikarieportalen.payroll.hours.services import REMINDER_KIND


class PayrollMessageKind(models.TextChoices):
    HOURS_REMINDER = REMINDER_KIND, _("Reminder to approve hours")
    HOURS_CORRECTED = CORRECTION_NOTICE_KIND, _("Hours corrected")
