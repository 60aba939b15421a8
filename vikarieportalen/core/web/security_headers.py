"""Security headers beside Django's own: Permissions-Policy, and the admin UIs' content policy.

Django's ``ContentSecurityPolicyMiddleware`` sends ``SECURE_CSP`` on every response unless the
response already has the header. Under ``CSP_ADMIN_UI_PATHS`` (Wagtail's /cms/, Django's /admin/)
this middleware sets ``CSP_ADMIN_UI`` instead and reports what ``SECURE_CSP`` would refuse there
(``Content-Security-Policy-Report-Only``), so it must come after Django's in ``MIDDLEWARE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def permissions_policy(denied: Iterable[str]) -> str:
    """The Permissions-Policy value that allows none of ``denied``: ``camera=(), usb=()``."""
    return ", ".join(f"{feature}=()" for feature in denied)


def is_admin_ui_path(path: str, prefixes: Sequence[str]) -> bool:
    return any(path.startswith(prefix) for prefix in prefixes)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault(PERMISSIONS_POLICY_HEADER, self.permissions_policy)
        if is_admin_ui_path(request.path_info, settings.CSP_ADMIN_UI_PATHS):
            self._admin_ui_policy(request, response)
        return response

    @staticmethod
    def _admin_ui_policy(request: HttpRequest, response: HttpResponse) -> None:
        nonce = get_nonce(request)
        policies: list[tuple[str, Mapping[str, Any]]] = [
            (CSP.HEADER_ENFORCE, settings.CSP_ADMIN_UI),
            (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP),
        ]
        for header, config in policies:
            # A view that set its own policy keeps it; Django's middleware will not overwrite ours.
            if config and header not in response:
                response.headers[str(header)] = build_policy(config, nonce)
