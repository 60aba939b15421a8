"""LAS days: the substitute's own count and the staffing centre's list."""

from django.urls import URLPattern, path

from vikarieportalen.staffing.las import views

urlpatterns: list[URLPattern] = [
    path("mina-pass/las/", views.my_las, name="my_las"),
    path("las/", views.las_list, name="las_list"),
]
