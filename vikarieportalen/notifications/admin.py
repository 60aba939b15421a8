from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["created_at", "channel", "kind_shown", "to_number", "to_email", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["to_number", "to_email", "idempotency_key", "gateway_id"]
    # The text is shown without its secret (a code or a link) even before the message is sent.
    exclude = ["text", "redacted_text"]
    readonly_fields = [
        *(field.name for field in Message._meta.fields if field.name not in {"text", "redacted_text"}),
        "text_shown",
    ]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, message: Message) -> str:
        return message.kind_label

    @admin.display(description=_("text"))
    def text_shown(self, message: Message) -> str:
        return message.redacted_text or message.text

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # messages are recorded only through the services
