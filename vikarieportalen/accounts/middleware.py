from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from vikarieportalen.accounts.network import client_address, is_municipal


class ClientNetworkMiddleware:
    """Sets ``request.client_ip`` and ``request.in_municipal_network`` for every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(
            remote_addr=request.META.get("REMOTE_ADDR", ""),
            forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
            trusted_proxies=tuple(settings.TRUSTED_PROXIES),
        )
        request.client_ip = str(address) if address else ""  # type: ignore[attr-defined]
        request.in_municipal_network = is_municipal(  # type: ignore[attr-defined]
            address, tuple(settings.MUNICIPAL_NETWORKS)
        )
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Sends a logged-in user whose password has expired, or must be changed, to change it.

    Works in ``process_view``, after every middleware has run, so the URL is resolved and the
    audit log gets the client address. The change-password page says why the user is there.
    """

    # URL names a user with an expired password may still reach.
    ALLOWED_URL_NAMES = frozenset({"accounts:password_change", "accounts:logout", "set_language"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED_URL_NAMES:
            return None
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        from vikarieportalen.accounts.passwords.services import password_change_required

        if not password_change_required(user=user, request=request):
            return None
        from django.shortcuts import redirect
        from django.urls import reverse

        return redirect(f"{reverse('accounts:password_change')}?next={_quote(request.get_full_path())}")


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
