"""Staffing URLs: offers (joined in urls.py). The short link /f/<token>/ is in urls_offer_link.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from vikarieportalen.staffing.offers import views

urlpatterns: list[URLPattern] = [
    path("pass/<int:shift_id>/forfragan/", views.offer_send_shift, name="offer_send_shift"),
    path("forfragningar/", views.offer_sends, name="offer_sends"),
    path("forfragningar/ny/", views.offer_send_set, name="offer_send_set"),
    path("forfragningar/<int:send_id>/", views.offer_send_detail, name="offer_send_detail"),
    path("forfragningar/<int:send_id>/mottagare/", views.offer_send_recipients, name="offer_send_recipients"),
    path(
        "pass/<int:shift_id>/forfragan/mottagare/",
        views.offer_shift_recipients,
        name="offer_shift_recipients",
    ),
    path("forfragan/<int:offer_id>/skicka-sms-igen/", views.offer_sms_resend, name="offer_sms_resend"),
    path("forfragningar/<int:send_id>/ta-tillbaka/", views.offer_send_withdraw, name="offer_send_withdraw"),
    path("mina-forfragningar/", views.my_offers, name="my_offers"),
]
