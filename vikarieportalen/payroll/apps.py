from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "vikarieportalen.payroll"
    verbose_name = _("Payroll")
