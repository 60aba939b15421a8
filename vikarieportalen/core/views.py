from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from vikarieportalen.core.http import safe_next_url
from vikarieportalen.core.ops.health import health_run

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def health_live(request: HttpRequest) -> JsonResponse:
    """For process supervisors: the process answers. No database, no cache."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def health_ready(request: HttpRequest) -> JsonResponse:
    """For load balancers and operators: every part answers (core.ops.health); 503 when one does not."""
    report = health_run()
    return JsonResponse(report.public(), status=200 if report.ok else 503)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def _outage(exc: BaseException | None) -> bool:
    """The database or Redis is down or does not answer (as opposed to a bug)."""
    if isinstance(exc, OperationalError | InterfaceError):  # also a statement cancelled by its timeout
        return True
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(exc, RedisConnectionError | RedisTimeoutError)


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if _outage(exc):
        # Rendered without the request: its context processors could reach for the same database.
        logger.error("service unavailable: %s: %s", type(exc).__name__, exc)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
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


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; the icon is a static SVG.

    Looked up per request, not when the URLs load: with hashed static names that needs the manifest.
    Not permanent: the hashed name changes with each release that changes the icon.
    """
    return HttpResponseRedirect(static("img/favicon.svg"))


# --- Installable (PWA): the manifest, the service worker and the offline page (docs/phone.md) -----

# What the service worker keeps for offline reading: Mina pass and a booking (exact paths only).
OFFLINE_PAGES = ("staffing:my_bookings",)
# Static files the worker keeps from its installation on: the shell's look and the icons.
SHELL_STATIC = ("css/portal.css", "js/shell.js", "img/favicon.svg", "img/icon-192.png")


@require_safe
def web_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: the name, icons, colours and start page of the installed portal."""
    manifest = {
        "name": f"Vikarieportalen – {settings.MUNICIPALITY_NAME}",
        "short_name": "Vikarieportalen",
        "description": gettext("Your shifts, offers and availability as a substitute."),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "id": "/",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _offline_page_patterns() -> list[str]:
    """Regular expressions (for JavaScript) of the paths kept offline: each page and its details."""
    patterns = []
    for url_name in OFFLINE_PAGES:
        prefix = re.escape(reverse(url_name)).replace("/", "\\/")
        patterns.append(f"^{prefix}(\\d+\\/)?$")
    return patterns


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """core/static/js/sw.js at the site's root (its scope: every page), after its settings.

    Never cached by the browser (no-cache): a new release reaches phones at their next visit.
    """
    source = _static_source("js/sw.js")
    precache = [static(name) for name in SHELL_STATIC]
    config = {
        "precache": precache,
        "offline": reverse("offline"),
        "pages": _offline_page_patterns(),
        "logout": reverse("accounts:logout"),
        "static": settings.STATIC_URL,
        "icon": static("img/icon-192.png"),  # on push notices
    }
    version = hashlib.sha256((source + json.dumps(config, sort_keys=True)).encode()).hexdigest()[:12]
    body = f"var VP = {json.dumps({**config, 'version': version})};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@functools.cache
def _static_source(name: str) -> str:
    path = finders.find(name)
    if not path:
        raise ImproperlyConfigured(f"static file {name} not found")
    return Path(str(path)).read_text(encoding="utf-8")


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when a page cannot be reached and no saved copy exists."""
    return render(request, "core/offline.html")
