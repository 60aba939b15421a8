"""The substitute's pages: bookings and the calendar feed."""

from django.urls import URLPattern, path, re_path

from vikarieportalen.staffing.my_shifts import views

urlpatterns: list[URLPattern] = [
    path("mina-pass/", views.my_bookings, name="my_bookings"),
    path("mina-pass/kalender/", views.my_calendar, name="my_calendar"),
    path("mina-pass/kalender/<int:year>/<int:month>/", views.my_calendar, name="my_calendar_month"),
    path("mina-pass/historik/", views.my_history, name="my_history"),
    path("mina-pass/prenumerera/", views.my_calendar_feed, name="my_calendar_feed"),
    path("mina-pass/prenumerera/ny-adress/", views.my_calendar_feed_renew, name="my_calendar_feed_renew"),
    path("mina-pass/<int:booking_id>/", views.my_booking, name="my_booking"),
    path("mina-pass/<int:booking_id>/avboka/", views.my_booking_cancel, name="my_booking_cancel"),
    # The secret address a phone's calendar subscribes to (32 random bytes, URL-safe base64).
    re_path(
        r"^kalender/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", views.calendar_feed_ics, name="calendar_feed"
    ),
]
