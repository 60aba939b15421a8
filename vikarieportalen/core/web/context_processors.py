from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject

from vikarieportalen.core.http import login_link
from vikarieportalen.core.web.navigation import MENU_PANEL_ID, bottom_nav_for, nav_badges_known, nav_items_for


def offline_cache_key(user: Any) -> str:
    """The name of the user's offline copies in the service worker: per user, not guessable, not the id.

    The service worker reads it from the page (meta vp-user) and keeps one user's copies at a time:
    a page with another key, or with none (logged out), makes it drop every copy it holds.
    """
    if not user or not user.is_authenticated:
        return ""
    digest = salted_hmac("vikarieportalen.core.offline-cache", str(user.pk), algorithm="sha256")
    return digest.hexdigest()[:24]


def portal(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page; evaluated only when a template uses it."""
    user = getattr(request, "user", None)
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "login_url": SimpleLazyObject(lambda: login_link(request)),
        "nav_items": SimpleLazyObject(lambda: nav_items_for(user)),
        "bottom_nav": SimpleLazyObject(lambda: bottom_nav_for(user, request.path, nav_badges_known(request))),
        "menu_panel_id": MENU_PANEL_ID,
        "offline_cache_key": SimpleLazyObject(lambda: offline_cache_key(user)),
        "user_role_labels": SimpleLazyObject(
            lambda: [role.label for role in user.roles()] if user and user.is_authenticated else []
        ),
    }
