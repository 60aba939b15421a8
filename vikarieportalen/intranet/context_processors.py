"""The intranet's part of the base layout: the contact card in every page's footer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from vikarieportalen.intranet.selectors import contact_card_footer


def footer(request: HttpRequest) -> dict[str, Any]:
    """Evaluated only when a template shows the footer."""
    return {"footer_contact": SimpleLazyObject(contact_card_footer)}
