from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from vikarieportalen.accounts.login.assurance import Level, assurance_is_sufficient, assurance_of, step_up_url
from vikarieportalen.accounts.login.personal_data import page_shows_personal_data, user_is_staff
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


class _ViewMiddleware:
    """A middleware that acts only in ``process_view``: it passes every request on unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class PasswordExpiryMiddleware(_ViewMiddleware):
    """Sends a logged-in user whose password has expired, or must be changed, to change it.

    Works in ``process_view``, after every middleware has run, so the URL is resolved and the
    audit log gets the client address. The change-password page says why the user is there.
    """

    # URL names a user with an expired password may still reach.
    ALLOWED_URL_NAMES = frozenset({"accounts:password_change", "accounts:logout", "set_language"})

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


class StaffAssuranceMiddleware(_ViewMiddleware):
    """Sends staff with a password-only login to step up before pages with others' personal data.

    The pages are the table in ``accounts/login/personal_data.py``; the redirect is the one
    ``assurance_required`` makes. Works in ``process_view``, once the URL is resolved, and after
    ``PasswordExpiryMiddleware``, so an expired password is changed first.
    ``STAFF_PERSONAL_DATA_ASSURANCE = "low"`` (a demo only; production refuses it) turns it off.
    """

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        required = Level(settings.STAFF_PERSONAL_DATA_ASSURANCE)
        if required == Level.LOW:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or not page_shows_personal_data(match.view_name):
            return None
        if not user_is_staff(user):
            return None
        if assurance_is_sufficient(
            assurance_of(request), required=required, max_age=None, now=timezone.now()
        ):
            return None
        return HttpResponseRedirect(step_up_url(request.get_full_path()))
