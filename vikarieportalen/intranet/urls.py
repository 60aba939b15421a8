from django.urls import path

from vikarieportalen.intranet import views

app_name = "intranet"

urlpatterns = [
    path("sok/", views.search, name="search"),
]
