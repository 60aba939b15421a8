"""HR's pages for a substitute's engagement, under HR's own address (/konto/hr/, config/urls.py)."""

from django.urls import URLPattern, path

from vikarieportalen.privacy.leavers import views

app_name = "leavers"

urlpatterns: list[URLPattern] = [
    path("vikarier/", views.people, name="people"),
    path("vikarie/<int:user_id>/", views.person, name="person"),
    path("vikarie/<int:user_id>/avsluta-anstallning/", views.engagement_end, name="end"),
]
