"""Writing a person's own data out: the JSON bytes, and the audit event every export leaves."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind


class Channel(StrEnum):
    WEB = "web"  # the person downloaded it from Mina personuppgifter
    COMMAND = "command"  # HR ran manage.py personal_data_export


def export_json(export: dict[str, Any]) -> bytes:
    """UTF-8 JSON, indented so that a person can read it in any text editor."""
    return json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def personal_data_export_audit(
    *,
    user: User,
    channel: Channel,
    actor: User | None = None,
    request: HttpRequest | None = None,
    **details: Any,
) -> None:
    """Record that ``user``'s data was exported, by whom (``actor``: someone else) and how.

    The event says how (the channel, and ``details`` such as the command's system user), never the data.
    """
    audit_record(
        kind=PrivacyAuditKind.PERSONAL_DATA_EXPORTED,
        user=user,
        actor=actor if actor is not None and actor.pk != user.pk else None,
        request=request,
        channel=channel.value,
        **details,
    )
