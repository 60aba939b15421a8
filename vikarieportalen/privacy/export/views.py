"""*Mina personuppgifter*: the person's own data, summarised, and all of it as a JSON download.

Only the person themselves, after a recent strong login (the file holds the identity number in
full, as the page that shows it does); staff export someone's data with the management command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.accounts.login.assurance import Level, assurance_is_sufficient, assurance_of, step_up_url
from vikarieportalen.core.http import request_user
from vikarieportalen.privacy.export.rules import LEFT_OUT, export_filename, export_summary
from vikarieportalen.privacy.export.selectors import personal_data_export
from vikarieportalen.privacy.export.services import Channel, export_json, personal_data_export_audit

# As for the identity number in full (accounts:personal_identity_number): a strong login, recent.
MAX_AGE = dt.timedelta(minutes=15)


def _strong_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``assurance_required`` that, for the download too, comes back to the page after step-up
    (the download is a POST, which a redirect back could not repeat)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not assurance_is_sufficient(
            assurance_of(request), required=Level.HIGH, max_age=MAX_AGE, now=timezone.now()
        ):
            return HttpResponseRedirect(step_up_url(reverse("privacy:my_data")))
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@require_GET
@_strong_login_required
def my_data(request: HttpRequest) -> HttpResponse:
    export = personal_data_export(user=request_user(request))
    return render(
        request,
        "privacy/export/my_data.html",
        {"sections": export_summary(export), "left_out": LEFT_OUT},
    )


@never_cache
@require_POST
@_strong_login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    content = export_json(personal_data_export(user=user))
    personal_data_export_audit(user=user, channel=Channel.WEB, request=request)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = export_filename(username=user.username, on=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
