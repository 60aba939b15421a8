"""The editors' side of page feedback and page review, inside Wagtail's admin (/cms/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from vikarieportalen.feedback import reports, selectors

_admin_urls = [
    path("sidrespons/", reports.FeedbackPagesView.as_view(), name="pages"),
    path("sidrespons/resultat/", reports.FeedbackPagesView.as_view(results_only=True), name="pages_results"),
    path("sidrespons/sida/<int:page_id>/", reports.PageFeedbackView.as_view(), name="page"),
    path(
        "sidrespons/sida/<int:page_id>/resultat/",
        reports.PageFeedbackView.as_view(results_only=True),
        name="page_results",
    ),
    path("sidrespons/svar/<int:feedback_id>/hanterad/", reports.feedback_mark_handled, name="mark_handled"),
    path("granskning/", reports.PagesToReviewView.as_view(), name="review"),
    path("granskning/resultat/", reports.PagesToReviewView.as_view(results_only=True), name="review_results"),
]


@hooks.register("register_admin_urls")
def register_feedback_admin_urls() -> list[Any]:
    return [path("", include((_admin_urls, "feedback_admin"), namespace="feedback_admin"))]


class _EditorsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return reports.may_review_feedback(request.user)


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item() -> MenuItem:
    return _EditorsMenuItem(
        _("Page feedback"),
        reverse("feedback_admin:pages"),
        name="page-feedback",
        icon_name="comment",
        order=150,
    )


@hooks.register("register_reports_menu_item")
def register_review_menu_item() -> MenuItem:
    return _EditorsMenuItem(
        _("Pages to review"),
        reverse("feedback_admin:review"),
        name="pages-to-review",
        icon_name="calendar-check",
        order=160,
    )


class EditorToDoPanel(Component):
    """On the dashboard: "N pages to review" and "M unhandled comments", each a link."""

    name = "editor_to_do"
    template_name = "feedback/admin/dashboard_panel.html"
    order = 90  # above Wagtail's own panels

    def get_context_data(self, parent_context: Mapping[str, Any] | None) -> Mapping[str, Any]:
        return {
            "review_count": selectors.page_review_overdue_list(today=timezone.localdate()).count(),
            "unhandled_count": selectors.page_feedback_unhandled_count(),
        }


@hooks.register("construct_homepage_panels")
def add_editor_to_do_panel(request: HttpRequest, panels: list[Component]) -> None:
    if reports.may_review_feedback(request.user):
        panels.append(EditorToDoPanel())
