from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from vikarieportalen.core.http import login_link
from vikarieportalen.core.navigation import nav_items_for


def portal(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page; evaluated only when a template uses it."""
    user = getattr(request, "user", None)
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "login_url": SimpleLazyObject(lambda: login_link(request)),
        "nav_items": SimpleLazyObject(lambda: nav_items_for(user)),
        "user_role_labels": SimpleLazyObject(
            lambda: [role.label for role in user.roles()] if user and user.is_authenticated else []
        ),
    }
