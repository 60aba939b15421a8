"""An audit event's details as the log shows and exports them: readable, and never a secret.

Each app records what it wants (``audit_record(**details)``), so the keys are not known here; a key
that names a secret (a token, a password, a code, a key, a hash…) is shown as hidden whatever its
value, also inside nested values. Pure: no database.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

SECRET_KEY = re.compile(r"(^|_)(secret|token|password|passwd|pin|otp|hash|key|code)$", re.IGNORECASE)
LONGEST_VALUE = 200


def detail_is_secret(key: str) -> bool:
    return bool(SECRET_KEY.search(key))


def _value_text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{_key_label(k)}: {text}" for k, text in details_shown(value))
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item) for item in value) or "–"
    text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _key_label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def details_shown(details: Any) -> list[tuple[str, str]]:
    """(key, text) per detail in the recorded order, secrets hidden; nothing for empty details."""
    if not isinstance(details, dict):
        return [] if details in (None, "", [], {}) else [("", _value_text(details))]
    return [
        (str(key), _("(hidden)") if detail_is_secret(str(key)) else _value_text(value))
        for key, value in details.items()
    ]


def details_text(details: Any) -> str:
    """The details on one line (for the CSV): "Key: value; Other key: value"."""
    return "; ".join(f"{_key_label(key)}: {text}" if key else text for key, text in details_shown(details))


def details_labelled(details: Any) -> list[tuple[str, str]]:
    """(label, text) for the page: the key as words ("sessions_ended" → "Sessions ended")."""
    return [(_key_label(key), text) for key, text in details_shown(details)]
