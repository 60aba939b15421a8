"""Views of the trainings: completing a course, "Mina utbildningar", and the staffing centre's report.

The course pages themselves are Wagtail pages (models.py); a failed quiz renders the same template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.core.web.csv_export import csv_download, csv_safe
from vikarieportalen.trainings import selectors, services
from vikarieportalen.trainings.forms import QuizForm, ReportFilterForm
from vikarieportalen.trainings.models import CourseCompletion, CoursePage
from vikarieportalen.trainings.rules import QuizResult

REPORT_ROLES = (Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.ADMINISTRATOR)
REPORT_PAGE_SIZE = 50


def substitute_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users log in; anyone not in the substitutes' group (administrators too) gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.user_is_substitute(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _course_response(
    request: HttpRequest, course: CoursePage, *, form: QuizForm, result: QuizResult | None
) -> TemplateResponse:
    """The course page as Wagtail would serve it, with the substitute's answers and their result."""
    context = course.get_context(request, quiz_form=form, quiz_result=result)
    return TemplateResponse(request, course.get_template(request), context)


@require_POST
@substitute_required
def course_complete(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get_live(course_id=course_id)
    if course is None:
        raise Http404
    user = request_user(request)
    state = selectors.course_page_state(course=course, user=user)
    if state.status is not None and state.status.done and state.status.completion is not None:
        # A second click, or the back button: whatever was sent, the completion stands.
        return _already_completed(request, course, state.status.completion)
    form = QuizForm(request.POST, questions=state.questions)
    if not form.is_valid():
        return _course_response(request, course, form=form, result=None)
    try:
        attempt = services.course_complete(user=user, course=course, answers=form.answers())
    except services.CompletionRefused as exc:
        raise PermissionDenied from exc

    outcome = services.CompletionOutcome
    if attempt.outcome == outcome.QUIZ_FAILED:
        return _course_response(request, course, form=form, result=attempt.result)
    if attempt.outcome == outcome.ALREADY_COMPLETED and attempt.completion is not None:
        return _already_completed(request, course, attempt.completion)
    messages.success(request, _("Well done! The course is marked as completed."))
    return redirect(course.get_url(request))


def _already_completed(
    request: HttpRequest, course: CoursePage, completion: CourseCompletion
) -> HttpResponse:
    completed_at = timezone.localtime(completion.completed_at)
    messages.info(
        request,
        _("You completed this course on %(date)s already.")
        % {"date": formats.date_format(completed_at, "DATE_FORMAT")},
    )
    return redirect(course.get_url(request))


@role_required(Role.SUBSTITUTE)  # administrators see the page too (the menu shows it to them), empty
def my_trainings(request: HttpRequest) -> HttpResponse:
    overview = selectors.course_overview(user=request_user(request))
    return render(
        request,
        "trainings/my_trainings.html",
        {"overview": overview, "is_substitute": selectors.user_is_substitute(request.user)},
    )


def _report_query(form: ReportFilterForm) -> str:
    """The filter as a query string for the pagination and CSV links."""
    if not form.is_bound or not form.is_valid():
        return ""
    kept = {name: value for name, value in form.data.items() if name in form.fields and value}
    return urlencode(kept)


def _csv_header() -> list[str]:
    return [
        _("Username"),
        _("Name"),
        _("Course"),
        _("Status"),
        _("Completed"),
        _("Right answers"),
        _("Questions"),
    ]


def _csv_rows(rows: Iterable[selectors.ReportRow]) -> Iterator[list[object]]:
    for row in rows:
        completion = row.completion
        if completion is None:
            status = _("Not completed")
        elif row.must_redo:
            status = _("Must be redone")
        else:
            status = _("Completed")
        completed = (
            timezone.localtime(completion.completed_at).strftime("%Y-%m-%d %H:%M") if completion else ""
        )
        yield [
            csv_safe(row.substitute.username),
            csv_safe(row.substitute.get_full_name()),
            csv_safe(row.course_title),
            status,
            completed,
            "" if completion is None or completion.correct_answers is None else completion.correct_answers,
            "" if completion is None or completion.question_count is None else completion.question_count,
        ]


@role_required(*REPORT_ROLES)  # type: ignore[arg-type]  # it passes any response through; typed HttpResponse
def completion_report(request: HttpRequest) -> HttpResponseBase:
    courses = selectors.course_list_live()
    form = ReportFilterForm(request.GET or None, courses=courses)
    filter_is_bad = form.is_bound and not form.is_valid()
    rows = (
        [] if filter_is_bad else selectors.completion_report_rows(**(form.filters() if form.is_bound else {}))
    )
    if request.GET.get("format") == "csv" and not filter_is_bad:
        return csv_download(_csv_header(), _csv_rows(rows), filename="utbildningar.csv")
    page = Paginator(rows, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    showing_missing = form.is_bound and form.filters().get("status") == selectors.ReportStatus.MISSING
    return render(
        request,
        "trainings/report.html",
        {
            "form": form,
            "page": page,
            "query": _report_query(form),
            "summaries": selectors.course_summary_list(),
            "showing_missing": showing_missing,
            "filter_is_bad": filter_is_bad,
        },
    )
