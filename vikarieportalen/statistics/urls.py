from django.urls import path

from vikarieportalen.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="page"),
]
