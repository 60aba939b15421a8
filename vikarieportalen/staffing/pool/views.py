"""The staffing centre's pool: the list of substitutes and one substitute's staffing page.

For the staffing centre and administrators. Workplace managers get 403: they see the substitutes
booked on their own shifts in their shift pages, and the pool (notes, availability, other
workplaces) is the staffing centre's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.forms import Form
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
from vikarieportalen.core.http import list_page, request_user
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
    page, query = list_page(request, people, POOL_PAGE_SIZE)
    return render(
        request,
        "staffing/pool_list.html",
        {"form": form, "page": page, "query": query, "today": timezone.localdate()},
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


def _qualification_added(held: SubstituteQualification) -> str:
    return _("%(name)s is added.") % {"name": held.qualification.name}


def _introduction_added(introduction: Introduction) -> str:
    return _("Introduced at %(name)s.") % {"name": introduction.workplace.name}


@dataclass(frozen=True)
class _Adder:
    """One of the page's add forms, whose fields are `add`'s arguments; `form_name` is the form's
    name in the page and `done` the message made of what was added."""

    form_class: type[Form]
    add: Callable[..., Any]
    form_name: str
    done: Callable[[Any], str]


_ADDERS = {
    "qualifications": _Adder(
        QualificationAddForm, pool.qualification_add, "qualification_form", _qualification_added
    ),
    "introductions": _Adder(
        IntroductionAddForm, pool.introduction_add, "introduction_form", _introduction_added
    ),
}


@require_POST
@pool_required
def pool_add(request: HttpRequest, substitute_id: int, section: str) -> HttpResponse:
    """Adds to the page's `section` (its URL names it): back to that section with a message; a
    refusal or an invalid form shows the page again with the form and its errors."""
    adder = _ADDERS[section]
    substitute = _substitute_or_404(substitute_id)
    form = adder.form_class(request.POST)
    if form.is_valid():
        try:
            added = adder.add(
                substitute=substitute,
                **form.cleaned_data,
                by=request_user(request),
                today=timezone.localdate(),
                request=request,
            )
        except Refused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, adder.done(added))
            return _back(substitute, section)
    return _render_substitute(request, substitute, status=400, **{adder.form_name: form})


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


def _on_behalf(editor_page: Callable[..., HttpResponse]) -> Callable[[HttpRequest, int], HttpResponse]:
    """One of the substitute's own availability pages, for the substitute `substitute_id`."""

    @pool_required
    def view(request: HttpRequest, substitute_id: int) -> HttpResponse:
        substitute = _substitute_or_404(substitute_id)
        return editor_page(request, substitute=substitute, urls=_editor_urls(substitute), on_behalf=True)

    return view


def _remove_on_behalf(remove: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """One of the availability editor's remove buttons, for the substitute `substitute_id`; the row's
    id comes as the URL names it."""

    @require_POST
    @pool_required
    def view(request: HttpRequest, substitute_id: int, **row_id: int) -> HttpResponse:
        substitute = _substitute_or_404(substitute_id)
        return remove(request, substitute=substitute, urls=_editor_urls(substitute), **row_id)

    return view


pool_availability = _on_behalf(availability_overview)
pool_availability_period_add = _on_behalf(availability_period_add)
pool_availability_weekly_add = _on_behalf(availability_weekly_add)
pool_availability_period_remove = _remove_on_behalf(availability_period_remove)
pool_availability_weekly_remove = _remove_on_behalf(availability_weekly_remove)
