"""The staffing centre's pool: substitutes, their qualifications, introductions and availability."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.pool import views

P = "vikariepoolen/<int:substitute_id>/"

urlpatterns: list[URLPattern] = [
    path("vikariepoolen/", views.pool_list, name="pool"),
    path(P, views.pool_substitute, name="pool_substitute"),
    path(f"{P}profil/", views.pool_profile, name="pool_profile"),
    path(f"{P}kompetens/", views.pool_add, {"section": "qualifications"}, name="pool_qualification_add"),
    path(
        f"{P}kompetens/<int:held_id>/ta-bort/",
        views.pool_qualification_remove,
        name="pool_qualification_remove",
    ),
    path(f"{P}introduktion/", views.pool_add, {"section": "introductions"}, name="pool_introduction_add"),
    path(
        f"{P}introduktion/<int:introduction_id>/ta-bort/",
        views.pool_introduction_remove,
        name="pool_introduction_remove",
    ),
    path(f"{P}tillganglighet/", views.pool_availability, name="pool_availability"),
    path(
        f"{P}tillganglighet/ny-period/",
        views.pool_availability_period_add,
        name="pool_availability_period_add",
    ),
    path(
        f"{P}tillganglighet/nytt-veckomonster/",
        views.pool_availability_weekly_add,
        name="pool_availability_weekly_add",
    ),
    path(
        f"{P}tillganglighet/period/<int:period_id>/ta-bort/",
        views.pool_availability_period_remove,
        name="pool_availability_period_remove",
    ),
    path(
        f"{P}tillganglighet/veckomonster/<int:weekly_id>/ta-bort/",
        views.pool_availability_weekly_remove,
        name="pool_availability_weekly_remove",
    ),
]
