"""Approval of worked hours under /bemanning/attest/ (included from config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vikarieportalen.payroll.hours import views as views_hours

app_name = "hours"

urlpatterns: list[URLPattern] = [
    path("", views_hours.hours_list, name="list"),
    path("<int:booking_id>/", views_hours.hours_detail, name="detail"),
]
