from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.PortalLoginView.as_view(), name="login"),
    path("logga-ut/", views.PortalLogoutView.as_view(), name="logout"),
    path("mina-uppgifter/", views.profile, name="profile"),
]
