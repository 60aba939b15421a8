from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "vikarieportalen.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind

        audit_kinds_register(CertificatesAuditKind)

        from vikarieportalen.certificates.message_kinds import CertificatesMessageKind
        from vikarieportalen.notifications.kinds import message_kinds_register

        message_kinds_register(CertificatesMessageKind)

        from vikarieportalen.certificates.corrections import certificates_flag_corrected
        from vikarieportalen.payroll.corrections.listeners import correction_listener_register

        correction_listener_register(certificates_flag_corrected)
