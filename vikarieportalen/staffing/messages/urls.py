"""Staffing URLs: group messages (utskick) and the inbox (joined in staffing/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vikarieportalen.staffing.messages import views

urlpatterns: list[URLPattern] = [
    path("utskick/", views.group_messages, name="group_messages"),
    path("utskick/nytt/", views.group_message_new, name="group_message_new"),
    path("utskick/<int:message_id>/", views.group_message_detail, name="group_message_detail"),
    path("inkorg/", views.group_inbox, name="group_inbox"),
    path("inkorg/<int:inbound_id>/hanterad/", views.group_inbox_mark, name="group_inbox_mark"),
]
