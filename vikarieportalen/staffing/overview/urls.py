"""Who is free (*Tillgänglighetsöversikt*): the staffing centre's week grid and one day's people."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.overview import views

urlpatterns: list[URLPattern] = [
    path("vem-ar-ledig/", views.overview_week, name="overview"),
    path("vem-ar-ledig/dag/", views.overview_day, name="overview_day"),
]
