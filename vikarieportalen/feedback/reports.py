"""Editors' reports in Wagtail's admin: feedback per page, its comments, and pages to review.

Registered in wagtail_hooks.py under /cms/. Wagtail lets in only users with admin access; each view
also requires the editor or administrator role. Every listing is paginated and takes a fixed
number of queries however many rows there are (tests/test_reports.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from vikarieportalen.accounts.models import User
from vikarieportalen.core.http import request_user, safe_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.feedback import selectors, services
from vikarieportalen.feedback.models import PageFeedback

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def may_review_feedback(user: Any) -> bool:
    """Editors and administrators read feedback and the review list."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.has_role(Role.EDITOR) or user.has_role(Role.ADMINISTRATOR))
    )


class _EditorsReport(ReportView):
    """A report for editors and administrators only, listing its ``report_rows`` (before Wagtail's filters,
    ordering and pages)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_review_feedback(request.user):
            raise PermissionDenied
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    filename_prefix = ""  # the export file's name before the day's date
    export_headings: dict[str, StrOrPromise] = {}

    @property
    def list_export(self) -> list[str]:
        """The exported columns: those ``export_headings`` names, in its order."""
        return list(self.export_headings)

    def report_rows(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_filename(self) -> str:
        return f"{self.filename_prefix}-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self) -> QuerySet[Any]:
        self.queryset = self.report_rows()
        queryset: QuerySet[Any] = super().get_queryset()
        return queryset


# ---------------------------------------------------------------------------------------------
# Feedback per page


def _yes_no_filter(label: StrOrPromise, **kwargs: Any) -> django_filters.BooleanFilter:
    """A filter the editor sets to yes, no or either."""
    return django_filters.BooleanFilter(label=label, widget=django_filters.widgets.BooleanWidget, **kwargs)


class _PagesFilterSet(WagtailFilterSet):
    class Meta:
        model = Page
        fields: list[str] = []


class FeedbackPagesFilterSet(_PagesFilterSet):
    unhandled = _yes_no_filter(_("Has unhandled comments"), method="filter_unhandled")

    def filter_unhandled(self, queryset: QuerySet[Page], name: str, value: bool | None) -> QuerySet[Page]:
        if value is None:
            return queryset
        return queryset.filter(unhandled_count__gt=0) if value else queryset.filter(unhandled_count=0)


class FeedbackPagesView(_EditorsReport):
    """Every page that has feedback: yes and no counts, comments, how many are unhandled."""

    page_title = _("Page feedback")
    header_icon = "comment"
    results_template_name = "feedback/admin/pages_results.html"
    index_url_name = "feedback_admin:pages"
    index_results_url_name = "feedback_admin:pages_results"
    filterset_class = FeedbackPagesFilterSet
    paginate_by = 50
    export_headings = {
        "title": _("Page"),
        "yes_count": _("Yes"),
        "no_count": _("No"),
        "comment_count": _("Comments"),
        "unhandled_count": _("Unhandled"),
        "last_given_on": _("Latest answer"),
    }
    filename_prefix = "sidrespons"

    def report_rows(self) -> QuerySet[Page]:
        return selectors.page_feedback_summaries()


class FeedbackStatusFilterSet(WagtailFilterSet):
    handled = _yes_no_filter(_("Handled"), field_name="handled_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = PageFeedback
        fields: list[str] = []


class PageFeedbackView(_EditorsReport):
    """One page's comments, unhandled first, each with a button to mark it handled (or not)."""

    header_icon = "comment"
    template_name = "feedback/admin/page_feedback.html"
    results_template_name = "feedback/admin/page_feedback_results.html"
    filterset_class = FeedbackStatusFilterSet
    paginate_by = 25
    export_headings = {
        "given_on": _("Date"),
        "answer": _("Answer"),
        "comment": pgettext_lazy("page feedback", "Comment"),
        "status": _("Status"),
    }

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page.objects.select_related("content_type"), pk=kwargs["page_id"])

    def get_page_title(self) -> str:
        return str(_("Feedback: %(page)s") % {"page": self.page.get_admin_display_title()})

    def get_index_url(self) -> str:
        return reverse("feedback_admin:page", args=[self.page.pk])

    def get_index_results_url(self) -> str:
        return reverse("feedback_admin:page_results", args=[self.page.pk])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            {"url": reverse("feedback_admin:pages"), "label": _("Page feedback")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_filename(self) -> str:
        return f"sidrespons-{self.page.slug}-{timezone.localdate():%Y-%m-%d}"

    def report_rows(self) -> QuerySet[PageFeedback]:
        return selectors.page_feedback_comments(page_id=self.page.pk).order_by(
            F("handled_at").desc(nulls_first=True), "-given_on", "-pk"
        )

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        rows = list(object_list)
        for feedback in rows:
            feedback.answer = _("Yes") if feedback.helpful else _("No")
            feedback.status = (
                _("Handled by %(name)s") % {"name": _user_name(feedback.handled_by)}
                if feedback.is_handled
                else _("Not handled")
            )
        return rows

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(*args, **kwargs)
        context["feedback_page"] = self.page
        context["counts"] = selectors.page_feedback_counts(page_id=self.page.pk)
        context["back_query"] = self.request.GET.urlencode()
        return context


def _user_name(user: User | None) -> str:
    if user is None:
        return str(_("a removed user"))
    return user.get_full_name() or user.get_username()


@require_POST
def feedback_mark_handled(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Mark one comment handled (handled=1) or not handled again (handled=0)."""
    if not may_review_feedback(request.user):
        raise PermissionDenied
    feedback = get_object_or_404(PageFeedback.objects.exclude(comment=""), pk=feedback_id)
    handled = request.POST.get("handled", "1") != "0"
    changed = services.page_feedback_mark_handled(
        feedback_ids=[feedback.pk],
        by=request_user(request),
        handled=handled,
    )
    if changed:
        messages.success(
            request,
            _("The comment is marked handled.") if handled else _("The comment is marked not handled."),
        )
    back = safe_next_url(
        request, request.POST.get("next"), fallback=reverse("feedback_admin:page", args=[feedback.page_id])
    )
    return HttpResponseRedirect(back)


# ---------------------------------------------------------------------------------------------
# Pages past their review date


class ReviewFilterSet(_PagesFilterSet):
    mine = _yes_no_filter(_("Only pages I am responsible for"), method="filter_mine")

    def filter_mine(self, queryset: QuerySet[Page], name: str, value: bool | None) -> QuerySet[Page]:
        if not value:
            return queryset
        return queryset.filter(steward_id=self.request.user.pk)


class PagesToReviewView(_EditorsReport):
    """Live pages whose "review by" date has passed, the longest overdue first."""

    page_title = _("Pages to review")
    header_icon = "calendar-check"
    results_template_name = "feedback/admin/review_results.html"
    index_url_name = "feedback_admin:review"
    index_results_url_name = "feedback_admin:review_results"
    filterset_class = ReviewFilterSet
    paginate_by = 50
    export_headings = {
        "title": _("Page"),
        "review_due": _("Review by"),
        "steward_name": _("Responsible person"),
        "type_name": _("Type"),
    }
    filename_prefix = "sidor-att-granska"

    @cached_property
    def today(self) -> Any:
        return timezone.localdate()

    def report_rows(self) -> QuerySet[Page]:
        return selectors.page_review_overdue_list(today=self.today)

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        rows = list(object_list)
        stewards = User.objects.in_bulk({row.steward_id for row in rows if row.steward_id})
        for row in rows:
            steward = stewards.get(row.steward_id)
            row.steward = steward
            row.steward_name = _user_name(steward) if row.steward_id else ""
            row.type_name = row.content_type.name
            row.days_overdue = (self.today - row.review_due).days
        return rows
