from django.urls import path

from vikarieportalen.notifications import views

app_name = "notifications"

urlpatterns = [
    path("sms/<str:secret>/delivered/", views.sms_delivery_report, name="sms_delivery_report"),
    path("sms/<str:secret>/inbound/", views.sms_inbound, name="sms_inbound"),
    path("utskick/", views.outbox, name="outbox"),
    path("utskick/simulera-svar/", views.sms_reply_simulate, name="sms_reply_simulate"),
    path("utskick/<int:message_id>/skicka-igen/", views.message_retry, name="message_retry"),
]
