from django.urls import path

from vikarieportalen.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.vote, name="vote"),
    path("kommentar/", views.comment, name="comment"),
]
