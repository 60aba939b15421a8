"""Fråga lönesupport: the substitute's pages (after a strong login) and payroll's queue.

Views check access, validate with a form and call one service. A case that is not the
substitute's own answers 404, whether it exists or not. Every staff view of a case or an
attachment is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.accounts.login.assurance import (
    Level,
    assurance_is_sufficient,
    assurance_of,
    step_up_url,
    strong_substitute_required,
)
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import list_page, request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.support import selectors, services
from vikarieportalen.support.attachments import files_too_large, max_request_bytes, upload_limited
from vikarieportalen.support.audit_kinds import SupportAuditKind
from vikarieportalen.support.choices import CaseStatus
from vikarieportalen.support.forms import (
    AnswerForm,
    AssignForm,
    CaseOpenForm,
    NoteForm,
    PeriodForm,
    QueueFilterForm,
    RatingForm,
    StaffReplyForm,
    StatusForm,
)
from vikarieportalen.support.models import SupportAttachment, SupportCase
from vikarieportalen.support.rules import SubstituteReply, rating_refusal, substitute_reply_effect

QUEUE_PAGE_SIZE = 50
OWN_CASES_PAGE_SIZE = 30


def _common(request: HttpRequest) -> dict[str, Any]:
    from django.conf import settings

    return {
        "contact": selectors.payroll_contact(),
        "faq_url": selectors.faq_page_url(),
        "due_hours": settings.SUPPORT_DUE_BUSINESS_HOURS,
    }


# ---------------------------------------------------------------------------------------------
# The substitute


@never_cache
@require_GET
@strong_substitute_required
def home(request: HttpRequest) -> HttpResponse:
    own_cases = selectors.case_list_for_requester(requester=request_user(request))
    page = list_page(request, own_cases, OWN_CASES_PAGE_SIZE)[0]
    return render(request, "support/home.html", {"page": page, "query": "", **_common(request)})


@never_cache
@strong_substitute_required
@upload_limited
def case_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CaseOpenForm(request.POST, request.FILES, too_large=files_too_large(request))
        if form.is_valid():
            case = services.case_open(
                requester=request_user(request),
                topic=form.cleaned_data["topic"],
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                files=form.checked_files,
            )
            messages.success(
                request,
                _(
                    "Your case %(reference)s has been sent to payroll. "
                    "You will get an SMS or e-mail when they answer."
                )
                % {"reference": case.reference},
            )
            return redirect("support:case_detail", case_id=case.pk)
    elif request.method == "GET":
        form = CaseOpenForm()
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    suggestions = selectors.faq_suggestions(
        text=f"{form['subject'].value() or ''} {form['text'].value() or ''}"
    )
    return render(
        request,
        "support/case_new.html",
        {
            "form": form,
            "suggestions": suggestions,
            "max_request_mb": max_request_bytes() // (1024 * 1024),
            **_common(request),
        },
    )


@require_GET
@strong_substitute_required
def faq_suggestions(request: HttpRequest) -> HttpResponse:
    """Answers from the FAQ that match what is being typed. htmx asks for the fragment."""
    text = f"{request.GET.get('subject', '')} {request.GET.get('text', '')}"
    context = {
        "suggestions": selectors.faq_suggestions(text=text),
        "faq_url": selectors.faq_page_url(),
        "asked": text.strip(),
    }
    template = (
        "support/_faq_suggestions.html" if getattr(request, "htmx", False) else "support/faq_suggestions.html"
    )
    return render(request, template, context)


def _case_context(request: HttpRequest, case: SupportCase, **forms: Any) -> dict[str, Any]:
    from django.conf import settings

    now = timezone.now()
    effect = substitute_reply_effect(
        status=case.status, solved_at=case.solved_at, now=now, reopen_days=settings.SUPPORT_REOPEN_DAYS
    )
    rated = hasattr(case, "rating")
    may_rate = rating_refusal(status=case.status, solved_at=case.solved_at, already_rated=rated) is None
    return {
        "case": case,
        "conversation": case.visible_messages,  # type: ignore[attr-defined]
        "may_answer": effect not in {SubstituteReply.CLOSED, SubstituteReply.TOO_LATE},
        "answer_reopens": effect == SubstituteReply.REOPENS,
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "may_rate": may_rate,
        "rating_form": forms.get("rating_form") or RatingForm(),
        "reopen_days": settings.SUPPORT_REOPEN_DAYS,
        **_common(request),
    }


def _own_case(request: HttpRequest, case_id: int) -> SupportCase:
    try:
        return selectors.case_get_for_requester(requester=request_user(request), case_id=case_id)
    except SupportCase.DoesNotExist as exc:
        raise Http404 from exc


@never_cache
@require_GET
@strong_substitute_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    return render(request, "support/case_detail.html", _case_context(request, case))


@never_cache
@require_POST
@strong_substitute_required
@upload_limited
def case_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)  # 404 before anything is read into a form
    form = AnswerForm(request.POST, request.FILES, too_large=files_too_large(request))
    if not form.is_valid():
        return render(request, "support/case_detail.html", _case_context(request, case, answer_form=form))
    try:
        services.case_answer_by_substitute(
            case_id=case.pk,
            requester=request_user(request),
            text=form.cleaned_data["text"],
            files=form.checked_files,
        )
    except services.SupportRefused as exc:
        messages.error(request, exc.message)
    except SupportCase.DoesNotExist as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Your message has been sent to payroll."))
    return redirect("support:case_detail", case_id=case.pk)


@never_cache
@require_POST
@strong_substitute_required
def case_rate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return render(request, "support/case_detail.html", _case_context(request, case, rating_form=form))
    try:
        services.case_rate(
            case_id=case.pk,
            requester=request_user(request),
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except services.SupportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("support:case_detail", case_id=case.pk)


# ---------------------------------------------------------------------------------------------
# Attachments: the substitute's own (after a strong login) and, audited, payroll's


@never_cache
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request_user(request)
    is_staff = selectors.user_is_support_staff(user)
    if not is_staff:
        if not user.has_role(Role.SUBSTITUTE):
            raise PermissionDenied
        if not assurance_is_sufficient(
            assurance_of(request), required=Level.HIGH, max_age=None, now=timezone.now()
        ):
            return HttpResponseRedirect(step_up_url(request.get_full_path()))
    try:
        attachment = selectors.attachment_get_for(user=user, attachment_id=attachment_id)
    except SupportAttachment.DoesNotExist as exc:
        raise Http404 from exc
    if is_staff:
        audit_record(
            kind=SupportAuditKind.SUPPORT_ATTACHMENT_VIEWED,
            user=attachment.case.requester,
            actor=user,
            request=request,
            case=attachment.case_id,
            attachment=attachment.pk,
        )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.display_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------------------------------------
# Payroll

staff_only = role_required(Role.PAYROLL, Role.ADMINISTRATOR)


@never_cache
@require_GET
@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    staff = list(selectors.staff_list())
    form = QueueFilterForm(request.GET or None, staff=staff)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_queue(
        status=filters.get("status", ""),
        topic=filters.get("topic", ""),
        assignee=filters.get("assignee", ""),
        sort=filters.get("sort") or "due",
        me=request_user(request),
        open_only=True,
    )
    page, query = list_page(request, cases, QUEUE_PAGE_SIZE)
    now = timezone.now()
    rows = [{"case": case, "clock": selectors.case_clock(case=case, now=now)} for case in page.object_list]
    return render(
        request,
        "support/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "now": now,
            "query": query,
            **_common(request),
        },
    )


def _staff_case_page(request: HttpRequest, case_id: int, *, status: int = 200, **forms: Any) -> HttpResponse:
    try:
        case = selectors.case_get_for_staff(case_id=case_id)
    except SupportCase.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(
        kind=SupportAuditKind.SUPPORT_CASE_VIEWED,
        user=case.requester,
        actor=request_user(request),
        request=request,
        case=case.pk,
        reference=case.reference,
    )
    staff = list(selectors.staff_list())
    now = timezone.now()
    names = {person.pk: person.get_full_name() for person in staff}
    return render(
        request,
        "support/staff_case.html",
        {
            "case": case,
            "clock": selectors.case_clock(case=case, now=now),
            "now": now,
            "staff_names": names,
            "closed": case.status == CaseStatus.CLOSED,
            "reply_form": forms.get("reply_form") or StaffReplyForm(),
            "note_form": forms.get("note_form") or NoteForm(),
            "assign_form": forms.get("assign_form")
            or AssignForm(staff=staff, initial={"assignee": case.assignee_id or ""}),
            "status_form": forms.get("status_form") or StatusForm(initial={"status": case.status}),
            **_common(request),
        },
        status=status,
    )


@never_cache
@require_GET
@staff_only
def staff_case(request: HttpRequest, case_id: int) -> HttpResponse:
    return _staff_case_page(request, case_id)


def _after_action(request: HttpRequest, case_id: int, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except SupportCase.DoesNotExist as exc:
        raise Http404 from exc
    except services.SupportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("support:staff_case", case_id=case_id)


@require_POST
@staff_only
def staff_reply(request: HttpRequest, case_id: int) -> HttpResponse:
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        return _staff_case_page(request, case_id, reply_form=form)
    return _after_action(
        request,
        case_id,
        lambda: services.case_reply_by_staff(
            case_id=case_id,
            staff=request_user(request),
            text=form.cleaned_data["text"],
            status=CaseStatus(form.cleaned_data["status"]),
        ),
        _("The reply has been sent. The substitute is told there is an answer."),
    )


@require_POST
@staff_only
def staff_note(request: HttpRequest, case_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _staff_case_page(request, case_id, note_form=form)
    return _after_action(
        request,
        case_id,
        lambda: services.case_note_add(
            case_id=case_id, staff=request_user(request), text=form.cleaned_data["text"]
        ),
        _("The internal note has been saved."),
    )


@require_POST
@staff_only
def staff_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    form = AssignForm(request.POST, staff=list(selectors.staff_list()))
    if not form.is_valid():
        return _staff_case_page(request, case_id, assign_form=form)
    return _after_action(
        request,
        case_id,
        lambda: services.case_assign(
            case_id=case_id, staff=request_user(request), assignee=form.assignee_user()
        ),
        _("The case has been assigned."),
    )


@require_POST
@staff_only
def staff_status(request: HttpRequest, case_id: int) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _staff_case_page(request, case_id, status_form=form)
    return _after_action(
        request,
        case_id,
        lambda: services.case_status_set(
            case_id=case_id, staff=request_user(request), status=CaseStatus(form.cleaned_data["status"])
        ),
        _("The status has been changed."),
    )


@never_cache
@require_GET
@staff_only
def ratings(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    summary = selectors.rating_summary(date_from=filters.get("date_from"), date_to=filters.get("date_to"))
    return render(request, "support/ratings.html", {"form": form, **summary})
