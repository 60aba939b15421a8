from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from vikarieportalen.trainings.models import CourseCompletion


@admin.register(CourseCompletion)
class CourseCompletionAdmin(admin.ModelAdmin[CourseCompletion]):
    """Read-only for administrators; deleting a row makes that person take the course again."""

    list_display = ["completed_at", "user", "course_title", "correct_answers", "question_count"]
    list_filter = ["course_title"]
    search_fields = ["user__username", "user__family_name", "user__preferred_given_name", "course_title"]
    date_hierarchy = "completed_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "course", "course_title", "completed_at", "correct_answers", "question_count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
