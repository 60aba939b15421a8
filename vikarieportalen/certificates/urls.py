"""Certificate URLs under /intyg/."""

from __future__ import annotations

from django.urls import path

from vikarieportalen.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.home, name="home"),
    path("bestall/<slug:kind>/", views.order_new, name="order_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.download, name="download"),
    path("<int:pk>/avbestall/", views.cancel, name="cancel"),
    path("ko/", views.queue, name="queue"),
    path("ko/<int:pk>/", views.staff_order, name="staff_order"),
    path("ko/<int:pk>/uppgifter/", views.staff_update, name="staff_update"),
    path("ko/<int:pk>/signera/", views.staff_release, name="staff_release"),
    path("ko/<int:pk>/avslag/", views.staff_reject, name="staff_reject"),
    path("ko/<int:pk>/rattelser/<int:flag_pk>/hanterad/", views.staff_flag_handle, name="staff_flag_handle"),
    path("ko/<int:pk>/pdf/", views.staff_pdf, name="staff_pdf"),
    path("ko/<int:pk>/forhandsgranska/", views.staff_preview, name="staff_preview"),
    path("kontroll/", views.verify, name="verify"),
]
