"""Django admin for staffing data. Bookings are read-only here: they change only through the booking
services, which check the rules, audit and send the SMS."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from vikarieportalen.staffing.models import (
    Agreement,
    AvailabilityPeriod,
    Booking,
    Introduction,
    Qualification,
    Shift,
    ShiftSeries,
    SubstituteProfile,
    SubstituteQualification,
    WeeklyAvailability,
    Workplace,
)


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin[Workplace]):
    list_display = ["name", "area", "phone", "is_active"]
    list_filter = ["area", "is_active"]
    search_fields = ["name", "address"]
    filter_horizontal = ["managers"]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin[Qualification]):
    list_display = ["name", "code", "expires"]
    list_filter = ["expires"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = [
        "name",
        "code",
        "is_default",
        "daily_rest_minutes",
        "weekly_rest_minutes",
        "max_work_without_break_minutes",
        "max_month_minutes",
        "substitute_cancel_hours",
    ]


@admin.register(SubstituteQualification)
class SubstituteQualificationAdmin(admin.ModelAdmin[SubstituteQualification]):
    list_display = ["substitute", "qualification", "valid_until"]
    list_filter = ["qualification"]
    list_select_related = ["substitute", "qualification"]
    search_fields = ["substitute__username", "substitute__family_name", "substitute__preferred_given_name"]
    raw_id_fields = ["substitute", "added_by"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin[Introduction]):
    list_display = ["substitute", "workplace", "introduced_on"]
    list_filter = ["workplace"]
    list_select_related = ["substitute", "workplace"]
    search_fields = ["substitute__username", "substitute__family_name", "workplace__name"]
    raw_id_fields = ["substitute", "added_by"]


@admin.register(SubstituteProfile)
class SubstituteProfileAdmin(admin.ModelAdmin[SubstituteProfile]):
    list_display = ["user", "agreement", "is_bookable"]
    list_filter = ["is_bookable", "agreement"]
    list_select_related = ["user", "agreement"]
    search_fields = ["user__username", "user__family_name", "user__preferred_given_name"]
    raw_id_fields = ["user"]
    exclude = ["calendar_token", "calendar_token_created_at"]


@admin.register(AvailabilityPeriod)
class AvailabilityPeriodAdmin(admin.ModelAdmin[AvailabilityPeriod]):
    list_display = ["substitute", "kind", "starts_at", "ends_at", "note"]
    list_filter = ["kind"]
    list_select_related = ["substitute"]
    search_fields = ["substitute__username", "substitute__family_name"]
    raw_id_fields = ["substitute", "created_by"]
    date_hierarchy = "starts_at"


@admin.register(WeeklyAvailability)
class WeeklyAvailabilityAdmin(admin.ModelAdmin[WeeklyAvailability]):
    list_display = ["substitute", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"]
    list_filter = ["kind", "weekday"]
    list_select_related = ["substitute"]
    search_fields = ["substitute__username", "substitute__family_name"]
    raw_id_fields = ["substitute", "created_by"]


@admin.register(ShiftSeries)
class ShiftSeriesAdmin(admin.ModelAdmin[ShiftSeries]):
    list_display = ["workplace", "first_day", "last_day", "weekdays"]
    list_select_related = ["workplace"]
    raw_id_fields = ["created_by"]


class BookingInline(admin.TabularInline[Booking, Shift]):
    model = Booking
    fields = [
        "substitute",
        "status",
        "source",
        "created_at",
        "created_by",
        "overridden_rules",
        "cancelled_at",
    ]
    readonly_fields = (
        "substitute",
        "status",
        "source",
        "created_at",
        "created_by",
        "overridden_rules",
        "cancelled_at",
    )
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin[Shift]):
    list_display = ["workplace", "day", "starts_at", "ends_at", "break_minutes", "reason", "status"]
    list_filter = ["status", "reason", "workplace__area", "workplace"]
    list_select_related = ["workplace"]
    search_fields = ["workplace__name", "note"]
    date_hierarchy = "day"
    raw_id_fields = ["series", "created_by", "cancelled_by"]
    filter_horizontal = ["required_qualifications"]
    inlines = [BookingInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    """Read-only: book and cancel through the staffing pages, which check the rules and send SMS."""

    list_display = ["substitute", "workplace", "starts_at", "ends_at", "work_minutes", "status", "source"]
    list_filter = ["status", "source", "workplace__area", "workplace"]
    list_select_related = ["substitute", "workplace"]
    search_fields = ["substitute__username", "substitute__family_name", "workplace__name"]
    date_hierarchy = "starts_at"
    show_full_result_count = False  # no COUNT(*) over a million bookings on every page

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Booking._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
