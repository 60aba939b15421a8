from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "vikarieportalen.payroll"
    verbose_name = _("Payroll")

    def ready(self) -> None:
        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.notifications.jobs.scheduler import Job, job_register
        from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
        from vikarieportalen.payroll.hours.services import hours_remind_managers

        audit_kinds_register(PayrollAuditKind)

        from vikarieportalen.notifications.kinds import message_kinds_register
        from vikarieportalen.payroll.message_kinds import PayrollMessageKind

        message_kinds_register(PayrollMessageKind)
        # Runs often but sends once a day per manager (weekdays from PAYROLL_REMINDER_TIME).
        job_register(Job("staffing.hours_reminders", dt.timedelta(minutes=15), hours_remind_managers))
