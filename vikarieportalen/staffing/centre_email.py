"""An e-mail to the staffing centre: the one loop over its recipients (``staffing_centre_recipients``)
for the LAS warnings and the reopened shifts."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError

from vikarieportalen.notifications.services import in_recipient_language, message_send_email
from vikarieportalen.staffing.selectors import staffing_centre_recipients

logger = logging.getLogger(__name__)


def staffing_centre_email_send(
    *,
    shared_mailbox: str,
    texts: Callable[[], tuple[str, str]],
    kind: str,
    idempotency_key: str,
    about: str,
    urgent: bool = False,
) -> int:
    """Record one e-mail to each staffing-centre recipient, its subject and text from ``texts`` in the
    recipient's language; returns how many were recorded.

    Each e-mail's idempotency key is ``idempotency_key`` and the recipient. One the outbox refuses
    (ValidationError) is logged, naming ``about``, and the others are still recorded.
    """
    recorded = 0
    for person, address in staffing_centre_recipients(shared_mailbox=shared_mailbox):
        with in_recipient_language(person):
            subject, text = texts()
        try:
            message_send_email(
                subject=subject,
                text=text,
                kind=kind,
                idempotency_key=f"{idempotency_key}:{person.pk if person else address}",
                recipient=person,
                to_email=address,
                urgent=urgent,
            )
        except ValidationError:
            logger.warning(
                "%s: the e-mail to %s could not be recorded", about, address or person, exc_info=True
            )
            continue
        recorded += 1
    return recorded
