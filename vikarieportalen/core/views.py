from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from vikarieportalen.core.http import safe_next_url


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that expired or came from elsewhere: explain in the user's language, change nothing."""
    return render(request, "403_csrf.html", status=403)


def _staff_login(request: HttpRequest, *, home: str, has_access: bool) -> HttpResponse:
    next_url = safe_next_url(request, request.GET.get("next"), fallback=home)
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))
    if has_access:
        return redirect(next_url)
    raise PermissionDenied  # a redirect to the portal login would loop


def admin_login(request: HttpRequest) -> HttpResponse:
    """Django's admin logs in through the portal's login: one throttle, one audit log."""
    return _staff_login(request, home="/admin/", has_access=request.user.is_staff)


def cms_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's admin logs in through the portal's login: one throttle, one audit log."""
    return _staff_login(request, home="/cms/", has_access=request.user.has_perm("wagtailadmin.access_admin"))
