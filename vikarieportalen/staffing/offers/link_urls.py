"""The personal short link in an offer SMS: /f/<token>/ (included from config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, re_path

from vikarieportalen.staffing.offers import views as views_offers

app_name = "offers"

urlpatterns: list[URLPattern] = [
    re_path(r"^(?P<token>[A-Za-z0-9_-]{8,32})/$", views_offers.offer_page, name="page"),
]
