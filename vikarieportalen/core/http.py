"""Request helpers every view uses: the logged-in user, typed, where it is safe to send someone next,
and the page of a long list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.urls import reverse
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


def list_page(request: HttpRequest, items: Any, per_page: int) -> tuple[Page[Any], str]:
    """The page of ``items`` the query string asks for, and the query string without ``page`` (for
    the pager's links, which keep the list's filters)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def login_link(request: HttpRequest) -> str:
    """The header's "Log in" link, back to this page after login.

    A page that already carries a safe ``next`` (the login page, the SMS code step, e-ID, a
    password reset) passes that one on, so clicking "Log in" there never nests ``next`` in itself.
    """
    login = reverse("accounts:login")
    target = safe_next_url(request, request.GET.get("next"))
    if not target and request.path != login:
        target = request.get_full_path()
    return f"{login}?next={quote(target, safe='/')}" if target else login
