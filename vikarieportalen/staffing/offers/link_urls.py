"""The personal short links in offer SMS: /f/<token>/, and /f/s/<key>/ for a series offer (included
from config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, re_path

from vikarieportalen.staffing.offers import views as views_offers

app_name = "offers"

urlpatterns: list[URLPattern] = [
    re_path(r"^(?P<token>[A-Za-z0-9_-]{8,32})/$", views_offers.offer_page, name="page"),
    # A series offer: every shift of a repeating need to one person, behind one link.
    re_path(r"^s/(?P<series_key>[A-Za-z0-9_-]{8,32})/$", views_offers.offer_series_page, name="series"),
]
