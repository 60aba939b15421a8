"""Requests to work at more workplaces: the substitute's, the staffing centre's and the manager's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from vikarieportalen.staffing.workplace_requests import views

MINE = "fler-arbetsplatser/"
STAFF = "arbetsplatsonskemal/"
MANAGER = "chef/arbetsplatsonskemal/"

urlpatterns: list[URLPattern] = [
    path(MINE, views.requests_mine, name="requests_mine"),
    path(f"{MINE}<int:request_id>/", views.requests_mine_detail, name="requests_mine_detail"),
    path(f"{MINE}<int:request_id>/ta-tillbaka/", views.requests_mine_withdraw, name="requests_mine_withdraw"),
    path(STAFF, views.requests_staff, name="requests_staff"),
    path(f"{STAFF}<int:request_id>/", views.requests_staff_detail, name="requests_staff_detail"),
    path(f"{STAFF}<int:request_id>/granska/", views.requests_staff_review, name="requests_staff_review"),
    path(MANAGER, views.requests_manager, name="requests_manager"),
    path(f"{MANAGER}<int:request_id>/", views.requests_manager_detail, name="requests_manager_detail"),
    path(f"{MANAGER}<int:request_id>/beslut/", views.requests_manager_decide, name="requests_manager_decide"),
]
