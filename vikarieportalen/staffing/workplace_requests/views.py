"""Requests to work at more workplaces: the substitute's page, the staffing centre's queue and the
manager's queue, each with its detail page. Views check access, read the form and call one service.

Every request is someone's: a substitute reaches only their own (404 otherwise), a manager only those
forwarded to the workplaces they manage (404 otherwise, and for one still with the staffing centre).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import Workplace, WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.workplace_requests import rules, selectors
from vikarieportalen.staffing.workplace_requests import services as wr
from vikarieportalen.staffing.workplace_requests.forms import DecisionForm, RequestNewForm, ReviewForm

substitute_required = role_required(Role.SUBSTITUTE)
staff_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
manager_required = role_required(Role.WORKPLACE_MANAGER, Role.ADMINISTRATOR)


def _carried_out(
    request: HttpRequest, form: Form, act: Callable[[dict[str, Any]], tuple[str, HttpResponse]]
) -> HttpResponse | None:
    """Runs `act` on a valid form: the message and the redirect it returns. None for an invalid
    form or a refusal (whose reason is then on the form), for the caller to show the page again."""
    if not form.is_valid():
        return None
    try:
        done, response = act(form.cleaned_data)
    except wr.RequestRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return None
    messages.success(request, done)
    return response


# ---------------------------------------------------------------------------------------------
# The substitute


@substitute_required
def requests_mine(request: HttpRequest) -> HttpResponse:
    me = request_user(request)
    page = selectors.substitute_request_page(substitute=me)
    form = RequestNewForm(request.POST if request.method == "POST" else None, choosable=page.choosable)
    status = 200
    if request.method == "POST":
        status = 400

        def create(data: dict[str, Any]) -> tuple[str, HttpResponse]:
            created = wr.workplace_request_create(
                substitute=me,
                workplace=data["workplace"],
                area=data["area"],
                message=data["message"],
                http=request,
            )
            return (
                _("Your request to work at %(target)s is sent to the staffing centre.")
                % {"target": rules.request_target_label(created)},
                redirect("staffing:requests_mine_detail", request_id=created.pk),
            )

        response = _carried_out(request, form, create)
        if response is not None:
            return response
    return render(request, "staffing/requests_mine.html", {"page": page, "form": form}, status=status)


def _mine_or_404(me: User, request_id: int) -> WorkplaceRequest:
    try:
        return selectors.request_get_for_substitute(substitute=me, request_id=request_id)
    except WorkplaceRequest.DoesNotExist as exc:
        raise Http404 from exc


@substitute_required
def requests_mine_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    wp_request = _mine_or_404(request_user(request), request_id)
    return render(
        request,
        "staffing/requests_mine_detail.html",
        {"wp_request": wp_request, "is_open": wp_request.status in rules.OPEN_STATUSES},
    )


@require_POST
@substitute_required
def requests_mine_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    me = request_user(request)
    wp_request = _mine_or_404(me, request_id)
    try:
        wr.workplace_request_withdraw(request=wp_request, by=me, http=request)
    except wr.RequestRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("staffing:requests_mine_detail", request_id=wp_request.pk)


# ---------------------------------------------------------------------------------------------
# The staffing centre


@staff_required
def requests_staff(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staffing/requests_staff_list.html",
        {"queue": selectors.staff_queue(), "today": timezone.localdate()},
    )


def _staff_or_404(request_id: int) -> WorkplaceRequest:
    try:
        return selectors.request_get_for_staff(request_id=request_id)
    except WorkplaceRequest.DoesNotExist as exc:
        raise Http404 from exc


def _pickable(wp_request: WorkplaceRequest) -> list[Workplace]:
    """For a request naming only an area: that area's active workplaces the substitute is not at."""
    if wp_request.workplace_id is not None or not wp_request.area:
        return []
    introduced = {i.workplace_id for i in wp_request.substitute.introductions.all()}
    return [w for w in selectors.area_workplaces(area=wp_request.area) if w.pk not in introduced]


def _staff_detail(
    request: HttpRequest, wp_request: WorkplaceRequest, form: ReviewForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staffing/requests_staff_detail.html",
        {
            "wp_request": wp_request,
            "form": form or ReviewForm(area_workplaces=_pickable(wp_request)),
            "may_review": wp_request.status == WorkplaceRequestStatus.SUBMITTED,
            "picks_workplace": wp_request.workplace_id is None,
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_required
def requests_staff_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _staff_detail(request, _staff_or_404(request_id))


@require_POST
@staff_required
def requests_staff_review(request: HttpRequest, request_id: int) -> HttpResponse:
    me = request_user(request)
    wp_request = _staff_or_404(request_id)
    form = ReviewForm(request.POST, area_workplaces=_pickable(wp_request))

    def review(data: dict[str, Any]) -> tuple[str, HttpResponse]:
        if data["action"] == ReviewForm.FORWARD:
            forwarded = wr.workplace_request_forward(
                request=wp_request,
                workplace=data["workplace"],
                note=data["note"],
                by=me,
                now=timezone.now(),
                http=request,
            )
            done = _("The request is sent to the manager of %(workplace)s, and the substitute is told.") % {
                "workplace": rules.request_workplace(forwarded).name
            }
        else:
            wr.workplace_request_decline_review(
                request=wp_request, note=data["note"], by=me, now=timezone.now(), http=request
            )
            done = _("The request is declined, and the substitute is told.")
        return done, redirect("staffing:requests_staff")

    return _carried_out(request, form, review) or _staff_detail(
        request, _staff_or_404(request_id), form, status=400
    )


# ---------------------------------------------------------------------------------------------
# The workplace's manager


@manager_required
def requests_manager(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staffing/requests_manager_list.html",
        {"queue": selectors.manager_queue(user=request_user(request)), "today": timezone.localdate()},
    )


def _managed_or_404(me: User, request_id: int) -> WorkplaceRequest:
    try:
        return selectors.request_get_for_manager(user=me, request_id=request_id)
    except WorkplaceRequest.DoesNotExist as exc:
        raise Http404 from exc


def _manager_detail(
    request: HttpRequest, wp_request: WorkplaceRequest, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staffing/requests_manager_detail.html",
        {
            "wp_request": wp_request,
            "form": form or DecisionForm(),
            "may_decide": wp_request.status == WorkplaceRequestStatus.FORWARDED,
            "today": timezone.localdate(),
        },
        status=status,
    )


@manager_required
def requests_manager_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _manager_detail(request, _managed_or_404(request_user(request), request_id))


@require_POST
@manager_required
def requests_manager_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    me = request_user(request)
    wp_request = _managed_or_404(me, request_id)
    form = DecisionForm(request.POST)

    def decide(data: dict[str, Any]) -> tuple[str, HttpResponse]:
        if data["action"] == DecisionForm.APPROVE:
            wr.workplace_request_approve(
                request=wp_request,
                introduced_on=data["introduced_on"],
                note=data["note"],
                by=me,
                now=timezone.now(),
                http=request,
            )
            done = _("Approved: %(name)s may now be booked at %(workplace)s, and is told by SMS.")
        else:
            wr.workplace_request_decline(
                request=wp_request, note=data["note"], by=me, now=timezone.now(), http=request
            )
            done = _("Declined: %(name)s is told by SMS.")
        return (
            done
            % {
                "name": wp_request.substitute.get_full_name(),
                "workplace": rules.request_workplace(wp_request).name,
            },
            redirect("staffing:requests_manager"),
        )

    return _carried_out(request, form, decide) or _manager_detail(
        request, _managed_or_404(me, request_id), form, status=400
    )
