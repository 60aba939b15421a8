"""HR's pages for a substitute's engagement: find the person, their page, and ending the engagement."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.privacy.leavers import selectors, services
from vikarieportalen.privacy.leavers.forms import EngagementEndForm, SubstituteSearchForm

HR_ROLES = (Role.HR_SERVICE, Role.ADMINISTRATOR)


def _substitute_or_404(user_id: int) -> User:
    try:
        return selectors.substitute_get_for_hr(user_id=user_id)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*HR_ROLES)
def people(request: HttpRequest) -> HttpResponse:
    form = SubstituteSearchForm(request.GET or None)
    found = selectors.substitute_search(query=form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "privacy/leavers/people.html",
        {"form": form, "people": found, "searched": form.is_bound and form.is_valid()},
    )


@role_required(*HR_ROLES)
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    substitute = _substitute_or_404(user_id)
    return render(request, "privacy/leavers/person.html", {"person": substitute})


@role_required(*HR_ROLES)
def engagement_end(request: HttpRequest, user_id: int) -> HttpResponse:
    substitute = _substitute_or_404(user_id)
    if substitute.engagement_ended_at is not None:
        messages.info(
            request, _("%(name)s's engagement has already ended.") % {"name": substitute.get_full_name()}
        )
        return redirect("leavers:person", user_id=substitute.pk)
    form = EngagementEndForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ended = services.engagement_end(user=substitute, by=request_user(request), request=request)
            except Refused as refused:
                form.add_error(None, refused.message)
                status = 409
            else:
                messages.success(request, _summary(ended))
                return redirect("leavers:person", user_id=substitute.pk)
    preview = selectors.engagement_end_preview(user=substitute, now=timezone.now())
    return render(
        request,
        "privacy/leavers/end.html",
        {"person": substitute, "form": form, "preview": preview},
        status=status,
    )


def _summary(ended: services.EngagementEnded) -> str:
    if ended.already_ended:
        return _("%(name)s's engagement has already ended.") % {"name": ended.user.get_full_name()}
    return _(
        "%(name)s's engagement has ended and the account is closed. Bookings cancelled: %(bookings)d; "
        "offers withdrawn: %(offers)d. The shifts are open again on the staffing centre's board."
    ) % {
        "name": ended.user.get_full_name(),
        "bookings": len(ended.bookings_cancelled),
        "offers": ended.offers_withdrawn,
    }
