"""The staffing centre's pool: the list of substitutes and one substitute's staffing page.

For the staffing centre and administrators. Workplace managers get 403: they see the substitutes
booked on their own shifts in their shift pages, and the pool (notes, availability, other
workplaces) is the staffing centre's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.availability.views import (
    EditorUrls,
    availability_overview,
    availability_period_add,
    availability_period_remove,
    availability_weekly_add,
    availability_weekly_remove,
)
from vikarieportalen.staffing.models import Introduction, SubstituteQualification
from vikarieportalen.staffing.pool import services as pool
from vikarieportalen.staffing.pool.forms import (
    IntroductionAddForm,
    PoolFilterForm,
    QualificationAddForm,
    SubstituteProfileForm,
)

POOL_PAGE_SIZE = 25
pool_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)


def _substitute_or_404(substitute_id: int) -> User:
    try:
        return pool.substitute_get(substitute_id=substitute_id)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@pool_required
def pool_list(request: HttpRequest) -> HttpResponse:
    form = PoolFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = pool.substitute_pool_list(
        search=filters.get("q", ""),
        area=filters.get("area", ""),
        qualification=filters.get("qualification"),
        workplace=filters.get("workplace"),
        today=timezone.localdate(),
    )
    page = Paginator(people, POOL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staffing/pool_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


def _render_substitute(
    request: HttpRequest, substitute: User, *, status: int = 200, **forms: Any
) -> HttpResponse:
    page = pool.pool_page(substitute=substitute, now=timezone.now())
    context = {
        "page": page,
        "substitute": substitute,
        "today": timezone.localdate(),
        "profile_form": forms.get("profile_form") or SubstituteProfileForm(instance=page.profile),
        "qualification_form": forms.get("qualification_form") or QualificationAddForm(),
        "introduction_form": forms.get("introduction_form")
        or IntroductionAddForm(initial={"introduced_on": timezone.localdate()}),
    }
    return render(request, "staffing/pool_substitute.html", context, status=status)


@pool_required
def pool_substitute(request: HttpRequest, substitute_id: int) -> HttpResponse:
    return _render_substitute(request, _substitute_or_404(substitute_id))


def _back(substitute: User, anchor: str) -> HttpResponse:
    return redirect(reverse("staffing:pool_substitute", args=[substitute.pk]) + f"#{anchor}")


@require_POST
@pool_required
def pool_profile(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    form = SubstituteProfileForm(request.POST, instance=pool.profile_or_default(substitute=substitute))
    if not form.is_valid():
        return _render_substitute(request, substitute, status=400, profile_form=form)
    pool.substitute_profile_update(
        substitute=substitute,
        agreement=form.cleaned_data["agreement"],
        is_bookable=form.cleaned_data["is_bookable"],
        note=form.cleaned_data["note"],
        by=request_user(request),
        request=request,
    )
    messages.success(request, _("The staffing details are saved."))
    return _back(substitute, "profile")


@require_POST
@pool_required
def pool_qualification_add(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    form = QualificationAddForm(request.POST)
    if form.is_valid():
        try:
            held = pool.qualification_add(
                substitute=substitute,
                qualification=form.cleaned_data["qualification"],
                valid_until=form.cleaned_data["valid_until"],
                by=request_user(request),
                today=timezone.localdate(),
                request=request,
            )
        except Refused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": held.qualification.name})
            return _back(substitute, "qualifications")
    return _render_substitute(request, substitute, status=400, qualification_form=form)


@require_POST
@pool_required
def pool_qualification_remove(request: HttpRequest, substitute_id: int, held_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    try:
        held = pool.qualification_remove(
            substitute=substitute, held_id=held_id, by=request_user(request), request=request
        )
    except SubstituteQualification.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("%(name)s is removed.") % {"name": held.qualification.name})
    return _back(substitute, "qualifications")


@require_POST
@pool_required
def pool_introduction_add(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    form = IntroductionAddForm(request.POST)
    if form.is_valid():
        try:
            introduction = pool.introduction_add(
                substitute=substitute,
                workplace=form.cleaned_data["workplace"],
                introduced_on=form.cleaned_data["introduced_on"],
                by=request_user(request),
                today=timezone.localdate(),
                request=request,
            )
        except Refused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("Introduced at %(name)s.") % {"name": introduction.workplace.name})
            return _back(substitute, "introductions")
    return _render_substitute(request, substitute, status=400, introduction_form=form)


@require_POST
@pool_required
def pool_introduction_remove(request: HttpRequest, substitute_id: int, introduction_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    try:
        introduction, remaining = pool.introduction_remove(
            substitute=substitute,
            introduction_id=introduction_id,
            by=request_user(request),
            now=timezone.now(),
            request=request,
        )
    except Introduction.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(
        request, _("The introduction at %(name)s is removed.") % {"name": introduction.workplace.name}
    )
    if remaining:
        messages.warning(
            request,
            ngettext(
                "%(count)d upcoming booking at %(name)s remains. Cancel it on the board if need be.",
                "%(count)d upcoming bookings at %(name)s remain. Cancel them on the board if need be.",
                remaining,
            )
            % {"count": remaining, "name": introduction.workplace.name},
        )
    return _back(substitute, "introductions")


# ---------------------------------------------------------------------------------------------
# Availability on the substitute's behalf: the substitute's own editor with other addresses


def _editor_urls(substitute: User) -> EditorUrls:
    return EditorUrls(
        overview=reverse("staffing:pool_availability", args=[substitute.pk]),
        period_add=reverse("staffing:pool_availability_period_add", args=[substitute.pk]),
        weekly_add=reverse("staffing:pool_availability_weekly_add", args=[substitute.pk]),
        period_remove=lambda pk: reverse(
            "staffing:pool_availability_period_remove", args=[substitute.pk, pk]
        ),
        weekly_remove=lambda pk: reverse(
            "staffing:pool_availability_weekly_remove", args=[substitute.pk, pk]
        ),
    )


@pool_required
def pool_availability(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    return availability_overview(
        request, substitute=substitute, urls=_editor_urls(substitute), on_behalf=True
    )


@pool_required
def pool_availability_period_add(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    return availability_period_add(
        request, substitute=substitute, urls=_editor_urls(substitute), on_behalf=True
    )


@pool_required
def pool_availability_weekly_add(request: HttpRequest, substitute_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    return availability_weekly_add(
        request, substitute=substitute, urls=_editor_urls(substitute), on_behalf=True
    )


@require_POST
@pool_required
def pool_availability_period_remove(request: HttpRequest, substitute_id: int, period_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    return availability_period_remove(
        request, substitute=substitute, period_id=period_id, urls=_editor_urls(substitute)
    )


@require_POST
@pool_required
def pool_availability_weekly_remove(request: HttpRequest, substitute_id: int, weekly_id: int) -> HttpResponse:
    substitute = _substitute_or_404(substitute_id)
    return availability_weekly_remove(
        request, substitute=substitute, weekly_id=weekly_id, urls=_editor_urls(substitute)
    )
