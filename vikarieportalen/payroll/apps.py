from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "vikarieportalen.payroll"
    verbose_name = _("Payroll")

    def ready(self) -> None:
        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.payroll.audit_kinds import PayrollAuditKind

        audit_kinds_register(PayrollAuditKind)
