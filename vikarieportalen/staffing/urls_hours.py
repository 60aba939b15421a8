"""Approval of worked hours under /bemanning/attest/ (joined in urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_hours

urlpatterns: list[URLPattern] = [
    path("attest/", views_hours.hours_list, name="hours_list"),
    path("attest/<int:booking_id>/", views_hours.hours_detail, name="hours_detail"),
]
