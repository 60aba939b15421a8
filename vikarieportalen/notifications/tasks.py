"""Background work of the notifications app. Thin: ids in, a service does the work."""

from __future__ import annotations

from django.tasks import task

from vikarieportalen.notifications import services


@task
def deliver_message(message_id: int) -> None:
    """Deliver one outbox message. Harmless to run twice: a message is claimed before it is sent."""
    services.message_deliver(message_id=message_id)
