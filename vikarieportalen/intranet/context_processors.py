"""The intranet's part of the base layout: the contact card and the legal pages in every page's footer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from vikarieportalen.intranet.selectors import contact_card_footer, legal_page_list_footer


def footer(request: HttpRequest) -> dict[str, Any]:
    """Evaluated only when a template shows the footer."""
    return {
        "footer_contact": SimpleLazyObject(contact_card_footer),
        # In the language the page is rendered in (English pages on English menus).
        "footer_legal_pages": SimpleLazyObject(
            lambda: legal_page_list_footer(language_code=translation.get_language())
        ),
    }
