from django.urls import path

from vikarieportalen.trainings import views

app_name = "trainings"

urlpatterns = [
    path("mina/", views.my_trainings, name="mine"),
    path("kurser/<int:course_id>/slutfor/", views.course_complete, name="complete"),
    path("uppfoljning/", views.completion_report, name="report"),
]
