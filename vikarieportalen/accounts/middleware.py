from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .network import client_address, is_municipal


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
