"""``{{ event.details|audit_details }}``: an event's details as (label, text), secrets hidden."""

from __future__ import annotations

from typing import Any

from django import template

from vikarieportalen.audit.details import details_labelled

register = template.Library()


@register.filter
def audit_details(details: Any) -> list[tuple[str, str]]:
    return details_labelled(details)
