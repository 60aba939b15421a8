"""Incoming SMS: the gateway posts each one to ``sms/<secret>/inbound/``; other apps handle them.

Notifications knows nothing of what a reply means. An app registers a handler from its
AppConfig.ready (``inbound_handler_register``); each incoming SMS is offered to the handlers in
order until one says it took care of it (returns True). Handlers must be idempotent: the gateway
may post the same message again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundSms:
    gateway_id: str
    sender: str  # E.164, e.g. +46701234567
    to: str
    text: str
    received_at: dt.datetime


InboundHandler = Callable[[InboundSms], bool]

_HANDLERS: dict[str, InboundHandler] = {}


def inbound_handler_register(name: str, handler: InboundHandler) -> None:
    """Add a handler (registering the same name again replaces it)."""
    _HANDLERS[name] = handler


def inbound_sms_dispatch(sms: InboundSms) -> str | None:
    """Offer ``sms`` to the handlers in order; the name of the one that handled it, or None."""
    for name, handler in list(_HANDLERS.items()):
        if handler(sms):
            logger.info("incoming SMS %s handled by %s", sms.gateway_id, name)
            return name
    logger.info("incoming SMS %s: no handler took it", sms.gateway_id)
    return None
