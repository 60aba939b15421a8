"""The staffing proposal's pages (issue 18), for the staffing centre and administrators: ask for a
proposal, follow the solving (htmx polling) or cancel it, review it, remove or swap assignments,
confirm all or some as bookings or offers. The work is in ``services``; these only route it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import AssignmentState, ProposalAssignment, StaffingProposal
from vikarieportalen.staffing.proposal import services
from vikarieportalen.staffing.proposal.forms import ConfirmForm, ProposalForm, SwapForm
from vikarieportalen.staffing.proposal.review import proposal_review

proposal_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
RECENT = 20


def _detail_url(proposal: StaffingProposal) -> str:
    return reverse("staffing:proposal_detail", args=[proposal.pk])


@require_http_methods(["GET", "POST"])
@proposal_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                by=request_user(request),
                first_day=data["first_day"],
                last_day=data["last_day"],
                workplace_ids=[workplace.pk for workplace in data["workplaces"]],
                time_limit=data["time_limit"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect(_detail_url(proposal))
    recent = StaffingProposal.objects.prefetch_related("workplaces").order_by("-created_at")[:RECENT]
    return render(request, "staffing/proposal_list.html", {"form": form, "recent": recent})


def _proposal(proposal_id: int) -> StaffingProposal:
    return get_object_or_404(StaffingProposal, pk=proposal_id)


@require_GET
@proposal_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    context: dict[str, object] = {"proposal": proposal}
    if proposal.status == "done":
        review = proposal_review(
            proposal=proposal,
            changed=services.proposal_recheck(proposal=proposal),
            month_max_minutes=services.month_max_minutes(),
        )
        context["review"] = review
        context["confirm_form"] = ConfirmForm(choices=[])
    return render(request, "staffing/proposal_detail.html", context)


@require_GET
@proposal_required
def proposal_progress(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The progress fragment the detail page polls; once solving has ended, the page reloads."""
    proposal = _proposal(proposal_id)
    if not proposal.is_active and request.headers.get("HX-Request"):
        return HttpResponseClientRefresh()
    return render(request, "staffing/_proposal_progress.html", {"proposal": proposal})


@require_POST
@proposal_required
def proposal_cancel(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    services.proposal_cancel(proposal=proposal, by=request_user(request))
    messages.success(request, _("The proposal is being cancelled."))
    return redirect(_detail_url(proposal))


def _assignment(proposal_id: int, assignment_id: int) -> ProposalAssignment:
    return get_object_or_404(
        ProposalAssignment.objects.select_related("proposal", "shift__workplace", "substitute"),
        pk=assignment_id,
        proposal_id=proposal_id,
    )


@require_POST
@proposal_required
def assignment_remove(request: HttpRequest, proposal_id: int, assignment_id: int) -> HttpResponse:
    row = _assignment(proposal_id, assignment_id)
    try:
        services.assignment_remove(row=row, by=request_user(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The assignment was removed; the shift stays open."))
    return redirect(_detail_url(row.proposal))


@require_http_methods(["GET", "POST"])
@proposal_required
def assignment_swap(request: HttpRequest, proposal_id: int, assignment_id: int) -> HttpResponse:
    row = _assignment(proposal_id, assignment_id)
    candidates = services.swap_candidates(row=row) if row.state == AssignmentState.PROPOSED else []
    form = SwapForm(request.POST or None, choices=[(person.id, person.name) for person in candidates])
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_swap(
                row=row, substitute_id=form.cleaned_data["substitute"], by=request_user(request)
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The assignment was changed and checked against every rule."))
            return redirect(_detail_url(row.proposal))
    return render(
        request,
        "staffing/proposal_swap.html",
        {"row": row, "form": form, "candidates": candidates, "back": _detail_url(row.proposal)},
    )


@require_POST
@proposal_required
def proposal_confirm(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(proposal_id)
    choices = list(proposal.assignments.filter(state=AssignmentState.PROPOSED).values_list("pk", "pk"))
    form = ConfirmForm(request.POST, choices=[(pk, str(label)) for pk, label in choices])
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose assignments that are still proposed.")]:
            messages.error(request, str(error))
        return redirect(_detail_url(proposal))
    data = form.cleaned_data
    try:
        result = services.proposal_confirm(
            proposal=proposal,
            by=request_user(request),
            as_offers=data["mode"] == "offer",
            assignment_ids=None if data["everything"] else data["assignments"],
        )
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(_detail_url(proposal))
    done = len(result.confirmed)
    if data["mode"] == "offer":
        text = ngettext("%(count)d offer sent.", "%(count)d offers sent.", done)
    else:
        text = ngettext("%(count)d shift booked.", "%(count)d shifts booked.", done)
    messages.success(request, text % {"count": done})
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d assignment had changed since the proposal and was skipped; see the list.",
                "%(count)d assignments had changed since the proposal and were skipped; see the list.",
                len(result.skipped),
            )
            % {"count": len(result.skipped)},
        )
    return redirect(_detail_url(proposal))
