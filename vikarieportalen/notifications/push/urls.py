from django.urls import path

from vikarieportalen.notifications.push import views

app_name = "push"

urlpatterns = [
    path("", views.notice_settings, name="settings"),
    path("enhet/", views.subscribe, name="subscribe"),
    path("enhet/stang-av/", views.unsubscribe, name="unsubscribe"),
    path("enhet/<int:subscription_id>/ta-bort/", views.device_remove, name="device_remove"),
    path("oppnad/<str:token>/", views.opened, name="opened"),
]
