"""Mina uppgifter → Aviseringar: push notices on this device, and push or SMS for each kind."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import PushSubscription
from vikarieportalen.notifications.push import services
from vikarieportalen.notifications.push.backend import push_configured, vapid_public_key
from vikarieportalen.notifications.push.forms import NoticePreferencesForm

JSON_MAX_BYTES = 4096


@role_required(Role.SUBSTITUTE)
def notice_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    status = 200
    if request.method == "POST":
        form = NoticePreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.notice_preferences_save(user=user, choices=form.cleaned_data)
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("push:settings")
        status = 400
    else:
        form = NoticePreferencesForm(initial=services.notice_preferences(user=user))
    context = {
        "form": form,
        "devices": PushSubscription.objects.filter(user=user),
        "push_on": push_configured(),
        "vapid_public_key": vapid_public_key() if push_configured() else "",
        "fallback_minutes": settings.PUSH_FALLBACK_MINUTES,
    }
    return render(request, "notifications/push_settings.html", context, status=status)


def _json(request: HttpRequest) -> Any:
    if len(request.body) > JSON_MAX_BYTES:
        raise Refused(_("The browser sent a push subscription the portal cannot read."), code="malformed")
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused(
            _("The browser sent a push subscription the portal cannot read."), code="malformed"
        ) from exc


@require_POST
@role_required(Role.SUBSTITUTE)
def subscribe(request: HttpRequest) -> JsonResponse:
    """The page's script posts the browser's PushManager subscription (JSON) to turn push on."""
    if not push_configured():
        raise Http404
    try:
        subscription = services.push_subscription_save(
            user=request_user(request),
            data=_json(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except Refused as exc:
        return JsonResponse({"error": exc.message, "code": exc.code}, status=400)
    return JsonResponse(
        {"message": _("Push notices are on for this device."), "device": subscription.device_label},
        status=201,
    )


@require_POST
@role_required(Role.SUBSTITUTE)
def unsubscribe(request: HttpRequest) -> JsonResponse:
    try:
        services.push_subscription_remove(user=request_user(request), data=_json(request))
    except Refused as exc:
        return JsonResponse({"error": exc.message, "code": exc.code}, status=400)
    return JsonResponse({"message": _("Push notices are off for this device.")})


@require_POST
@role_required(Role.SUBSTITUTE)
def device_remove(request: HttpRequest, subscription_id: int) -> HttpResponse:
    try:
        services.push_subscription_remove(user=request_user(request), subscription_id=subscription_id)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The device no longer gets push notices."))
    return redirect("push:settings")


@csrf_exempt  # the service worker posts here, without the page's CSRF token; the token is the proof
@require_POST
def opened(request: HttpRequest, token: str) -> HttpResponse:
    """The service worker reports that the person tapped a push notice (its stand-in SMS is skipped)."""
    if not services.push_opened(token=token):
        raise Http404
    return HttpResponse(status=204)
