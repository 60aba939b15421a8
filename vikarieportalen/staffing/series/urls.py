"""Booking or offering a whole repeating need (series) under /bemanning/serie/ (joined in
staffing/urls.py)."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.series import views

urlpatterns: list[URLPattern] = [
    path("serie/<int:series_id>/boka/", views.series_book, name="series_book"),
    path("serie/<int:series_id>/forfraga/", views.series_offer, name="series_offer"),
]
