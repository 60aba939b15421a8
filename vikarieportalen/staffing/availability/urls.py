"""The substitute's own availability editor under /bemanning/tillganglighet/."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.availability import views

urlpatterns: list[URLPattern] = [
    path("tillganglighet/", views.my_availability, name="my_availability"),
    path("tillganglighet/ny-period/", views.my_availability_period_add, name="my_availability_period_add"),
    path(
        "tillganglighet/nytt-veckomonster/",
        views.my_availability_weekly_add,
        name="my_availability_weekly_add",
    ),
    path(
        "tillganglighet/period/<int:period_id>/ta-bort/",
        views.my_availability_period_remove,
        name="my_availability_period_remove",
    ),
    path(
        "tillganglighet/veckomonster/<int:weekly_id>/ta-bort/",
        views.my_availability_weekly_remove,
        name="my_availability_weekly_remove",
    ),
]
