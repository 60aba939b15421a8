"""Request helpers every view uses: the logged-in user, typed, and where it is safe to send someone next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    # For the type checker only: the user model is the one app class Django makes global
    # (AUTH_USER_MODEL); at run time core imports no app.
    from vikarieportalen.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind a login check (``login_required``, ``role_required``).

    An anonymous request here is a view wired without its check: refused, never served as someone.
    """
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def safe_next_url(request: HttpRequest, candidate: str | None, *, fallback: str = "") -> str:
    """``candidate`` if it stays on this site, else ``fallback`` (no open redirects).

    A page served over HTTPS may only send on to HTTPS (or a relative URL).
    """
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def requested_next_url(request: HttpRequest, *, fallback: str = "") -> str:
    """The ``next`` the form posted (else the query string's), if safe; else ``fallback``."""
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"), fallback=fallback)
