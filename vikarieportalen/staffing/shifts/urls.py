"""The workplace manager's shift needs under /bemanning/behov/."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.shifts import views as views_manager

urlpatterns: list[URLPattern] = [
    path("behov/", views_manager.manager_shift_list, name="manager_shifts"),
    path("behov/nytt/", views_manager.manager_shift_create, name="manager_shift_create"),
    path("behov/nytt/varningar/", views_manager.manager_shift_warnings, name="manager_shift_warnings"),
    path("behov/<int:shift_id>/", views_manager.manager_shift_detail, name="manager_shift_detail"),
    path("behov/<int:shift_id>/avboka/", views_manager.manager_shift_cancel, name="manager_shift_cancel"),
]
