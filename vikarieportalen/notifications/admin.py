from django.contrib import admin

from vikarieportalen.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["created_at", "channel", "kind", "to_number", "to_email", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["to_number", "to_email", "idempotency_key", "gateway_id"]
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # messages are recorded only through the services
