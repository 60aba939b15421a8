from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vikarieportalen.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from vikarieportalen.audit.audit_kinds import AuditAuditKind
        from vikarieportalen.audit.kinds import audit_kinds_register

        audit_kinds_register(AuditAuditKind)
