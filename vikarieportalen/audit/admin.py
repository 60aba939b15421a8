from django.contrib import admin
from django.http import HttpRequest

from vikarieportalen.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log is appended to by the services, never edited."""

    list_display = ["occurred_at", "kind", "username", "user", "actor", "method", "client_ip"]
    list_filter = ["kind", "method"]
    search_fields = ["username", "user__username", "client_ip"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
